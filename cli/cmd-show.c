/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-show.c: `fieldcheck show RECORD-ID`, one record in full: who, when,
 * where, the answers, the hazards, the outcome, how the grade was reached,
 * whether its signature and its link to the previous record verify, and
 * supervisors' reviews of it (review-view.c). The record itself is laid out
 * by app/record-view.c, the same lines the TUI's record screen shows.
 */
#include <libintl.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "app/record-view.h"
#include "cmd.h"
#include "core/chain.h"
#include "core/lang.h"
#include "core/record-model.h"
#include "core/template.h"
#include "review-view.h"

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * Signature, hash and the link to the previous record: the record's own proof,
 * in Chinese for a person reading in Chinese (zh), in English for --json (a
 * program reads it; gettext would follow the reader, so the two are written here).
 * 0 when it holds, 1 when it does not.
 */
static int
show_check(struct fc_app *app, const struct fc_record *rec, int zh, char *state, size_t size)
{
	struct fc_error err = {0};
	struct fc_record prev = {0};
	char prev_id[FC_RECORD_ID_MAX];

	if (fc_record_check(rec, app->identity.pk, &err) != 0) {
		snprintf(state, size, zh ? "已损坏：%s" : "BROKEN: %s", err.msg);
		return 1;
	}
	if (rec->seq > 1) {
		fc_record_make_id(rec->device, rec->seq - 1, prev_id);
		if (fc_store_get_record(app->store, prev_id, &prev, &err) != 0) {
			snprintf(state, size,
				 zh ? "签名有效；前一条记录 %s：%s"
				    : "signature valid; previous record %s: %s",
				 prev_id, err.msg);
			return 1;
		}
		int linked = sodium_memcmp(prev.hash, rec->prev, FC_HASH_BYTES) == 0;
		fc_record_release(&prev);
		if (!linked) {
			snprintf(state, size,
				 zh ? "已损坏：prev 与前一条记录 %s 的哈希不符"
				    : "BROKEN: prev does not match the hash of record %s",
				 prev_id);
			return 1;
		}
	}
	snprintf(state, size,
		 zh ? "签名有效，与前一条记录相链"
		    : "signature valid, linked to the previous record");
	return 0;
}

/*
 * A record that does not verify is shown as far as it can be, its verdict
 * always among it, and then the command fails (exit 1, as verify does): a
 * script reading show's output, or an inspector reading only the answers,
 * must not take it as sound.
 */
static int
show_broken(const struct fc_record *rec, struct fc_error *err)
{
	return fc_error_set(err, FC_E_CHAIN,
			    _("show: record %s does not verify (its verification above says "
			      "why); what it says cannot be trusted, and fieldcheck verify checks "
			      "the whole chain"),
			    rec->id);
}

/* The record as app/record-view.c lays it out, with the template this device holds. */
static int
show_print(struct fc_app *app, const struct fc_record *rec, FILE *out, struct fc_error *err)
{
	struct fc_templates set = {0};
	struct fc_view view;
	struct fc_error ignore = {0};
	const struct fc_template *tpl = NULL;
	int ret;

	if (rec->template_id[0] != '\0' && fc_templates_load(&set, &ignore) == 0)
		tpl = fc_templates_find(&set, rec->template_id, rec->template_version, &ignore);
	fc_view_init(&view, fc_lang_of_process());
	ret = fc_record_view(app->store, rec, tpl, &view, err);
	for (size_t i = 0; ret == 0 && i < view.n; i++)
		fprintf(out, "%s\n", view.lines[i].text);
	if (ret == 0)
		fputc('\n', out);
	fc_view_release(&view);
	fc_templates_release(&set);
	return ret;
}

static int
cmd_show_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	int argc = args->argc;
	char **argv = args->argv;
	struct fc_record rec = {0};
	char state[640];
	int ret = -1, broken;

	if (argc != 2)
		return fc_error_set(err, FC_E_USAGE, _("show needs one RECORD-ID"));
	if (fc_store_get_record(app->store, argv[1], &rec, err) != 0) {
		if (err->code == FC_E_NOTFOUND)
			fc_error_set(err, FC_E_NOTFOUND,
				     _("no record %s on this device; fieldcheck list shows them"),
				     argv[1]);
		return -1;
	}
	broken = show_check(app, &rec, !app->json && strcmp(fc_lang_of_process(), "zh") == 0, state,
			    sizeof state);
	if (app->json) {
		struct fc_record_model m;
		struct fc_error ignore = {0};
		/* A body the model refuses prints as null beside the verdict that says why. */
		json_t *body = fc_record_model_parse(rec.body, rec.body_len, &m, &ignore) == 0
				   ? json_incref((json_t *)fc_record_model_json(&m))
				   : NULL;
		char sig[2 * FC_SIG_BYTES + 1], hash[FC_HASH_HEX];

		fc_hex_encode(rec.sig, FC_SIG_BYTES, sig);
		fc_hex_encode(rec.hash, FC_HASH_BYTES, hash);
		fc_record_model_release(&m);
		json_t *reviews = NULL;
		int awaits = 0;

		if (fc_review_view_json(app, rec.id, &reviews, err) != 0 ||
		    fc_store_review_awaits(app->store, rec.id, &awaits, err) != 0) {
			json_decref(body);
			json_decref(reviews);
			goto out;
		}
		json_t *o = json_pack("{s:s, s:I, s:o*, s:s, s:s, s:b, s:s, s:o, s:b}", "id",
				      rec.id, "seq", (json_int_t)rec.seq, "body", body, "signature",
				      sig, "hash", hash, "synced", rec.synced, "verification",
				      state, "reviews", reviews, "awaits_correction", awaits);
		if (o == NULL) {
			fc_error_set(err, FC_E_NOMEM, _("out of memory"));
			goto out;
		}
		ret = fc_cmd_print_json(app, o, err);
		json_decref(o);
		goto out;
	}
	/* A body changed after signing may not even read: then the verdict alone says why. */
	if (show_print(app, &rec, app->out, err) != 0 && !broken)
		goto out;
	if (strcmp(fc_lang_of_process(), "zh") == 0)
		fprintf(app->out, "校验：%s\n同步：%s\n", state,
			rec.synced ? "已同步" : "尚未同步");
	else
		fprintf(app->out, "verification: %s\nsynced: %s\n", state,
			rec.synced ? "yes" : "not yet");
	ret = fc_review_view_print(app, rec.id, app->out, err);
out:
	if (ret == 0 && broken)
		ret = show_broken(&rec, err);
	fc_record_release(&rec);
	return ret;
}

const struct fc_cmd_entry fc_cmd_show_entry = {
    .name = "show",
    .usage = "RECORD-ID [--json]",
    .summary = N_("show one record: answers, hazards, outcome, grade, verification"),
    .help = N_("RECORD-ID may be abbreviated to a unique prefix. A record whose signature\n"
	       "or link to the previous record does not verify is shown with the reason,\n"
	       "and show exits 1.\n"),
    .flags = FC_CMD_IDENTITY | FC_CMD_JSON,
    .exec = cmd_show_exec,
};
