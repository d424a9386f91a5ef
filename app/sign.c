/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.c: the one path from what the inspector gave to a stored record.
 *
 * Order matters: every problem is found before anything else happens; photos
 * are imported only once the content is valid (a refusal after that leaves
 * only copies named by their hash, harmless to keep); the ledger's refusals
 * (a follow-up of a visit, a correction of a superseded version) come before
 * the PIN; fc_store_add_record() makes the record durable in one transaction
 * before it returns.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/sign.h"
#include "core/checklist.h"
#include "core/date.h"
#include "core/followup.h"
#include "core/lang.h"
#include "core/photo.h"
#include "core/record.h"
#include "core/record-model.h"
#include "core/validate.h"

#define _(s) gettext(s)

/* What is being made, owned here until it is sealed. */
struct sign_work {
	struct fc_checklist cl;
	json_t *answers; /* follow-ups: the re-answered items */
	json_t *results; /* follow-ups */
	json_t *extra;	 /* visits */
	struct fc_record_draft draft;
};

static int
sign_nomem(struct fc_error *err)
{
	return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
}

static const char *
sign_lang(const struct fc_sign_request *req)
{
	return req->lang != NULL ? req->lang : fc_lang_of_process();
}

/*
 * The year answers are judged in: the request's; else, for a record entered
 * after the visit, the visit's year as written (its local time), so a meter
 * installed in 2015 is 10 years old at a 2025 visit typed in 2026, not 11;
 * else 0, this year.
 */
static int
sign_year(const struct fc_sign_request *req)
{
	int64_t t;
	int y = 0;

	if (req->year != 0)
		return req->year;
	if (req->time != NULL && fc_record_time_unix(req->time, &t) == 0 &&
	    sscanf(req->time, "%4d-", &y) == 1)
		return y;
	return 0;
}

/* An inspection or a correction: the checklist says hazards, outcome and grade. */
static int
sign_inspection(struct fc_app *app, const struct fc_sign_request *req, struct sign_work *w,
		json_t *problems, struct fc_error *err)
{
	struct fc_record_draft *d = &w->draft;

	if (req->tpl == NULL)
		return fc_error_set(err, FC_E_USAGE,
				    _("a checklist is needed to sign an inspection"));
	if (fc_checklist_evaluate(req->tpl, req->answers, sign_year(req), sign_lang(req), &w->cl,
				  problems, err) != 0 ||
	    fc_photo_import_answers(req->tpl, w->cl.answers, req->photo_base, app->home.photos,
				    err) != 0)
		return -1;
	d->type = req->corrects != NULL ? FC_TYPE_CORRECTION : w->cl.record_type;
	d->household = req->household;
	d->template_id = req->tpl->id;
	d->template_version = req->tpl->version;
	d->answers = w->cl.answers;
	d->hazards = w->cl.hazards;
	d->outcome = w->cl.outcome[0] != '\0' ? w->cl.outcome : NULL;
	d->grade = w->cl.grade;
	d->corrects = req->corrects;
	/* A correction says what it stands for: the ledger moves due dates by it. */
	d->kind = req->corrects != NULL ? w->cl.record_type : NULL;
	return 0;
}

/*
 * The followed record's answers with the follow-up's on top: a result of
 * "rectified" whose item the merged answers still raise is refused.
 */
static int
sign_followup_recheck(const struct fc_sign_request *req, json_t *problems, struct fc_error *err)
{
	const struct fc_record *prior = req->follows;
	struct fc_record_model m;
	json_t *merged;
	int year = sign_year(req) != 0 ? sign_year(req) : fc_date_today().y;

	if (json_object_size(req->answers) == 0) {
		fc_followup_check(req->tpl, req->results, NULL, year, problems);
		return 0;
	}
	if (fc_record_model_parse(prior->body, prior->body_len, &m, err) != 0) {
		fc_record_model_release(&m);
		return -1;
	}
	merged = json_deep_copy(fc_record_model_answers(&m));
	fc_record_model_release(&m);
	if (merged == NULL || json_object_update(merged, (json_t *)req->answers) != 0) {
		json_decref(merged);
		return sign_nomem(err);
	}
	fc_followup_check(req->tpl, req->results, merged, year, problems);
	json_decref(merged);
	return 0;
}

/* A follow-up re-checks some items only: each answer must be valid alone. */
static void
sign_followup_answers(const struct fc_sign_request *req, json_t *problems)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)req->answers, key, v) {
		struct fc_error e = {0};

		if (fc_validate_answer(req->tpl, key, v, sign_lang(req), &e) != 0)
			fc_problem_add(problems, key, "%s", e.msg);
	}
}

