/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade-rural.c: Algorithm R of docs/grading.md, the 2019 rural method
 * (《农村住房安全性鉴定技术导则》, 建村函〔2019〕200号) for one- and two-storey
 * rural houses.
 *
 * A dangerous site makes the house D (rule R-site); otherwise the worst graded
 * part decides (rule R-worst). Both are read from a county summary of the
 * 导则 [S?], not from the 导则's own article text: the summary's A-D wording
 * overlaps, and "worst part decides" is the one consistent reading (docs/grading.md
 * §1, docs/rural.md §2). The surveyor may raise the grade, never lower it, with a
 * note ("结合房屋宏观情况进行综合判定" [P]); the result keeps both grades.
 * 防灾措施 (R40) is stored beside the grade and never changes it [S?].
 */
#include <libintl.h>
#include <string.h>

#include "grade-int.h"

#define _(s) gettext(s)

/* Template item ids in the comments: docs/rural.md §7. */
static const struct {
	const char *key;
	const char *item;
} rural_parts[] = {
    {"foundation", "R20"},   /* 地基基础: never "na" */
    {"bearing_wall", "R21"}, /* 承重墙 */
    {"timber_frame", "R22"}, /* 木柱、梁、檩 */
    {"timber_truss", "R23"}, /* 木屋架 */
    {"rc_frame", "R24"},     /* 混凝土柱、梁 */
    {"floor_roof", "R25"},   /* 楼、屋盖: row seen only in an app's copy [S?] */
};
#define RURAL_NPARTS (sizeof rural_parts / sizeof rural_parts[0])

/* 'a'..'d' for a part grade, 0 for "na", -1 for anything else. */
static int
rural_part_value(const json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL)
		return -1;
	if (strcmp(s, "na") == 0)
		return 0;
	if (strlen(s) == 1 && s[0] >= 'a' && s[0] <= 'd')
		return s[0];
	return -1;
}

static int
rural_check_override(const json_t *ov, char computed, char *final, struct fc_error *err)
{
	static const char *const keys[] = {"grade", "note", NULL};
	const char *g = json_string_value(json_object_get(ov, "grade"));
	const char *note = json_string_value(json_object_get(ov, "note"));

	if (!json_is_object(ov))
		return fc_error_set(err, FC_E_INVALID,
				    _("override: must be an object {\"grade\", \"note\"}"));
	if (grade_check_keys(ov, "override", keys, err) == -1)
		return -1;
	if (g == NULL || strlen(g) != 1 || g[0] < 'A' || g[0] > 'D')
		return fc_error_set(err, FC_E_INVALID, _("override.grade: must be A, B, C or D"));
	if (g[0] < computed)
		return fc_error_set(err, FC_E_INVALID,
				    _("override.grade: %c is lower than the computed grade %c; "
				      "the surveyor may only raise it"),
				    g[0], computed);
	/* A raise without a reason would be unreviewable. */
	if (note == NULL || strspn(note, " \t\r\n") == strlen(note))
		return fc_error_set(err, FC_E_INVALID,
				    _("override.note: say why the grade is raised (宏观情况)"));
	*final = g[0];
	return 0;
}

/* What the input says of the site (R10); 0 or 1 in *site. */
static int
rural_read_site(const json_t *input, int *site, struct fc_error *err)
{
	const json_t *reasons = json_object_get(input, "site_reasons");
	size_t i;
	json_t *r;

	if (!json_is_boolean(json_object_get(input, "site_dangerous")))
		return fc_error_set(err, FC_E_INVALID,
				    _("site_dangerous: must be given as true or false (R10)"));
	*site = json_is_true(json_object_get(input, "site_dangerous"));
	if (reasons == NULL)
		return 0;
	if (!json_is_array(reasons))
		return fc_error_set(err, FC_E_INVALID,
				    _("site_reasons: must be a list of strings"));
	json_array_foreach(reasons, i, r)
		if (!json_is_string(r))
			return fc_error_set(err, FC_E_INVALID,
					    _("site_reasons: must be a list of strings"));
	return 0;
}

/* parts is an object naming only known parts (or absent on a dangerous site). */
static int
rural_check_parts(const json_t *parts, int site, struct fc_error *err)
{
	const char *key;
	json_t *v;

	if (parts != NULL && !json_is_object(parts))
		return fc_error_set(err, FC_E_INVALID,
				    _("parts: must be an object of part grades"));
	if (parts == NULL && !site)
		return fc_error_set(err, FC_E_INVALID,
				    _("parts: grade the foundation and at least one other part"));
	if (parts == NULL)
		return 0;
	json_object_foreach((json_t *)parts, key, v) {
		size_t i;

		for (i = 0; i < RURAL_NPARTS; i++)
			if (strcmp(key, rural_parts[i].key) == 0)
				break;
		if (i == RURAL_NPARTS)
			return fc_error_set(err, FC_E_INVALID,
					    _("parts: unknown part '%s' (foundation, "
					      "bearing_wall, timber_frame, timber_truss, "
					      "rc_frame, floor_roof)"),
					    key);
	}
	return 0;
}

/* The worst graded part ('a'..'d', 0 if none) and its key. */
static int
rural_worst(const json_t *parts, int site, char *worst, const char **worst_part,
	    struct fc_error *err)
{
	int superstructure = 0;

