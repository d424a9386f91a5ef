/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade-explain.c: a grading result in a few lines people read, Chinese or
 * English, for `fieldcheck show` and the TUI.
 *
 * It reads only the stored result (never recomputes), so what is shown is
 * what was signed. Levels graded A_u are summarised in one line, so a
 * 30-storey appraisal still fits a handheld's screen.
 */
#include <libintl.h>
#include <string.h>

#include "grade-int.h"

#define _(s) gettext(s)

struct explain_words {
	const char *method_r, *method_j, *site_bad, *site_ok, *parts, *worst, *rule, *raised,
	    *measures, *ground_bad, *ground_ok, *foundation, *level, *basement, *others, *house,
	    *no_part, *part_names[6], *dm_names[3];
};

static const struct explain_words explain_en = {
    .method_r = "Method: rural house safety appraisal, 2019 guideline (rural2019)",
    .method_j = "Method: JGJ 125-2016 dangerous building appraisal (jgj125_2016)",
    .site_bad = "Site: dangerous",
    .site_ok = "Site: not dangerous",
    .parts = "Parts:",
    .worst = "Worst part",
    .rule = "rule",
    .raised = "Raised by the surveyor to",
    .measures = "Disaster-prevention measures:",
    .ground_bad = "Stage 1, ground: dangerous",
    .ground_ok = "Stage 1, ground: not dangerous",
    .foundation = "Foundation",
    .level = "Level",
    .basement = " (basement)",
    .others = "Other levels: A_u (no dangerous members)",
    .house = "House",
    .no_part = "none (no such part)",
    .part_names = {"foundation", "load-bearing walls", "timber columns/beams/purlins",
		   "timber trusses", "RC columns/beams", "floors/roof"},
    .dm_names = {"full", "partial", "none"},
};

static const struct explain_words explain_zh = {
    .method_r = "方法：农村住房安全性鉴定技术导则（2019）",
    .method_j = "方法：JGJ 125-2016 危险房屋鉴定标准",
    .site_bad = "场地：危险",
    .site_ok = "场地：非危险",
    .parts = "组成部分：",
    .worst = "最不利组成部分",
    .rule = "规则",
    .raised = "鉴定人员综合判定提高为",
    .measures = "防灾措施：",
    .ground_bad = "第一阶段 地基：危险状态",
    .ground_ok = "第一阶段 地基：非危险状态",
    .foundation = "基础层",
    .level = "第",
    .basement = "（地下室）",
    .others = "其余楼层：A_u（无危险点）",
    .house = "房屋",
    .no_part = "无此部分",
    .part_names = {"地基基础", "承重墙", "木柱、梁、檩", "木屋架", "混凝土柱、梁", "楼、屋盖"},
    .dm_names = {"具备", "部分具备", "完全不具备"},
};

static const char *const explain_part_keys[6] = {"foundation",	 "bearing_wall", "timber_frame",
						 "timber_truss", "rc_frame",	 "floor_roof"};

static const char *
explain_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "?";
}

static int
explain_rural(const json_t *res, const struct explain_words *w, int zh, struct fc_buf *out,
	      struct fc_error *err)
{
	const json_t *parts = json_object_get(json_object_get(res, "input"), "parts");
	const char *worst_part = json_string_value(json_object_get(res, "worst_part"));
	const char *dm = json_string_value(json_object_get(res, "disaster_measures"));
	const char *wname = "?";

	if (fc_buf_addf(out, err, "%s\n%s\n", w->method_r,
			json_is_true(json_object_get(res, "site_dangerous")) ? w->site_bad
									     : w->site_ok) == -1)
		return -1;
	if (parts != NULL) {
		if (fc_buf_adds(out, w->parts, err) == -1)
			return -1;
		for (int i = 0; i < 6; i++) {
			const char *g =
			    json_string_value(json_object_get(parts, explain_part_keys[i]));
			if (worst_part != NULL && strcmp(worst_part, explain_part_keys[i]) == 0)
				wname = w->part_names[i];
			/* "na" is the form's code for a part the house does not have. */
			if (g != NULL && strcmp(g, "na") == 0)
				g = w->no_part;
			if (g != NULL && fc_buf_addf(out, err, zh ? "%s %s；" : " %s %s;",
						     w->part_names[i], g) == -1)
				return -1;
		}
		/* Drop the last separator. */
		out->len -= zh ? strlen("；") : 1;
		out->buf[out->len] = '\0';
		if (fc_buf_adds(out, "\n", err) == -1)
			return -1;
	}
	const char *crule = explain_str(res, "computed_rule");
	if (strcmp(crule, "R-site") == 0) {
		if (fc_buf_addf(out, err,
				zh ? "场地危险 → D级（%s R-site）\n"
				   : "Site dangerous -> grade D (%s R-site)\n",
				w->rule) == -1)
			return -1;
	} else if (fc_buf_addf(out, err,
			       zh ? "%s %s（%s）→ %s级（%s R-worst）\n"
				  : "%s %s (%s) -> grade %s (%s R-worst)\n",
			       w->worst, explain_str(res, "worst"), wname,
			       explain_str(res, "computed_grade"), w->rule) == -1) {
		return -1;
	}
	if (strcmp(explain_str(res, "rule"), "R-override") == 0 &&
	    fc_buf_addf(out, err, zh ? "%s %s级：%s\n" : "%s %s: %s\n", w->raised,
			explain_str(res, "final_grade"),
			explain_str(json_object_get(res, "override"), "note")) == -1)
		return -1;
	if (dm != NULL) {
		const char *name = dm;
		for (int i = 0; i < 3; i++)
			if (strcmp(dm, explain_en.dm_names[i]) == 0)
				name = w->dm_names[i];
		if (fc_buf_addf(out, err, zh ? "%s%s\n" : "%s %s\n", w->measures, name) == -1)
			return -1;
	}
	return 0;
}

