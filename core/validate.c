/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate.c: is an answer, or a whole answer set, what the template allows?
 *
 * The single-answer check is the per-keystroke path of the TUI's forms: it
 * looks the item up and compares, with no allocation. The answer-set check
 * adds what only the whole set can tell: unknown items, answers to hidden
 * items, required items left empty. Obligations that depend on derived
 * hazards (a notice after a major hazard) are hazard.c's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "members.h"
#include "utf8.h"
#include "validate.h"

static int
validate_zh(const char *lang)
{
	return lang != NULL && strncmp(lang, "zh", 2) == 0;
}

int
fc_validate_this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return 2000;
	return tm.tm_year + 1900;
}

/* "0.5", "10.00": with the item's decimals, so the message shows what to type. */
static void
validate_fmt(char *out, size_t size, double v, int decimals)
{
	snprintf(out, size, "%.*f", decimals, v);
}

static int
validate_range(const struct fc_item *it, const char *lang, int decimals, int year_max,
	       const char *what_en, const char *what_zh, struct fc_error *err)
{
	const char *label = fc_label_get(&it->label, lang);
	const char *unit = fc_item_unit(it, lang) != NULL ? fc_item_unit(it, lang) : "";
	const char *sp = unit[0] != '\0' ? " " : "";
	char lo[32], hi[32];
	double max = it->has_max ? it->max : year_max;

	validate_fmt(lo, sizeof lo, it->min, decimals);
	validate_fmt(hi, sizeof hi, max, decimals);
	if (!it->has_max && year_max == 0) {
		if (validate_zh(lang))
			return fc_error_set(err, FC_E_INVALID, "%s：%s应为不小于 %s 的%s", it->id,
					    label, lo, what_zh);
		return fc_error_set(err, FC_E_INVALID, "%s: %s must be %s from %s", it->id, label,
				    what_en, lo);
	}
	if (validate_zh(lang))
		return fc_error_set(err, FC_E_INVALID, "%s：%s应在 %s 至 %s%s%s 之间%s%s", it->id,
				    label, lo, hi, sp, unit, what_zh[0] ? "的" : "", what_zh);
	return fc_error_set(err, FC_E_INVALID, "%s: %s must be %s%sbetween %s and %s%s%s", it->id,
			    label, what_en, what_en[0] ? " " : "", lo, hi, sp, unit);
}

static int
validate_number(const struct fc_item *it, const json_t *answer, const char *lang,
		struct fc_error *err)
{
	int year_max = 0;
	double v;
	const char *what_en = "", *what_zh = "";

	if (it->type == FC_ITEM_YEAR) {
		year_max = fc_validate_this_year();
		what_en = "a year";
		what_zh = "年份";
	} else if (it->type == FC_ITEM_COUNT) {
		what_en = "a whole number";
		what_zh = "整数";
	} else if (it->integer) {
		what_en = "a whole number";
		what_zh = "整数";
	}
	if (!json_is_number(answer))
		goto bad;
	v = json_number_value(answer);
	if (!isfinite(v) || (it->integer && v != floor(v)))
		goto bad;
	if (it->has_min && v < it->min - 1e-9)
		goto bad;
	if ((it->has_max && v > it->max + 1e-9) || (!it->has_max && year_max != 0 && v > year_max))
		goto bad;
	return 0;
bad:
	return validate_range(it, lang, it->integer ? 0 : it->decimals, year_max, what_en, what_zh,
			      err);
}

static int
validate_options_msg(const struct fc_item *it, const char *lang, const char *bad,
		     struct fc_error *err)
{
	char list[400];
	size_t len = 0;

	list[0] = '\0';
	for (size_t i = 0; i < it->n_options && len < sizeof list - 40; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
					i == 0		    ? ""
					: validate_zh(lang) ? "、"
							    : ", ",
					it->options[i].id);
	if (validate_zh(lang)) {
		if (bad != NULL)
			return fc_error_set(err, FC_E_INVALID, "%s：%s 中的“%s”不是选项（%s）",
					    it->id, fc_label_get(&it->label, lang), bad, list);
		return fc_error_set(err, FC_E_INVALID, "%s：%s应为以下之一：%s", it->id,
				    fc_label_get(&it->label, lang), list);
	}
	if (bad != NULL)
		return fc_error_set(err, FC_E_INVALID, "%s: %s: '%s' is not an option (%s)", it->id,
				    fc_label_get(&it->label, lang), bad, list);
	return fc_error_set(err, FC_E_INVALID, "%s: %s must be one of %s", it->id,
			    fc_label_get(&it->label, lang), list);
}

