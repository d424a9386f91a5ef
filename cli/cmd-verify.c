/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-verify.c: `fieldcheck verify`, checking every signature and the hash
 * chain of this device's records against the key file's public key, then
 * every household's ledger rows (hazards, due dates, versions: unsigned rows
 * the TUI and the CLI show) against what its signed records give, and every
 * kept supervisor's review, its signature and the columns copied from it,
 * against the server key. The key file, not the store, is the reference for
 * the records: whoever can rewrite store.db must not also be able to swap the
 * key they are checked against (that the two are one pair is checked before
 * any command runs: app/home.c). (The server key that checks reviews is kept
 * in the store: see docs/review.md.) Needs no PIN.
 */
#include <libintl.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "core/chain.h"
#include "core/ledger-verify.h"
#include "sync/client.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* The results of the three checks, 0 each when it held. */
struct verify_results {
	struct fc_chain_report chain;
	struct fc_ledger_verify_report ledger;
	struct fc_review_verify_report reviews;
	int ret, lret, rret;
};

static int
verify_json(struct fc_app *app, const struct verify_results *v, struct fc_error *err)
{
	const struct fc_chain_report *report = &v->chain;
	const struct fc_ledger_verify_report *ledger = &v->ledger;
	int ret = v->ret, lret = v->lret, good = v->ret == 0 && v->lret == 0 && v->rret == 0;
	json_t *o =
	    json_pack("{s:b, s:s, s:I, s:I, s:I}", "ok", good, "device", app->identity.device,
		      "checked", (json_int_t)report->checked, "households",
		      (json_int_t)ledger->households, "reviews", (json_int_t)v->reviews.checked);
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
	if (v->rret != 0)
		json_object_set_new(o, "review_bad",
				    json_pack("{s:I, s:s, s:s}", "id",
					      (json_int_t)v->reviews.bad_id, "record",
					      v->reviews.record, "reason", v->reviews.reason));
	pr = fc_cmd_print_json(app, o, good ? err : NULL);
	json_decref(o);
	return pr != 0 && good ? -1 : 0;
}

/* The server key the device keeps to check reviews, into pk: NULL when none. */
static const unsigned char *
verify_server_key(struct fc_app *app, unsigned char pk[FC_PK_BYTES])
{
	char hex[2 * FC_PK_BYTES + 8];
	struct fc_error ignored = {0};

	if (fc_store_get_setting(app->store, FC_SET_SERVER_KEY, hex, sizeof hex, &ignored) != 0 ||
	    fc_hex_decode(hex, pk, FC_PK_BYTES) != 0)
		return NULL;
	return pk;
}

static int
cmd_verify_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct verify_results v;
	unsigned char server_pk[FC_PK_BYTES];

	memset(&v, 0, sizeof v);
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("verify takes no arguments"));
	v.ret = fc_chain_verify_store(app->store, app->identity.device, app->identity.pk, &v.chain,
				      err);
	if (v.ret != 0 && err->code != FC_E_CHAIN)
		return -1;
	/* The ledger is computed from the bodies: only worth it once they verified. */
	if (v.ret == 0) {
		v.lret = fc_ledger_verify_store(app->store, &v.ledger, err);
		if (v.lret != 0 && err->code != FC_E_CHAIN)
			return -1;
	}
	if (v.ret == 0 && v.lret == 0) {
		v.rret = fc_store_verify_reviews(app->store, verify_server_key(app, server_pk),
						 &v.reviews, err);
		if (v.rret != 0 && err->code != FC_E_CHAIN)
			return -1;
	}
	if (app->json) {
		if (verify_json(app, &v, err) != 0)
			return -1;
	} else if (v.ret == 0 && v.lret == 0 && v.rret == 0) {
		fprintf(app->out,
			_("%lld records verified: every signature and the chain of device %s are "
			  "intact\n"),
			(long long)v.chain.checked, app->identity.device);
		fprintf(app->out,
			_("the ledger rows of %lld households match their signed records\n"),
			(long long)v.ledger.households);
		fprintf(app->out, _("%lld reviews match their server signatures\n"),
			(long long)v.reviews.checked);
	}
	if (v.ret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("verify: record %s (number %lld) is broken: %s; %lld records "
				      "before it verified"),
				    v.chain.first_bad_id, (long long)v.chain.first_bad_seq,
				    v.chain.reason, (long long)v.chain.checked);
	if (v.lret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("verify: %s (the store's unsigned rows were edited)"),
				    v.ledger.reason);
	if (v.rret != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("verify: review %lld of record %s: %s (the store's unsigned "
				      "rows were edited)"),
				    v.reviews.bad_id, v.reviews.record, v.reviews.reason);
	return 0;
}

const struct fc_cmd_entry fc_cmd_verify_entry = {
    .name = "verify",
    .usage = "[--json]",
    .summary = N_("check every signature, the hash chain and the ledger rows"),
    .help = N_("Exits 0 when intact, 1 naming the first broken record and why, the\n"
	       "first household whose ledger rows (hazards, due dates, versions) differ\n"
	       "from what its signed records give, or the first supervisor's review\n"
	       "whose signature or copied columns do not hold.\n"),
    .flags = FC_CMD_IDENTITY | FC_CMD_JSON,
    .exec = cmd_verify_exec,
};
