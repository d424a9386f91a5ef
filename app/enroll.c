/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enroll.c: one enrolment for the command line and the TUI. The settings are
 * written only after the server said yes, so a refused or unreachable
 * enrolment leaves the device as it was. A site's own CA file is copied
 * into the home, so a moved or deleted original never stops a later sync.
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/enroll.h"
#include "core/file.h"
#include "core/ids.h"
#include "sync/client.h"

#define _(s) gettext(s)

/* Copy the CA file src to <home>/ca.pem (through a temporary file) and name it in dst. */
static int
enroll_keep_ca(struct fc_app *app, const char *src, char *dst, size_t dst_size,
	       struct fc_error *err)
{
	FILE *in;
	int ret;

	if ((size_t)snprintf(dst, dst_size, "%s/ca.pem", app->home.dir) >= dst_size)
		return fc_error_set(err, FC_E_IO, _("%s: path too long"), app->home.dir);
	if ((in = fopen(src, "rb")) == NULL)
		return fc_error_set(err, FC_E_IO, _("CA file %s: %s"), src, strerror(errno));
	ret = fc_file_replace_stream(dst, 0, in, err);
	fclose(in);
	return ret;
}

/* A setting when the value is there; nothing (and 0) when it is not. */
static int
enroll_set(struct fc_app *app, const char *key, const char *value, struct fc_error *err)
{
	if (value == NULL)
		return 0;
	return fc_store_set_setting(app->store, key, value, err);
}

/* Remember what the server answered and how to reach it. */
static int
enroll_remember(struct fc_app *app, const struct fc_app_enroll_args *a, const json_t *ans,
		struct fc_error *err)
{
	const char *district = json_string_value(json_object_get(ans, "district"));
	char ca[FC_PATH_MAX + 16];

	/* The district names files and listings here too: the same rule as the server's. */
	if (district != NULL && fc_id_check_districts(district, err) != 0)
		return -1;
	if (enroll_set(app, FC_SET_SERVER, a->url, err) != 0 ||
	    enroll_set(app, FC_SET_PINNED_KEY, a->pinned_key, err) != 0)
		return -1;
	if (a->ca_file != NULL && (enroll_keep_ca(app, a->ca_file, ca, sizeof ca, err) != 0 ||
				   enroll_set(app, FC_SET_CA_FILE, ca, err) != 0))
		return -1;
	if (enroll_set(app, FC_SET_DISTRICT, district, err) != 0 ||
	    enroll_set(app, FC_SET_ROLE, json_string_value(json_object_get(ans, "role")), err) !=
		0 ||
	    enroll_set(app, FC_SET_SERVER_KEY,
		       json_string_value(json_object_get(ans, "server_key")), err) != 0 ||
	    enroll_set(app, FC_SET_PUBLIC_URL,
		       json_string_value(json_object_get(ans, "public_url")), err) != 0)
		return -1;
	return 0;
}

int
fc_app_enroll(struct fc_app *app, const struct fc_app_enroll_args *a, struct fc_app_enrolled *out,
	      struct fc_error *err)
{
	struct fc_sync_options opt = {0};
	struct fc_client *c = NULL;
	json_t *ans = NULL;
	const char *s;
	int ret;

	memset(out, 0, sizeof *out);
	if (app->key == NULL)
		return fc_error_set(err, FC_E_USAGE, "%s", _("enrolment needs the unlocked key"));
	/* libcurl would only say "problem with the SSL CA cert"; name the file. */
	if (a->ca_file != NULL && access(a->ca_file, R_OK) != 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("CA file %s: %s"), a->ca_file,
				    strerror(errno));
	opt.url = a->url;
	opt.pinned_key = a->pinned_key;
	opt.ca_file = a->ca_file;
	if (fc_client_open(&opt, app->key, &c, err) != 0)
		return -1;
	ret = fc_client_enroll(c, a->code, &ans, err);
	fc_client_close(c);
	/* No "enroll:" before it: both front ends say what failed, in their language. */
	if (ret != 0)
		return -1;
	if (a->answered != NULL)
		a->answered(a->ctx);
	ret = enroll_remember(app, a, ans, err);
	s = json_string_value(json_object_get(ans, "role"));
	snprintf(out->role, sizeof out->role, "%s", s != NULL ? s : "inspector");
	s = json_string_value(json_object_get(ans, "district"));
	snprintf(out->district, sizeof out->district, "%s", s != NULL ? s : "?");
	json_decref(ans);
	return ret;
}