static int
validate_multi(const struct fc_item *it, const json_t *answer, const char *lang,
	       struct fc_error *err)
{
	const json_t *v;
	size_t i, j;

	if (!json_is_array(answer)) {
		if (validate_zh(lang))
			return fc_error_set(err, FC_E_INVALID, "%s：%s应为选项列表（可多选）",
					    it->id, fc_label_get(&it->label, lang));
		return fc_error_set(err, FC_E_INVALID, "%s: %s must be a list of options", it->id,
				    fc_label_get(&it->label, lang));
	}
	json_array_foreach(answer, i, v) {
		if (!json_is_string(v))
			return validate_options_msg(it, lang, NULL, err);
		if (fc_template_option_index(it, json_string_value(v)) < 0)
			return validate_options_msg(it, lang, json_string_value(v), err);
		for (j = 0; j < i; j++) {
			if (!json_equal(json_array_get(answer, j), v))
				continue;
			if (validate_zh(lang))
				return fc_error_set(err, FC_E_INVALID, "%s：%s 中“%s”重复", it->id,
						    fc_label_get(&it->label, lang),
						    json_string_value(v));
			return fc_error_set(err, FC_E_INVALID, "%s: %s: '%s' is chosen twice",
					    it->id, fc_label_get(&it->label, lang),
					    json_string_value(v));
		}
	}
	return 0;
}

/* A photo is a path (answers file) or {file, hash, size} (a made record). */
static int
validate_photo_one(const json_t *p)
{
	const json_t *hash;

	if (json_is_string(p))
		return json_string_length(p) > 0;
	if (!json_is_object(p))
		return 0;
	hash = json_object_get(p, "hash");
	return json_is_string(json_object_get(p, "file")) && json_is_string(hash) &&
	       json_string_length(hash) == 64 && json_is_integer(json_object_get(p, "size"));
}

static int
validate_photo(const struct fc_item *it, const json_t *answer, const char *lang,
	       struct fc_error *err)
{
	size_t i;
	const json_t *p;
	int ok = json_is_array(answer) && json_array_size(answer) <= (size_t)it->max;

	json_array_foreach(answer, i, p)
		ok = ok && validate_photo_one(p);
	if (ok)
		return 0;
	if (validate_zh(lang))
		return fc_error_set(err, FC_E_INVALID, "%s：%s应为照片文件列表（最多 %d 张）",
				    it->id, fc_label_get(&it->label, lang), (int)it->max);
	return fc_error_set(err, FC_E_INVALID, "%s: %s must be a list of at most %d photo files",
			    it->id, fc_label_get(&it->label, lang), (int)it->max);
}

/* Compact text or the object; the message names the item, then the level. */
static int
validate_members(const struct fc_item *it, const json_t *answer, const char *lang,
		 struct fc_error *err)
{
	json_t *obj = NULL;
	struct fc_error e = {0};
	int rc;

	if (json_is_string(answer))
		rc = fc_members_parse(json_string_value(answer), lang, &obj, &e);
	else
		rc = 0;
	if (rc == 0)
		rc = fc_members_check(obj != NULL ? obj : answer, lang, &e);
	json_decref(obj);
	if (rc == 0)
		return 0;
	return fc_error_set(err, e.code == FC_E_NOMEM ? FC_E_NOMEM : FC_E_INVALID,
			    validate_zh(lang) ? "%s：%s" : "%s: %s", it->id, e.msg);
}

