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
view_results(const json_t *results, FILE *out)
{
	const char *item;
	const json_t *r;

	if (json_object_size(results) == 0)
		return;
	fprintf(out, "\nresults:\n");
	json_object_foreach((json_t *)results, item, r) {
		const char *res = json_string_value(json_object_get(r, "result"));
		const char *dl = json_string_value(json_object_get(r, "deadline"));
		const json_t *note = json_object_get(r, "note");

		fprintf(out, "  %-8s %-13s ", item, res != NULL ? res : "?");
		if (json_is_string(note))
			view_value((json_t *)note, out);
		if (dl != NULL)
			fprintf(out, " (deadline %s)", dl);
		fputc('\n', out);
	}
}

int
fc_record_view_print(struct fc_app *app, const struct fc_record *rec, FILE *out,
		     struct fc_error *err)
{
	json_error_t jerr;
	json_t *body = json_loadb(rec->body, rec->body_len, 0, &jerr);
	struct fc_household hh;
	struct fc_error ignore = {0};
	const char *lang = fc_template_lang();
	int zh = strcmp(lang, "zh") == 0;
	struct fc_templates set = {0};
	const struct fc_template *tpl = NULL;
	json_t *v;

	if (body == NULL)
		return fc_error_set(err, FC_E_INVALID, "%s: body is not JSON: %s", rec->id,
				    jerr.text);
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
	if ((v = json_object_get(body, "corrects")) != NULL && json_is_string(v)) {
		view_head("corrects", "更正", lang, out);
		fprintf(out, "%s\n", json_string_value(v));
	}
	if ((v = json_object_get(body, "follows")) != NULL && json_is_string(v)) {
		view_head("follows", "复查", lang, out);
		fprintf(out, "%s\n", json_string_value(v));
	}
	view_version(app, rec, out);
	if (rec->outcome[0] != '\0') {
		view_head("outcome", "结论", lang, out);
		view_text(fc_hazard_outcome_label(tpl, rec->outcome, lang), out);
		fputc('\n', out);
	}

	json_t *answers = json_object_get(body, "answers");
	if (json_is_object(answers) && json_object_size(answers) > 0) {
		fputs(zh ? "\n答案：\n" : "\nanswers:\n", out);
		view_answers(tpl, answers, lang, out);
	}
	view_results(json_object_get(body, "results"), out);
	json_t *hazards = json_object_get(body, "hazards");
	if (json_is_array(hazards) && json_array_size(hazards) > 0) {
		size_t i;
		fputs(zh ? "\n隐患：\n" : "\nhazards:\n", out);
		json_array_foreach(hazards, i, v) {
			const char *item = json_string_value(json_object_get(v, "item"));
			const char *sev = json_string_value(json_object_get(v, "severity"));
			json_t *note =
			    json_object_get(v, strcmp(lang, "zh") == 0 ? "note" : "note_en");
			if (!json_is_string(note))
				note = json_object_get(v, "note");
			char sevbuf[128];

			/* The severity as the template names it, padded by display width. */
			const char *sl =
			    fc_hazard_outcome_label(tpl, sev != NULL ? sev : "?", lang);
			size_t sc = fc_utf8_cols(sl);

			fc_utf8_pad(sl, sc < 16 ? 16 : sc, sevbuf, sizeof sevbuf);
			fprintf(out, "  %-8s %s ", item != NULL ? item : "?", sevbuf);
			if (note != NULL)
				view_value(note, out);
			fputc('\n', out);
		}
	}
	json_t *grade = json_object_get(body, "grade");
	if (json_is_object(grade)) {
		struct fc_buf text = FC_BUF_INIT;
		struct fc_error gerr = {0};
		fputs(zh ? "\n定级：\n" : "\ngrade:\n", out);
		if (fc_grade_explain(grade, lang, &text, &gerr) == 0) {
			view_lines(text.buf, out);
		} else {
			fputs("  ", out);
			view_value(grade, out);
			fputc('\n', out);
		}
		fc_buf_release(&text);
	}
	fputc('\n', out);
	json_decref(body);
	fc_templates_release(&set);
	return 0;
}
