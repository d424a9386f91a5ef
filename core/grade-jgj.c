/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade-jgj.c: Algorithm J of docs/grading.md (JGJ 125-2016 §6.2-6.3) from JSON.
 *
 * Reads the input described in grade.h, runs stage 1 (grade-ground.c), turns
 * the level counts into struct fc_jgj_input (making the dangerous vertical
 * counts from a member list when propagation is "members", §6.3.3), grades
 * with fc_grade_jgj() and writes every intermediate into the result, so the
 * grade can be recomputed from the record alone.
 */
#include <libintl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade-int.h"

#define _(s) gettext(s)

#define JGJ_FLOORS_MAX 60
#define JGJ_BASEMENTS_MAX 10

/* Vertical members carry the propagation of §6.3.3; beams, slabs, trusses do not. */
static int
jgj_is_vertical(int k)
{
	return k == FC_CAT_PC || k == FC_CAT_SC || k == FC_CAT_CC || k == FC_CAT_W;
}

static int
jgj_cat(const char *key)
{
	for (int k = 0; k < FC_CAT_COUNT; k++)
		if (strcmp(key, fc_grade_cat_key(k)) == 0)
			return k;
	return -1;
}

/* counts or dangerous of level i (1-based) into n[]; *given marks keys present. */
static int
jgj_read_cats(const json_t *obj, int level, const char *what, int64_t n[FC_CAT_COUNT],
	      int given[FC_CAT_COUNT], struct fc_error *err)
{
	const char *key;
	json_t *v;
	char field[96];

	if (obj == NULL)
		return 0;
	if (!json_is_object(obj))
		return fc_error_set(err, FC_E_INVALID,
				    _("level %d: %s must be an object such as {\"w\": 30}"), level,
				    what);
	json_object_foreach((json_t *)obj, key, v) {
		int k = jgj_cat(key);

		if (k < 0)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("level %d: %s.%s is not a member category (pc sc cc w "
			      "rt pmb smb sb s sm)"),
			    level, what, key);
		/* The field name is only made for a message: this runs per count. */
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 1000000) {
			snprintf(field, sizeof field, "level %d: %s.%s", level, what, key);
			return grade_int(v, field, 0, 1000000, &n[k], err);
		}
		n[k] = json_integer_value(v);
		if (given != NULL)
			given[k] = 1;
	}
	return 0;
}

/* members[i]'s position: named, and listed once; where becomes "member POS". */
static int
jgj_member_position(const json_t *members, size_t i, char *where, size_t size, struct fc_error *err)
{
	static const char *const keys[] = {"position", "lowest", "category", "above", NULL};
	const json_t *m = json_array_get(members, i);
	const char *pos = json_string_value(json_object_get(m, "position"));

	snprintf(where, size, "members[%zu]", i);
	if (!json_is_object(m))
		return fc_error_set(err, FC_E_INVALID, _("%s: must be an object"), where);
	if (grade_check_keys(m, where, keys, err) == -1)
		return -1;
	if (pos == NULL || *pos == '\0')
		return fc_error_set(err, FC_E_INVALID,
				    _("%s.position: name the axis or grid position"), where);
	snprintf(where, size, "member %.40s", pos);
	for (size_t j = 0; j < i; j++) {
		const char *other =
		    json_string_value(json_object_get(json_array_get(members, j), "position"));
		if (other != NULL && strcmp(other, pos) == 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: listed twice; give each position once "
					      "with its lowest dangerous level"),
					    where);
	}
	return 0;
}

/* The member's lowest dangerous level and what it is there, counted into vd. */
static int
jgj_member_lowest(const json_t *m, const char *where, int nlevels, int64_t *lowest,
		  int64_t vd[][FC_CAT_COUNT + 1], struct fc_error *err)
{
	const char *cat = json_string_value(json_object_get(m, "category"));
	char field[128];
	int k;

	snprintf(field, sizeof field, "%s: lowest", where);
	if (grade_int(json_object_get(m, "lowest"), field, 0, nlevels, lowest, err) == -1)
		return -1;
	if (*lowest == 0) {
		if (cat == NULL || strcmp(cat, "foundation") != 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: category at level 0 must be foundation"), where);
		if (json_object_get(m, "above") == NULL && nlevels > 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: above: say which vertical member stands on "
					      "this foundation (pc sc cc w)"),
					    where);
		vd[0][FC_CAT_COUNT]++;
		return 0;
	}
	k = cat != NULL ? jgj_cat(cat) : -1;
	if (k < 0 || !jgj_is_vertical(k))
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: category must be a vertical member: pc, sc, "
				      "cc or w"),
				    where);
	vd[*lowest][k]++;
	return 0;
}

