/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-init.c: `fieldcheck init`, setting up an inspector on this device: a
 * new key pair sealed under the PIN and a new device chain. A home is set up
 * once; a second init is refused so an existing chain is never orphaned.
 */
#include <libintl.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cmd.h"
#include "core/ids.h"
#include "core/pin.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Inspector ids travel in URLs, file names and logs: core/ids.h says what they may be. */
static int
init_check_inspector(const char *id, struct fc_error *err)
{
	if (fc_id_inspector_ok(id))
		return 0;
	fc_id_check_inspector(id, err);
	err->code = FC_E_USAGE;
	return -1;
}

/* The name's rule is core's (fc_id_check_name): the server's enroll applies the same. */
static int
init_check_name(const char *name, struct fc_error *err)
{
	if (fc_id_check_name(name, err) == 0)
		return 0;
	err->code = FC_E_USAGE;
	return -1;
}

static int
init_read_new_pin(struct fc_app *app, char *pin, size_t size, struct fc_error *err)
{
	char again[FC_PIN_MAX + 2];
	int ret = 0;

	if (fc_cmd_read_pin(app, _("New PIN: "), pin, size, err) != 0)
		return -1;
	if (fc_pin_check(pin, err) != 0)
		return -1;
	if (app->pin_stdin)
		return 0;
	if (fc_cmd_read_pin(app, _("Repeat PIN: "), again, sizeof again, err) != 0)
		return -1;
	if (strcmp(pin, again) != 0)
		ret = fc_error_set(err, FC_E_USAGE, _("the two PINs differ; nothing was set up"));
	sodium_memzero(again, sizeof again);
	return ret;
}

static int
cmd_init_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	const char *inspector = fc_cmd_opt(args, "inspector"), *name = fc_cmd_opt(args, "name");
	const char *kdf = fc_cmd_opt(args, "kdf");
	struct fc_kdf_cost cost;
	char pin[FC_PIN_MAX + 2];
	struct fc_identity id;
	int ret, set_up;

	/* Without --kdf, the cost `config kdf` set, else the default. */
	if (kdf != NULL) {
		if (fc_app_kdf_parse(kdf, &cost, err) != 0) {
			err->code = FC_E_USAGE;
			return fc_error_prefix(err, "init: --kdf");
		}
	} else if (fc_app_kdf(app, &cost, err) != 0) {
		return -1;
	}
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("init: unexpected argument '%s'"),
				    args->argv[1]);
	if (inspector == NULL || name == NULL)
		return fc_error_set(err, FC_E_USAGE,
				    _("init needs --inspector ID and --name NAME"));
	if (init_check_inspector(inspector, err) != 0 || init_check_name(name, err) != 0)
		return -1;
	/* Before the PIN: a key without its store, or a store without its key, is put back, not
	 * replaced. */
	if (fc_app_check_home(app, &set_up, err) != 0)
		return -1;
	if (set_up)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    _("%s is already set up for inspector %s on device %s; a device keeps one "
		      "chain, use another FIELDCHECK_HOME for another inspector"),
		    app->home.dir, app->identity.inspector, app->identity.device);
	if (init_read_new_pin(app, pin, sizeof pin, err) != 0) {
		sodium_memzero(pin, sizeof pin);
		return -1;
	}
	ret = fc_keyfile_create(app->home.key, inspector, name, pin, &cost, &id, err);
	sodium_memzero(pin, sizeof pin);
	if (ret != 0)
		return -1;
	/*
	 * A key whose device the store could not take (a full disk) has signed
	 * nothing: removed, so that init can simply be run again.
	 */
	if (fc_store_set_identity(app->store, &id, err) != 0) {
		unlink(app->home.key);
		return -1;
	}
	fprintf(app->out, _("set up inspector %s (%s) on device %s in %s\n"), id.inspector, id.name,
		id.device, app->home.dir);
	return 0;
}

const struct fc_cmd_entry fc_cmd_init_entry = {
    .name = "init",
    .usage = "--inspector ID --name NAME [--kdf OPS:MIB] [--pin-stdin]",
    .summary = N_("set up this device for an inspector: a new key sealed under a PIN"),
    .help = N_("  --inspector ID  the inspector's id (1 to 63 letters, digits, - _ .; the\n"
	       "                  first a letter or digit)\n"
	       "  --name NAME     the inspector's name, as shown on records\n"
	       "  --kdf OPS:MIB   Argon2id cost: passes and MiB (default 3:64, about 0.2 s\n"
	       "                  on an x86 core); each guess at a copied key costs this\n"
	       "The PIN (6 to 64 digits, not a digit or a short block repeated, holding no\n"
	       "straight run of five like 12345, 13579 or 78901) is asked twice on the\n"
	       "terminal.\n"),
    .flags = FC_CMD_STORE | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"inspector", 1}, {"name", 1}, {"kdf", 1}, {NULL, 0}},
    .exec = cmd_init_exec,
};
