/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.c: lays out a record body for people (see record-view.h). It
 * reads the body the signature covers, through the record model, never a
 * re-serialised copy, and shows every answer even when the template that made
 * it is no longer installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/record-view.h"
#include "core/grade.h"
#include "core/hazard.h"
#include "core/record-model.h"
#include "core/utf8.h"

/* Severity words ("重大隐患", "moderate") padded so the notes after them align. */
#define VIEW_SEVERITY_COLS 16

static void
view_json(struct fc_view *w, const json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		fc_view_str(w, json_string_value(v));
		return;
	}
	/*
	 * 15 significant digits, as the signed body is written (core/record.c):
	 * jansson's default of 17 shows a typed 0.3 as 0.29999999999999999.
	 */
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (s == NULL) {
		w->failed = 1;
		return;
	}
	fc_view_str(w, s);
	free(s);
}

/* A code as people say it: rows of {code, zh, en}; NULL when code is not listed. */
static const char *
view_word(const char *const (*rows)[3], size_t n, const char *code, int zh)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(code, rows[i][0]) == 0)
			return rows[i][zh ? 1 : 2];
	return NULL;
}

/* Record types as people say them (the body keeps the code). */
static const char *
view_type(const char *type, int zh)
{
	static const char *const types[][3] = {
	    {"inspection", "入户检查", "inspection"},
	    {"visit", "到访未检查", "visit, not inspected"},
	    {"followup", "隐患复查", "hazard follow-up"},
	    {"correction", "更正", "correction"},
	    {"household", "住户信息变更", "household change"},
	};
	const char *word = view_word(types, sizeof types / sizeof types[0], type, zh);

	return word != NULL ? word : type;
}

/* A yes/no answer as a word; NULL when v is not one of the three codes. */
static const char *
view_yesno(const char *v, int zh)
{
	static const char *const yesno[][3] = {
	    {"yes", "是", "yes"},
	    {"no", "否", "no"},
	    {"na", "不适用", "not applicable"},
	};

	return view_word(yesno, sizeof yesno / sizeof yesno[0], v, zh);
}

/* A list answer: photo file names (the hashes are in show --json) or option labels. */
static void
view_answer_list(struct fc_view *w, const struct fc_item *item, const json_t *v)
{
	size_t i;
	json_t *e;

	json_array_foreach(v, i, e) {
		if (i > 0)
			fc_view_addf(w, ", ");
		if (item->type != FC_ITEM_PHOTO) {
			fc_record_view_answer(w, item, e);
			continue;
		}
		const char *f = json_string_value(json_object_get(e, "file"));
		fc_view_str(w, f != NULL ? f : json_is_string(e) ? json_string_value(e) : "?");
	}
}

/* A choice answer shows its option's label; anything else its value. */
void
fc_record_view_answer(struct fc_view *w, const struct fc_item *item, const json_t *v)
{
	const char *s = json_string_value(v);
	const char *unit = item != NULL ? fc_item_unit(item, w->lang) : NULL;

	if (item != NULL && s != NULL && item->n_options > 0) {
		long k = fc_template_option_index(item, s);
		if (k >= 0) {
			fc_view_str(w, fc_label_get(&item->options[k].label, w->lang));
			return;
		}
	}
	if (item != NULL && item->type == FC_ITEM_YESNO && s != NULL &&
	    view_yesno(s, w->zh) != NULL) {
		fc_view_addf(w, "%s", view_yesno(s, w->zh));
		return;
	}
	if (item != NULL && json_is_array(v) &&
	    (item->type == FC_ITEM_PHOTO || item->n_options > 0)) {
		view_answer_list(w, item, v);
		return;
	}
	view_json(w, v);
	if (unit != NULL && json_is_number(v)) {
		fc_view_addf(w, " ");
		fc_view_str(w, unit);
	}
}

