/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-record.c: `fieldcheck record`, making a signed record from an answers
 * file: an inspection or visit (--template), a hazard follow-up (--follows)
 * or a correction of an earlier record (--corrects).
 *
 * Order matters: everything that can be wrong with the answers is found and
 * reported (every problem, each naming its item) before the PIN is asked
 * for, and nothing is stored unless all of it is right. Photos are hashed and
 * copied into the home's photos/ only once the answers are valid; a wrong PIN
 * after that leaves only those copies, which are named by their hash and so
 * harmless to keep.
 */
#include <libgen.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "app/sign.h"
#include "cmd.h"
#include "core/checklist.h"
#include "core/followup.h"
#include "core/settings.h"
#include "core/template.h"
#include "core/textfile.h"
#include "core/utf8.h"
#include "record.h"

#define _(s) gettext(s)
#define N_(s) (s)

static int
record_parse(const struct fc_cmd_args *args, struct record_opts *o, struct fc_error *err)
{
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("record: unknown argument '%s'"),
				    args->argv[1]);
	o->template_arg = fc_cmd_opt(args, "template");
	o->household = fc_cmd_opt(args, "household");
	o->answers_path = fc_cmd_opt(args, "answers");
	o->follows = fc_cmd_opt(args, "follows");
	o->corrects = fc_cmd_opt(args, "corrects");
	o->outcome = fc_cmd_opt(args, "outcome");
	o->batch = fc_cmd_opt(args, "batch");
	o->notes_path = fc_cmd_opt(args, "notes");
	if (o->batch != NULL)
		return o->template_arg != NULL || o->household != NULL || o->answers_path != NULL ||
			       o->follows != NULL || o->corrects != NULL || o->outcome != NULL ||
			       o->notes_path != NULL
			   ? fc_error_set(
				 err, FC_E_USAGE,
				 _("record: --batch takes its records from the file alone"))
			   : 0;
	if (o->follows != NULL && o->corrects != NULL)
		return fc_error_set(err, FC_E_USAGE,
				    _("record: --follows and --corrects exclude each other"));
	if (o->follows != NULL) {
		/* A follow-up's note is per result: {"results": {"G04": {"note": ...}}}. */
		if (o->notes_path != NULL)
			return fc_error_set(
			    err, FC_E_USAGE,
			    _("record: --notes is for inspections and corrections; a "
			      "follow-up gives each result its \"note\" in --answers"));
		if (o->outcome == NULL && o->answers_path == NULL)
			return fc_error_set(
			    err, FC_E_USAGE,
			    _("record: a follow-up needs --answers FILE with per-item "
			      "results, or --outcome rectified|not_rectified for every "
			      "open hazard"));
		if (o->outcome != NULL && strcmp(o->outcome, "rectified") != 0 &&
		    strcmp(o->outcome, "not_rectified") != 0)
			return fc_error_set(
			    err, FC_E_USAGE,
			    _("record: --outcome must be rectified or not_rectified"));
		return 0;
	}
	if (o->outcome != NULL)
		return fc_error_set(err, FC_E_USAGE, _("record: --outcome is only for --follows"));
	if (o->answers_path == NULL)
		return fc_error_set(err, FC_E_USAGE, _("record: --answers FILE.json is required"));
	if (o->corrects == NULL && (o->template_arg == NULL || o->household == NULL))
		return fc_error_set(err, FC_E_USAGE,
				    _("record: --template ID and --household ID are required"));
	return 0;
}

/* "gas@2" -> id "gas", version 2; "gas" -> version 0 (the highest). */
static int
record_template_arg(const char *arg, char *id, size_t id_size, int *version, struct fc_error *err)
{
	const char *at = strchr(arg, '@');
	size_t len = at != NULL ? (size_t)(at - arg) : strlen(arg);

	if (len == 0 || len >= id_size)
		return fc_error_set(err, FC_E_USAGE, _("record: bad template '%s'"), arg);
	memcpy(id, arg, len);
	id[len] = '\0';
	*version = 0;
	if (at != NULL && (*version = atoi(at + 1)) < 1)
		return fc_error_set(err, FC_E_USAGE, _("record: bad template version in '%s'"),
				    arg);
	return 0;
}

/*
 * A JSON file that could not be read: a missing file is named as such (the
 * usual slip, a wrong path), a syntax error by its line with jansson's words
 * for what is wrong there (fc_json_why: in the reader's language).
 */
static int
record_file_error(const char *path, const json_error_t *jerr, struct fc_error *err)
{
	char why[256];

	if (jerr->line > 0)
		return fc_error_set(err, FC_E_INVALID, _("%s, line %d: %s"), path, jerr->line,
				    fc_json_why(jerr, why, sizeof why));
	if (access(path, F_OK) != 0)
		return fc_error_set(err, FC_E_IO, _("%s: no such file"), path);
	return fc_error_set(err, FC_E_IO, _("%s: cannot read it: %s"), path, jerr->text);
}

