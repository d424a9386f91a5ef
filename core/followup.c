/* SPDX-License-Identifier: Apache-2.0 */
/*
 * followup.c: per-item follow-up results, read and checked before signing.
 * Messages name the item, as the checklist's validation messages do.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "followup.h"
#include "hazard.h"
#include "photo.h"
#include "record-model.h"

#define _(s) gettext(s)

static void
followup_one(const char *item, const json_t *r, json_t *results, json_t *problems)
{
	const char *res = json_string_value(json_object_get(r, "result"));
	const json_t *note = json_object_get(r, "note"), *dl = json_object_get(r, "deadline");
	const json_t *photo = json_object_get(r, "photo");
	struct fc_date d;
	const char *key;
	const json_t *v;

	if (json_is_string(r)) /* "G04": "rectified" is the short form */
		res = json_string_value(r);
	if (res == NULL ||
	    (strcmp(res, FC_RESULT_RECTIFIED) != 0 && strcmp(res, FC_RESULT_NOT_RECTIFIED) != 0)) {
		fc_problem_add(problems, item,
			       _("%s: result must be \"rectified\" or \"not_rectified\""), item);
		return;
	}
	if (json_is_object(r))
		json_object_foreach((json_t *)r, key, v)
			if (strcmp(key, "result") != 0 && strcmp(key, "note") != 0 &&
			    strcmp(key, "deadline") != 0 && strcmp(key, "photo") != 0)
				fc_problem_add(
				    problems, item,
				    _("%s: \"%s\" is not a follow-up member (result, note, photo, "
				      "deadline)"),
				    item, key);
	if (note != NULL && !json_is_string(note))
		fc_problem_add(problems, item, _("%s: note must be text"), item);
	if (dl != NULL && (!json_is_string(dl) || fc_date_parse(json_string_value(dl), &d) != 0))
		fc_problem_add(problems, item, _("%s: deadline must be a date YYYY-MM-DD"), item);
	if (photo != NULL && !json_is_array(photo))
		fc_problem_add(problems, item, _("%s: photo must be a list of image files"), item);
	json_t *out = json_is_object(r) ? json_deep_copy(r) : json_object();
	json_object_set_new(out, "result", json_string(res));
	json_object_set_new(results, item, out);
}

void
fc_followup_read(const json_t *file, json_t **results, json_t **answers, json_t *problems)
{
	const json_t *res = json_object_get(file, "results");
	const char *item;
	const json_t *r;

	*results = NULL;
	*answers = NULL;
	if (res == NULL) {
		*answers = json_deep_copy(file);
		return;
	}
	if (!json_is_object(res) || json_object_size(res) == 0) {
		fc_problem_add(problems, NULL,
			       _("\"results\" must map each hazard item to its result"));
		return;
	}
	*results = json_object();
	json_object_foreach((json_t *)res, item, r)
		followup_one(item, r, *results, problems);
	if (json_object_get(file, "answers") != NULL) {
		if (json_is_object(json_object_get(file, "answers")))
			*answers = json_deep_copy(json_object_get(file, "answers"));
		else
			fc_problem_add(problems, NULL,
				       _("\"answers\" must map item ids to answers"));
	}
}

json_t *
fc_followup_all(const json_t *items, const char *result)
{
	json_t *out = json_object();
	size_t i;
	const json_t *it;

	json_array_foreach((json_t *)items, i, it)
		json_object_set_new(out, json_string_value(it),
				    json_pack("{s:s}", "result", result));
	return out;
}

/*
 * A new deadline is a day still to come when the follow-up is made: one
 * before it would make the hazard overdue the moment it is recorded, and is
 * a typo for the year more often than not. The follow-up's day is its time's
 * (a record entered later with `record --batch` keeps the day of the visit),
 * else today.
 */
void
fc_followup_check_deadlines(const json_t *results, const char *time, json_t *problems)
{
	const char *item;
	const json_t *r;
	struct fc_date day, d;
	char at[11];

	snprintf(at, sizeof at, "%s", time != NULL ? time : "");
	if (fc_date_parse(at, &day) != 0) {
		day = fc_date_today();
		fc_date_format(day, at);
	}
	json_object_foreach((json_t *)results, item, r) {
		const char *dl = json_string_value(json_object_get(r, "deadline"));

		if (dl != NULL && fc_date_parse(dl, &d) == 0 && fc_date_cmp(d, day) < 0)
			fc_problem_add(
			    problems, item,
			    _("%s: the new deadline %s is before the follow-up's day (%s)"), item,
			    dl, at);
	}
}

void
fc_followup_check(const struct fc_template *tpl, const json_t *results, const json_t *answers,
		  int year, json_t *problems)
{
	const char *item;
	const json_t *r, *h;
	json_t *shown = NULL, *hazards = NULL;
	struct fc_error ignored = {0};
	size_t i;

	json_object_foreach((json_t *)results, item, r)
		if (fc_template_item(tpl, item) == NULL)
			fc_problem_add(problems, item, _("%s: not an item of checklist %s"), item,
				       tpl->id);
	if (answers == NULL)
		return;
	unsigned char *vis = calloc(tpl->n_items + 1, 1);
	if (vis == NULL)
		return;
	shown = fc_template_visibility(tpl, answers, year, vis);
	if (shown != NULL && fc_hazard_derive(tpl, shown, year, &hazards, &ignored) == 0) {
		json_array_foreach(hazards, i, h) {
			const char *hit = json_string_value(json_object_get(h, "item"));
			const json_t *res = json_object_get(results, hit != NULL ? hit : "");
			const char *v = json_string_value(json_object_get(res, "result"));

			if (v != NULL && strcmp(v, FC_RESULT_RECTIFIED) == 0)
				fc_problem_add(
				    problems, hit,
				    _("%s: marked rectified, but its answer still shows the hazard "
				      "(%s)"),
				    hit, json_string_value(json_object_get(h, "note")));
		}
	}
	json_decref(hazards);
	json_decref(shown);
	free(vis);
}

int
fc_followup_import_photos(json_t *results, const char *base_dir, const char *photos_dir,
			  struct fc_error *err)
{
	const char *item;
	json_t *r;

	json_object_foreach(results, item, r) {
		json_t *list = json_object_get(r, "photo"), *out = json_array(), *p;
		size_t i;

		if (list == NULL) {
			json_decref(out);
			continue;
		}
		json_array_foreach(list, i, p) {
			char path[4096];
			const char *f = json_string_value(p);
			json_t *obj = NULL;

			if (f == NULL) { /* already imported */
				json_array_append(out, p);
				continue;
			}
			snprintf(path, sizeof path, "%s%s%s",
				 f[0] == '/' || !base_dir ? "" : base_dir,
				 f[0] == '/' || !base_dir ? "" : "/", f);
			if (fc_photo_import(photos_dir, path, &obj, err) != 0) {
				json_decref(out);
				return fc_error_prefix(err, "%s", item);
			}
			json_array_append_new(out, obj);
		}
		json_object_set_new(r, "photo", out);
	}
	return 0;
}

const char *
fc_followup_outcome(const json_t *results)
{
	const char *item;
	const json_t *r;

	json_object_foreach((json_t *)results, item, r) {
		const char *v = json_string_value(json_object_get(r, "result"));

		if (v == NULL || strcmp(v, FC_RESULT_RECTIFIED) != 0)
			return FC_RESULT_NOT_RECTIFIED;
	}
	return FC_RESULT_RECTIFIED;
}
