/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.c: lays out a record body for people (see record-view.h). It
 * reads the body the signature covers, through the record model, never a
 * re-serialised copy, and shows every answer even when the template that made
 * it is no longer installed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/record-view.h"
#include "core/buf.h"
#include "core/grade.h"
#include "core/hazard.h"
#include "core/record-model.h"
#include "core/utf8.h"

/* Labels end in one column whatever the language, so values line up. */
#define VIEW_LABEL_COLS 11
/* Severity words ("重大隐患", "moderate") padded so the notes after them align. */
#define VIEW_SEVERITY_COLS 16

/*
 * The line being built and the lines made. An allocation that fails sets
 * failed and every later step does nothing, so the layout below reads as a
 * layout and the one failure is reported at the end.
 */
struct vw {
	struct fc_view *out;
	struct fc_buf line;
	const char *lang;
	int zh;
	int failed;
	struct fc_error *err;
};

void
fc_view_release(struct fc_view *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->lines[i].text);
	free(v->lines);
	v->lines = NULL;
	v->n = v->cap = 0;
}

static void
vw_end(struct vw *w, enum fc_view_style style)
{
	struct fc_view *v = w->out;
	char *text;

	if (w->failed)
		return;
	if (v->n == v->cap) {
		size_t cap = v->cap != 0 ? 2 * v->cap : 32;
		struct fc_view_line *p = realloc(v->lines, cap * sizeof *p);
		if (p == NULL) {
			w->failed = 1;
			return;
		}
		v->lines = p;
		v->cap = cap;
	}
	if ((text = fc_buf_detach(&w->line, NULL)) == NULL) {
		w->failed = 1;
		return;
	}
	v->lines[v->n].style = style;
	v->lines[v->n++].text = text;
}

/* Bytes the code wrote itself (ids, numbers, fixed words): no cleaning. */
static void vw_addf(struct vw *w, const char *fmt, ...) __attribute__((__format__(printf, 2, 3)));

static void
vw_addf(struct vw *w, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (!w->failed && fc_buf_adds(&w->line, tmp, w->err) != 0)
		w->failed = 1;
}

/* Text typed on a handheld or imported may hold anything: no raw controls. */
static void
vw_text(struct vw *w, const char *s, size_t cols)
{
	/* A replaced byte grows to the three of U+FFFD; the pad adds spaces. */
	size_t size = 3 * strlen(s) + cols + 4;
	char *clean = malloc(size);

	if (clean == NULL) {
		w->failed = 1;
		return;
	}
	fc_utf8_pad(s, cols, clean, size);
	if (!w->failed && fc_buf_adds(&w->line, clean, w->err) != 0)
		w->failed = 1;
	free(clean);
}

static void
vw_str(struct vw *w, const char *s)
{
	vw_text(w, s, fc_utf8_cols(s));
}

/* "outcome:" or "结论" padded to the same column in either language. */
static void
vw_head(struct vw *w, const char *en, const char *zh)
{
	char label[64];

	if (w->zh) {
		vw_text(w, zh, VIEW_LABEL_COLS);
		return;
	}
	snprintf(label, sizeof label, "%s:", en);
	vw_text(w, label, VIEW_LABEL_COLS);
}

/* A blank line, then the heading of a list. */
static void
vw_section(struct vw *w, const char *en, const char *zh)
{
	vw_end(w, FC_VIEW_PLAIN);
	vw_addf(w, "%s", w->zh ? zh : en);
	vw_end(w, FC_VIEW_SECTION);
}

static void
vw_json(struct vw *w, const json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		vw_str(w, json_string_value(v));
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s == NULL) {
		w->failed = 1;
		return;
	}
	vw_str(w, s);
	free(s);
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
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i][0]) == 0)
			return types[i][zh ? 1 : 2];
	return type;
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
	for (size_t i = 0; i < sizeof yesno / sizeof yesno[0]; i++)
		if (strcmp(v, yesno[i][0]) == 0)
			return yesno[i][zh ? 1 : 2];
	return NULL;
}

static void view_answer(struct vw *w, const struct fc_item *item, const json_t *v);

/* A list answer: photo file names (the hashes are in show --json) or option labels. */
static void
view_answer_list(struct vw *w, const struct fc_item *item, const json_t *v)
{
	size_t i;
	json_t *e;

	json_array_foreach(v, i, e) {
		if (i > 0)
			vw_addf(w, ", ");
		if (item->type != FC_ITEM_PHOTO) {
			view_answer(w, item, e);
			continue;
		}
		const char *f = json_string_value(json_object_get(e, "file"));
		vw_str(w, f != NULL ? f : json_is_string(e) ? json_string_value(e) : "?");
	}
}

