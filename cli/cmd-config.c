/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-config.c: `fieldcheck config [NAME [VALUE]]`, the device's own
 * settings (kept in the store beside the sync settings): with no operand
 * every setting and its value, with NAME its value, with VALUE it is
 * checked and set. The names are a table, so a new setting is one line.
 */
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "sync/client.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* A folder that exists, kept as an absolute path (the TUI runs from anywhere). */
static int
config_folder(const char *value, char *out, size_t out_size, struct fc_error *err)
{
	char real[PATH_MAX];
	struct stat sb;

	if (realpath(value, real) == NULL)
		return fc_error_set(err, errno == ENOENT ? FC_E_NOTFOUND : FC_E_IO, "%s: %s", value,
				    strerror(errno));
	if (stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return fc_error_set(err, FC_E_INVALID, _("%s: not a folder"), value);
	if ((size_t)snprintf(out, out_size, "%s", real) >= out_size)
		return fc_error_set(err, FC_E_INVALID, _("%s: path too long"), value);
	return 0;
}

/* Whole seconds a sync waits for the server's next byte (app.h's bounds). */
static int
config_seconds(const char *value, char *out, size_t out_size, struct fc_error *err)
{
	long v;

	/* A value the setting cannot take is a wrong argument, as a wrong name is. */
	if (fc_app_stall_parse(value, &v, err) != 0) {
		err->code = FC_E_USAGE;
		return -1;
	}
	snprintf(out, out_size, "%ld", v);
	return 0;
}

/* The Argon2id cost of a key set up later on this device (app.h's bounds). */
static int
config_kdf(const char *value, char *out, size_t out_size, struct fc_error *err)
{
	struct fc_kdf_cost cost;

	if (fc_app_kdf_parse(value, &cost, err) != 0) {
		err->code = FC_E_USAGE;
		return -1;
	}
	snprintf(out, out_size, "%llu:%zu", cost.ops, cost.mem >> 20);
	return 0;
}

static const struct config_key {
	const char *name;    /* as typed: "camera-dir" */
	const char *setting; /* the store's key */
	const char *about;   /* one line for a listing */
	int (*check)(const char *value, char *out, size_t out_size, struct fc_error *err);
} config_keys[] = {
    {"camera-dir", FC_SET_CAMERA_DIR,
     "the folder the camera saves pictures in (photo items list them)", config_folder},
    {"sync-timeout", FC_SET_STALL,
     "seconds a sync waits for the server's next byte before it gives up (unset: 30)",
     config_seconds},
    {"kdf", FC_SET_KDF,
     "Argon2id passes:MiB a key set up later on this device is sealed with (unset: 3:64)",
     config_kdf},
};

#define CONFIG_N (sizeof config_keys / sizeof config_keys[0])

static int
config_show(struct fc_app *app, const struct config_key *k, struct fc_error *err)
{
	char value[PATH_MAX + 1];
	struct fc_error e2 = {0};

	if (fc_store_get_setting(app->store, k->setting, value, sizeof value, &e2) != 0) {
		if (e2.code != FC_E_NOTFOUND) {
			*err = e2;
			return -1;
		}
		value[0] = '\0';
	}
	fprintf(app->out, "%-12s %s\n", k->name, value[0] != '\0' ? value : _("(not set)"));
	return 0;
}

static int
cmd_config_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	const struct config_key *k = NULL;
	char value[PATH_MAX + 1];

	if (args->argc > 3)
		return fc_error_set(err, FC_E_USAGE, _("config takes a NAME and a VALUE at most"));
	if (args->argc == 1) {
		for (size_t i = 0; i < CONFIG_N; i++)
			if (config_show(app, &config_keys[i], err) != 0)
				return -1;
		return 0;
	}
	for (size_t i = 0; i < CONFIG_N; i++)
		if (strcmp(config_keys[i].name, args->argv[1]) == 0)
			k = &config_keys[i];
	if (k == NULL)
		return fc_error_set(
		    err, FC_E_USAGE,
		    _("config: no setting '%s' (try: camera-dir, sync-timeout, kdf)"),
		    args->argv[1]);
	if (args->argc == 2)
		return config_show(app, k, err);
	if (k->check(args->argv[2], value, sizeof value, err) != 0)
		return fc_error_prefix(err, "config %s", k->name);
	if (fc_store_set_setting(app->store, k->setting, value, err) != 0)
		return -1;
	return config_show(app, k, err);
}

const struct fc_cmd_entry fc_cmd_config_entry = {
    .name = "config",
    .usage = "[NAME [VALUE]]",
    .summary = N_("show or set this device's settings (camera-dir, sync-timeout, kdf)"),
    .help = N_("With no NAME, every setting and its value; with NAME, its value; with\n"
	       "VALUE, it is checked and set. Settings:\n"
	       "  camera-dir DIR  the folder the handheld's camera saves pictures in; a\n"
	       "                  photo item lists the pictures taken there since the\n"
	       "                  check was opened (stored as an absolute path)\n"
	       "  sync-timeout S  seconds (1-600) a sync waits for the server's next\n"
	       "                  byte before it gives up and keeps the records for\n"
	       "                  the next try; unset, 30\n"
	       "  kdf OPS:MIB     the Argon2id cost (1-16 passes over 8-1024 MiB) the\n"
	       "                  key is sealed with when this device is set up (the\n"
	       "                  first run's screen, init without --kdf); unset, 3:64.\n"
	       "                  Lower only for handhelds too slow to unlock in a\n"
	       "                  second: each guess at a stolen device's PIN costs the same\n"),
    .flags = FC_CMD_STORE,
    .exec = cmd_config_exec,
};