/* A hazard revisited: the followed record names the household and template. */
static int
sign_followup(struct fc_app *app, const struct fc_sign_request *req, struct sign_work *w,
	      json_t *problems, struct fc_error *err)
{
	const struct fc_record *prior = req->follows;
	struct fc_record_draft *d = &w->draft;

	if (req->tpl == NULL || req->results == NULL)
		return fc_error_set(
		    err, FC_E_USAGE,
		    _("a follow-up needs the followed record's checklist and results"));
	sign_followup_answers(req, problems);
	fc_followup_check_deadlines(req->results, req->time, problems);
	if (sign_followup_recheck(req, problems, err) != 0)
		return -1;
	if (json_array_size(problems) > 0)
		return fc_error_set(err, FC_E_INVALID, _("%zu problem(s)"),
				    json_array_size(problems));
	w->answers = req->answers != NULL ? json_deep_copy(req->answers) : json_object();
	w->results = json_deep_copy(req->results);
	if (w->answers == NULL || w->results == NULL)
		return sign_nomem(err);
	if (fc_photo_import_answers(req->tpl, w->answers, req->photo_base, app->home.photos, err) !=
		0 ||
	    fc_followup_import_photos(w->results, req->photo_base, app->home.photos, err) != 0)
		return -1;
	d->type = FC_TYPE_FOLLOWUP;
	d->household = prior->household[0] != '\0' ? prior->household : NULL;
	d->template_id = prior->template_id[0] != '\0' ? prior->template_id : NULL;
	d->template_version = prior->template_version;
	d->answers = json_object_size(w->answers) > 0 ? w->answers : NULL;
	d->results = w->results;
	d->outcome = fc_followup_outcome(w->results);
	d->follows = prior->id;
	return 0;
}

/* Nobody home, or entry refused: the visit's outcome is all it says. */
static int
sign_visit(const struct fc_sign_request *req, struct sign_work *w, struct fc_error *err)
{
	if ((w->extra = json_pack("{s:s}", "visit", req->visit)) == NULL)
		return sign_nomem(err);
	w->draft.type = FC_TYPE_VISIT;
	w->draft.household = req->household;
	w->draft.outcome = req->visit;
	w->draft.extra = w->extra;
	return 0;
}

/* Member key (value stolen) among the body's further members, after the checklist's. */
static int
sign_extra(struct sign_work *w, const char *key, json_t *value, struct fc_error *err)
{
	if (w->extra == NULL && (w->extra = json_object()) == NULL) {
		json_decref(value);
		return sign_nomem(err);
	}
	json_object_set_new(w->extra, key, value);
	w->draft.extra = w->extra;
	return 0;
}

/* The notes into the body's "notes" member, beside a visit's "visit". */
static int
sign_notes(const struct fc_sign_request *req, struct sign_work *w, json_t *problems,
	   struct fc_error *err)
{
	json_t *notes, *v;
	const char *item;

	if (json_object_size(req->notes) == 0 || req->follows != NULL)
		return 0;
	if ((notes = json_object()) == NULL)
		return sign_nomem(err);
	json_object_foreach((json_t *)req->notes, item, v) {
		/* The TUI gives text only; a file from a script may hold anything. */
		if (!json_is_string(v))
			fc_problem_add(problems, item, _("%s: a note must be text"), item);
		else if (json_string_length(v) == 0)
			continue;
		else if (req->tpl != NULL && fc_template_item(req->tpl, item) == NULL)
			fc_problem_add(problems, item,
				       _("%s: a note on an item the checklist lacks"), item);
		else
			json_object_set(notes, item, v);
	}
	if (json_array_size(problems) > 0) {
		json_decref(notes);
		return fc_error_set(err, FC_E_INVALID, _("%zu problem(s)"),
				    json_array_size(problems));
	}
	if (json_object_size(notes) == 0) {
		json_decref(notes);
		return 0;
	}
	return sign_extra(w, "notes", notes, err);
}

/*
 * One item's photos as signed: names (relative to photo_base) are imported,
 * photo objects already imported (the TUI hashes at once) are kept.
 */