/* A choice answer shows its option's label; anything else its value. */
static void
view_answer(struct vw *w, const struct fc_item *item, const json_t *v)
{
	const char *s = json_string_value(v);
	const char *unit = item != NULL ? fc_item_unit(item, w->lang) : NULL;

	if (item != NULL && s != NULL && item->n_options > 0) {
		long k = fc_template_option_index(item, s);
		if (k >= 0) {
			vw_str(w, fc_label_get(&item->options[k].label, w->lang));
			return;
		}
	}
	if (item != NULL && item->type == FC_ITEM_YESNO && s != NULL &&
	    view_yesno(s, w->zh) != NULL) {
		vw_addf(w, "%s", view_yesno(s, w->zh));
		return;
	}
	if (item != NULL && json_is_array(v) &&
	    (item->type == FC_ITEM_PHOTO || item->n_options > 0)) {
		view_answer_list(w, item, v);
		return;
	}
	vw_json(w, v);
	if (unit != NULL && json_is_number(v)) {
		vw_addf(w, " ");
		vw_str(w, unit);
	}
}

static void
view_answer_line(struct vw *w, const char *id, const struct fc_item *item, const json_t *v)
{
	vw_addf(w, "  %-6s ", id);
	if (item != NULL) {
		vw_str(w, fc_label_get(&item->label, w->lang));
		vw_addf(w, ": ");
	}
	view_answer(w, item, v);
	vw_end(w, FC_VIEW_PLAIN);
}

/*
 * Form order, so the answers read as the inspector filled them; then any
 * answer the template does not name (another version, or no template here).
 */
static void
view_answers(struct vw *w, const struct fc_template *tpl, const json_t *answers)
{
	const char *key;
	json_t *v;

	if (json_object_size(answers) == 0)
		return;
	vw_section(w, "answers:", "答案：");
	for (size_t i = 0; tpl != NULL && i < tpl->n_items; i++) {
		const struct fc_item *item = &tpl->items[i];
		if ((v = json_object_get(answers, item->id)) != NULL)
			view_answer_line(w, item->id, item, v);
	}
	json_object_foreach((json_t *)answers, key, v) {
		if (tpl == NULL || fc_template_item(tpl, key) == NULL)
			view_answer_line(w, key, NULL, v);
	}
}

/* A follow-up's per-item results (record format 2). */
static void
view_results(struct vw *w, const struct fc_record_model *m)
{
	struct fc_record_result r;
	size_t n = fc_record_model_result_count(m);

	if (n == 0)
		return;
	vw_section(w, "results:", "复查结果：");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_result(m, i, &r);
		vw_addf(w, "  %-8s %-13s ", r.item, r.result[0] != '\0' ? r.result : "?");
		vw_str(w, r.note);
		if (r.deadline[0] != '\0')
			vw_addf(w, w->zh ? "（期限 %s）" : " (deadline %s)", r.deadline);
		vw_end(w, FC_VIEW_PLAIN);
	}
}

/* The hazards the record raises, severity as the template names it. */
static void
view_hazards(struct vw *w, const struct fc_record_model *m, const struct fc_template *tpl)
{
	struct fc_record_hazard h;
	size_t n = fc_record_model_hazard_count(m);

	if (n == 0)
		return;
	vw_section(w, "hazards:", "隐患：");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_hazard(m, i, &h);
		const char *note = !w->zh && h.note_en[0] != '\0' ? h.note_en : h.note;
		const char *sev =
		    fc_hazard_outcome_label(tpl, h.severity[0] != '\0' ? h.severity : "?", w->lang);
		size_t cols = fc_utf8_cols(sev);

		vw_addf(w, "  %-8s ", h.item[0] != '\0' ? h.item : "?");
		vw_text(w, sev, cols < VIEW_SEVERITY_COLS ? VIEW_SEVERITY_COLS : cols);
		vw_addf(w, " ");
		vw_str(w, note);
		vw_end(w, FC_VIEW_PLAIN);
	}
}

/* How the grade was reached, one line per step of the explanation. */
static void
view_grade(struct vw *w, const struct fc_record_model *m)
{
	const json_t *grade = fc_record_model_grade(m);
	struct fc_buf text = FC_BUF_INIT;
	struct fc_error gerr = {0};

	if (!json_is_object(grade))
		return;
	vw_section(w, "grade:", "定级：");
	if (fc_grade_explain(grade, w->lang, &text, &gerr) != 0) {
		vw_addf(w, "  ");
		vw_json(w, grade);
		vw_end(w, FC_VIEW_PLAIN);
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
		vw_addf(w, "  ");
		vw_str(w, one);
		vw_end(w, FC_VIEW_PLAIN);
		free(one);
		p += n + (p[n] == '\n');
	}
	fc_buf_release(&text);
}

