/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-cmd.c: the warnings commands (docs/warnings.md), meant to be run by a
 * timer every minute or so:
 *
 *   warnings run --rules FILE        raise what the rules find (each once)
 *   warnings deliver --rules FILE    send the due deliveries, retry failures
 *   warnings list [--state S] [--json]
 *   warnings redeliver ID [--receiver NAME]
 *
 * A subcommand table, like the server's commands.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/date.h"
#include "core/opts.h"
#include "server/admin.h"
#include "server/held-words.h"
#include "server/warn-cmd.h"

#define _(s) gettext(s)
#define N_(s) (s)

struct warn_opts {
	const char *rules, *state, *receiver;
	int json;
};

/* What each verb takes (warn_cmds). */
static const struct fc_opt warn_rules_opts[] = {{"rules", 1}, {NULL, 0}};
static const struct fc_opt warn_list_opts[] = {{"state", 1}, {"json", 0}, {NULL, 0}};
static const struct fc_opt warn_redeliver_opts[] = {{"receiver", 1}, {NULL, 0}};

static void
warn_read(const struct fc_opt *decl, const char *const *v, struct warn_opts *o)
{
	memset(o, 0, sizeof *o);
	o->rules = fc_opts_get(decl, v, "rules");
	if (o->rules == NULL)
		o->rules = "/etc/fieldcheck/warnings.json";
	o->state = fc_opts_get(decl, v, "state");
	o->receiver = fc_opts_get(decl, v, "receiver");
	o->json = fc_opts_get(decl, v, "json") != NULL;
}

int
fc_warn_rules_check(struct fc_sstore *st, const struct fc_warn_rules *rules, struct fc_error *err)
{
	struct fc_templates installed = {0};
	struct fc_held_words w;
	struct fc_error ignore = {0};
	int ret;

	if (!rules->hazard_found)
		return 0;
	/* An installation without the built-in checklists still has the stored ones. */
	if (fc_templates_load(&installed, &ignore) != 0)
		memset(&installed, 0, sizeof installed);
	ret = fc_held_words_load(st, &installed, &w, err) == 0
		  ? fc_warn_rules_severities(rules, w.severities, err)
		  : -1;
	fc_held_words_release(&w);
	fc_templates_release(&installed);
	return ret;
}

static int
warn_run_cmd(struct fc_sstore *st, const struct warn_opts *o, int argc, char **argv,
	     struct fc_error *err)
{
	struct fc_warn_rules rules;
	char today[11];
	int64_t raised = 0;

	(void)argc;
	(void)argv;
	if (fc_warn_rules_load(o->rules, &rules, err) != 0 ||
	    fc_warn_rules_check(st, &rules, err) != 0)
		return -1;
	fc_date_format(fc_date_today(), today);
	if (fc_sstore_warnings_run(st, &rules, today, time(NULL), &raised, err) != 0)
		return fc_error_prefix(err, "warnings run");
	printf(_("%lld new warnings, each with a delivery to %d receivers\n"), (long long)raised,
	       rules.n_receivers);
	return 0;
}

static int
warn_deliver_cmd(struct fc_sstore *st, const struct warn_opts *o, int argc, char **argv,
		 struct fc_error *err)
{
	struct fc_warn_rules rules;
	int64_t sent = 0, failed = 0;

	(void)argc;
	(void)argv;
	if (fc_warn_rules_load(o->rules, &rules, err) != 0)
		return -1;
	if (fc_warn_deliver_due(st, &rules, NULL, &sent, &failed, err) != 0)
		return fc_error_prefix(err, "warnings deliver");
	printf(_("%lld delivered, %lld failed (retried later)\n"), (long long)sent,
	       (long long)failed);
	return 0;
}

struct list_out {
	int json;
	json_t *rows;
};

static void
warn_list_one(const struct fc_swarning *w, void *ctx)
{
	struct list_out *l = ctx;
	char when[32], next[32];

	fc_server_time(w->delivered_at, when);
	fc_server_time(w->next_at, next);
	if (l->json)
		json_array_append_new(
		    l->rows,
		    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:I,s:s}", "id", (json_int_t)w->id,
			      "rule", w->rule, "district", w->district, "dedup", w->dedup,
			      "receiver", w->receiver, "state", w->state, "attempts", w->attempts,
			      "next_at", (json_int_t)w->next_at, "delivered_at",
			      (json_int_t)w->delivered_at, "last_error", w->last_error));
	else
		json_array_append_new(
		    l->rows,
		    json_pack("[I,s,s,s,s,i,s,s]", (json_int_t)w->id, fc_server_word(w->rule),
			      w->district, w->receiver, fc_server_word(w->state), w->attempts,
			      strcmp(w->state, "delivered") == 0 ? when : next, w->last_error));
}