static void
view_answer_line(struct fc_view *w, const char *id, const struct fc_item *item, const json_t *v)
{
	fc_view_addf(w, "  %-6s ", id);
	if (item != NULL) {
		fc_view_str(w, fc_label_get(&item->label, w->lang));
		fc_view_addf(w, ": ");
	}
	fc_record_view_answer(w, item, v);
	fc_view_end(w, FC_VIEW_PLAIN);
}

/* Photo file names, comma separated (the hashes are in show --json). */
static void
view_photo_names(struct fc_view *w, const json_t *photos)
{
	size_t i;
	json_t *p;

	json_array_foreach((json_t *)photos, i, p) {
		const char *f = json_string_value(json_object_get(p, "file"));
		if (i > 0)
			fc_view_addf(w, ", ");
		fc_view_str(w, f != NULL ? f : "?");
	}
}

/* The photos taken as evidence on an item, on a line under its answer. */
static void
view_evidence_line(struct fc_view *w, const json_t *photos)
{
	if (json_array_size(photos) == 0)
		return;
	fc_view_addf(w, "         %s", w->zh ? "证据照片：" : "evidence photos: ");
	view_photo_names(w, photos);
	fc_view_end(w, FC_VIEW_PLAIN);
}

/* Item id's answer (when it has one) with the photos on it under it. */
static void
view_item(struct fc_view *w, const char *id, const struct fc_item *item, const json_t *v,
	  const struct fc_record_model *m)
{
	const json_t *photos = fc_record_model_evidence(m, id);

	if (v == NULL && photos == NULL)
		return;
	if (v != NULL) {
		view_answer_line(w, id, item, v);
	} else {
		fc_view_addf(w, "  %-6s ", id);
		if (item != NULL) {
			fc_view_str(w, fc_label_get(&item->label, w->lang));
			fc_view_addf(w, ": ");
		}
		fc_view_str(w, w->zh ? "（未作答）" : "(no answer)");
		fc_view_end(w, FC_VIEW_PLAIN);
	}
	view_evidence_line(w, photos);
}

/*
 * Form order, so the answers read as the inspector filled them; then any
 * answer the template does not name (another version, or no template here).
 */
static void
view_answers(struct fc_view *w, const struct fc_template *tpl, const struct fc_record_model *m)
{
	const json_t *answers = fc_record_model_answers(m), *photos;
	const char *key;
	json_t *v;

	if (json_object_size(answers) == 0 && fc_record_model_evidence_count(m) == 0)
		return;
	fc_view_section(w, "answers:", "答案：");
	for (size_t i = 0; tpl != NULL && i < tpl->n_items; i++) {
		const struct fc_item *item = &tpl->items[i];
		view_item(w, item->id, item, json_object_get(answers, item->id), m);
	}
	json_object_foreach((json_t *)answers, key, v) {
		if (tpl == NULL || fc_template_item(tpl, key) == NULL)
			view_item(w, key, NULL, v, m);
	}
	/* Photos on an item that has no answer and that the template does not name. */
	for (size_t i = 0; i < fc_record_model_evidence_count(m); i++) {
		fc_record_model_evidence_at(m, i, &key, &photos);
		if ((tpl == NULL || fc_template_item(tpl, key) == NULL) &&
		    json_object_get(answers, key) == NULL)
			view_item(w, key, NULL, NULL, m);
	}
}

/* A follow-up's per-item results (record format 2). */
static void
view_results(struct fc_view *w, const struct fc_record_model *m)
{
	struct fc_record_result r;
	size_t n = fc_record_model_result_count(m);

	if (n == 0)
		return;
	fc_view_section(w, "results:", "复查结果：");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_result(m, i, &r);
		fc_view_addf(w, "  %-8s %-13s ", r.item, r.result[0] != '\0' ? r.result : "?");
		fc_view_str(w, r.note);
		if (r.deadline[0] != '\0')
			fc_view_addf(w, w->zh ? "（期限 %s）" : " (deadline %s)", r.deadline);
		fc_view_end(w, FC_VIEW_PLAIN);
		view_evidence_line(w, r.photo);
	}
}

