/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-export.c: `fieldcheck export`, the records that count (a record a
 * correction replaced only with --history) for use elsewhere. JSON
 * keeps each body exactly as signed (as a string) next to its signature and
 * hash, so an export can be verified on another machine; CSV gives one row per
 * record for spreadsheets (libcsv's quoting, formula cells guarded:
 * core/sheet.h).
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "core/file.h"
#include "core/hazard.h"
#include "core/lang.h"
#include "core/sheet.h"
#include "core/template.h"

#define _(s) gettext(s)
#define N_(s) (s)

static const char *const csv_header[] = {
    "id",	 "seq",	     "device",		 "inspector", "time",	       "type",
    "household", "template", "template_version", "outcome",   "outcome_label", "synced",
    "prev",	 "hash",     "signature",	 "body"};

struct export_ctx {
	struct fc_app *app;
	FILE *out;
	struct fc_templates templates; /* for the outcome's label in the reader's language */
	int json;
	int first;
	int history; /* also records a correction replaced */
	struct fc_record_filter filter;
};

/* The outcome as the record's template version names it; the code when it is unknown. */
static const char *
export_outcome_label(struct export_ctx *ctx, const struct fc_record *rec)
{
	struct fc_error ignore = {0};
	const struct fc_template *tpl = rec->template_id[0] != '\0'
					    ? fc_templates_find(&ctx->templates, rec->template_id,
								rec->template_version, &ignore)
					    : NULL;

	return fc_hazard_outcome_label(tpl, rec->outcome, fc_lang_of_process());
}

static int
export_one(const struct fc_record *rec, void *arg, struct fc_error *err)
{
	struct export_ctx *ctx = arg;
	char sig[2 * FC_SIG_BYTES + 1], hash[FC_HASH_HEX], prev[FC_HASH_HEX], seq[32], ver[16];
	char *body = NULL;

	struct fc_store_version v;
	struct fc_error ignored = {0};

	/* Each original counts once, by its current version (docs/ledger.md). */
	if (!ctx->history && fc_store_record_version(ctx->app->store, rec->id, &v, &ignored) == 0 &&
	    strcmp(v.current, rec->id) != 0)
		return 0;
	fc_hex_encode(rec->sig, FC_SIG_BYTES, sig);
	fc_hex_encode(rec->hash, FC_HASH_BYTES, hash);
	fc_hex_encode(rec->prev, FC_HASH_BYTES, prev);
	if (ctx->json) {
		json_t *o =
		    json_pack("{s:s, s:I, s:s, s:s, s:s, s:s%, s:s, s:s, s:b}", "id", rec->id,
			      "seq", (json_int_t)rec->seq, "device", rec->device, "time", rec->time,
			      "type", rec->type, "body", rec->body, rec->body_len, "signature", sig,
			      "hash", hash, "synced", rec->synced);
		if (o == NULL)
			return fc_error_set(err, FC_E_INVALID, _("%s: body is not valid UTF-8"),
					    rec->id);
		body = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (body == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		fprintf(ctx->out, "%s\n  %s", ctx->first ? "" : ",", body);
		free(body);
		ctx->first = 0;
		return ferror(ctx->out) ? fc_error_set(err, FC_E_IO, _("cannot write export")) : 0;
	}
	snprintf(seq, sizeof seq, "%lld", (long long)rec->seq);
	snprintf(ver, sizeof ver, "%d", rec->template_version);
	/* The body last: it is long, and spreadsheet users read the columns before it. */
	body = strndup(rec->body, rec->body_len);
	if (body == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	const char *cells[] = {rec->id,
			       seq,
			       rec->device,
			       rec->inspector,
			       rec->time,
			       rec->type,
			       rec->household,
			       rec->template_id,
			       ver,
			       rec->outcome,
			       export_outcome_label(ctx, rec),
			       rec->synced ? "1" : "0",
			       prev,
			       hash,
			       sig,
			       body};
	int ret = fc_sheet_csv_row(ctx->out, cells, sizeof cells / sizeof cells[0], err);
	free(body);
	return ret;
}

/* Every record (the empty filter), as one JSON array or CSV with its header. */
static int
export_all(struct export_ctx *ctx, struct fc_error *err)
{
	if (ctx->json)
		fputc('[', ctx->out);
	else if (fc_sheet_csv_row(ctx->out, csv_header, sizeof csv_header / sizeof csv_header[0],
				  err) != 0)
		return -1;
	if (fc_store_each_record(ctx->app->store, &ctx->filter, export_one, ctx, err) != 0)
		return -1;
	if (ctx->json)
		fputs(ctx->first ? "]\n" : "\n]\n", ctx->out);
	return 0;
}

/* fc_file_writer: the export into --out's temporary file. */
static int
export_write(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	struct export_ctx *ctx = arg;

	(void)tmp;
	ctx->out = f;
	return export_all(ctx, err);
}

static int
cmd_export_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct export_ctx ctx = {.app = app, .out = app->out, .first = 1};
	const char *format = fc_cmd_opt(args, "format"), *path = fc_cmd_opt(args, "out");
	int ret;

	ctx.history = fc_cmd_opt(args, "history") != NULL;
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("export: unexpected argument '%s'"),
				    args->argv[1]);
	if (format == NULL || (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0))
		return fc_error_set(err, FC_E_USAGE,
				    _("export needs --format csv or --format json"));
	ctx.json = strcmp(format, "json") == 0;
	/* Without templates the CSV still has every record, its outcome code as label. */
	if (!ctx.json) {
		struct fc_error ignore = {0};

		fc_templates_load(&ctx.templates, &ignore);
	}
	/* Written beside and renamed, so a failed export never leaves half a file. */
	if (path != NULL)
		ret = fc_cmd_check_out(app, path, err) != 0
			  ? -1
			  : fc_file_replace(path, 0, export_write, &ctx, err);
	else
		ret = export_all(&ctx, err);
	fc_templates_release(&ctx.templates);
	return ret;
}

const struct fc_cmd_entry fc_cmd_export_entry = {
    .name = "export",
    .usage = "--format csv|json [--out FILE] [--history]",
    .summary = N_("export the records that count, with their signatures and hashes"),
    .help = N_("  --format csv|json  CSV for spreadsheets, JSON with bodies as signed\n"
	       "  --out FILE         write to FILE instead of standard output\n"
	       "  --history          also the records a correction replaced (every record,\n"
	       "                     as needed to verify the chain elsewhere)\n"),
    .flags = FC_CMD_STORE,
    .opts = (const struct fc_opt[]){{"format", 1}, {"out", 1}, {"history", 0}, {NULL, 0}},
    .exec = cmd_export_exec,
};
