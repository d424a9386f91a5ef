/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-list.c: `fieldcheck list`, this device's records newest first, with a
 * mark on those the server has not yet acknowledged and the newest review of
 * each (accepted, returned).
 */
#include <libintl.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "review-view.h"
#include "table.h"

#define _(s) gettext(s)
#define N_(s) (s)

struct list_ctx {
	struct fc_table *table;
	json_t *array;
	struct fc_app *app;
};

static int
list_one(const struct fc_record *rec, void *arg, struct fc_error *err)
{
	struct list_ctx *ctx = arg;
	char seq[32], outcome[160], review[16];
	struct fc_store_version v;
	struct fc_error ignored = {0};
	/* A record a correction replaced is listed (it is a fact) but marked: it no longer counts.
	 */
	int replaced = fc_store_record_version(ctx->app->store, rec->id, &v, &ignored) == 0 &&
		       strcmp(v.current, rec->id) != 0;

	/* Every record has a type; none means its stored body no longer reads. */
	int damaged = rec->type[0] == '\0';

	if (fc_review_view_state(ctx->app, rec->id, review, err) != 0)
		return -1;

	if (ctx->array != NULL) {
		json_t *o =
		    json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", rec->id, "seq",
			      (json_int_t)rec->seq, "time", rec->time, "type", rec->type,
			      "household", rec->household, "template", rec->template_id, "outcome",
			      rec->outcome, "synced", rec->synced);
		if (o != NULL && replaced)
			json_object_set_new(o, "corrected_by", json_string(v.current));
		if (o != NULL && review[0] != '\0')
			json_object_set_new(o, "review", json_string(review));
		if (o != NULL && damaged)
			json_object_set_new(o, "damaged", json_true());
		if (o == NULL || json_array_append_new(ctx->array, o) != 0)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		return 0;
	}
	snprintf(seq, sizeof seq, "%lld", (long long)rec->seq);
	if (damaged)
		snprintf(outcome, sizeof outcome, "%s", _("damaged: run 'fieldcheck verify'"));
	else if (replaced)
		snprintf(outcome, sizeof outcome, _("%s corrected by %s"), rec->outcome, v.current);
	else
		snprintf(outcome, sizeof outcome, "%s", rec->outcome);
	const char *cells[] = {rec->synced ? " " : "*", rec->id,	  rec->time, rec->type,
			       rec->household,		rec->template_id, outcome,   review};
	return fc_table_add(ctx->table, cells, err);
}

static int
cmd_list_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_record_filter filter = {.newest_first = 1};
	struct list_ctx ctx = {.app = app};
	/* The words on top only: the cells below are codes a script may match. */
	const char *const headers[] = {" ",	     _("record"),    _("time"),
				       _("type"),    _("household"), _("template"),
				       _("outcome"), _("review")};
	int ret = -1;

	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("list: unexpected argument '%s'"),
				    args->argv[1]);
	filter.unsynced_only = fc_cmd_opt(args, "unsynced") != NULL;
	if (app->json) {
		if ((ctx.array = json_array()) == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	} else if (fc_table_new(8, headers, &ctx.table, err) != 0) {
		return -1;
	}
	if (fc_store_each_record(app->store, &filter, list_one, &ctx, err) != 0)
		goto out;
	if (app->json) {
		if (fc_cmd_print_json(app, ctx.array, err) != 0)
			goto out;
	} else if (fc_table_rows(ctx.table) == 0) {
		fputs(filter.unsynced_only ? _("no unsynced records\n") : _("no records yet\n"),
		      app->out);
	} else {
		fc_table_print(ctx.table, app->out);
		fputs(_("(* = not yet synced)\n"), app->out);
	}
	ret = 0;
out:
	json_decref(ctx.array);
	fc_table_free(ctx.table);
	return ret;
}

const struct fc_cmd_entry fc_cmd_list_entry = {
    .name = "list",
    .usage = "[--unsynced] [--json]",
    .summary = N_("list this device's records, newest first"),
    .help = N_("  --unsynced    only records the server has not acknowledged\n"),
    .flags = FC_CMD_STORE | FC_CMD_JSON,
    .opts = (const struct fc_opt[]){{"unsynced", 0}, {NULL, 0}},
    .exec = cmd_list_exec,
};