int
fc_validate_answer(const struct fc_template *tpl, const char *item_id, const json_t *answer,
		   const char *lang, struct fc_error *err)
{
	const struct fc_item *it = fc_template_item(tpl, item_id);
	const char *s;

	if (it == NULL) {
		if (validate_zh(lang))
			return fc_error_set(err, FC_E_NOTFOUND, "%s：模板 %s v%d 中没有此项",
					    item_id, tpl->id, tpl->version);
		return fc_error_set(err, FC_E_NOTFOUND, "%s: no such item in template %s v%d",
				    item_id, tpl->id, tpl->version);
	}
	switch (it->type) {
	case FC_ITEM_YESNO:
		s = json_string_value(answer);
		if (s != NULL &&
		    (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0 || strcmp(s, "na") == 0))
			return 0;
		if (validate_zh(lang))
			return fc_error_set(err, FC_E_INVALID,
					    "%s：%s应为 yes（是）、no（否）或 na（不适用）", it->id,
					    fc_label_get(&it->label, lang));
		return fc_error_set(err, FC_E_INVALID, "%s: %s must be yes, no or na", it->id,
				    fc_label_get(&it->label, lang));
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		return validate_number(it, answer, lang, err);
	case FC_ITEM_CHOICE:
		s = json_string_value(answer);
		if (s != NULL && fc_template_option_index(it, s) >= 0)
			return 0;
		return validate_options_msg(it, lang, s, err);
	case FC_ITEM_MULTI:
		return validate_multi(it, answer, lang, err);
	case FC_ITEM_TEXT:
		s = json_string_value(answer);
		if (s != NULL && fc_utf8_valid(s, json_string_length(answer), NULL) &&
		    strlen(s) == json_string_length(answer) && fc_utf8_count(s) <= it->max_chars)
			return 0;
		if (validate_zh(lang))
			return fc_error_set(err, FC_E_INVALID, "%s：%s应为不超过 %zu 个字的文字",
					    it->id, fc_label_get(&it->label, lang), it->max_chars);
		return fc_error_set(err, FC_E_INVALID,
				    "%s: %s must be text of at most %zu characters", it->id,
				    fc_label_get(&it->label, lang), it->max_chars);
	case FC_ITEM_PHOTO:
		return validate_photo(it, answer, lang, err);
	case FC_ITEM_MEMBERS:
		return validate_members(it, answer, lang, err);
	}
	if (validate_zh(lang))
		return fc_error_set(err, FC_E_INTERNAL, "%s：未知的项目类型", it->id);
	return fc_error_set(err, FC_E_INTERNAL, "%s: unknown item type", it->id);
}

/* Does cond test any item marked in unknown? (Operands name items too.) */
static int
validate_mentions(const struct fc_template *tpl, const json_t *cond, const unsigned char *unknown)
{
	const char *key;
	const json_t *v;
	size_t i;

	if (json_is_array(cond)) {
		json_array_foreach(cond, i, v)
			if (validate_mentions(tpl, v, unknown))
				return 1;
		return 0;
	}
	if (!json_is_object(cond))
		return 0;
	json_object_foreach((json_t *)cond, key, v) {
		if (strcmp(key, "item") == 0) {
			long idx = fc_template_item_index(tpl, json_string_value(v));

			if (idx >= 0 && unknown[idx])
				return 1;
		} else if (validate_mentions(tpl, v, unknown)) {
			return 1;
		}
	}
	return 0;
}

/* Answers to items the template does not have. */
static void
validate_unknown_items(const struct fc_template *tpl, const json_t *answers, int zh,
		       json_t *problems)
{
	const char *key;
	const json_t *v;

	json_object_foreach((json_t *)answers, key, v)
		if (fc_template_item_index(tpl, key) < 0)
			fc_problem_add(problems, key,
				       zh ? "%s：模板 %s v%d 中没有此项"
					  : "%s: no such item in template %s v%d",
				       key, tpl->id, tpl->version);
}

/* What the answer pass shares: visibility, and the items whose answer is wrong. */
struct validate_pass {
	const struct fc_template *tpl;
	const json_t *answers;
	const unsigned char *shown;
	unsigned char *unknown;
	const char *lang;
	int zh;
	json_t *problems;
};

