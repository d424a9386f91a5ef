/*
 * cmd-enroll.c: `fieldcheck enroll URL CODE`, registering this device's
 * public key with the central server using a one-time code from the
 * administrator. On success the server URL (and a pinned key, if given) is
 * remembered in the device settings, so `fieldcheck sync` needs no arguments.
 */
#include <getopt.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "sync/client.h"

static int
cmd_enroll_exec(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	static const struct option opts[] = {
	    {"pinned-key", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	struct fc_sync_options opt = {0};
	struct fc_client *c = NULL;
	json_t *a = NULL;
	const char *district, *role;
	int ch, ret;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p')
			return fc_error_set(err, FC_E_USAGE, "enroll: unknown option '%s'",
					    argv[optind - 1]);
		opt.pinned_key = optarg;
	}
	if (argc - optind != 2)
		return fc_error_set(err, FC_E_USAGE, "enroll needs the server URL and the code");
	opt.url = argv[optind];
	if (fc_client_open(&opt, app->key, &c, err) != 0)
		return -1;
	ret = fc_client_enroll(c, argv[optind + 1], &a, err);
	fc_client_close(c);
	if (ret != 0)
		return fc_error_prefix(err, "enroll at %s", opt.url);
	district = json_string_value(json_object_get(a, "district"));
	role = json_string_value(json_object_get(a, "role"));
	if (fc_store_set_setting(app->store, FC_SET_SERVER, opt.url, err) != 0 ||
	    (opt.pinned_key != NULL &&
	     fc_store_set_setting(app->store, FC_SET_PINNED_KEY, opt.pinned_key, err) != 0) ||
	    (district != NULL &&
	     fc_store_set_setting(app->store, FC_SET_DISTRICT, district, err) != 0) ||
	    (role != NULL && fc_store_set_setting(app->store, FC_SET_ROLE, role, err) != 0)) {
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
    .usage = "URL CODE [--pinned-key KEY] [--pin-stdin]",
    .summary = "register this device's key with the server using a one-time code",
    .help = "  URL               the server, e.g. https://fieldcheck.example.org\n"
	    "  CODE              the one-time code from the administrator\n"
	    "  --pinned-key KEY  accept only this server public key (sha256//BASE64),\n"
	    "                    for sites with their own certificate authority\n",
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_KEY | FC_CMD_PIN,
    .exec = cmd_enroll_exec,
};