static json_t *
record_load_answers(const struct record_opts *o, struct fc_error *err)
{
	json_error_t jerr;
	const char *path = o->answers_path;
	json_t *a = o->answers != NULL ? json_incref(o->answers)
				       : fc_textfile_json(path, JSON_REJECT_DUPLICATES, &jerr);

	if (a == NULL) {
		record_file_error(path, &jerr, err);
		return NULL;
	}
	if (!json_is_object(a)) {
		json_decref(a);
		fc_error_set(err, FC_E_INVALID,
			     _("%s: must hold a JSON object from item id to answer"), path);
		return NULL;
	}
	return a;
}

/*
 * The notes: a batch line's "notes", the --notes file (a JSON object from
 * item id to text), or none (*out NULL). Which items they name, and that
 * each is text, app/sign.c checks with the answers.
 */
static int
record_load_notes(const struct record_opts *o, json_t **out, struct fc_error *err)
{
	json_error_t jerr;

	*out = NULL;
	if (o->notes != NULL) {
		*out = json_incref(o->notes);
		return 0;
	}
	if (o->notes_path == NULL)
		return 0;
	*out = fc_textfile_json(o->notes_path, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL)
		return record_file_error(o->notes_path, &jerr, err);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: must hold a JSON object from item id to note"),
				    o->notes_path);
	}
	return 0;
}

/* Where photo names are relative to: the batch file's or the answers file's directory. */
static char *
record_base(const struct record_opts *o, struct fc_error *err)
{
	char *dir = strdup(o->base != NULL ? o->base : o->answers_path);

	if (dir == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		return NULL;
	}
	if (o->base == NULL) {
		char *d = dirname(dir);
		memmove(dir, d, strlen(d) + 1);
	}
	return dir;
}

/* The templates: the batch's, loaded once, or loaded into own now. */
static const struct fc_templates *
record_templates(const struct record_opts *o, struct fc_templates *own, struct fc_error *err)
{
	if (o->templates != NULL)
		return o->templates;
	return fc_templates_load(own, err) == 0 ? own : NULL;
}

/* The settings: the batch's (a new reference), or read now. */
static int
record_settings(const struct record_opts *o, json_t **out, struct fc_error *err)
{
	if (o->settings != NULL) {
		*out = json_incref(o->settings);
		return 0;
	}
	return fc_settings_load(out, err);
}

static void
record_print_problems(struct fc_app *app, const char *path, json_t *problems)
{
	const json_t *p;
	size_t i;

	json_array_foreach(problems, i, p) {
		const char *msg = json_string_value(json_object_get(p, "message"));
		char safe[2048];

		/* Problems quote the answers: no control byte reaches the terminal raw. */
		msg = msg != NULL ? msg : "";
		fc_utf8_pad(msg, fc_utf8_cols(msg), safe, sizeof safe);
		fprintf(stderr, "fieldcheck: %s: %s\n", path, safe);
	}
	if (app->json) {
		json_t *o = json_pack("{s:b, s:O}", "ok", 0, "problems", problems);

		if (o != NULL)
			fc_cmd_print_json(app, o, NULL);
		json_decref(o);
	}
}

static int
record_refuse(struct fc_app *app, const char *path, json_t *problems, struct fc_error *err)
{
	size_t n = json_array_size(problems);

	record_print_problems(app, path, problems);
	if (n == 1)
		return fc_error_set(err, FC_E_INVALID, _("%s: 1 problem; nothing was stored"),
				    path);
	return fc_error_set(err, FC_E_INVALID, _("%s: %zu problems; nothing was stored"), path, n);
}

/*
 * The one signing path (app/sign.h) with the PIN asked for there, after
 * every check; a refusal lists its problems, else the new record's id is
 * printed.
 */
static int
record_sign(struct fc_app *app, struct fc_sign_request *req, const char *path,
	    char id[FC_RECORD_ID_MAX], struct fc_error *err)
{
	struct fc_sign_result res;
	int ret;

	req->unlock = fc_cmd_unlock;
	ret = fc_app_sign_record(app, req, &res, err);
	if (ret != 0 && err->code == FC_E_INVALID && json_array_size(res.problems) > 0)
		ret = record_refuse(app, path, res.problems, err);
	if (ret == 0 && app->json) {
		json_t *o = json_pack("{s:b, s:s, s:s, s:s, s:I}", "ok", 1, "id", res.rec.id,
				      "type", res.rec.type, "outcome", res.rec.outcome, "hazards",
				      (json_int_t)res.hazards);

		if (o != NULL && res.grade[0] != '\0')
			json_object_set_new(o, "grade", json_string(res.grade));
		if (o != NULL)
			fc_cmd_print_json(app, o, NULL);
		json_decref(o);
	} else if (ret == 0) {
		fprintf(app->out, "%s\n", res.rec.id);
	}
	if (ret == 0)
		snprintf(id, FC_RECORD_ID_MAX, "%s", res.rec.id);
	fc_sign_result_release(&res);
	return ret;
}