/* The inspector's notes on items, as written. */
static void
view_notes(struct fc_view *w, const struct fc_record_model *m)
{
	size_t n = fc_record_model_note_count(m);
	const char *item, *text;

	if (n == 0)
		return;
	fc_view_section(w, "notes:", "备注：");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_note(m, i, &item, &text);
		fc_view_addf(w, "  %-8s ", item);
		fc_view_str(w, text);
		fc_view_end(w, FC_VIEW_PLAIN);
	}
}

/* The hazards the record raises, severity as the template names it. */
static void
view_hazards(struct fc_view *w, const struct fc_record_model *m, const struct fc_template *tpl)
{
	struct fc_record_hazard h;
	size_t n = fc_record_model_hazard_count(m);

	if (n == 0)
		return;
	fc_view_section(w, "hazards:", "隐患：");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_hazard(m, i, &h);
		const char *note = !w->zh && h.note_en[0] != '\0' ? h.note_en : h.note;
		const char *sev =
		    fc_hazard_outcome_label(tpl, h.severity[0] != '\0' ? h.severity : "?", w->lang);
		size_t cols = fc_utf8_cols(sev);

		fc_view_addf(w, "  %-8s ", h.item[0] != '\0' ? h.item : "?");
		fc_view_text(w, sev, cols < VIEW_SEVERITY_COLS ? VIEW_SEVERITY_COLS : cols);
		fc_view_addf(w, " ");
		fc_view_str(w, note);
		fc_view_end(w, FC_VIEW_PLAIN);
	}
}

/* How the grade was reached, one line per step of the explanation. */
static void
view_grade(struct fc_view *w, const struct fc_record_model *m)
{
	const json_t *grade = fc_record_model_grade(m);
	struct fc_buf text = FC_BUF_INIT;
	struct fc_error gerr = {0};

	if (!json_is_object(grade))
		return;
	fc_view_section(w, "grade:", "定级：");
	if (fc_grade_explain(grade, w->lang, &text, &gerr) != 0) {
		fc_view_addf(w, "  ");
		view_json(w, grade);
		fc_view_end(w, FC_VIEW_PLAIN);
		fc_buf_release(&text);
		return;
	}
	for (const char *p = text.buf; *p != '\0';) {
		size_t n = strcspn(p, "\n");
		char *one = strndup(p, n);
		if (one == NULL) {
			w->failed = 1;
			break;
		}
		fc_view_addf(w, "  ");
		fc_view_str(w, one);
		fc_view_end(w, FC_VIEW_PLAIN);
		free(one);
		p += n + (p[n] == '\n');
	}
	fc_buf_release(&text);
}

static void
view_household(struct fc_view *w, struct fc_store *store, const char *id)
{
	struct fc_household hh;
	struct fc_error ignore = {0};

	fc_view_label(w, "household", "住户");
	fc_view_str(w, id);
	if (store != NULL && fc_store_get_household(store, id, &hh, &ignore) == 0) {
		fc_view_addf(w, "  ");
		fc_view_str(w, hh.address);
		fc_view_addf(w, "  ");
		fc_view_str(w, hh.resident);
	}
	fc_view_end(w, FC_VIEW_PLAIN);
}

/*
 * The signed time as people read it: "2026-03-02 09:30:00 +08:00", not
 * the body's "2026-03-02T09:30:00+08:00" (--json keeps that). Anything
 * not of that shape is shown as it is.
 */
static void
view_time(struct fc_view *w, const char *t)
{
	char shown[64];
	size_t n = strlen(t);

	if (n < 20 || n > 40 || t[10] != 'T' || t[4] != '-' || t[13] != ':') {
		fc_view_str(w, t);
		return;
	}
	snprintf(shown, sizeof shown, "%.10s %.8s %s", t, t + 11,
		 strcmp(t + 19, "Z") == 0 ? "UTC" : t + 19);
	fc_view_str(w, shown); /* through the same escaping as any text */
}

