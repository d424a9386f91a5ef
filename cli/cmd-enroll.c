/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-enroll.c: `fieldcheck enroll URL CODE`, registering this device's
 * public key with the central server using a one-time code from the
 * administrator. On success the server URL (and a pinned key, if given) is
 * remembered in the device settings, so `fieldcheck sync` needs no arguments.
 * A site's own CA (--cacert) is copied into the home as ca.pem and
 * remembered too, so a moved or deleted original never stops a later sync.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "core/file.h"
#include "core/ids.h"
#include "sync/client.h"

/* Copy the CA file src to <home>/ca.pem (through a temporary file) and name it in dst. */
static int
enroll_keep_ca(struct fc_app *app, const char *src, char *dst, size_t dst_size,
	       struct fc_error *err)
{
	FILE *in;
	int ret;

	if ((size_t)snprintf(dst, dst_size, "%s/ca.pem", app->home.dir) >= dst_size)
		return fc_error_set(err, FC_E_IO, "%s: path too long", app->home.dir);
	if ((in = fopen(src, "rb")) == NULL)
		return fc_error_set(err, FC_E_IO, "--cacert %s: %s", src, strerror(errno));
	ret = fc_file_replace_stream(dst, 0, in, err);
	fclose(in);
	return ret;
}

static int
cmd_enroll_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_sync_options opt = {0};
	struct fc_client *c = NULL;
	json_t *a = NULL;
	const char *district, *role, *skey, *purl;
	char ca[FC_PATH_MAX + 16];
	int ret;

	opt.pinned_key = fc_cmd_opt(args, "pinned-key");
	opt.ca_file = fc_cmd_opt(args, "cacert");
	if (args->argc != 3)
		return fc_error_set(err, FC_E_USAGE, "enroll needs the server URL and the code");
	/* libcurl would only say "problem with the SSL CA cert"; name the file. */
	if (opt.ca_file != NULL && access(opt.ca_file, R_OK) != 0)
		return fc_error_set(err, FC_E_NOTFOUND, "--cacert %s: %s", opt.ca_file,
				    strerror(errno));
	opt.url = args->argv[1];
	if (fc_client_open(&opt, app->key, &c, err) != 0)
		return -1;
	ret = fc_client_enroll(c, args->argv[2], &a, err);
	fc_client_close(c);
	if (ret != 0)
		return fc_error_prefix(err, "enroll");
	district = json_string_value(json_object_get(a, "district"));
	role = json_string_value(json_object_get(a, "role"));
	skey = json_string_value(json_object_get(a, "server_key"));
	purl = json_string_value(json_object_get(a, "public_url"));
	/* The district names files and listings here too: the same rule as the server's. */
	if ((district != NULL && fc_id_check_districts(district, err) != 0) ||
	    fc_store_set_setting(app->store, FC_SET_SERVER, opt.url, err) != 0 ||
	    (opt.pinned_key != NULL &&
	     fc_store_set_setting(app->store, FC_SET_PINNED_KEY, opt.pinned_key, err) != 0) ||
	    (opt.ca_file != NULL &&
	     (enroll_keep_ca(app, opt.ca_file, ca, sizeof ca, err) != 0 ||
	      fc_store_set_setting(app->store, FC_SET_CA_FILE, ca, err) != 0)) ||
	    (district != NULL &&
	     fc_store_set_setting(app->store, FC_SET_DISTRICT, district, err) != 0) ||
	    (role != NULL && fc_store_set_setting(app->store, FC_SET_ROLE, role, err) != 0) ||
	    (skey != NULL && fc_store_set_setting(app->store, FC_SET_SERVER_KEY, skey, err) != 0) ||
	    (purl != NULL && fc_store_set_setting(app->store, FC_SET_PUBLIC_URL, purl, err) != 0)) {
		json_decref(a);
		return -1;
	}
	fprintf(app->out, "enrolled %s %s (%s) on device %s at %s, district %s\n",
		role != NULL ? role : "inspector", app->identity.inspector, app->identity.name,
		app->identity.device, opt.url, district != NULL ? district : "?");
	json_decref(a);
	return 0;
}

const struct fc_cmd_entry fc_cmd_enroll_entry = {
    .name = "enroll",
    .usage = "URL CODE [--pinned-key KEY] [--cacert FILE] [--pin-stdin]",
    .summary = "register this device's key with the server using a one-time code",
    .help = "  URL               the server, e.g. https://fieldcheck.example.org\n"
	    "  CODE              the one-time code from the administrator\n"
	    "  --pinned-key KEY  accept only this server public key (sha256//BASE64),\n"
	    "                    for sites with their own certificate authority\n"
	    "  --cacert FILE     trust the certificate authorities in FILE (PEM) instead\n"
	    "                    of the system's; kept in the home for later syncs\n",
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_KEY | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"pinned-key", 1}, {"cacert", 1}, {NULL, 0}},
    .exec = cmd_enroll_exec,
};