static int
record_collect_open(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct {
		const char *record;
		json_t *items;
	} *c = ctx;

	(void)err;
	if (strcmp(h->record, c->record) == 0)
		json_array_append_new(c->items, json_string(h->item));
	return 0;
}

/* --outcome alone: that result for every open hazard the followed record raised. */
static json_t *
record_results_for_all(struct fc_app *app, const struct fc_record *prior, const char *outcome,
		       struct fc_error *err)
{
	struct {
		const char *record;
		json_t *items;
	} c = {prior->id, json_array()};
	json_t *results = NULL;

	if (fc_store_each_open_hazard(app->store, prior->household, record_collect_open, &c, err) ==
	    0)
		results = fc_followup_all(c.items, outcome);
	json_decref(c.items);
	return results;
}

/* The results and answers of a follow-up as the file (or --outcome) gives them. */
static int
record_followup_read(struct fc_app *app, const struct record_opts *o, const struct fc_record *prior,
		     json_t **results, json_t **answers, json_t *problems, struct fc_error *err)
{
	json_t *file = NULL;
	int ret = -1;

	if (o->answers_path != NULL) {
		if ((file = record_load_answers(o, err)) == NULL)
			return -1;
		fc_followup_read(file, results, answers, problems);
	}
	if (*results == NULL && json_array_size(problems) == 0) {
		if (o->outcome == NULL) {
			fc_problem_add(problems, NULL, "%s",
				       _("give \"results\" per hazard item or --outcome"));
		} else if ((*results = record_results_for_all(app, prior, o->outcome, err)) ==
			   NULL) {
			goto out;
		}
	}
	if (json_array_size(problems) > 0) {
		ret = record_refuse(app, o->answers_path ? o->answers_path : prior->id, problems,
				    err);
		goto out;
	}
	ret = 0;
out:
	json_decref(file);
	return ret;
}

/* The record an option names could not be read: said in the reader's words when it is missing. */
static void
record_not_found(struct fc_error *err, const char *opt, const char *id)
{
	if (err->code == FC_E_NOTFOUND)
		fc_error_set(err, FC_E_NOTFOUND, _("record %s %s: no such record on this device"),
			     opt, id);
	else
		fc_error_prefix(err, "record %s %s", opt, id);
}

/* A hazard revisited: the followed record names the household and template. */
static int
record_followup(struct fc_app *app, struct record_opts *o, struct fc_error *err)
{
	struct fc_record prior = {0};
	struct fc_templates set = {0};
	const struct fc_templates *tpls;
	const struct fc_template *tpl = NULL;
	json_t *answers = NULL, *results = NULL, *problems = json_array();
	struct fc_sign_request req = {0};
	char *dir = NULL;
	int ret = -1;

	if (fc_store_get_record(app->store, o->follows, &prior, err) != 0) {
		record_not_found(err, "--follows", o->follows);
		goto out;
	}
	if ((tpls = record_templates(o, &set, err)) == NULL ||
	    (tpl = fc_templates_find(tpls, prior.template_id, prior.template_version, err)) ==
		NULL ||
	    record_followup_read(app, o, &prior, &results, &answers, problems, err) != 0)
		goto out;
	if ((o->answers_path != NULL || o->base != NULL) && (dir = record_base(o, err)) == NULL)
		goto out;
	req.tpl = tpl;
	req.follows = &prior;
	req.results = results;
	req.answers = answers;
	req.photo_base = dir;
	req.time = o->time;
	ret = record_sign(app, &req, o->answers_path ? o->answers_path : prior.id, o->id, err);
out:
	free(dir);
	json_decref(answers);
	json_decref(results);
	json_decref(problems);
	fc_templates_release(&set);
	fc_record_release(&prior);
	return ret;
}