	for (size_t i = 0; i < RURAL_NPARTS; i++) {
		const json_t *v = parts != NULL ? json_object_get(parts, rural_parts[i].key) : NULL;
		int pv = v != NULL ? rural_part_value(v) : 0;

		if (pv == -1 && i == 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("parts.%s (%s): must be a, b, c, d"),
					    rural_parts[i].key, rural_parts[i].item);
		if (pv == -1)
			return fc_error_set(err, FC_E_INVALID,
					    _("parts.%s (%s): must be a, b, c, d or na"),
					    rural_parts[i].key, rural_parts[i].item);
		if (i == 0 && pv == 0 && !site)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("parts.foundation (R20): must be graded a, b, c or d"));
		if (i == 0 && pv == 0 && v != NULL)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("parts.foundation (R20): must be a, b, c or d, never na"));
		if (i > 0 && pv != 0)
			superstructure++;
		if (pv > *worst) {
			*worst = (char)pv;
			*worst_part = rural_parts[i].key;
		}
	}
	/* docs/grading.md R6: a house with no graded superstructure part was not appraised. */
	if (!site && superstructure == 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("parts: no superstructure part graded; grade at least one "
				      "of bearing_wall, timber_frame, timber_truss, rc_frame, "
				      "floor_roof (R21-R25)"));
	return 0;
}

static int
rural_check_measures(const json_t *dm, struct fc_error *err)
{
	static const char *const measures[] = {"full", "partial", "none"};
	const char *s = json_string_value(dm);
	size_t i;

	if (dm == NULL)
		return 0;
	for (i = 0; s != NULL && i < 3; i++)
		if (strcmp(s, measures[i]) == 0)
			return 0;
	return fc_error_set(err, FC_E_INVALID,
			    _("disaster_measures (R40): must be full, partial or none"));
}

/* What was read and decided, as grading keeps it. */
struct rural_grade {
	int site;
	char worst, computed, final;
	const char *worst_part, *computed_rule;
};

static int
rural_explain(json_t *res, const struct rural_grade *rg, struct fc_error *err)
{
	char expl[256];

	if (rg->site)
		snprintf(expl, sizeof expl, "site dangerous -> D (R-site)");
	else
		snprintf(expl, sizeof expl, "worst part %c (%s) -> %c (R-worst)", rg->worst,
			 rg->worst_part, rg->computed);
	if (rg->final > rg->computed) {
		size_t len = strlen(expl);
		snprintf(expl + len, sizeof expl - len, "; raised to %c by the surveyor",
			 rg->final);
	}
	return grade_set(res, "explanation", json_string(expl), err);
}

static int
rural_describe(json_t *res, const json_t *input, const struct rural_grade *rg, struct fc_error *err)
{
	const json_t *ov = json_object_get(input, "override");
	const json_t *dm = json_object_get(input, "disaster_measures");
	char g[2] = {rg->computed, 0}, w[2] = {rg->worst, 0};

	if (grade_set(res, "method", json_string(FC_GRADE_RURAL2019), err) == -1 ||
	    grade_set(res, "input", json_deep_copy(input), err) == -1 ||
	    grade_set(res, "site_dangerous", json_boolean(rg->site), err) == -1 ||
	    grade_set(res, "computed_grade", json_string(g), err) == -1 ||
	    grade_set(res, "computed_rule", json_string(rg->computed_rule), err) == -1)
		return -1;
	if (rg->worst != 0 &&
	    (grade_set(res, "worst", json_string(w), err) == -1 ||
	     grade_set(res, "worst_part", json_string(rg->worst_part), err) == -1))
		return -1;
	g[0] = rg->final;
	if (grade_set(res, "final_grade", json_string(g), err) == -1 ||
	    grade_set(res, "grade", json_string(g), err) == -1 ||
	    grade_set(res, "rule",
		      json_string(rg->final > rg->computed ? "R-override" : rg->computed_rule),
		      err) == -1)
		return -1;
	if (ov != NULL && grade_set(res, "override", json_deep_copy(ov), err) == -1)
		return -1;
	if (dm != NULL && grade_set(res, "disaster_measures", json_deep_copy(dm), err) == -1)
		return -1;
	return rural_explain(res, rg, err);
}

int
grade_rural_compute(const json_t *input, json_t **result, struct fc_error *err)
{
	static const char *const keys[] = {"site_dangerous", "site_reasons",	  "parts",
					   "override",	     "disaster_measures", NULL};
	const json_t *parts = json_object_get(input, "parts");
	const json_t *ov = json_object_get(input, "override");
	struct rural_grade rg = {0};
	json_t *res;

	if (grade_check_keys(input, "", keys, err) == -1 ||
	    rural_read_site(input, &rg.site, err) == -1 ||
	    rural_check_parts(parts, rg.site, err) == -1 ||
	    rural_worst(parts, rg.site, &rg.worst, &rg.worst_part, err) == -1 ||
	    rural_check_measures(json_object_get(input, "disaster_measures"), err) == -1)
		return -1;
	if (rg.site) {
		rg.computed = 'D';
		rg.computed_rule = "R-site";
	} else {
		rg.computed = (char)('A' + (rg.worst - 'a'));
		rg.computed_rule = "R-worst";
	}
	rg.final = rg.computed;
	if (ov != NULL && rural_check_override(ov, rg.computed, &rg.final, err) == -1)
		return -1;
	res = json_object();
	if (res == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("grading: out of memory"));
	if (rural_describe(res, input, &rg, err) == -1) {
		json_decref(res);
		return -1;
	}
	*result = res;
	return 0;
}
