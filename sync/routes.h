/* SPDX-License-Identifier: Apache-2.0 */
/*
 * routes.h: the sync protocol's HTTP routes, one table both ends use: the
 * server dispatches by it (server/serve.c) and the client takes each path
 * from it, so neither spells a path of its own. docs/protocol.md describes
 * what each route carries.
 */
#ifndef FC_ROUTES_H
#define FC_ROUTES_H

enum fc_route {
	FC_ROUTE_HEALTHZ,
	FC_ROUTE_ENROLL,
	FC_ROUTE_STATUS,
	FC_ROUTE_RECORDS,
	FC_ROUTE_HOUSEHOLDS,
	FC_ROUTE_ASSIGNMENTS,
	FC_ROUTE_TEMPLATES,
	FC_ROUTE_SUMMARY,
	FC_ROUTE_PHOTO_GET,
	FC_ROUTE_PHOTO_PUT,
	FC_ROUTE_SERVER_KEY,
	FC_ROUTE_VERIFY,
	FC_ROUTE_REVIEWS,
	FC_ROUTE_COUNT
};

/* How the server treats a route before its handler runs. */
enum fc_route_auth {
	FC_AUTH_NONE,	/* no store, no signature (/healthz) */
	FC_AUTH_CODE,	/* the enrolment code in the body is the credential */
	FC_AUTH_DEVICE, /* a signed request from an enrolled, unrevoked device */
	FC_AUTH_PUBLIC, /* anyone, with a store, at a limited rate per address (/verify/) */
};

struct fc_route_def {
	const char *method;
	const char *path; /* the whole path, or its prefix when prefix is set */
	int prefix;	  /* path is followed by one more segment (a photo's hash) */
	enum fc_route_auth auth;
};

extern const struct fc_route_def fc_routes[FC_ROUTE_COUNT];

/* Every device route starts with this (the public /verify/ does not). */
#define FC_ROUTE_V1 "/v1/"

/*
 * The route of method and url, or FC_ROUTE_COUNT when none; *rest (may be
 * NULL) gets what follows a prefix route's path ("" for the others). HEAD
 * finds a GET route that needs no credential (a monitor's HEAD /healthz).
 */
enum fc_route fc_route_find(const char *method, const char *url, const char **rest);

#endif
