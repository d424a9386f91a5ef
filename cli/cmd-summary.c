/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-summary.c: `fieldcheck summary`, the supervisors' counts from the
 * server: work done, hazards found and still open, overdue households, house
 * grades, devices and their last sync, and forks.
 *
 * The server decides who may see it (role supervisor); this file asks with a
 * signed request and prints an aligned table in Chinese, or in English when
 * the locale is English, or the server's JSON with --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/summary.h"
#include "cmd.h"
#include "sync/client.h"
#include "table.h"

enum summary_col {
	COL_KEY,
	COL_INSPECTIONS,
	COL_NOBODY,
	COL_REFUSED,
	COL_HAZARDS,
	COL_OPEN,
	COL_OVERDUE,
	COL_HH_OVERDUE,
	COL_GRADES,
	COL_DEVICES,
	COL_LAST_SYNC,
	COL_FORKS,
	COL_COUNT
};

/* Column headers: zh, en. The key column depends on --by. */
static const char *const summary_labels[COL_COUNT][2] = {
    [COL_KEY] = {"区域", "District"},
    [COL_INSPECTIONS] = {"入户检查", "Inspections"},
    [COL_NOBODY] = {"到访不遇", "Nobody home"},
    [COL_REFUSED] = {"拒绝入户", "Refused"},
    [COL_HAZARDS] = {"隐患", "Hazards"},
    [COL_OPEN] = {"未整改", "Open"},
    [COL_OVERDUE] = {"整改超期", "Overdue"},
    [COL_HH_OVERDUE] = {"逾期未检户", "Households overdue"},
    [COL_GRADES] = {"房屋等级", "House grades"},
    [COL_DEVICES] = {"设备", "Devices"},
    [COL_LAST_SYNC] = {"最近同步", "Last sync"},
    [COL_FORKS] = {"分叉", "Forks"},
};

/* 0 for Chinese, 1 for English: the first locale variable set decides. */
static int
summary_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return strncmp(v, "en", 2) == 0 ? 1 : 0;
	}
	return 0;
}

/* One row of the table: the figures that fit a column. */
static int
summary_row(struct fc_table *t, const struct fc_summary_group *g, int en, struct fc_error *err)
{
	char num[COL_COUNT][32], grades[128], last[32];
	const char *cells[COL_COUNT];

	snprintf(num[COL_INSPECTIONS], 32, "%lld", g->inspections);
	snprintf(num[COL_NOBODY], 32, "%lld", g->nobody_home);
	snprintf(num[COL_REFUSED], 32, "%lld", g->refusals);
	snprintf(num[COL_HAZARDS], 32, "%lld", g->hazards);
	snprintf(num[COL_OPEN], 32, "%lld", g->hazards_open);
	snprintf(num[COL_OVERDUE], 32, "%lld", g->hazards_overdue);
	snprintf(num[COL_HH_OVERDUE], 32, "%lld", g->households_overdue);
	snprintf(num[COL_DEVICES], 32, "%zu", g->n_devices);
	snprintf(num[COL_FORKS], 32, "%zu", g->n_forks);
	fc_summary_counts(g->grades, ":", grades, sizeof grades);
	fc_summary_when(g->last_sync, en ? "never" : "从未", last, sizeof last);
	for (int c = 0; c < COL_COUNT; c++)
		cells[c] = num[c];
	cells[COL_KEY] = g->key;
	cells[COL_GRADES] = grades;
	cells[COL_LAST_SYNC] = last;
	return fc_table_add(t, cells, err);
}