static json_t *
sign_evidence_item(struct fc_app *app, const struct fc_sign_request *req, const char *item,
		   const json_t *list, struct fc_error *err)
{
	json_t *out = json_array(), *p, *obj;
	size_t i;
	char path[4096];

	if (out == NULL) {
		sign_nomem(err);
		return NULL;
	}
	json_array_foreach((json_t *)list, i, p) {
		const char *f = json_string_value(p);

		if (f == NULL) {
			json_array_append(out, p);
			continue;
		}
		snprintf(path, sizeof path, "%s%s%s",
			 f[0] == '/' || !req->photo_base ? "" : req->photo_base,
			 f[0] == '/' || !req->photo_base ? "" : "/", f);
		if (fc_photo_import(app->home.photos, path, &obj, err) != 0) {
			json_decref(out);
			fc_error_prefix(err, "%s", item);
			return NULL;
		}
		json_array_append_new(out, obj);
	}
	return out;
}

/* The photos on items into the body's "evidence" member (not for follow-ups). */
static int
sign_evidence(struct fc_app *app, const struct fc_sign_request *req, struct sign_work *w,
	      json_t *problems, struct fc_error *err)
{
	json_t *ev, *v, *list;
	const char *item;

	if (json_object_size(req->evidence) == 0 || req->follows != NULL || req->tpl == NULL)
		return 0;
	json_object_foreach((json_t *)req->evidence, item, v) {
		if (fc_template_item(req->tpl, item) == NULL)
			fc_problem_add(problems, item, "%s",
				       _("photos on an item the checklist lacks"));
		else if (!json_is_array(v))
			fc_problem_add(problems, item, "%s",
				       _("photos must be a list of image files"));
	}
	if (json_array_size(problems) > 0)
		return fc_error_set(err, FC_E_INVALID, _("%zu problem(s)"),
				    json_array_size(problems));
	if ((ev = json_object()) == NULL)
		return sign_nomem(err);
	json_object_foreach((json_t *)req->evidence, item, v) {
		if (json_array_size(v) == 0)
			continue;
		if ((list = sign_evidence_item(app, req, item, v, err)) == NULL) {
			json_decref(ev);
			return -1;
		}
		json_object_set_new(ev, item, list);
	}
	if (json_object_size(ev) == 0) {
		json_decref(ev);
		return 0;
	}
	/* A malformed photo object is refused here, not by every reader later. */
	if (fc_record_model_check_evidence(ev, err) != 0) {
		json_decref(ev);
		return -1;
	}
	return sign_extra(w, "evidence", ev, err);
}

static int
sign_seal(struct fc_app *app, const struct fc_sign_request *req, struct sign_work *w,
	  struct fc_sign_result *res, struct fc_error *err)
{
	struct fc_signer signer;
	const char *g;

	/* Refusals come before the PIN: nothing to unlock for a record that cannot be stored. */
	if (fc_store_check_draft(app->store, &w->draft, err) != 0 ||
	    (req->time != NULL && fc_record_time_check(req->time, (int64_t)time(NULL), err) != 0))
		return -1;
	if (app->key == NULL && req->unlock != NULL && req->unlock(app, err) != 0)
		return -1;
	if (app->key == NULL)
		return fc_error_set(err, FC_E_PIN, _("the key is locked; enter the PIN first"));
	fc_key_signer(app->key, &signer);
	if (fc_store_add_record(app->store, &w->draft, &signer, req->time, &res->rec, err) != 0)
		return -1;
	res->hazards = json_array_size(w->draft.hazards);
	g = json_string_value(json_object_get(w->draft.grade, "grade"));
	snprintf(res->grade, sizeof res->grade, "%s", g != NULL ? g : "");
	return 0;
}

int
fc_app_sign_record(struct fc_app *app, const struct fc_sign_request *req,
		   struct fc_sign_result *res, struct fc_error *err)
{
	struct sign_work w;
	int ret;

	memset(res, 0, sizeof *res);
	memset(&w, 0, sizeof w);
	if ((res->problems = json_array()) == NULL)
		return sign_nomem(err);
	if (req->visit != NULL)
		ret = sign_visit(req, &w, err);
	else if (req->follows != NULL)
		ret = sign_followup(app, req, &w, res->problems, err);
	else
		ret = sign_inspection(app, req, &w, res->problems, err);
	if (ret == 0)
		ret = sign_notes(req, &w, res->problems, err);
	if (ret == 0)
		ret = sign_evidence(app, req, &w, res->problems, err);
	if (ret == 0)
		ret = sign_seal(app, req, &w, res, err);
	fc_checklist_release(&w.cl);
	json_decref(w.answers);
	json_decref(w.results);
	json_decref(w.extra);
	return ret;
}

void
fc_sign_result_release(struct fc_sign_result *res)
{
	fc_record_release(&res->rec);
	json_decref(res->problems);
	res->problems = NULL;
}