static int
explain_ratio(struct fc_buf *out, const char *label, const json_t *obj, struct fc_error *err)
{
	const json_t *r = json_object_get(obj, "ratio");

	return fc_buf_addf(out, err, "%s: %lld/%lld = %s %% -> %s\n", label,
			   (long long)json_integer_value(json_object_get(r, "num")),
			   (long long)json_integer_value(json_object_get(r, "den")),
			   explain_str(r, "pct"), explain_str(obj, "grade"));
}

static int
explain_jgj(const json_t *res, const struct explain_words *w, int zh, struct fc_buf *out,
	    struct fc_error *err)
{
	const json_t *stage1 = json_object_get(res, "stage1");
	const json_t *levels = json_object_get(res, "levels");
	const char *rule = explain_str(res, "rule");
	const char *grade = explain_str(res, "grade");
	size_t i;
	json_t *lv, *c;
	int quiet = 0;

	if (fc_buf_addf(out, err, "%s\n", w->method_j) == -1)
		return -1;
	if (json_is_true(json_object_get(stage1, "dangerous"))) {
		if (fc_buf_adds(out, w->ground_bad, err) == -1)
			return -1;
		json_array_foreach(json_object_get(stage1, "codes"), i, c)
			if (fc_buf_addf(out, err, " %s", json_string_value(c)) == -1)
				return -1;
		if (fc_buf_addf(out, err,
				zh ? " → D级（%s J-6.2.3-1）\n" : " -> grade D (%s J-6.2.3-1)\n",
				w->rule) == -1)
			return -1;
	} else if (fc_buf_addf(out, err, "%s\n", w->ground_ok) == -1) {
		return -1;
	}
	if (json_object_get(res, "foundation") != NULL &&
	    explain_ratio(out, w->foundation, json_object_get(res, "foundation"), err) == -1)
		return -1;
	json_array_foreach(levels, i, lv) {
		char label[64];

		if (strcmp(explain_str(lv, "grade"), "A_u") == 0) {
			quiet++;
			continue;
		}
		snprintf(label, sizeof label, zh ? "%s%d层%s" : "%s %d%s", w->level, (int)i + 1,
			 json_is_true(json_object_get(lv, "basement")) ? w->basement : "");
		if (explain_ratio(out, label, lv, err) == -1)
			return -1;
	}
	if (quiet > 0 && (size_t)quiet < json_array_size(levels) &&
	    fc_buf_addf(out, err, "%s\n", w->others) == -1)
		return -1;
	if (quiet > 0 && (size_t)quiet == json_array_size(levels) &&
	    fc_buf_addf(out, err, "%s\n", zh ? "各楼层：A_u（无危险点）" : "All levels: A_u") == -1)
		return -1;
	if (json_object_get(res, "ratio") != NULL) {
		const json_t *r = json_object_get(res, "ratio");
		if (fc_buf_addf(out, err, "%s R = %lld/%lld = %s %%, n_Du = %lld, F+B+f = %lld\n",
				w->house, (long long)json_integer_value(json_object_get(r, "num")),
				(long long)json_integer_value(json_object_get(r, "den")),
				explain_str(r, "pct"),
				(long long)json_integer_value(json_object_get(res, "n_Du")),
				(long long)json_integer_value(json_object_get(res, "limit"))) == -1)
			return -1;
	}
	if (strcmp(rule, "J-6.2.3-1") == 0)
		return 0;

	long long n_du = json_integer_value(json_object_get(res, "n_Du"));
	long long limit = json_integer_value(json_object_get(res, "limit"));
	char cond[128];
	if (strcmp(rule, "J-6.3.6-1") == 0)
		snprintf(cond, sizeof cond, "R = 0");
	else if (strcmp(rule, "J-6.3.6-2") == 0)
		snprintf(cond, sizeof cond, "0 < R < 5 %%, n_Du = %lld", n_du);
	else if (strcmp(rule, "J-6.3.6-3") == 0)
		snprintf(cond, sizeof cond, "5 %% <= R < 25 %%, 3 x n_Du = %lld %s %lld", 3 * n_du,
			 3 * n_du <= limit ? "<=" : ">", limit);
	else
		snprintf(cond, sizeof cond, "R >= 25 %%");
	return fc_buf_addf(out, err, zh ? "%s → %s级（%s %s）\n" : "%s -> grade %s (%s %s)\n", cond,
			   grade, w->rule, rule);
}

int
fc_grade_explain(const json_t *result, const char *lang, struct fc_buf *out, struct fc_error *err)
{
	const char *method = json_string_value(json_object_get(result, "method"));
	int zh = lang != NULL && strncmp(lang, "zh", 2) == 0;
	const struct explain_words *w = zh ? &explain_zh : &explain_en;

	if (method == NULL || json_string_value(json_object_get(result, "grade")) == NULL)
		return fc_error_set(err, FC_E_INVALID, _("grade: not a grading result"));
	if (strcmp(method, FC_GRADE_RURAL2019) == 0)
		return explain_rural(result, w, zh, out, err);
	if (strcmp(method, FC_GRADE_JGJ125_2016) == 0)
		return explain_jgj(result, w, zh, out, err);
	return fc_error_set(err, FC_E_INVALID, _("grade: unknown method '%s'"), method);
}
