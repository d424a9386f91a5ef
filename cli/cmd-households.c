/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-households.c: `fieldcheck households import|search`, the household
 * registry on this device. Import is all or nothing: a file with one bad line
 * changes nothing and the message names the line.
 */
#include <libintl.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "core/household-csv.h"
#include "table.h"

#define _(s) gettext(s)
#define N_(s) (s)

#define SEARCH_LIMIT 50

static int
households_import(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	size_t count = 0;

	if (app->json)
		return fc_error_set(err, FC_E_USAGE,
				    _("households import: --json is not supported"));
	if (argc != 3)
		return fc_error_set(err, FC_E_USAGE, _("households import needs one FILE.csv"));
	if (fc_household_csv_import(app->store, argv[2], &count, err) != 0)
		return -1;
	fprintf(app->out, _("imported %zu households from %s\n"), count, argv[2]);
	return 0;
}

struct search_ctx {
	struct fc_table *table;
	json_t *array;
};

static int
households_search_one(const struct fc_household *h, void *arg, struct fc_error *err)
{
	struct search_ctx *ctx = arg;

	if (ctx->array != NULL) {
		json_t *o =
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", h->id, "district",
			      h->district, "address", h->address, "resident", h->resident, "phone",
			      h->phone, "kind", h->kind, "last_check", h->last_check);
		if (o == NULL || json_array_append_new(ctx->array, o) != 0)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		return 0;
	}
	const char *cells[] = {
	    h->id,	 h->kind,  h->last_check[0] != '\0' ? h->last_check : "-",
	    h->resident, h->phone, h->address};
	return fc_table_add(ctx->table, cells, err);
}

static int
households_search(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	const char *const headers[] = {_("id"),	      _("kind"),  _("last check"),
				       _("resident"), _("phone"), _("address")};
	struct search_ctx ctx = {0};
	int ret = -1;

	if (argc != 3 || argv[2][0] == '\0')
		return fc_error_set(err, FC_E_USAGE, _("households search needs one TEXT"));
	if (app->json) {
		if ((ctx.array = json_array()) == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	} else if (fc_table_new(6, headers, &ctx.table, err) != 0) {
		return -1;
	}
	if (fc_store_search_households(app->store, argv[2], SEARCH_LIMIT, households_search_one,
				       &ctx, err) != 0)
		goto out;
	if (app->json)
		ret = fc_cmd_print_json(app, ctx.array, err);
	else if (fc_table_rows(ctx.table) == 0) {
		fprintf(app->out, _("no household matches '%s'\n"), argv[2]);
		ret = 0;
	} else {
		fc_table_print(ctx.table, app->out);
		if (fc_table_rows(ctx.table) == SEARCH_LIMIT)
			fprintf(app->out, _("(first %d matches; type more to narrow)\n"),
				SEARCH_LIMIT);
		ret = 0;
	}
out:
	json_decref(ctx.array);
	fc_table_free(ctx.table);
	return ret;
}

/* The verbs; each checks its own operands (argv[2..argc)). */
static const struct households_verb {
	const char *name;
	int (*run)(struct fc_app *app, int argc, char **argv, struct fc_error *err);
} households_verbs[] = {
    {"import", households_import},
    {"search", households_search},
};

static int
cmd_households_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	for (size_t i = 0;
	     args->argc >= 2 && i < sizeof households_verbs / sizeof households_verbs[0]; i++)
		if (strcmp(args->argv[1], households_verbs[i].name) == 0)
			return households_verbs[i].run(app, args->argc, args->argv, err);
	return fc_error_set(err, FC_E_USAGE,
			    _("households needs 'import FILE.csv' or 'search TEXT'"));
}

const struct fc_cmd_entry fc_cmd_households_entry = {
    .name = "households",
    .usage = "import FILE.csv | search TEXT [--json]",
    .summary = N_("import the household registry, or search it"),
    .help = N_("  import FILE.csv  add or update households; a file with a bad line is\n"
	       "                   refused whole, naming the line\n"
	       "  search TEXT      by id, address, resident or phone fragment (Chinese too)\n"),
    .flags = FC_CMD_STORE | FC_CMD_JSON,
    .exec = cmd_households_exec,
};
