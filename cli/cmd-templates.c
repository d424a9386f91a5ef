/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-templates.c: `fieldcheck templates list | show ID | check FILE...`.
 *
 * list and show read the templates the device would use (the search path of
 * core/templates.c); check is a template author's lint: it loads a file with
 * the same code and prints every problem, each naming its item, so a new or
 * changed checklist can be tried before it is shipped.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "core/template.h"
#include "core/utf8.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* "fieldcheck: <what><sep><msg>" on stderr, msg quoting template text harmlessly. */
static void
templates_warn(const char *what, const char *sep, const char *msg)
{
	char safe[2048];

	msg = msg != NULL ? msg : "";
	fc_utf8_pad(msg, fc_utf8_cols(msg), safe, sizeof safe);
	fprintf(stderr, "fieldcheck: %s%s%s\n", what, sep, safe);
}

static void
templates_print_skipped(const struct fc_templates *set)
{
	const json_t *s;
	size_t i;

	json_array_foreach(set->skipped, i, s)
		templates_warn(_("templates: skipped"), " ",
			       json_string_value(json_object_get(s, "message")));
}

static int
templates_list(struct fc_app *app, struct fc_error *err)
{
	struct fc_templates set;
	json_t *arr = NULL;
	int ret = 0;

	if (fc_templates_load(&set, err) != 0)
		return -1;
	templates_print_skipped(&set);
	if (app->json && (arr = json_array()) == NULL) {
		fc_templates_release(&set);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	for (size_t i = 0; i < set.n; i++) {
		const struct fc_template *t = set.v[i];
		const struct fc_template *newest = fc_templates_find(&set, t->id, 0, NULL);

		if (arr != NULL) {
			json_array_append_new(
			    arr, json_pack("{s:s, s:i, s:s, s:s, s:O?, s:I, s:I, s:b, s:s}", "id",
					   t->id, "version", t->version, "zh", t->label.zh, "en",
					   t->label.en, "kinds", t->kinds, "items",
					   (json_int_t)t->n_items, "rules", (json_int_t)t->n_rules,
					   "current", newest == t, "file", t->path));
			continue;
		}
		fprintf(app->out, "%-10s v%-3d %s / %s  ", t->id, t->version, t->label.zh,
			t->label.en);
		fprintf(app->out,
			newest == t ? _("(%zu items, %zu hazard rules)\n")
				    : _("(%zu items, %zu hazard rules; older version, kept for old "
					"records)\n"),
			t->n_items, t->n_rules);
	}
	if (arr != NULL)
		ret = fc_cmd_print_json(app, arr, err);
	else if (set.n == 0)
		fputs(_("no templates found\n"), app->out);
	json_decref(arr);
	fc_templates_release(&set);
	return ret;
}

static void
templates_show_item(FILE *out, const struct fc_template *t, const struct fc_item *it)
{
	char *cond = it->show_if != NULL ? json_dumps(it->show_if, JSON_COMPACT) : NULL;

	fprintf(out, "  %-5s %-7s %s / %s", it->id, fc_item_type_name(it->type), it->label.zh,
		it->label.en);
	if (it->type == FC_ITEM_NUMBER)
		fprintf(out, "  [%.*f..%.*f%s%s]", it->decimals, it->min, it->decimals, it->max,
			it->unit.en != NULL ? " " : "", it->unit.en != NULL ? it->unit.en : "");
	else if ((it->type == FC_ITEM_YEAR || it->type == FC_ITEM_COUNT) && it->has_max)
		fprintf(out, "  [%g..%g]", it->min, it->max);
	else if (it->type == FC_ITEM_YEAR || it->type == FC_ITEM_COUNT)
		fprintf(out, "  [%g..]", it->min);
	fprintf(out, "%s%s\n", it->required ? "  " : "", it->required ? _("required") : "");
	if (cond != NULL) {
		fputs("        ", out);
		fprintf(out, _("shown if %s"), cond);
		fputc('\n', out);
	}
	free(cond);
	for (size_t k = 0; k < it->n_options; k++)
		fprintf(out, "        - %s: %s / %s\n", it->options[k].id, it->options[k].label.zh,
			it->options[k].label.en);
	for (size_t r = it->first_rule; r < it->first_rule + it->n_rules; r++) {
		const struct fc_rule *ru = &t->rules[r];
		char *when = json_dumps(ru->when, JSON_COMPACT);

		fprintf(out, "        ! %s %s %s %s: %s [%s %s]%s%s\n", ru->severity, ru->id,
			_("when"), when != NULL ? when : "?", ru->note.zh, ru->tag, ru->clause,
			ru->verify != NULL ? _(" VERIFY: ") : "",
			ru->verify != NULL ? ru->verify : "");
		free(when);
	}
}

static int
templates_show(struct fc_app *app, const char *arg, struct fc_error *err)
{
	struct fc_templates set;
	const struct fc_template *t;
	char id[FC_ID_MAX];
	const char *at = strchr(arg, '@');
	int version = at != NULL ? atoi(at + 1) : 0;
	int ret = 0;

	snprintf(id, sizeof id, "%.*s", at != NULL ? (int)(at - arg) : (int)strlen(arg), arg);
	if (fc_templates_load(&set, err) != 0)
		return -1;
	if ((t = fc_templates_find(&set, id, version, err)) == NULL) {
		fc_templates_release(&set);
		return -1;
	}
	if (app->json) {
		ret = fc_cmd_print_json(app, t->root, err);
		fc_templates_release(&set);
		return ret;
	}
	fprintf(app->out, "%s v%d: %s / %s\n", t->id, t->version, t->label.zh, t->label.en);
	fprintf(app->out, _("file: %s\n"), t->path);
	for (size_t s = 0; s < t->n_sections; s++) {
		const struct fc_section *sec = &t->sections[s];
		char *cond = sec->show_if != NULL ? json_dumps(sec->show_if, JSON_COMPACT) : NULL;

		fprintf(app->out, "\n[%s] %s / %s", sec->id, sec->label.zh, sec->label.en);
		if (cond != NULL) {
			fputs("  ", app->out);
			fprintf(app->out, _("shown if %s"), cond);
		}
		fputc('\n', app->out);
		free(cond);
		for (size_t i = sec->first_item; i < sec->first_item + sec->n_items; i++)
			templates_show_item(app->out, t, &t->items[i]);
	}
	if (t->n_obligations > 0)
		fputs(_("\nobligations:\n"), app->out);
	for (size_t o = 0; o < t->n_obligations; o++)
		fprintf(app->out, "  %s: %s [%s %s]\n", t->obligations[o].id,
			t->obligations[o].message.zh, t->obligations[o].tag,
			t->obligations[o].clause);
	fc_templates_release(&set);
	return 0;
}

static int
templates_check(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	json_t *report = app->json ? json_array() : NULL;
	size_t bad_files = 0, total = 0;

	for (int i = 0; i < argc; i++) {
		struct fc_template *t = NULL;
		json_t *problems = NULL;
		struct fc_error e = {0};
		const json_t *p;
		size_t k;

		/* Loaded, then the lint: a template that loads may still leave a grading short. */
		if (fc_template_load_file(argv[i], &t, &problems, &e) == 0 &&
		    (problems = json_array()) != NULL && fc_template_lint(t, problems) > 0) {
			fc_template_free(t);
			t = NULL;
		}
		if (t != NULL) {
			json_decref(problems);
			if (report != NULL)
				json_array_append_new(
				    report, json_pack("{s:s, s:b, s:s, s:i, s:I, s:I}", "file",
						      argv[i], "ok", 1, "id", t->id, "version",
						      t->version, "items", (json_int_t)t->n_items,
						      "rules", (json_int_t)t->n_rules));
			else
				fprintf(app->out,
					_("%s: ok: %s v%d, %zu items, %zu hazard rules\n"), argv[i],
					t->id, t->version, t->n_items, t->n_rules);
			fc_template_free(t);
			continue;
		}
		bad_files++;
		total += json_array_size(problems);
		json_array_foreach(problems, k, p)
			templates_warn(argv[i], ": ",
				       json_string_value(json_object_get(p, "message")));
		if (report != NULL)
			json_array_append_new(report, json_pack("{s:s, s:b, s:O}", "file", argv[i],
								"ok", 0, "problems", problems));
		json_decref(problems);
	}
	if (report != NULL) {
		fc_cmd_print_json(app, report, NULL);
		json_decref(report);
	}
	/* Whole sentences rather than a plural suffix: other languages add no s. */
	if (bad_files == 1 && total == 1)
		return fc_error_set(err, FC_E_INVALID, "%s",
				    _("templates check: 1 problem in 1 file"));
	if (bad_files == 1)
		return fc_error_set(err, FC_E_INVALID, _("templates check: %zu problems in 1 file"),
				    total);
	if (bad_files > 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("templates check: %zu problems in %zu files"), total,
				    bad_files);
	return 0;
}

/* Write text[0..len) to out line by line with every control made U+FFFD. */
static void
templates_write_safe(FILE *out, char *text, size_t len)
{
	char *line = text, *end = text + len;

	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
		char *safe = malloc(3 * n + 8);

		line[n] = '\0';
		if (safe != NULL) {
			fc_utf8_pad(line, fc_utf8_cols(line), safe, 3 * n + 8);
			fputs(safe, out);
			free(safe);
		}
		if (nl != NULL)
			fputc('\n', out);
		line += n + 1;
	}
}