/* Every level above the lowest: the member standing there, counted into vd. */
static int
jgj_member_above(const json_t *m, const char *where, int nlevels, int64_t lowest,
		 int64_t vd[][FC_CAT_COUNT + 1], struct fc_error *err)
{
	const json_t *above = json_object_get(m, "above");

	if (above == NULL)
		above = json_object_get(m, "category");
	if (json_is_array(above) && json_array_size(above) != (size_t)(nlevels - lowest))
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: above lists %zu levels; levels %lld to %d are %lld"),
				    where, json_array_size(above), (long long)(lowest + 1), nlevels,
				    (long long)(nlevels - lowest));
	for (int lv = (int)lowest + 1; lv <= nlevels; lv++) {
		const json_t *a =
		    json_is_array(above) ? json_array_get(above, (size_t)(lv - lowest - 1)) : above;
		const char *s = json_string_value(a);
		int k;

		if (s != NULL && *s == '\0')
			continue; /* no vertical member here on this level */
		k = s != NULL ? jgj_cat(s) : -1;
		if (k < 0 || !jgj_is_vertical(k))
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: above (level %d): must be pc, sc, cc, w or "
					      "\"\" for none"),
					    where, lv);
		vd[lv][k]++;
	}
	return 0;
}

/*
 * Propagation mode "members": count, per level, the dangerous vertical members
 * listed and every member above them at the same position (§6.3.3). vd[0] is
 * the foundation, vd[i] level i.
 */
static int
jgj_propagate(const json_t *members, int nlevels, int64_t vd[][FC_CAT_COUNT + 1],
	      struct fc_error *err)
{
	size_t i;
	json_t *m;
	char where[96];
	int64_t lowest;

	if (!json_is_array(members))
		return fc_error_set(err, FC_E_INVALID,
				    _("members: must be a list of dangerous vertical members"));
	json_array_foreach(members, i, m) {
		if (jgj_member_position(members, i, where, sizeof where, err) == -1 ||
		    jgj_member_lowest(m, where, nlevels, &lowest, vd, err) == -1 ||
		    jgj_member_above(m, where, nlevels, lowest, vd, err) == -1)
			return -1;
	}
	return 0;
}

/* floors, basements, height and ground: the building facts, and stage 1. */
static int
jgj_read_building(const json_t *input, struct fc_jgj_input *in, struct grade_building *b,
		  unsigned *asserted, unsigned *measured, struct fc_error *err)
{
	int64_t v;

	if (grade_int(json_object_get(input, "floors"), "floors", 1, JGJ_FLOORS_MAX, &v, err) == -1)
		return -1;
	in->floors = (int)v;
	v = 0;
	if (json_object_get(input, "basements") != NULL &&
	    grade_int(json_object_get(input, "basements"), "basements", 0, JGJ_BASEMENTS_MAX, &v,
		      err) == -1)
		return -1;
	in->basements = (int)v;
	b->floors = in->floors;
	b->have_height = json_object_get(input, "height_m") != NULL;
	if (b->have_height &&
	    grade_decimal(json_object_get(input, "height_m"), "height_m", &b->height, err) == -1)
		return -1;
	if (b->have_height && b->height > 100 * (int64_t)GRADE_SCALE) {
		char h[32];
		grade_decimal_str(b->height, h);
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("height_m: %s m is over 100 m; JGJ 125-2016 (§1.0.2) does not "
		      "cover such buildings"),
		    h);
	}
	if (!b->have_height && in->floors > 6)
		return fc_error_set(err, FC_E_INVALID,
				    _("height_m: needed for a building of more than 6 storeys "
				      "(high-rise limits and the 100 m scope of JGJ 125-2016)"));
	/* Commentary 4.2: high-rise = more than 6 storeys or more than 24 m. */
	b->high_rise = in->floors > 6 || (b->have_height && b->height > 24 * (int64_t)GRADE_SCALE);
	if (grade_ground_eval(json_object_get(input, "ground"), b, asserted, measured, err) == -1)
		return -1;
	in->ground_dangerous = (*asserted | *measured) != 0;
	return 0;
}

