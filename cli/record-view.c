/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.c: prints a record body for people. It reads the body the
 * signature covers, never a re-serialised copy, and prints every answer even
 * when the template that made it is no longer installed.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/grade.h"
#include "core/hazard.h"
#include "core/record-model.h"
#include "core/template.h"
#include "core/utf8.h"
#include "record-view.h"

static void
view_text(const char *s, FILE *out)
{
	char buf[2048];

	/* Text typed on a handheld or imported may hold anything: no raw controls. */
	fc_utf8_pad(s, fc_utf8_cols(s), buf, sizeof buf);
	fputs(buf, out);
}

static void
view_value(json_t *v, FILE *out)
{
	char *s;

	if (json_is_string(v)) {
		view_text(json_string_value(v), out);
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s != NULL)
		view_text(s, out);
	free(s);
}

/* Each line indented, controls made harmless. */
static void
view_lines(const char *text, FILE *out)
{
	const char *p = text;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		if (line != NULL) {
			fputs("  ", out);
			view_text(line, out);
			fputc('\n', out);
			free(line);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* A choice answer shows its option's label; anything else its value. */
static void
view_answer(const struct fc_item *item, json_t *v, const char *lang, FILE *out)
{
	if (item != NULL && json_is_string(v) && item->n_options > 0) {
		long k = fc_template_option_index(item, json_string_value(v));
		if (k >= 0) {
			view_text(fc_label_get(&item->options[k].label, lang), out);
			return;
		}
	}
	if (item != NULL && item->type == FC_ITEM_YESNO && json_is_string(v)) {
		static const char *const yesno[][3] = {
		    {"yes", "是", "yes"},
		    {"no", "否", "no"},
		    {"na", "不适用", "not applicable"},
		};
		for (size_t i = 0; i < sizeof yesno / sizeof yesno[0]; i++)
			if (strcmp(json_string_value(v), yesno[i][0]) == 0) {
				fputs(yesno[i][strcmp(lang, "zh") == 0 ? 1 : 2], out);
				return;
			}
	}
	if (item != NULL && item->type == FC_ITEM_PHOTO && json_is_array(v)) {
		/* People read the file names; the hashes are in show --json. */
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			const char *f = json_string_value(json_object_get(e, "file"));
			if (i > 0)
				fputs(", ", out);
			view_text(f != NULL	      ? f
				  : json_is_string(e) ? json_string_value(e)
						      : "?",
				  out);
		}
		return;
	}
	if (item != NULL && json_is_array(v) && item->n_options > 0) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (i > 0)
				fputs(", ", out);
			view_answer(item, e, lang, out);
		}
		return;
	}
	view_value(v, out);
	if (item != NULL && fc_item_unit(item, lang) != NULL && json_is_number(v))
		fprintf(out, " %s", fc_item_unit(item, lang));
}

/*
 * Labels come from the template version the record names; without it (not
 * installed on this device) the item ids and raw answers still show.
 */
static void
view_answers(const struct fc_template *tpl, json_t *answers, const char *lang, FILE *out)
{
	const char *key;
	json_t *v;

	if (tpl != NULL) {
		/* Form order, so the answers read as the inspector filled them. */
		for (size_t i = 0; i < tpl->n_items; i++) {
			const struct fc_item *item = &tpl->items[i];
			if ((v = json_object_get(answers, item->id)) == NULL)
				continue;
			fprintf(out, "  %-6s ", item->id);
			view_text(fc_label_get(&item->label, lang), out);
			fputs(": ", out);
			view_answer(item, v, lang, out);
			fputc('\n', out);
		}
	}
	json_object_foreach(answers, key, v) {
		if (tpl != NULL && fc_template_item(tpl, key) != NULL)
			continue;
		fprintf(out, "  %-6s ", key);
		view_answer(NULL, v, lang, out);
		fputc('\n', out);
	}
}

/* Record types as people say them (the body keeps the code). */
static const char *
view_type(const char *type, const char *lang)
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
			return types[i][strcmp(lang, "zh") == 0 ? 1 : 2];
	return type;
}

/* "outcome:" or "结论：" padded to the same column in either language. */
static void
view_head(const char *en, const char *zh, const char *lang, FILE *out)
{
	char buf[64];

	if (strcmp(lang, "zh") != 0) {
		snprintf(buf, sizeof buf, "%s:", en);
		fprintf(out, "%-11s", buf);
		return;
	}
	fc_utf8_pad(zh, 11, buf, sizeof buf);
	fputs(buf, out);
}

/* The ledger's word on this record: replaced by a correction, say which (docs/ledger.md). */
static void
view_version(struct fc_app *app, const struct fc_record *rec, FILE *out)
{
	struct fc_store_version ver;
	struct fc_error ignore = {0};

	if (fc_store_record_version(app->store, rec->id, &ver, &ignore) == 0 &&
	    strcmp(ver.current, rec->id) != 0)
		fprintf(out,
			strcmp(fc_template_lang(), "zh") == 0
			    ? "已被更正：%s（现行版本；本记录不再计入）\n"
			    : "corrected by: %s (the current version; this one no longer counts)\n",
			ver.current);
}