int
fc_record_one(struct fc_app *app, struct record_opts *o, struct fc_error *err)
{
	struct fc_record prior = {0};
	struct fc_templates set = {0};
	const struct fc_templates *tpls;
	struct fc_household hh;
	struct fc_sign_request req = {0};
	const struct fc_template *tpl;
	char tpl_id[FC_ID_MAX];
	const char *household;
	json_t *answers = NULL, *problems = json_array(), *settings = NULL, *notes = NULL;
	struct fc_prefill_src src = {0};
	char *dir = NULL;
	int version = 0, ret = -1;

	if (problems == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (o->follows != NULL) {
		ret = record_followup(app, o, err);
		goto out;
	}
	household = o->household;
	if (o->corrects != NULL) {
		if (fc_store_get_record(app->store, o->corrects, &prior, err) != 0) {
			record_not_found(err, "--corrects", o->corrects);
			goto out;
		}
		if (household == NULL)
			household = prior.household;
		if (o->template_arg == NULL) {
			if (prior.template_id[0] == '\0') {
				fc_error_set(err, FC_E_USAGE,
					     _("record: %s has no template; give --template"),
					     prior.id);
				goto out;
			}
			o->template_arg = prior.template_id;
		}
	}
	if (record_template_arg(o->template_arg, tpl_id, sizeof tpl_id, &version, err) != 0 ||
	    (answers = record_load_answers(o, err)) == NULL ||
	    record_load_notes(o, &notes, err) != 0 ||
	    (tpls = record_templates(o, &set, err)) == NULL ||
	    (tpl = fc_templates_find(tpls, tpl_id, version, err)) == NULL)
		goto out;
	if (fc_store_get_household(app->store, household, &hh, err) != 0) {
		if (err->code == FC_E_NOTFOUND)
			fc_error_set(
			    err, FC_E_NOTFOUND,
			    _("household %s: not in the registry; import it with 'fieldcheck "
			      "households import' or check the id"),
			    household);
		goto out;
	}
	if (fc_checklist_applies(tpl, hh.kind, hh.id, err) != 0 ||
	    record_settings(o, &settings, err) != 0)
		goto out;
	src.kind = hh.kind;
	src.district = hh.district;
	src.settings = settings;
	fc_checklist_prefill(tpl, answers, &src);
	if ((dir = record_base(o, err)) == NULL)
		goto out;
	req.household = household;
	req.tpl = tpl;
	req.answers = answers;
	req.notes = notes;
	req.photo_base = dir;
	req.corrects = o->corrects != NULL ? prior.id : NULL;
	req.time = o->time;
	ret = record_sign(app, &req, o->answers_path, o->id, err);
out:
	free(dir);
	json_decref(answers);
	json_decref(notes);
	json_decref(problems);
	json_decref(settings);
	fc_templates_release(&set);
	fc_record_release(&prior);
	return ret;
}

static int
cmd_record_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct record_opts o = {0};

	if (record_parse(args, &o, err) != 0)
		return -1;
	if (o.batch != NULL)
		return fc_record_batch(app, o.batch, err);
	return fc_record_one(app, &o, err);
}

const struct fc_cmd_entry fc_cmd_record_entry = {
    .name = "record",
    .usage = "--template ID[@V] --household ID --answers FILE [--notes FILE] | --follows ID "
	     "(--answers FILE | --outcome rectified|not_rectified) | --corrects ID --answers FILE "
	     "[--notes FILE] | --batch FILE [--pin-stdin] [--json]",
    .summary = N_("validate an answers file, derive hazards, sign and store a record"),
    .help =
	N_("The answers file is a JSON object from item id to answer, as the TUI collects.\n"
	   "Every problem is listed with its item id (exit 1) and nothing is stored.\n"
	   "Photo answers name image files (relative to the answers file); each is\n"
	   "hashed and copied into the home's photos/ so the signature covers it.\n"
	   "--notes FILE.json gives the inspector's notes on items, a JSON object from\n"
	   "item id to text ({\"G30\": \"...\"}), signed with the answers as the TUI's\n"
	   "notes are; a note on an item the checklist lacks is a problem.\n"
	   "--follows records a hazard follow-up: its answers file gives a result per\n"
	   "hazard item, {\"results\": {\"G04\": {\"result\": \"rectified\", \"note\": \"...\",\n"
	   "\"photo\": [\"a.jpg\"]}, \"G24\": {\"result\": \"not_rectified\", \"deadline\":\n"
	   "\"2026-06-30\"}}, \"answers\": {...}}; --outcome alone gives that result to every\n"
	   "open hazard of the record. Only listed items change; following a visit or\n"
	   "an item that is not open is refused before the PIN is asked.\n"
	   "--corrects a correction of a record (it must be the current version).\n"
	   "--batch FILE.jsonl makes one record per line after one PIN: {\"template\",\n"
	   "\"household\", \"answers\", \"notes\", \"time\"}, {\"corrects\", \"answers\",\n"
	   "\"notes\"} or {\"follows\",\n"
	   "\"results\"|\"outcome\"}; \"@N\" names line N's record; ids are printed in order.\n"),
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_PIN | FC_CMD_JSON,
    .opts =
	(const struct fc_opt[]){
	    {"template", 1},
	    {"household", 1},
	    {"answers", 1},
	    {"follows", 1},
	    {"corrects", 1},
	    {"outcome", 1},
	    {"batch", 1},
	    {"notes", 1},
	    {NULL, 0},
	},
    .exec = cmd_record_exec,
};