/* "propagation" and "members" agree; *members_mode 1 for "members". */
static int
jgj_read_mode(const json_t *input, int *members_mode, struct fc_error *err)
{
	const json_t *prop = json_object_get(input, "propagation");
	const json_t *members = json_object_get(input, "members");

	*members_mode = 0;
	if (prop != NULL) {
		const char *s = json_string_value(prop);
		if (s != NULL && strcmp(s, "members") == 0)
			*members_mode = 1;
		else if (s == NULL || strcmp(s, "entered") != 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("propagation: must be entered or members"));
	}
	if (members != NULL && !*members_mode)
		return fc_error_set(err, FC_E_INVALID,
				    _("members: only used with \"propagation\": \"members\""));
	return 0;
}

static int
jgj_read_foundation(const json_t *found, struct fc_jgj_input *in, struct fc_error *err)
{
	static const char *const fkeys[] = {"members", "dangerous", NULL};

	if (found == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("foundation: count the foundation members"));
	if (!json_is_object(found))
		return fc_error_set(err, FC_E_INVALID,
				    _("foundation: must be {\"members\": n, \"dangerous\": n}"));
	if (grade_check_keys(found, "foundation", fkeys, err) == -1 ||
	    grade_int(json_object_get(found, "members"), "foundation.members", 1, 1000000, &in->n_f,
		      err) == -1)
		return -1;
	in->n_df = 0;
	if (json_object_get(found, "dangerous") != NULL &&
	    grade_int(json_object_get(found, "dangerous"), "foundation.dangerous", 0, 1000000,
		      &in->n_df, err) == -1)
		return -1;
	return 0;
}

/* One entry per level; given[i][k] marks the dangerous counts entered. */
static int
jgj_read_levels(const json_t *levels, int nlevels, struct fc_jgj_input *in,
		int given[][FC_CAT_COUNT], struct fc_error *err)
{
	static const char *const lkeys[] = {"counts", "dangerous", NULL};

	if (!json_is_array(levels))
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("levels: give one entry per level, bottom-up, basements first"));
	if (json_array_size(levels) != (size_t)nlevels)
		return fc_error_set(err, FC_E_INVALID,
				    _("member counts: the number of storey groups (%zu) is not the "
				      "house's storeys (%d: above ground plus basements); give one "
				      "group per storey after the foundation's"),
				    json_array_size(levels), nlevels);
	for (int i = 0; i < nlevels; i++) {
		const json_t *lv = json_array_get(levels, (size_t)i);
		char where[32];

		snprintf(where, sizeof where, "level %d", i + 1);
		if (!json_is_object(lv))
			return fc_error_set(err, FC_E_INVALID, _("%s: must be an object"), where);
		if (grade_check_keys(lv, where, lkeys, err) == -1)
			return -1;
		if (json_object_get(lv, "counts") == NULL)
			return fc_error_set(err, FC_E_INVALID, _("%s: no members counted"), where);
		if (jgj_read_cats(json_object_get(lv, "counts"), i + 1, "counts", in->levels[i].n,
				  NULL, err) == -1 ||
		    jgj_read_cats(json_object_get(lv, "dangerous"), i + 1, "dangerous",
				  in->levels[i].nd, given[i], err) == -1)
			return -1;
	}
	return 0;
}

/* The counts made from the member list replace (and must match) those entered. */
static int
jgj_apply_members(const json_t *found, int nlevels, const int64_t vd[][FC_CAT_COUNT + 1],
		  const int given[][FC_CAT_COUNT], struct fc_jgj_input *in, struct fc_error *err)
{
	if (json_object_get(found, "dangerous") != NULL && in->n_df != vd[0][FC_CAT_COUNT])
		return fc_error_set(err, FC_E_INVALID,
				    _("foundation: dangerous %lld but the member list has %lld"),
				    (long long)in->n_df, (long long)vd[0][FC_CAT_COUNT]);
	in->n_df = vd[0][FC_CAT_COUNT];
	for (int i = 0; i < nlevels; i++)
		for (int k = 0; k < FC_CAT_COUNT; k++) {
			if (!jgj_is_vertical(k))
				continue;
			if (given[i][k] && in->levels[i].nd[k] != vd[i + 1][k])
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("level %d: dangerous %s %lld but the member list "
				      "gives %lld"),
				    i + 1, fc_grade_cat_key(k), (long long)in->levels[i].nd[k],
				    (long long)vd[i + 1][k]);
			in->levels[i].nd[k] = vd[i + 1][k];
		}
	return 0;
}

