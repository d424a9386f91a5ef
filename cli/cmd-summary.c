/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-summary.c: `fieldcheck summary`, the supervisors' counts from the
 * server: work done, hazards found and still open, overdue households, house
 * grades, devices and their last sync, and forks.
 *
 * The server decides who may see it (role supervisor); this file asks with a
 * signed request and prints the lines app/summary-view.c lays out (the
 * same as the TUI's summary screen) in the language of the process's other
 * messages (core/lang.h), or the server's JSON with --json.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/summary-view.h"
#include "cmd.h"
#include "core/date.h"
#include "core/lang.h"
#include "sync/client.h"
#include "core/template.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* The lines app/summary-view.c lays out, as the TUI's summary screen shows them. */
static int
summary_print(struct fc_app *app, const json_t *s, int by_inspector, struct fc_error *err)
{
	struct fc_templates set = {0};
	struct fc_error ignore = {0};
	struct fc_view view;
	int ret;

	/* Without checklists here the severities still show, by their ids. */
	int have = fc_templates_load(&set, &ignore) == 0;
	fc_view_init(&view, fc_lang_of_process());
	ret = fc_summary_view(s, by_inspector, have ? &set : NULL, &view, err);
	for (size_t i = 0; ret == 0 && i < view.n; i++)
		fprintf(app->out, "%s\n", view.lines[i].text);
	fc_view_release(&view);
	fc_templates_release(&set);
	return ret;
}

static int
cmd_summary_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_sync_options opt = {0};
	struct fc_client *c = NULL;
	const char *by = fc_cmd_opt(args, "by"), *since = fc_cmd_opt(args, "since");
	const char *given = fc_cmd_opt(args, "server");
	struct fc_app_server server;
	struct fc_date day;
	json_t *s = NULL;
	int ret;

	if (by == NULL)
		by = "district";
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("summary: unexpected argument '%s'"),
				    args->argv[1]);
	if (strcmp(by, "district") != 0 && strcmp(by, "inspector") != 0)
		return fc_error_set(err, FC_E_USAGE, _("--by must be district or inspector"));
	/* Checked here, before the PIN is asked: the server would refuse it only after. */
	if (since != NULL && fc_date_parse(since, &day) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("--since must be a real day, YYYY-MM-DD, not '%s'"), since);
	if (fc_app_server(app, given, &server, err) != 0 || fc_cmd_unlock(app, err) != 0)
		return -1;
	fc_app_server_options(&server, &opt);
	if (fc_client_open(&opt, app->key, &c, err) != 0)
		return -1;
	ret = fc_client_summary(c, by, since, &s, err);
	fc_client_close(c);
	if (ret != 0)
		return fc_error_prefix(err, _("summary from %s"), server.url);
	if (app->json)
		ret = fc_cmd_print_json(app, s, err);
	else
		ret = summary_print(app, s, strcmp(by, "inspector") == 0, err);
	json_decref(s);
	return ret;
}

const struct fc_cmd_entry fc_cmd_summary_entry = {
    .name = "summary",
    .usage = "[--by district|inspector] [--since YYYY-MM-DD] [--json] [--pin-stdin]",
    .summary = N_("supervisors: counts of work, hazards, overdue households, devices, forks"),
    .help = N_("  --by district|inspector  how to group (default district)\n"
	       "  --since YYYY-MM-DD       count records from this day on (default: all)\n"
	       "  --server URL             ask this server (default: the one enrolled with)\n"),
    /* The key is unlocked in exec, once the options are known to be right. */
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_JSON | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"by", 1}, {"since", 1}, {"server", 1}, {NULL, 0}},
    .exec = cmd_summary_exec,
};