/* The breakdowns that do not fit a column, one line each. */
static void
summary_details(struct fc_app *app, const struct fc_summary_group *g, int en)
{
	char sev[512], items[1024], last[32];
	struct fc_summary_device d;
	struct fc_summary_fork f;

	fc_summary_counts(g->by_severity, " ", sev, sizeof sev);
	fc_summary_counts(g->by_item, " ", items, sizeof items);
	if (sev[0] != '\0')
		fprintf(app->out,
			en ? "%s hazards by severity: %s; by item: %s\n"
			   : "%s 隐患按等级：%s；按项目：%s\n",
			g->key, sev, items);
	for (size_t j = 0; j < g->n_devices; j++) {
		fc_summary_device(g, j, &d);
		fc_summary_when(d.last_sync, en ? "never" : "从未", last, sizeof last);
		fprintf(app->out,
			en ? "%s device %s (%s): last sync %s, %lld records held\n"
			   : "%s 设备 %s（%s）：最近同步 %s，服务器持有 %lld 条\n",
			g->key, d.device, d.inspector, last, d.held);
	}
	for (size_t j = 0; j < g->n_forks; j++) {
		fc_summary_fork(g, j, &f);
		fprintf(app->out,
			en ? "%s FORK: device %s (%s) sent a second record %lld\n"
			   : "%s 分叉：设备 %s（%s）第 %lld 条记录出现两个不同版本\n",
			g->key, f.device, f.inspector, f.seq);
	}
}

static int
summary_print(struct fc_app *app, const json_t *s, int by_inspector, struct fc_error *err)
{
	int en = summary_lang();
	const char *headers[COL_COUNT];
	struct fc_table *t = NULL;
	struct fc_summary_group g;
	size_t n = fc_summary_group_count(s);

	for (int c = 0; c < COL_COUNT; c++)
		headers[c] = summary_labels[c][en];
	if (by_inspector)
		headers[COL_KEY] = en ? "Inspector" : "检查员";
	if (fc_table_new(COL_COUNT, headers, &t, err) != 0)
		return -1;
	for (int c = COL_INSPECTIONS; c < COL_COUNT; c++)
		if (c != COL_GRADES && c != COL_LAST_SYNC)
			fc_table_align_right(t, (size_t)c);
	for (size_t i = 0; i < n; i++) {
		fc_summary_group(s, i, &g);
		if (summary_row(t, &g, en, err) != 0) {
			fc_table_free(t);
			return -1;
		}
	}
	fprintf(app->out, en ? "Summary by %s, %s to %s\n" : "汇总（按%s），%s 至 %s\n",
		by_inspector ? (en ? "inspector" : "检查员") : (en ? "district" : "区域"),
		fc_summary_since(s)[0] != '\0' ? fc_summary_since(s) : (en ? "the start" : "开始"),
		fc_summary_until(s));
	fc_table_print(t, app->out);
	fc_table_free(t);
	for (size_t i = 0; i < n; i++) {
		fc_summary_group(s, i, &g);
		summary_details(app, &g, en);
	}
	return 0;
}

static int
cmd_summary_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_sync_options opt = {0};
	struct fc_client *c = NULL;
	const char *by = fc_cmd_opt(args, "by"), *since = fc_cmd_opt(args, "since");
	const char *given = fc_cmd_opt(args, "server");
	struct fc_app_server server;
	json_t *s = NULL;
	int ret;

	if (by == NULL)
		by = "district";
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, "summary: unexpected argument '%s'",
				    args->argv[1]);
	if (strcmp(by, "district") != 0 && strcmp(by, "inspector") != 0)
		return fc_error_set(err, FC_E_USAGE, "--by must be district or inspector");
	if (fc_app_server(app, given, &server, err) != 0)
		return -1;
	fc_app_server_options(&server, &opt);
	if (fc_client_open(&opt, app->key, &c, err) != 0)
		return -1;
	ret = fc_client_summary(c, by, since, &s, err);
	fc_client_close(c);
	if (ret != 0)
		return fc_error_prefix(err, "summary from %s", server.url);
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
    .summary = "supervisors: counts of work, hazards, overdue households, devices, forks",
    .help = "  --by district|inspector  how to group (default district)\n"
	    "  --since YYYY-MM-DD       count records from this day on (default: all)\n"
	    "  --server URL             ask this server (default: the one enrolled with)\n",
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_KEY | FC_CMD_JSON | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"by", 1}, {"since", 1}, {"server", 1}, {NULL, 0}},
    .exec = cmd_summary_exec,
};
