/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conf.h: /etc/fieldcheck/server.conf, the server's settings file. Lines are
 * `key = value`; `#` starts a comment line; blank lines are ignored. An
 * unknown key, a line without `=`, a key given twice, a value out of range or
 * an address serve could not use (listen, trusted_proxy, public_url) is
 * refused naming FILE:LINE, in the administrator's language, and the
 * server does not start on it. A UTF-8 byte-order mark before the first key
 * is skipped (Windows editors write one).
 * Command-line options and the environment override the file.
 */
#ifndef FC_SERVER_CONF_H
#define FC_SERVER_CONF_H

#include "core/error.h"
#include "server/server.h"

#define FC_CONF_DEFAULT "/etc/fieldcheck/server.conf"

enum fc_conf_key {
	FC_CONF_LISTEN,		 /* ADDR:PORT */
	FC_CONF_DATABASE,	 /* a SQLite file or postgresql://... */
	FC_CONF_PHOTOS,		 /* the photo directory */
	FC_CONF_TRUSTED_PROXY,	 /* address whose X-Forwarded-For is believed */
	FC_CONF_PER_IP_LIMIT,	 /* connections one address may hold; 0 = any */
	FC_CONF_MAX_CONNECTIONS, /* connections in all */
	FC_CONF_MAX_BODY,	 /* bytes of one request body; K and M suffixes */
	FC_CONF_HEADER_TIMEOUT,	 /* idle seconds before a request authenticates */
	FC_CONF_REQUEST_TIMEOUT, /* idle seconds once it has */
	FC_CONF_WEB,		 /* the console's static files */
	FC_CONF_PUBLIC_URL,	 /* where households reach /verify/ (notices' QR codes) */
	FC_CONF_COUNT
};

struct fc_conf {
	char *text[FC_CONF_COUNT]; /* NULL when the file does not set the key */
	long num[FC_CONF_COUNT];   /* numeric keys, checked against their range */
};

/*
 * Read path into out (zeroed first). A missing file is an error unless
 * missing_ok; then out stays empty. Caller frees with fc_conf_free.
 */
int fc_conf_load(const char *path, int missing_ok, struct fc_conf *out, struct fc_error *err);
void fc_conf_free(struct fc_conf *c);

/* What the file sets for serving, into cfg (options parsed afterwards override it). */
void fc_conf_serve(const struct fc_conf *c, struct fc_server_config *cfg);

#endif
