/* SPDX-License-Identifier: Apache-2.0 */
/*
 * app.c: releasing the shared context and reading the server settings.
 */
#include <errno.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "sync/client.h"

#define _(s) gettext(s)

void
fc_app_release(struct fc_app *app)
{
	fc_key_free(app->key);
	app->key = NULL;
	fc_store_close(app->store);
	app->store = NULL;
}

/* A setting into out, "" when it was never set. */
static int
app_setting(struct fc_app *app, const char *name, char *out, size_t size, struct fc_error *err)
{
	struct fc_error e2 = {0};

	out[0] = '\0';
	if (fc_store_get_setting(app->store, name, out, size, &e2) != 0 &&
	    e2.code != FC_E_NOTFOUND) {
		*err = e2;
		return -1;
	}
	return 0;
}

int
fc_app_stall_parse(const char *text, long *out, struct fc_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < FC_APP_STALL_MIN ||
	    v > FC_APP_STALL_MAX)
		return fc_error_set(err, FC_E_INVALID,
				    _("'%s' is not a number of seconds from %d to %d"), text,
				    FC_APP_STALL_MIN, FC_APP_STALL_MAX);
	*out = v;
	return 0;
}

int
fc_app_kdf_parse(const char *text, struct fc_kdf_cost *out, struct fc_error *err)
{
	unsigned long ops, mib;
	char tail;

	if (sscanf(text, "%lu:%lu%c", &ops, &mib, &tail) != 2 || ops < FC_KDF_OPS_MIN ||
	    ops > FC_KDF_OPS_MAX || mib < FC_KDF_MIB_MIN || mib > FC_KDF_MIB_MAX)
		return fc_error_set(err, FC_E_INVALID,
				    _("'%s' is not OPS:MIB, %d to %d passes over %d to %d MiB "
				      "(default %d:%d)"),
				    text, FC_KDF_OPS_MIN, FC_KDF_OPS_MAX, FC_KDF_MIB_MIN,
				    FC_KDF_MIB_MAX, FC_KDF_DEFAULT_OPS, FC_KDF_DEFAULT_MIB);
	out->ops = ops;
	out->mem = (size_t)mib << 20;
	return 0;
}

int
fc_app_kdf(struct fc_app *app, struct fc_kdf_cost *out, struct fc_error *err)
{
	char text[32];

	out->ops = FC_KDF_DEFAULT_OPS;
	out->mem = (size_t)FC_KDF_DEFAULT_MIB << 20;
	if (app_setting(app, FC_SET_KDF, text, sizeof text, err) != 0)
		return -1;
	if (text[0] != '\0' && fc_app_kdf_parse(text, out, err) != 0)
		return fc_error_prefix(err, _("setting kdf (fieldcheck config kdf OPS:MIB)"));
	return 0;
}

/* The stall limit set by `config sync-timeout`, 0 when it never was. */
static int
app_stall(struct fc_app *app, long *out, struct fc_error *err)
{
	char text[32];

	*out = 0;
	if (app_setting(app, FC_SET_STALL, text, sizeof text, err) != 0)
		return -1;
	if (text[0] != '\0' && fc_app_stall_parse(text, out, err) != 0)
		return fc_error_prefix(
		    err, _("setting sync-timeout (fieldcheck config sync-timeout SECONDS)"));
	return 0;
}

int
fc_app_server_url(struct fc_app *app, const char *given, char *out, size_t size,
		  struct fc_error *err)
{
	if (given != NULL)
		snprintf(out, size, "%s", given);
	else if (app_setting(app, FC_SET_SERVER, out, size, err) != 0)
		return -1;
	if (out[0] == '\0')
		return fc_error_set(
		    err, FC_E_USAGE,
		    _("no server known: enroll first ('fieldcheck enroll URL CODE') or give "
		      "--server URL"));
	return fc_client_url_check(out, err);
}

int
fc_app_server(struct fc_app *app, const char *given, struct fc_app_server *out,
	      struct fc_error *err)
{
	memset(out, 0, sizeof *out);
	if (fc_app_server_url(app, given, out->url, sizeof out->url, err) != 0)
		return -1;
	if (app_setting(app, FC_SET_PINNED_KEY, out->pinned, sizeof out->pinned, err) != 0 ||
	    app_setting(app, FC_SET_CA_FILE, out->ca, sizeof out->ca, err) != 0 ||
	    app_stall(app, &out->stall, err) != 0)
		return -1;
	return 0;
}

void
fc_app_server_options(const struct fc_app_server *s, struct fc_sync_options *opt)
{
	opt->url = s->url;
	opt->pinned_key = s->pinned[0] != '\0' ? s->pinned : NULL;
	opt->ca_file = s->ca[0] != '\0' ? s->ca : NULL;
	opt->stall_timeout = s->stall;
}
