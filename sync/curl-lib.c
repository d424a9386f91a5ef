/* SPDX-License-Identifier: Apache-2.0 */
/*
 * curl-lib.c: load libcurl with dlopen the first time it is needed
 * (curl-lib.h says why). The soname is the one the build linked against
 * before, libcurl4's; the packages depend on it by name.
 */
#include <libintl.h>
#include <pthread.h>
#include <stddef.h>

#include "core/dl-table.h"
#include "curl-lib.h"

#define _(s) gettext(s)

#define CURL_SONAME "libcurl.so.4"

static struct fc_curl curl_api;
static const struct fc_curl *curl_loaded;
static struct fc_error curl_why; /* why the load failed, for every caller after */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

/* Where each entry of struct fc_curl is filled from. */
static const struct fc_dl_symbol curl_symbols[] = {
    {"curl_global_init", offsetof(struct fc_curl, global_init)},
    {"curl_global_cleanup", offsetof(struct fc_curl, global_cleanup)},
    {"curl_easy_init", offsetof(struct fc_curl, easy_init)},
    {"curl_easy_cleanup", offsetof(struct fc_curl, easy_cleanup)},
    {"curl_easy_reset", offsetof(struct fc_curl, easy_reset)},
    {"curl_easy_setopt", offsetof(struct fc_curl, easy_setopt)},
    {"curl_easy_getinfo", offsetof(struct fc_curl, easy_getinfo)},
    {"curl_easy_perform", offsetof(struct fc_curl, easy_perform)},
    {"curl_easy_strerror", offsetof(struct fc_curl, easy_strerror)},
    {"curl_easy_escape", offsetof(struct fc_curl, easy_escape)},
    {"curl_free", offsetof(struct fc_curl, free)},
    {"curl_slist_append", offsetof(struct fc_curl, slist_append)},
    {"curl_slist_free_all", offsetof(struct fc_curl, slist_free_all)},
};

static void
curl_load(void)
{
	if (fc_dl_table(CURL_SONAME, curl_symbols, sizeof curl_symbols / sizeof curl_symbols[0],
			&curl_api, &curl_why) == 0)
		curl_loaded = &curl_api;
}

const struct fc_curl *
fc_curl(struct fc_error *err)
{
	pthread_once(&curl_once, curl_load);
	if (curl_loaded == NULL)
		fc_error_set(err, FC_E_INTERNAL,
			     _("cannot load %s, which talks to the network (Debian package "
			       "libcurl4): %s"),
			     CURL_SONAME, curl_why.msg);
	return curl_loaded;
}
