/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-verify.c: `fieldcheck verify`, checking every signature and the hash
 * chain of this device's records against the key file's public key. The key
 * file, not the store, is the reference: whoever can rewrite store.db must not
 * also be able to swap the key it is checked against. Needs no PIN.
 */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cmd.h"
#include "core/chain.h"

static int
cmd_verify_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	int argc = args->argc;
	char **argv = args->argv;
	struct fc_chain_report report = {0};
	struct fc_identity stored;
	int ret;

	(void)argv;
	if (argc > 1)
		return fc_error_set(err, FC_E_USAGE, "verify takes no arguments");
	if (fc_store_get_identity(app->store, &stored, err) != 0)
		return -1;
	if (strcmp(stored.device, app->identity.device) != 0 ||
	    sodium_memcmp(stored.pk, app->identity.pk, FC_PK_BYTES) != 0)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    "verify: the store belongs to device %s but the key file to device %s",
		    stored.device, app->identity.device);
	ret =
	    fc_chain_verify_store(app->store, app->identity.device, app->identity.pk, &report, err);
	if (ret != 0 && err->code != FC_E_CHAIN)
		return -1;
	if (app->json) {
		json_t *o = json_pack("{s:b, s:s, s:I}", "ok", ret == 0, "device",
				      app->identity.device, "checked", (json_int_t)report.checked);
		if (o == NULL)
			return fc_error_set(err, FC_E_NOMEM, "out of memory");
		if (ret != 0)
			json_object_set_new(o, "first_bad",
					    json_pack("{s:s, s:I, s:s}", "id", report.first_bad_id,
						      "seq", (json_int_t)report.first_bad_seq,
						      "reason", report.reason));
		int pr = fc_cmd_print_json(app, o, ret == 0 ? err : NULL);
		json_decref(o);
		if (pr != 0 && ret == 0)
			return -1;
	} else if (ret == 0) {
		fprintf(app->out,
			"%lld records verified: every signature and the chain of device %s are "
			"intact\n",
			(long long)report.checked, app->identity.device);
	}
	if (ret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    "verify: record %s (number %lld) is broken: %s; %lld records "
				    "before it verified",
				    report.first_bad_id, (long long)report.first_bad_seq,
				    report.reason, (long long)report.checked);
	return 0;
}

const struct fc_cmd_entry fc_cmd_verify_entry = {
    .name = "verify",
    .usage = "[--json]",
    .summary = "check every signature and the hash chain",
    .help = "Exits 0 when intact, 1 naming the first broken record and why.\n",
    .flags = FC_CMD_IDENTITY | FC_CMD_JSON,
    .exec = cmd_verify_exec,
};