static int
warn_list_cmd(struct fc_sstore *st, const struct warn_opts *o, int argc, char **argv,
	      struct fc_error *err)
{
	static const char *const headers[] = {N_("id"),	      N_("rule"),      N_("district"),
					      N_("receiver"), N_("state"),     N_("attempts"),
					      N_("at"),	      N_("last error")};
	struct list_out l = {o->json, json_array()};
	json_t *rows = json_array();

	(void)argc;
	(void)argv;
	if (fc_sstore_warnings(st, o->state, warn_list_one, &l, err) != 0) {
		json_decref(l.rows);
		json_decref(rows);
		return -1;
	}
	if (o->json) {
		char *s = json_dumps(l.rows, JSON_COMPACT);
		printf("%s\n", s != NULL ? s : "[]");
		free(s);
	} else {
		size_t i;
		json_t *r;
		json_array_foreach(l.rows, i, r) {
			json_t *cells = json_array();
			size_t k;
			json_t *v;
			json_array_foreach(r, k, v) {
				char buf[32];
				if (json_is_integer(v))
					snprintf(buf, sizeof buf, "%lld",
						 (long long)json_integer_value(v));
				json_array_append_new(
				    cells,
				    json_string(json_is_integer(v) ? buf : json_string_value(v)));
			}
			json_array_append_new(rows, cells);
		}
		fc_server_print_table(stdout, headers, 8, rows);
	}
	json_decref(l.rows);
	json_decref(rows);
	return 0;
}

static int
warn_redeliver_cmd(struct fc_sstore *st, const struct warn_opts *o, int argc, char **argv,
		   struct fc_error *err)
{
	char *end = NULL;
	long long id;
	int64_t n = 0;

	if (argc != 2 || (id = strtoll(argv[1], &end, 10)) <= 0 || *end != '\0')
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: warnings redeliver ID [--receiver NAME]"));
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (fc_sstore_redeliver(st, id, o->receiver, time(NULL), &n, err) != 0 ||
	    fc_server_audit(st, err, "warnings.redeliver", "warning %lld to %s", id,
			    o->receiver != NULL ? o->receiver : "every receiver") != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return fc_error_prefix(err, "warnings redeliver");
	}
	printf(_("warning %lld: %lld deliveries will be sent again\n"), id, (long long)n);
	return 0;
}

static const struct {
	const char *name;
	const struct fc_opt *opts;
	int operands; /* after the verb */
	int (*fn)(struct fc_sstore *st, const struct warn_opts *o, int argc, char **argv,
		  struct fc_error *err);
} warn_cmds[] = {
    {"run", warn_rules_opts, 0, warn_run_cmd},
    {"deliver", warn_rules_opts, 0, warn_deliver_cmd},
    {"list", warn_list_opts, 0, warn_list_cmd},
    {"redeliver", warn_redeliver_opts, 1, warn_redeliver_cmd},
};

int
fc_server_warnings_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	/* Subcommands: the words as typed, each subcommand declaring its options. */
	int argc = a->argc;
	char **argv = a->argv;
	struct warn_opts o;

	if (argc < 2)
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: warnings run|deliver|list|redeliver [options]"));
	for (size_t i = 0; i < sizeof warn_cmds / sizeof warn_cmds[0]; i++) {
		const char *v[FC_OPTS_MAX];
		char cmd[32];
		int n = 0;

		if (strcmp(argv[1], warn_cmds[i].name) != 0)
			continue;
		snprintf(cmd, sizeof cmd, "warnings %s", warn_cmds[i].name);
		/* The operands land in argv[2..n]: argv[1] is the verb. */
		if (fc_opts_parse(cmd, warn_cmds[i].opts, argc - 1, argv + 1, v, &n, err) != 0)
			return -1;
		if (warn_cmds[i].operands == 0 && n != 1)
			return fc_error_set(err, FC_E_USAGE, _("warnings %s: unexpected '%s'"),
					    warn_cmds[i].name, argv[2]);
		warn_read(warn_cmds[i].opts, v, &o);
		return warn_cmds[i].fn(st, &o, n, argv + 1, err);
	}
	return fc_error_set(err, FC_E_USAGE,
			    _("warnings: '%s' is not run, deliver, list or redeliver"), argv[1]);
}
