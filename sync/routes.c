/* SPDX-License-Identifier: Apache-2.0 */
/*
 * routes.c: the table of routes (routes.h). Adding a route is one row here,
 * one handler row in server/serve.c and, for a client call, the enum name.
 */
#include <string.h>

#include "sync/routes.h"

const struct fc_route_def fc_routes[FC_ROUTE_COUNT] = {
    [FC_ROUTE_HEALTHZ] = {"GET", "/healthz", 0, FC_AUTH_NONE},
    [FC_ROUTE_ENROLL] = {"POST", "/v1/enroll", 0, FC_AUTH_CODE},
    [FC_ROUTE_STATUS] = {"GET", "/v1/status", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_RECORDS] = {"POST", "/v1/records", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_HOUSEHOLDS] = {"GET", "/v1/households", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_ASSIGNMENTS] = {"GET", "/v1/assignments", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_TEMPLATES] = {"GET", "/v1/templates", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_SUMMARY] = {"GET", "/v1/summary", 0, FC_AUTH_DEVICE},
    [FC_ROUTE_PHOTO_GET] = {"GET", "/v1/photos/", 1, FC_AUTH_DEVICE},
    [FC_ROUTE_PHOTO_PUT] = {"PUT", "/v1/photos/", 1, FC_AUTH_DEVICE},
    [FC_ROUTE_SERVER_KEY] = {"GET", "/v1/server-key", 0, FC_AUTH_NONE},
    [FC_ROUTE_VERIFY] = {"GET", "/verify/", 1, FC_AUTH_PUBLIC},
    [FC_ROUTE_REVIEWS] = {"GET", "/v1/reviews", 0, FC_AUTH_DEVICE},
};

/*
 * HEAD asks what GET would answer, without the body (RFC 9110 9.3.2), and is
 * what many monitors send: taken for the GET routes that need no credential
 * (/healthz). A signed route is not, as its signature covers the method.
 */
static int
route_head_of(const char *method, const struct fc_route_def *d)
{
	return strcmp(method, "HEAD") == 0 && strcmp(d->method, "GET") == 0 &&
	       d->auth == FC_AUTH_NONE;
}

enum fc_route
fc_route_find(const char *method, const char *url, const char **rest)
{
	for (int i = 0; i < FC_ROUTE_COUNT; i++) {
		const struct fc_route_def *d = &fc_routes[i];
		size_t n = strlen(d->path);

		if (strcmp(method, d->method) != 0 && !route_head_of(method, d))
			continue;
		if (d->prefix ? strncmp(url, d->path, n) != 0 : strcmp(url, d->path) != 0)
			continue;
		if (rest != NULL)
			*rest = d->prefix ? url + n : "";
		return (enum fc_route)i;
	}
	return FC_ROUTE_COUNT;
}