static void
view_household(struct vw *w, struct fc_store *store, const char *id)
{
	struct fc_household hh;
	struct fc_error ignore = {0};

	vw_head(w, "household", "住户");
	vw_str(w, id);
	if (store != NULL && fc_store_get_household(store, id, &hh, &ignore) == 0) {
		vw_addf(w, "  ");
		vw_str(w, hh.address);
		vw_addf(w, "  ");
		vw_str(w, hh.resident);
	}
	vw_end(w, FC_VIEW_PLAIN);
}

/* Who, when, where and with which checklist: all from the record's columns. */
static void
view_header(struct vw *w, struct fc_store *store, const struct fc_record *rec,
	    const struct fc_template *tpl)
{
	vw_head(w, "record", "记录");
	if (w->zh)
		vw_addf(w, "%s（设备 %s 第 %lld 条）", rec->id, rec->device, (long long)rec->seq);
	else
		vw_addf(w, "%s (number %lld on device %s)", rec->id, (long long)rec->seq,
			rec->device);
	vw_end(w, FC_VIEW_PLAIN);
	vw_head(w, "type", "类型");
	vw_addf(w, "%s", view_type(rec->type, w->zh));
	vw_end(w, FC_VIEW_PLAIN);
	vw_head(w, "time", "时间");
	vw_str(w, rec->time);
	vw_end(w, FC_VIEW_PLAIN);
	vw_head(w, "inspector", "检查员");
	vw_str(w, rec->inspector);
	vw_end(w, FC_VIEW_PLAIN);
	if (rec->household[0] != '\0')
		view_household(w, store, rec->household);
	if (rec->template_id[0] == '\0')
		return;
	vw_head(w, "template", "检查表");
	if (tpl != NULL)
		vw_str(w, fc_label_get(&tpl->label, w->lang));
	vw_addf(w, w->zh ? "（%s 第 %d 版）" : " (%s version %d)", rec->template_id,
		rec->template_version);
	vw_end(w, FC_VIEW_PLAIN);
}

/* The links a record carries, and the ledger's word on it: replaced by a correction? */
static void
view_links(struct vw *w, struct fc_store *store, const struct fc_record *rec,
	   const struct fc_record_model *m, const struct fc_template *tpl)
{
	struct fc_store_version ver;
	struct fc_error ignore = {0};

	if (m->corrects[0] != '\0') {
		vw_head(w, "corrects", "更正");
		vw_str(w, m->corrects);
		vw_end(w, FC_VIEW_PLAIN);
	}
	if (m->follows[0] != '\0') {
		vw_head(w, "follows", "复查");
		vw_str(w, m->follows);
		vw_end(w, FC_VIEW_PLAIN);
	}
	if (store != NULL && fc_store_record_version(store, rec->id, &ver, &ignore) == 0 &&
	    strcmp(ver.current, rec->id) != 0) {
		vw_addf(w,
			w->zh ? "已被更正：%s（现行版本；本记录不再计入）"
			      : "corrected by: %s (the current version; this one no longer counts)",
			ver.current);
		vw_end(w, FC_VIEW_STRONG);
	}
	if (rec->outcome[0] != '\0') {
		vw_head(w, "outcome", "结论");
		vw_str(w, fc_hazard_outcome_label(tpl, rec->outcome, w->lang));
		vw_end(w, FC_VIEW_STRONG);
	}
}

int
fc_record_view(struct fc_store *store, const struct fc_record *rec, const struct fc_template *tpl,
	       const char *lang, struct fc_view *out, struct fc_error *err)
{
	struct fc_record_model m;
	struct vw w = {.out = out,
		       .line = FC_BUF_INIT,
		       .lang = lang,
		       .zh = strcmp(lang, "zh") == 0,
		       .err = err};
	int parsed;

	view_header(&w, store, rec, tpl);
	parsed = fc_record_model_parse(rec->body, rec->body_len, &m, err) == 0;
	if (parsed) {
		view_links(&w, store, rec, &m, tpl);
		view_answers(&w, tpl, fc_record_model_answers(&m));
		view_results(&w, &m);
		view_hazards(&w, &m, tpl);
		view_grade(&w, &m);
	}
	fc_record_model_release(&m);
	fc_buf_release(&w.line);
	if (w.failed)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	return parsed ? 0 : fc_error_prefix(err, "%s", rec->id);
}
