/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade.h: house danger grading (房屋危险性等级 A/B/C/D), in exact integer
 * arithmetic, so a reviewer can recompute every grade from the record alone.
 *
 * Two methods (docs/grading.md; docs/rural.md §6 says which to use):
 *
 *   "rural2019"    《农村住房安全性鉴定技术导则》(建村函〔2019〕200号): site first,
 *                  then the worst part decides. One- and two-storey rural houses.
 *   "jgj125_2016"  JGJ 125-2016 《危险房屋鉴定标准》 §6.2-6.3: stage 1 ground, then
 *                  foundation and storey levels (A_u..D_u) from weighted member
 *                  counts, then the house. Three storeys and more, formal
 *                  appraisals, the self-built house check.
 *
 * No floating point is used for any decision: ratios are int64 num/den with
 * the member weights ×10, compared as docs/grading.md §2.2 says (R < 5 % is
 * 20·num < den). Decimal measurements (tilt, crack widths, heights) are read
 * as exact fixed-point numbers with up to 4 decimals. Percentages in the result
 * are display strings made from the integers ("2.22", rounded half up).
 *
 * ------------------------------------------------------------------------
 * Input for "rural2019" (a JSON object; unknown members are refused):
 *
 *   {
 *     "site_dangerous": false,              R10, required bool
 *     "site_reasons": ["landslide"],        R11, optional array of strings, kept
 *     "parts": {                            grades "a" "b" "c" "d" or "na"
 *       "foundation":   "a",                R20 地基基础 (required unless the site
 *                                               is dangerous; never "na")
 *       "bearing_wall": "b",                R21 承重墙
 *       "timber_frame": "a",                R22 木柱、梁、檩
 *       "timber_truss": "a",                R23 木屋架
 *       "rc_frame":     "na",               R24 混凝土柱、梁
 *       "floor_roof":   "b"                 R25 楼、屋盖 (row unconfirmed [S?])
 *     },                                    a missing superstructure part = "na"
 *     "override": {"grade": "C", "note": "…"},   optional, raise only, note required
 *     "disaster_measures": "partial"        R40 "full" | "partial" | "none",
 *   }                                       optional; stored, never changes the grade
 *
 * When the site is not dangerous, foundation must be a-d and at least one
 * superstructure part must be a-d (docs/grading.md R6). When the site is dangerous
 * the grade is D (rule R-site) and any parts entered are validated and kept.
 *
 * Result for "rural2019":
 *
 *   { "method": "rural2019", "input": {...exactly as given...},
 *     "site_dangerous": bool, "worst": "c", "worst_part": "bearing_wall"
 *     (both absent if no part was graded),
 *     "computed_grade": "C", "computed_rule": "R-worst" | "R-site",
 *     "final_grade": "D", "grade": "D" (= final_grade),
 *     "rule": "R-override" when the surveyor raised it, else computed_rule,
 *     "override": {"grade","note"} (only if given),
 *     "disaster_measures": "partial" (only if given),
 *     "explanation": "worst part c (bearing_wall) -> C (R-worst); raised to D by
 *                     the surveyor" }   (one line, English, ASCII arrows)
 *
 * ------------------------------------------------------------------------
 * Input for "jgj125_2016":
 *
 *   {
 *     "floors": F,                 上部结构层数, integer 1..60
 *     "basements": B,              地下室结构层数, integer 0..10 (default 0)
 *     "height_m": 31.5,            building height; required when F > 6, and a
 *                                  building over 100 m is refused (§1.0.2)
 *     "ground": {                  stage 1 (optional: absent = not dangerous)
 *       "dangerous": true,         the surveyor's finding (optional bool)
 *       "codes": ["G4"],           which §4.2 criteria hold: G1-G5 for buildings
 *                                  of ≤ 6 storeys and ≤ 24 m, H1-H3 for high-rise;
 *                                  required when "dangerous" is true
 *       "measurements": {          optional; any criterion met makes it dangerous
 *         "settlement_mm_month": [5, 4.5],  last two consecutive months (G1)
 *         "settlement_mm_day": 2.5,         with adjacent_works (G1)
 *         "adjacent_works": bool,
 *         "settlement_converging": bool,    required when a G1 rate is exceeded
 *         "wall_crack_mm": 12,              widest settlement crack, bearing wall (G2)
 *         "parallel_cracks": 3,             how many parallel settlement cracks (G2)
 *         "frame_cracked": bool,            RC frame cracked by ground movement (G3)
 *         "tilt_pct": 2.4,                  overall tilt, % (G2 G3 G4 H3)
 *         "sliding_mm": 12, "sliding_continuing": bool,            (G5)
 *         "tilt_increase_pct_month": [0.06, 0.07],                 (H1)
 *         "tilt_converging": bool,          required when H1 rates are exceeded
 *         "cracks_developing": bool         (H2)
 *       }
 *     },
 *     "foundation": {"members": n_f, "dangerous": n_df},
 *     "levels": [                  exactly F+B entries, bottom-up, basements first
 *       {"counts":    {"w": 30, "pmb": 4, "smb": 8, "s": 12, "sm": 10},
 *        "dangerous": {"w": 1}},
 *       ...
 *     ],
 *     "propagation": "entered" | "members"      (default "entered")
 *     "members": [ ... ]           only with "members", see below
 *   }
 *
 * Numbers may be JSON integers, JSON reals or decimal strings ("2.4"); counts
 * must be integers. Category keys (weights ×10, §6.3.3): pc 35 中柱, sc 27 边柱,
 * cc 18 角柱, w 27 墙体, rt 19 屋架, pmb 19 中梁, smb 14 边梁, sb 10 次梁,
 * s 10 楼(屋)面板, sm 10 围护结构承重构件; the foundation weighs 35.
 * Every level needs at least one member counted ("level 3: no members
 * counted"), and dangerous ≤ counted for every category.
 *
 * Stage 2 is required unless stage 1 finds the ground dangerous; then counts
 * entered anyway are validated and kept, and the grade is D (J-6.2.3-1).
 *
 * Vertical propagation (§6.3.3): with "entered" the dangerous counts already
 * include the vertical members above a dangerous one. With "members" the
 * counts of dangerous vertical members (foundation, pc, sc, cc, w) are made
 * from a list, one entry per dangerous position:
 *
 *   {"position": "A-3",           axis/grid id, unique in the list
 *    "lowest": 2,                 lowest dangerous level: 0 = foundation, 1..F+B
 *    "category": "pc",            its category there ("foundation" when lowest 0)
 *    "above": "pc" | ["pc","sc","",...]}   category of the vertical member at
 *                                 this position on each higher level, "" for
 *                                 none; a string means the same all the way up;
 *                                 default = category (required when lowest is 0)
 *
 * and the member at that position on every higher level counts as dangerous.
 * Dangerous counts of vertical categories may then be left out of "levels";
 * if given, they must equal the counts made from the list.
 *
 * Result for "jgj125_2016" (ratios are {"num":N,"den":D,"pct":"2.22"}):
 *
 *   { "method": "jgj125_2016", "input": {...exactly as given...},
 *     "floors": F, "basements": B, "f": 1, "limit": F+B+1,
 *     "stage1": {"dangerous": bool, "codes": [...], "high_rise": bool,
 *                "measured": [...codes met by measurements...]},
 *     "propagation": "entered" | "members",
 *     "foundation": {"members", "dangerous", "ratio", "grade": "A_u"},
 *     "levels": [{"level": 1, "basement": bool, "counts": {...},
 *                 "dangerous": {...counts used, after propagation...},
 *                 "ratio", "grade": "C_u"}, ...],
 *     "ratio": {...house R...}, "n_Du": 1,
 *     "grade": "C", "rule": "J-6.3.6-3",
 *     "explanation": "R = 9.25 % (5 % <= R < 25 %), 3 x n_Du = 0 <= F+B+f = 4
 *                     -> C (J-6.3.6-3)" }   (one line)
 *
 * When stage 1 decides (J-6.2.3-1) without counts, foundation/levels/ratio/
 * n_Du are absent.
 */
#ifndef FC_GRADE_H
#define FC_GRADE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "buf.h"
#include "error.h"

#define FC_GRADE_RURAL2019 "rural2019"
#define FC_GRADE_JGJ125_2016 "jgj125_2016"

/* Grading from JSON: what records and the checklist engine use. */

/*
 * Grade input by method (FC_GRADE_*). On success *result is a new object as
 * described above (caller frees with json_decref()). Invalid input fails with
 * FC_E_INVALID and a message naming the field or level ("level 3: no members
 * counted"); an unknown method too. *result is NULL on failure.
 */
int fc_grade_compute(const char *method, const json_t *input, json_t **result,
		     struct fc_error *err);

/*
 * What a method needs from a template, for the template lint
 * (core/template-lint.c): each entry names an input by its path ("floors",
 * "parts/foundation") and, when it is needed only sometimes, the input that
 * decides it: needed when that input is greater than value (FC_NEED_GT), or
 * when it is not true (FC_NEED_NOT_TRUE). The list ends with input NULL.
 */
enum fc_grade_need_op { FC_NEED_ALWAYS, FC_NEED_GT, FC_NEED_NOT_TRUE };
struct fc_grade_need {
	const char *input;
	enum fc_grade_need_op op;
	const char *if_input;
	double value;
};
/* The needs of method, or NULL when the method is unknown. */
const struct fc_grade_need *fc_grade_needs(const char *method);
/* Every grade a method computes, best first, NULL-terminated. */
extern const char *const fc_grade_grades[];

/*
 * Append to out a few lines (each ending in '\n') saying how result's grade
 * was reached, in lang "zh" or "en" (anything else: en). For `fieldcheck show`
 * and the TUI. FC_E_INVALID if result is not a grading result.
 */
int fc_grade_explain(const json_t *result, const char *lang, struct fc_buf *out,
		     struct fc_error *err);

/* Exact ratios and level grades: shared by both JSON methods, tests and benches. */

struct fc_ratio {
	int64_t num;
	int64_t den; /* > 0 */
};

enum fc_level_grade { FC_LEVEL_AU, FC_LEVEL_BU, FC_LEVEL_CU, FC_LEVEL_DU };

/* §6.3.2/§6.3.4: num = 0 A_u; < 5 % B_u; < 25 % C_u; else D_u. */
enum fc_level_grade fc_grade_level(struct fc_ratio r);

/* "A_u" .. "D_u". */
const char *fc_grade_level_name(enum fc_level_grade g);

/* r as a percentage rounded half up to 2 decimals ("4.00", "26.87") into out[32]. */
void fc_grade_pct(struct fc_ratio r, char out[32]);

/* Stage 2 of JGJ 125-2016 on plain structs (after propagation). */

enum fc_member_cat {
	FC_CAT_PC,  /* 中柱 3.5 */
	FC_CAT_SC,  /* 边柱 2.7 */
	FC_CAT_CC,  /* 角柱 1.8 */
	FC_CAT_W,   /* 墙体 2.7 */
	FC_CAT_RT,  /* 屋架 1.9 */
	FC_CAT_PMB, /* 中梁 1.9 */
	FC_CAT_SMB, /* 边梁 1.4 */
	FC_CAT_SB,  /* 次梁 1.0 */
	FC_CAT_S,   /* 楼(屋)面板 1.0 */
	FC_CAT_SM,  /* 围护结构承重构件 1.0 */
	FC_CAT_COUNT
};

#define FC_GRADE_FOUNDATION_WEIGHT 35 /* 基础 3.5, ×10 */
#define FC_GRADE_LEVELS_MAX 70	      /* 60 floors + 10 basements */

/* Key ("pc") and weight ×10 (35) of a category. */
const char *fc_grade_cat_key(enum fc_member_cat k);
int fc_grade_cat_weight(enum fc_member_cat k);

struct fc_jgj_level {
	int64_t n[FC_CAT_COUNT];  /* members counted */
	int64_t nd[FC_CAT_COUNT]; /* of which dangerous (propagation included) */
};

struct fc_jgj_input {
	int floors;	      /* F >= 1 */
	int basements;	      /* B >= 0 */
	int ground_dangerous; /* stage 1 result */
	int have_counts;      /* 0: stage 1 decided and nothing was counted */
	int64_t n_f, n_df;    /* foundation members, dangerous */
	struct fc_jgj_level levels[FC_GRADE_LEVELS_MAX]; /* [0] = lowest level */
};

struct fc_jgj_result {
	char grade;	     /* 'A'..'D' */
	const char *rule;    /* "J-6.3.6-2", static */
	struct fc_ratio r_f; /* n_df / n_f */
	enum fc_level_grade g_f;
	struct fc_ratio r_s[FC_GRADE_LEVELS_MAX];
	enum fc_level_grade g_s[FC_GRADE_LEVELS_MAX];
	struct fc_ratio r; /* the house ratio R */
	int n_du;
	int limit; /* F + B + f, f = 1 */
};

/*
 * Grade in (stage 1 flag and counts already final). FC_E_INVALID with the
 * level named when a count is out of range. out is filled on success.
 */
int fc_grade_jgj(const struct fc_jgj_input *in, struct fc_jgj_result *out, struct fc_error *err);

#endif