/* A follow-up's per-item results (record format 2). */
static void
view_results(const struct fc_record_model *m, FILE *out)
{
	struct fc_record_result r;
	size_t n = fc_record_model_result_count(m);

	if (n == 0)
		return;
	fprintf(out, "\nresults:\n");
	for (size_t i = 0; i < n; i++) {
		fc_record_model_result(m, i, &r);
		fprintf(out, "  %-8s %-13s ", r.item, r.result[0] != '\0' ? r.result : "?");
		view_text(r.note, out);
		if (r.deadline[0] != '\0')
			fprintf(out, " (deadline %s)", r.deadline);
		fputc('\n', out);
	}
}

/* The hazards the record raises, severity as the template names it. */
static void
view_hazards(const struct fc_record_model *m, const struct fc_template *tpl, const char *lang,
	     FILE *out)
{
	struct fc_record_hazard h;
	size_t n = fc_record_model_hazard_count(m);

	if (n == 0)
		return;
	fputs(strcmp(lang, "zh") == 0 ? "\n隐患：\n" : "\nhazards:\n", out);
	for (size_t i = 0; i < n; i++) {
		char sevbuf[128];

		fc_record_model_hazard(m, i, &h);
		const char *note =
		    strcmp(lang, "zh") != 0 && h.note_en[0] != '\0' ? h.note_en : h.note;
		/* The severity as the template names it, padded by display width. */
		const char *sl =
		    fc_hazard_outcome_label(tpl, h.severity[0] != '\0' ? h.severity : "?", lang);
		size_t sc = fc_utf8_cols(sl);

		fc_utf8_pad(sl, sc < 16 ? 16 : sc, sevbuf, sizeof sevbuf);
		fprintf(out, "  %-8s %s ", h.item[0] != '\0' ? h.item : "?", sevbuf);
		view_text(note, out);
		fputc('\n', out);
	}
}

static void
view_grade(const struct fc_record_model *m, const char *lang, FILE *out)
{
	const json_t *grade = fc_record_model_grade(m);
	struct fc_buf text = FC_BUF_INIT;
	struct fc_error gerr = {0};

	if (!json_is_object(grade))
		return;
	fputs(strcmp(lang, "zh") == 0 ? "\n定级：\n" : "\ngrade:\n", out);
	if (fc_grade_explain(grade, lang, &text, &gerr) == 0) {
		view_lines(text.buf, out);
	} else {
		fputs("  ", out);
		view_value((json_t *)grade, out);
		fputc('\n', out);
	}
	fc_buf_release(&text);
}

int
fc_record_view_print(struct fc_app *app, const struct fc_record *rec, FILE *out,
		     struct fc_error *err)
{
	struct fc_record_model m;
	struct fc_household hh;
	struct fc_error ignore = {0};
	const char *lang = fc_template_lang();
	int zh = strcmp(lang, "zh") == 0;
	struct fc_templates set = {0};
	const struct fc_template *tpl = NULL;
	const json_t *answers;

	if (fc_record_model_parse(rec->body, rec->body_len, &m, err) != 0) {
		fc_record_model_release(&m);
		return fc_error_prefix(err, "%s", rec->id);
	}
	if (rec->template_id[0] != '\0' && fc_templates_load(&set, &ignore) == 0)
		tpl = fc_templates_find(&set, rec->template_id, rec->template_version, &ignore);
	view_head("record", "记录", lang, out);
	if (zh)
		fprintf(out, "%s（设备 %s 第 %lld 条）\n", rec->id, rec->device,
			(long long)rec->seq);
	else
		fprintf(out, "%s (number %lld on device %s)\n", rec->id, (long long)rec->seq,
			rec->device);
	view_head("type", "类型", lang, out);
	fprintf(out, "%s\n", view_type(rec->type, lang));
	view_head("time", "时间", lang, out);
	fprintf(out, "%s\n", rec->time);
	view_head("inspector", "检查员", lang, out);
	fprintf(out, "%s\n", rec->inspector);
	if (rec->household[0] != '\0') {
		view_head("household", "住户", lang, out);
		if (fc_store_get_household(app->store, rec->household, &hh, &ignore) == 0) {
			fprintf(out, "%s  ", rec->household);
			view_text(hh.address, out);
			fputs("  ", out);
			view_text(hh.resident, out);
			fputc('\n', out);
		} else
			fprintf(out, "%s\n", rec->household);
	}
	if (rec->template_id[0] != '\0') {
		view_head("template", "检查表", lang, out);
		if (tpl != NULL)
			view_text(fc_label_get(&tpl->label, lang), out);
		fprintf(out, zh ? "（%s 第 %d 版）\n" : " (%s version %d)\n", rec->template_id,
			rec->template_version);
	}
	if (m.corrects[0] != '\0') {
		view_head("corrects", "更正", lang, out);
		fprintf(out, "%s\n", m.corrects);
	}
	if (m.follows[0] != '\0') {
		view_head("follows", "复查", lang, out);
		fprintf(out, "%s\n", m.follows);
	}
	view_version(app, rec, out);
	if (rec->outcome[0] != '\0') {
		view_head("outcome", "结论", lang, out);
		view_text(fc_hazard_outcome_label(tpl, rec->outcome, lang), out);
		fputc('\n', out);
	}

	answers = fc_record_model_answers(&m);
	if (json_object_size(answers) > 0) {
		fputs(zh ? "\n答案：\n" : "\nanswers:\n", out);
		view_answers(tpl, (json_t *)answers, lang, out);
	}
	view_results(&m, out);
	view_hazards(&m, tpl, lang, out);
	view_grade(&m, lang, out);
	fputc('\n', out);
	fc_record_model_release(&m);
	fc_templates_release(&set);
	return 0;
}
