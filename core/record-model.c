/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-model.c: one parse of a body, typed reads after it.
 *
 * fc_record_from_body() (record-read.c) checks the members every record has;
 * this adds the members the ledger reads (results, kind, grade) and checks
 * their form, so a malformed follow-up is refused here with the member named
 * instead of being half-applied by whoever reads it next.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "record-model.h"

#define _(s) gettext(s)

static const char *
model_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* Copy optional string member key into dst[size]; FC_E_INVALID when not a fitting string. */
static int
model_copy(const json_t *o, const char *key, char *dst, size_t size, struct fc_error *err)
{
	const json_t *v = json_object_get(o, key);

	dst[0] = '\0';
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= size)
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"%s\" is not a string of at most %zu bytes"),
				    key, size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int
fc_record_visit_outcome(const char *outcome)
{
	static const char *const visits[] = {"nobody_home", "nobody-home", "refused", "unable",
					     NULL};

	for (size_t i = 0; outcome != NULL && visits[i] != NULL; i++)
		if (strcmp(outcome, visits[i]) == 0)
			return 1;
	return 0;
}

/* results: {"G04": {"result": "rectified"|"not_rectified", "note", "photo", "deadline"}}. */
static int
model_check_results(const json_t *results, struct fc_error *err)
{
	const char *item;
	const json_t *r;

	if (!json_is_object(results))
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"results\" is not an object"));
	json_object_foreach((json_t *)results, item, r) {
		const char *res = model_str(r, "result");
		const json_t *dl = json_object_get(r, "deadline");

		if (!json_is_object(r))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: results.%s is not an object"), item);
		if (strcmp(res, FC_RESULT_RECTIFIED) != 0 &&
		    strcmp(res, FC_RESULT_NOT_RECTIFIED) != 0)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("record body: results.%s.result must be \"%s\" or \"%s\""), item,
			    FC_RESULT_RECTIFIED, FC_RESULT_NOT_RECTIFIED);
		if (dl != NULL && (!json_is_string(dl) || json_string_length(dl) != 10))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: results.%s.deadline is not YYYY-MM-DD"),
					    item);
	}
	return 0;
}

/* notes: {"G05": "text"}: every note is a string. */
static int
model_check_notes(const json_t *notes, struct fc_error *err)
{
	const char *item;
	json_t *v;

	if (!json_is_object(notes))
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"notes\" is not an object"));
	json_object_foreach((json_t *)notes, item, v) {
		if (!json_is_string(v))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: notes.%s is not text"), item);
	}
	return 0;
}

int
fc_record_kind(const char *type, const char *kind_member, const char *outcome, char out[16])
{
	const char *kind = kind_member != NULL ? kind_member : "";

	out[0] = '\0';
	if (strcmp(type, FC_TYPE_INSPECTION) == 0 || strcmp(type, FC_TYPE_VISIT) == 0) {
		snprintf(out, 16, "%s", type);
		return 0;
	}
	if (strcmp(type, FC_TYPE_CORRECTION) != 0)
		return 0;
	if (*kind == '\0')
		kind = fc_record_visit_outcome(outcome) ? FC_KIND_VISIT : FC_KIND_INSPECTION;
	if (strcmp(kind, FC_KIND_INSPECTION) != 0 && strcmp(kind, FC_KIND_VISIT) != 0)
		return -1;
	snprintf(out, 16, "%s", kind);
	return 0;
}

static int
model_kind(struct fc_record_model *m, struct fc_error *err)
{
	if (fc_record_kind(m->type, model_str(m->root, "kind"), m->outcome, m->kind) != 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"kind\" must be \"inspection\" or \"visit\""));
	return 0;
}

static int
model_fill(struct fc_record_model *m, struct fc_error *err)
{
	const json_t *grade = json_object_get(m->root, "grade");
	const json_t *results = json_object_get(m->root, "results");

	m->format = (int)json_integer_value(json_object_get(m->root, "v"));
	if (model_copy(m->root, "follows", m->follows, sizeof m->follows, err) != 0 ||
	    model_copy(m->root, "corrects", m->corrects, sizeof m->corrects, err) != 0)
		return -1;
	memcpy(m->date, m->time, 10);
	m->date[10] = '\0';
	if (results != NULL && model_check_results(results, err) != 0)
		return -1;
	if (json_object_get(m->root, "notes") != NULL &&
	    model_check_notes(json_object_get(m->root, "notes"), err) != 0)
		return -1;
	if (json_object_get(m->root, "evidence") != NULL &&
	    fc_record_model_check_evidence(json_object_get(m->root, "evidence"), err) != 0)
		return -1;
	if (strcmp(m->type, FC_TYPE_CORRECTION) == 0 && m->corrects[0] == '\0')
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: a correction without \"corrects\""));
	if (strcmp(m->type, FC_TYPE_FOLLOWUP) == 0 && m->follows[0] == '\0')
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: a follow-up without \"follows\""));
	snprintf(m->grade, sizeof m->grade, "%s", model_str(grade, "grade"));
	return model_kind(m, err);
}