/* Who, when, where and with which checklist: all from the record's columns. */
static void
view_header(struct fc_view *w, struct fc_store *store, const struct fc_record *rec,
	    const struct fc_template *tpl)
{
	fc_view_label(w, "record", "记录");
	if (w->zh)
		fc_view_addf(w, "%s（设备 %s 第 %lld 条）", rec->id, rec->device,
			     (long long)rec->seq);
	else
		fc_view_addf(w, "%s (number %lld on device %s)", rec->id, (long long)rec->seq,
			     rec->device);
	fc_view_end(w, FC_VIEW_PLAIN);
	fc_view_label(w, "type", "类型");
	fc_view_addf(w, "%s", view_type(rec->type, w->zh));
	fc_view_end(w, FC_VIEW_PLAIN);
	fc_view_label(w, "time", "时间");
	view_time(w, rec->time);
	fc_view_end(w, FC_VIEW_PLAIN);
	fc_view_label(w, "inspector", "检查员");
	fc_view_str(w, rec->inspector);
	fc_view_end(w, FC_VIEW_PLAIN);
	if (rec->household[0] != '\0')
		view_household(w, store, rec->household);
	if (rec->template_id[0] == '\0')
		return;
	fc_view_label(w, "template", "检查表");
	if (tpl != NULL)
		fc_view_str(w, fc_label_get(&tpl->label, w->lang));
	fc_view_addf(w, w->zh ? "（%s 第 %d 版）" : " (%s version %d)", rec->template_id,
		     rec->template_version);
	fc_view_end(w, FC_VIEW_PLAIN);
}

/* The links a record carries, and the ledger's word on it: replaced by a correction? */
static void
view_links(struct fc_view *w, struct fc_store *store, const struct fc_record *rec,
	   const struct fc_record_model *m, const struct fc_template *tpl)
{
	struct fc_store_version ver;
	struct fc_error ignore = {0};

	if (m->corrects[0] != '\0') {
		fc_view_label(w, "corrects", "更正");
		fc_view_str(w, m->corrects);
		fc_view_end(w, FC_VIEW_PLAIN);
	}
	if (m->follows[0] != '\0') {
		fc_view_label(w, "follows", "复查");
		fc_view_str(w, m->follows);
		fc_view_end(w, FC_VIEW_PLAIN);
	}
	if (store != NULL && fc_store_record_version(store, rec->id, &ver, &ignore) == 0 &&
	    strcmp(ver.current, rec->id) != 0) {
		fc_view_addf(
		    w,
		    w->zh ? "已被更正：%s（现行版本；本记录不再计入）"
			  : "corrected by: %s (the current version; this one no longer counts)",
		    ver.current);
		fc_view_end(w, FC_VIEW_STRONG);
	}
	if (rec->outcome[0] != '\0') {
		fc_view_label(w, "outcome", "结论");
		fc_view_str(w, fc_hazard_outcome_label(tpl, rec->outcome, w->lang));
		fc_view_end(w, FC_VIEW_STRONG);
	}
}

int
fc_record_view(struct fc_store *store, const struct fc_record *rec, const struct fc_template *tpl,
	       struct fc_view *out, struct fc_error *err)
{
	struct fc_record_model m;
	int parsed;

	view_header(out, store, rec, tpl);
	parsed = fc_record_model_parse(rec->body, rec->body_len, &m, err) == 0;
	if (parsed) {
		view_links(out, store, rec, &m, tpl);
		view_answers(out, tpl, &m);
		view_results(out, &m);
		view_notes(out, &m);
		view_hazards(out, &m, tpl);
		view_grade(out, &m);
	}
	fc_record_model_release(&m);
	if (fc_view_status(out, err) != 0)
		return -1;
	return parsed ? 0 : fc_error_prefix(err, "%s", rec->id);
}
