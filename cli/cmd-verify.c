/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-verify.c: `fieldcheck verify`, checking every signature and the hash
 * chain of this device's records against the key file's public key, then
 * every household's ledger rows (hazards, due dates, versions: unsigned rows
 * the TUI and the CLI show) against what its signed records give. The key
 * file, not the store, is the reference: whoever can rewrite store.db must not
 * also be able to swap the key it is checked against. Needs no PIN.
 */
#include <libintl.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cmd.h"
#include "core/chain.h"
#include "core/ledger-verify.h"

#define _(s) gettext(s)
#define N_(s) (s)

static int
verify_json(struct fc_app *app, const struct fc_chain_report *report, int ret,
	    const struct fc_ledger_verify_report *ledger, int lret, struct fc_error *err)
{
	json_t *o = json_pack("{s:b, s:s, s:I, s:I}", "ok", ret == 0 && lret == 0, "device",
			      app->identity.device, "checked", (json_int_t)report->checked,
			      "households", (json_int_t)ledger->households);
	int pr;

	if (o == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (ret != 0)
		json_object_set_new(o, "first_bad",
				    json_pack("{s:s, s:I, s:s}", "id", report->first_bad_id, "seq",
					      (json_int_t)report->first_bad_seq, "reason",
					      report->reason));
	if (lret != 0)
		json_object_set_new(o, "ledger_bad",
				    json_pack("{s:s, s:s}", "household", ledger->household,
					      "reason", ledger->reason));
	pr = fc_cmd_print_json(app, o, ret == 0 && lret == 0 ? err : NULL);
	json_decref(o);
	return pr != 0 && ret == 0 && lret == 0 ? -1 : 0;
}

static int
cmd_verify_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	int argc = args->argc;
	char **argv = args->argv;
	struct fc_chain_report report = {0};
	struct fc_ledger_verify_report ledger = {0};
	struct fc_identity stored;
	int ret, lret = 0;

	(void)argv;
	if (argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("verify takes no arguments"));
	if (fc_store_get_identity(app->store, &stored, err) != 0)
		return -1;
	if (strcmp(stored.device, app->identity.device) != 0 ||
	    sodium_memcmp(stored.pk, app->identity.pk, FC_PK_BYTES) != 0)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    _("verify: the store belongs to device %s but the key file to device %s"),
		    stored.device, app->identity.device);
	ret =
	    fc_chain_verify_store(app->store, app->identity.device, app->identity.pk, &report, err);
	if (ret != 0 && err->code != FC_E_CHAIN)
		return -1;
	/* The ledger is computed from the bodies: only worth it once they verified. */
	if (ret == 0) {
		lret = fc_ledger_verify_store(app->store, &ledger, err);
		if (lret != 0 && err->code != FC_E_CHAIN)
			return -1;
	}
	if (app->json) {
		if (verify_json(app, &report, ret, &ledger, lret, err) != 0)
			return -1;
	} else if (ret == 0 && lret == 0) {
		fprintf(app->out,
			_("%lld records verified: every signature and the chain of device %s are "
			  "intact\n"),
			(long long)report.checked, app->identity.device);
		fprintf(app->out,
			_("the ledger rows of %lld households match their signed records\n"),
			(long long)ledger.households);
	}
	if (ret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("verify: record %s (number %lld) is broken: %s; %lld records "
				      "before it verified"),
				    report.first_bad_id, (long long)report.first_bad_seq,
				    report.reason, (long long)report.checked);
	if (lret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("verify: %s (the store's unsigned rows were edited)"),
				    ledger.reason);
	return 0;
}

const struct fc_cmd_entry fc_cmd_verify_entry = {
    .name = "verify",
    .usage = "[--json]",
    .summary = N_("check every signature, the hash chain and the ledger rows"),
    .help = N_("Exits 0 when intact, 1 naming the first broken record and why, or the\n"
	       "first household whose ledger rows (hazards, due dates, versions) differ\n"
	       "from what its signed records give.\n"),
    .flags = FC_CMD_IDENTITY | FC_CMD_JSON,
    .exec = cmd_verify_exec,
};