/* Item i: asked or not, required or not, and its own answer. */
static void
validate_item(const struct validate_pass *p, size_t i)
{
	const struct fc_template *tpl = p->tpl;
	const struct fc_item *it = &tpl->items[i];
	const json_t *a = json_object_get(p->answers, it->id);
	const char *label = fc_label_get(&it->label, p->lang);
	struct fc_error e = {0};
	int zh = p->zh;

	/*
	 * Whether an item is asked depends on earlier answers; when one of those
	 * is itself wrong, "not asked" or "required" would only be noise after
	 * the real problem, so the item just gets its own answer checked.
	 */
	if (validate_mentions(tpl, it->show_if, p->unknown) ||
	    validate_mentions(tpl, tpl->sections[it->section].show_if, p->unknown)) {
		p->unknown[i] = 1;
		if (a != NULL && !json_is_null(a) &&
		    fc_validate_answer(tpl, it->id, a, p->lang, &e) != 0)
			fc_problem_add(p->problems, it->id, "%s", e.msg);
		return;
	}
	if (!p->shown[i]) {
		if (a != NULL)
			fc_problem_add(p->problems, it->id,
				       zh ? "%s：%s 在当前答案下不显示，应删除此答案"
					  : "%s: %s is not asked for these answers; leave it out",
				       it->id, label);
		return;
	}
	if (a == NULL || json_is_null(a)) {
		if (it->required)
			fc_problem_add(p->problems, it->id,
				       zh ? "%s：%s为必答项" : "%s: %s is required", it->id, label);
		else if (a != NULL)
			fc_problem_add(p->problems, it->id,
				       zh ? "%s：%s 不应为 null，未答请省略"
					  : "%s: %s is null; leave an unanswered item out",
				       it->id, label);
		return;
	}
	if (fc_validate_answer(tpl, it->id, a, p->lang, &e) != 0) {
		fc_problem_add(p->problems, it->id, "%s", e.msg);
		p->unknown[i] = 1;
	}
}

int
fc_validate_answers(const struct fc_template *tpl, const json_t *answers, int year,
		    const char *lang, json_t *problems, struct fc_error *err)
{
	unsigned char shown_small[256];
	unsigned char *shown = shown_small;
	size_t before = json_array_size(problems);
	struct validate_pass p = {tpl, answers, NULL, NULL, lang, validate_zh(lang), problems};
	json_t *eff;

	if (year == 0)
		year = fc_validate_this_year();
	if (!json_is_object(answers)) {
		fc_problem_add(problems, NULL,
			       p.zh ? "答案应为 JSON 对象（项目编号 → 答案）"
				    : "answers must be a JSON object from item id to answer");
		return fc_error_set(err, FC_E_INVALID,
				    p.zh ? "答案应为 JSON 对象" : "answers must be a JSON object");
	}
	validate_unknown_items(tpl, answers, p.zh, problems);
	if (tpl->n_items > sizeof shown_small && (shown = calloc(tpl->n_items, 1)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, p.zh ? "内存不足" : "out of memory");
	eff = fc_template_visibility(tpl, answers, year, shown);
	if (eff == NULL || (p.unknown = calloc(tpl->n_items + 1, 1)) == NULL) {
		json_decref(eff);
		if (shown != shown_small)
			free(shown);
		return fc_error_set(err, FC_E_NOMEM, p.zh ? "内存不足" : "out of memory");
	}
	p.shown = shown;
	for (size_t i = 0; i < tpl->n_items; i++)
		validate_item(&p, i);
	json_decref(eff);
	free(p.unknown);
	if (shown != shown_small)
		free(shown);
	if (json_array_size(problems) > before) {
		size_t n = json_array_size(problems) - before;
		const char *first =
		    json_string_value(json_object_get(json_array_get(problems, before), "message"));

		/* One message per count, not "problem%s": each language words its own. */
		if (n == 1)
			return fc_error_set(err, FC_E_INVALID,
					    p.zh ? "答案有误：%s" : "a problem in the answers: %s",
					    first);
		return fc_error_set(err, FC_E_INVALID,
				    p.zh ? "答案中有 %zu 处问题，第一处：%s"
					 : "%zu problems in the answers; first: %s",
				    n, first);
	}
	return 0;
}