/* Mode "members": count the list per level (vd[0][COUNT]: foundation) and apply it. */
static int
jgj_read_members(const json_t *input, int nlevels, const int given[][FC_CAT_COUNT],
		 struct fc_jgj_input *in, struct fc_error *err)
{
	const json_t *members = json_object_get(input, "members");
	int64_t(*vd)[FC_CAT_COUNT + 1];
	int ret;

	if (members == NULL)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("members: list the dangerous vertical members (may be empty)"));
	vd = calloc((size_t)nlevels + 1, sizeof *vd);
	if (vd == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("grading: out of memory"));
	ret = jgj_propagate(members, nlevels, vd, err);
	if (ret == 0)
		ret = jgj_apply_members(json_object_get(input, "foundation"), nlevels,
					(const int64_t(*)[FC_CAT_COUNT + 1]) vd, given, in, err);
	free(vd);
	return ret;
}

/* Parse input into in (and the building facts into b); stage 1 into codes. */
static int
jgj_read(const json_t *input, struct fc_jgj_input *in, struct grade_building *b, unsigned *asserted,
	 unsigned *measured, int *members_mode, struct fc_error *err)
{
	static const char *const keys[] = {"floors",	  "basements",	"height_m",
					   "ground",	  "foundation", "levels",
					   "propagation", "members",	NULL};
	const json_t *found = json_object_get(input, "foundation");
	const json_t *levels = json_object_get(input, "levels");
	int given[FC_GRADE_LEVELS_MAX][FC_CAT_COUNT];
	int nlevels;

	if (grade_check_keys(input, "", keys, err) == -1 ||
	    jgj_read_building(input, in, b, asserted, measured, err) == -1 ||
	    jgj_read_mode(input, members_mode, err) == -1)
		return -1;
	nlevels = in->floors + in->basements;
	in->have_counts = found != NULL || levels != NULL;
	if (!in->have_counts && json_object_get(input, "members") != NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("foundation and levels: count the members of every level too "
				      "when listing dangerous ones"));
	if (!in->have_counts)
		return 0;
	memset(given, 0, sizeof given);
	if (jgj_read_foundation(found, in, err) == -1 ||
	    jgj_read_levels(levels, nlevels, in, given, err) == -1)
		return -1;
	if (!*members_mode)
		return 0;
	return jgj_read_members(input, nlevels, (const int(*)[FC_CAT_COUNT])given, in, err);
}