int
fc_record_model_parse(const char *body, size_t len, struct fc_record_model *m, struct fc_error *err)
{
	struct fc_record rec;
	json_error_t jerr;

	memset(m, 0, sizeof *m);
	memset(&rec, 0, sizeof rec);
	/* Duplicate members would let two readers see two different records. */
	m->root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (m->root == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: not valid JSON: %s (byte %d)"), jerr.text,
				    jerr.position);
	if (fc_record_read_members(m->root, &rec, err) != 0)
		return -1;
	memcpy(m->type, rec.type, sizeof m->type);
	memcpy(m->id, rec.id, sizeof m->id);
	memcpy(m->device, rec.device, sizeof m->device);
	memcpy(m->inspector, rec.inspector, sizeof m->inspector);
	memcpy(m->time, rec.time, sizeof m->time);
	memcpy(m->household, rec.household, sizeof m->household);
	memcpy(m->template_id, rec.template_id, sizeof m->template_id);
	memcpy(m->outcome, rec.outcome, sizeof m->outcome);
	m->template_version = rec.template_version;
	m->seq = rec.seq;
	return model_fill(m, err);
}

void
fc_record_model_release(struct fc_record_model *m)
{
	json_decref(m->root);
	m->root = NULL;
}

const json_t *
fc_record_model_json(const struct fc_record_model *m)
{
	return m->root;
}

const char *
fc_record_model_district(const struct fc_record_model *m)
{
	return json_string_value(json_object_get(m->root, "district"));
}

const json_t *
fc_record_model_answers(const struct fc_record_model *m)
{
	static json_t *empty;
	const json_t *a = json_object_get(m->root, "answers");

	if (a != NULL)
		return a;
	if (empty == NULL)
		empty = json_object();
	return empty;
}

char *
fc_record_model_answers_dump(const struct fc_record_model *m)
{
	const json_t *a = json_object_get(m->root, "answers");

	return json_is_object(a) ? json_dumps(a, JSON_COMPACT) : NULL;
}

const json_t *
fc_record_model_grade(const struct fc_record_model *m)
{
	return json_object_get(m->root, "grade");
}

size_t
fc_record_model_hazard_count(const struct fc_record_model *m)
{
	return json_array_size(json_object_get(m->root, "hazards"));
}

void
fc_record_model_hazard(const struct fc_record_model *m, size_t i, struct fc_record_hazard *out)
{
	const json_t *h = json_array_get(json_object_get(m->root, "hazards"), i);

	out->item = model_str(h, "item");
	out->severity = model_str(h, "severity");
	out->note = model_str(h, "note");
	out->rule = model_str(h, "rule");
	out->note_en = model_str(h, "note_en");
}

size_t
fc_record_model_note_count(const struct fc_record_model *m)
{
	return json_object_size(json_object_get(m->root, "notes"));
}

void
fc_record_model_note(const struct fc_record_model *m, size_t i, const char **item,
		     const char **text)
{
	const json_t *notes = json_object_get(m->root, "notes");
	void *it = json_object_iter((json_t *)notes);

	while (it != NULL && i-- > 0)
		it = json_object_iter_next((json_t *)notes, it);
	*item = it != NULL ? json_object_iter_key(it) : "";
	*text = it != NULL ? json_string_value(json_object_iter_value(it)) : "";
	if (*text == NULL)
		*text = "";
}

size_t
fc_record_model_result_count(const struct fc_record_model *m)
{
	return json_object_size(json_object_get(m->root, "results"));
}

void
fc_record_model_result(const struct fc_record_model *m, size_t i, struct fc_record_result *out)
{
	const json_t *results = json_object_get(m->root, "results");
	void *it = json_object_iter((json_t *)results);

	/* Members in body order: the order the inspector gave them. */
	for (size_t k = 0; k < i && it != NULL; k++)
		it = json_object_iter_next((json_t *)results, it);
	const json_t *r = it != NULL ? json_object_iter_value(it) : NULL;
	out->item = it != NULL ? json_object_iter_key(it) : "";
	out->result = model_str(r, "result");
	out->note = model_str(r, "note");
	out->deadline = model_str(r, "deadline");
	out->photo = json_object_get(r, "photo");
}

static int
model_photo_walk(const json_t *v, fc_record_photo_fn fn, void *ctx)
{
	const char *key;
	const json_t *x;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach((json_t *)v, i, x)
			if (model_photo_walk(x, fn, ctx) != 0)
				return 1;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (json_is_string(json_object_get(v, "hash")) &&
	    json_is_integer(json_object_get(v, "size")))
		return fn(model_str(v, "hash"), json_integer_value(json_object_get(v, "size")),
			  ctx);
	json_object_foreach((json_t *)v, key, x)
		if (model_photo_walk(x, fn, ctx) != 0)
			return 1;
	return 0;
}

int
fc_record_model_each_photo(const struct fc_record_model *m, fc_record_photo_fn fn, void *ctx)
{
	if (model_photo_walk(json_object_get(m->root, "answers"), fn, ctx) != 0 ||
	    model_photo_walk(json_object_get(m->root, "evidence"), fn, ctx) != 0)
		return 1;
	return model_photo_walk(json_object_get(m->root, "results"), fn, ctx);
}