static int
templates_list_verb(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	(void)argc;
	(void)argv;
	return templates_list(app, err);
}

static int
templates_show_verb(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	(void)argc;
	return templates_show(app, argv[0], err);
}

/* The verbs: operands each takes (-1: one or more), and whether it prints template text. */
static const struct templates_verb {
	const char *name;
	int operands;
	int shows_text;
	int (*run)(struct fc_app *app, int argc, char **argv, struct fc_error *err);
} templates_verbs[] = {
    {"list", 0, 1, templates_list_verb},
    {"show", 1, 1, templates_show_verb},
    {"check", -1, 0, templates_check},
};

/*
 * Labels, notes and clauses are text from template files, which reach a
 * device through sync: what list and show print goes through a buffer and
 * out with its controls made harmless, never as escape sequences.
 */
static int
templates_run_shown(struct fc_app *app, const struct templates_verb *vb, int argc, char **argv,
		    struct fc_error *err)
{
	FILE *real = app->out, *mem;
	char *text = NULL;
	size_t len = 0;
	int ret;

	if ((mem = open_memstream(&text, &len)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	app->out = mem;
	ret = vb->run(app, argc, argv, err);
	app->out = real;
	fclose(mem);
	if (text != NULL)
		templates_write_safe(real, text, len);
	free(text);
	return ret;
}

static int
cmd_templates_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	/* The operands after the verb: argv[2..argc). */
	int n = args->argc - 2;

	for (size_t i = 0; n >= 0 && i < sizeof templates_verbs / sizeof templates_verbs[0]; i++) {
		const struct templates_verb *vb = &templates_verbs[i];

		if (strcmp(args->argv[1], vb->name) != 0 ||
		    (vb->operands >= 0 ? n != vb->operands : n < 1))
			continue;
		return vb->shows_text ? templates_run_shown(app, vb, n, args->argv + 2, err)
				      : vb->run(app, n, args->argv + 2, err);
	}
	return fc_error_set(err, FC_E_USAGE,
			    _("templates: expected list, show ID or check FILE..."));
}

const struct fc_cmd_entry fc_cmd_templates_entry = {
    .name = "templates",
    .usage = "list | show ID[@VERSION] | check FILE... [--json]",
    .summary = N_("list the checklist templates, show one, or check a template file"),
    .help = N_("Templates are read from $FIELDCHECK_HOME/templates, $FIELDCHECK_TEMPLATES,\n"
	       "the source tree's schema/checklists, then the installed checklists folder;\n"
	       "the highest version of an id is used for new records. check names every\n"
	       "problem in a file (exit 1): unknown items in conditions, conditions on\n"
	       "later items, bad ranges, hazard rules on missing options, duplicate ids,\n"
	       "missing zh or en labels, unknown types and severities.\n"),
    .flags = FC_CMD_JSON,
    .exec = cmd_templates_exec,
};