static json_t *
jgj_cats_json(const int64_t n[FC_CAT_COUNT])
{
	json_t *o = json_object();

	for (int k = 0; o != NULL && k < FC_CAT_COUNT; k++)
		if (n[k] != 0 &&
		    json_object_set_new(o, fc_grade_cat_key(k), json_integer(n[k])) == -1) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *
jgj_codes_json(unsigned codes)
{
	json_t *a = json_array();

	for (int i = 0; a != NULL && i < GRADE_CODE_COUNT; i++)
		if ((codes & (1u << i)) &&
		    json_array_append_new(a, json_string(grade_code_name(i))) == -1) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static int
jgj_explain(const struct fc_jgj_input *in, const struct fc_jgj_result *r, unsigned codes, char *out,
	    size_t size)
{
	char pct[32];

	if (strcmp(r->rule, "J-6.2.3-1") == 0) {
		char list[64] = "";
		for (int i = 0; i < GRADE_CODE_COUNT; i++)
			if (codes & (1u << i)) {
				size_t len = strlen(list);
				snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "",
					 grade_code_name(i));
			}
		return snprintf(out, size, "ground dangerous (%s) -> D (J-6.2.3-1)", list);
	}
	fc_grade_pct(r->r, pct);
	(void)in;
	if (strcmp(r->rule, "J-6.3.6-1") == 0)
		return snprintf(out, size, "R = 0 -> A (J-6.3.6-1)");
	if (strcmp(r->rule, "J-6.3.6-2") == 0)
		return snprintf(out, size, "R = %s %% (0 < R < 5 %%), n_Du = %d -> %c (J-6.3.6-2)",
				pct, r->n_du, r->grade);
	if (strcmp(r->rule, "J-6.3.6-3") == 0)
		return snprintf(out, size,
				"R = %s %% (5 %% <= R < 25 %%), 3 x n_Du = %d %s F+B+f = %d -> %c "
				"(J-6.3.6-3)",
				pct, 3 * r->n_du, r->grade == 'C' ? "<=" : ">", r->limit, r->grade);
	return snprintf(out, size, "R = %s %% (R >= 25 %%) -> D (J-6.3.6-4)", pct);
}

static json_t *
jgj_result(const json_t *input, const struct fc_jgj_input *in, const struct fc_jgj_result *r,
	   const struct grade_building *b, unsigned asserted, unsigned measured, int members_mode)
{
	json_t *res = json_object(), *stage1 = json_object(), *levels = NULL;
	char grade[2] = {r->grade, 0}, expl[256];
	int ok = res != NULL && stage1 != NULL;

	ok = ok && json_object_set_new(res, "method", json_string(FC_GRADE_JGJ125_2016)) == 0;
	ok = ok && json_object_set_new(res, "input", json_deep_copy(input)) == 0;
	ok = ok && json_object_set_new(res, "floors", json_integer(in->floors)) == 0;
	ok = ok && json_object_set_new(res, "basements", json_integer(in->basements)) == 0;
	ok = ok && json_object_set_new(res, "f", json_integer(1)) == 0;
	ok = ok && json_object_set_new(res, "limit", json_integer(r->limit)) == 0;
	ok =
	    ok && json_object_set_new(stage1, "dangerous", json_boolean(in->ground_dangerous)) == 0;
	ok = ok && json_object_set_new(stage1, "codes", jgj_codes_json(asserted | measured)) == 0;
	ok = ok && json_object_set_new(stage1, "measured", jgj_codes_json(measured)) == 0;
	ok = ok && json_object_set_new(stage1, "high_rise", json_boolean(b->high_rise)) == 0;
	ok = ok && json_object_set(res, "stage1", stage1) == 0;
	ok = ok && json_object_set_new(res, "propagation",
				       json_string(members_mode ? "members" : "entered")) == 0;
	if (ok && in->have_counts) {
		json_t *f = json_pack("{sIsIsoss}", "members", (json_int_t)in->n_f, "dangerous",
				      (json_int_t)in->n_df, "ratio", grade_ratio_json(r->r_f),
				      "grade", fc_grade_level_name(r->g_f));
		ok = json_object_set_new(res, "foundation", f) == 0;
		levels = json_array();
		ok = ok && json_object_set_new(res, "levels", levels) == 0;
		for (int i = 0; ok && i < in->floors + in->basements; i++) {
			json_t *lv = json_pack(
			    "{sisbsosososs}", "level", i + 1, "basement", i < in->basements,
			    "counts", jgj_cats_json(in->levels[i].n), "dangerous",
			    jgj_cats_json(in->levels[i].nd), "ratio", grade_ratio_json(r->r_s[i]),
			    "grade", fc_grade_level_name(r->g_s[i]));
			ok = json_array_append_new(levels, lv) == 0;
		}
		ok = ok && json_object_set_new(res, "ratio", grade_ratio_json(r->r)) == 0;
		ok = ok && json_object_set_new(res, "n_Du", json_integer(r->n_du)) == 0;
	}
	jgj_explain(in, r, asserted | measured, expl, sizeof expl);
	ok = ok && json_object_set_new(res, "grade", json_string(grade)) == 0;
	ok = ok && json_object_set_new(res, "rule", json_string(r->rule)) == 0;
	ok = ok && json_object_set_new(res, "explanation", json_string(expl)) == 0;
	json_decref(stage1);
	if (!ok) {
		json_decref(res);
		return NULL;
	}
	return res;
}

int
grade_jgj_compute(const json_t *input, json_t **result, struct fc_error *err)
{
	struct fc_jgj_input *in = calloc(1, sizeof *in);
	struct fc_jgj_result *r = calloc(1, sizeof *r);
	struct grade_building b = {0};
	unsigned asserted = 0, measured = 0;
	int members_mode = 0, ret = -1;

	if (in == NULL || r == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("grading: out of memory"));
		goto out;
	}
	if (jgj_read(input, in, &b, &asserted, &measured, &members_mode, err) == -1 ||
	    fc_grade_jgj(in, r, err) == -1)
		goto out;
	*result = jgj_result(input, in, r, &b, asserted, measured, members_mode);
	if (*result == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("grading: out of memory"));
		goto out;
	}
	ret = 0;
out:
	free(in);
	free(r);
	return ret;
}
