/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade-ground.c: stage 1 of JGJ 125-2016, is the ground (地基) dangerous?
 *
 * §6.2.3 (mandatory) makes the house D when it is. The surveyor may say so
 * directly with the criteria that hold (codes), and the measurements, when
 * entered, are checked against §4.2.1 (buildings of up to 6 storeys and 24 m:
 * G1-G5) or §4.2.2 (high-rise up to 100 m: H1-H3); any criterion met is
 * enough. Every limit is "more than" (超过/大于) in the text, so a value equal
 * to a limit does not trigger. Measurements are fixed point (× GRADE_SCALE).
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "grade-int.h"

#define _(s) gettext(s)

#define DEC(whole, frac4) ((int64_t)(whole)*GRADE_SCALE + (frac4))

static const char *const ground_codes[GRADE_CODE_COUNT] = {"G1", "G2", "G3", "G4",
							   "G5", "H1", "H2", "H3"};

const char *
grade_code_name(int i)
{
	return i >= 0 && i < GRADE_CODE_COUNT ? ground_codes[i] : "?";
}

/* An optional decimal: *have = 0 when absent. */
static int
ground_opt_decimal(const json_t *m, const char *key, int *have, int64_t *out, struct fc_error *err)
{
	char field[96];
	const json_t *v = json_object_get(m, key);

	*have = v != NULL;
	*out = 0;
	if (v == NULL)
		return 0;
	snprintf(field, sizeof field, "ground.measurements.%s", key);
	return grade_decimal(v, field, out, err);
}

/* Two consecutive monthly values, both more than limit? */
static int
ground_two_months(const json_t *m, const char *key, int64_t limit, int *over, struct fc_error *err)
{
	char field[96];
	const json_t *a = json_object_get(m, key);
	int64_t v1, v2;

	*over = 0;
	if (a == NULL)
		return 0;
	snprintf(field, sizeof field, "ground.measurements.%s", key);
	if (!json_is_array(a) || json_array_size(a) < 2)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: give the rates of at least two consecutive months, "
				      "oldest first"),
				    field);
	size_t n = json_array_size(a);
	if (grade_decimal(json_array_get(a, n - 2), field, &v1, err) == -1 ||
	    grade_decimal(json_array_get(a, n - 1), field, &v2, err) == -1)
		return -1;
	*over = v1 > limit && v2 > limit;
	return 0;
}

/* "not converging" must be said when a rate is over its limit. */
static int
ground_not_converging(const json_t *m, const char *key, const char *code, int *out,
		      struct fc_error *err)
{
	const json_t *v = json_object_get(m, key);

	if (v == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("ground.measurements.%s: the rate is over the %s limit; say "
				      "whether it is converging (true or false)"),
				    key, code);
	if (!json_is_boolean(v))
		return fc_error_set(err, FC_E_INVALID,
				    _("ground.measurements.%s: must be true or false"), key);
	*out = json_is_false(v);
	return 0;
}

/* The measurements every rule may read, parsed once. */
struct ground_m {
	int have_tilt, have_crack, have_day, have_slide, adjacent, cracked;
	int64_t tilt, crack, day, slide, parallel;
};

static int
ground_read(const json_t *m, struct ground_m *g, struct fc_error *err)
{
	static const char *const keys[] = {"settlement_mm_month",
					   "settlement_mm_day",
					   "adjacent_works",
					   "settlement_converging",
					   "wall_crack_mm",
					   "parallel_cracks",
					   "frame_cracked",
					   "tilt_pct",
					   "sliding_mm",
					   "sliding_continuing",
					   "tilt_increase_pct_month",
					   "tilt_converging",
					   "cracks_developing",
					   NULL};

	g->parallel = 0;
	if (!json_is_object(m))
		return fc_error_set(err, FC_E_INVALID, _("ground.measurements: must be an object"));
	if (grade_check_keys(m, "ground.measurements", keys, err) == -1 ||
	    ground_opt_decimal(m, "tilt_pct", &g->have_tilt, &g->tilt, err) == -1 ||
	    ground_opt_decimal(m, "wall_crack_mm", &g->have_crack, &g->crack, err) == -1 ||
	    ground_opt_decimal(m, "settlement_mm_day", &g->have_day, &g->day, err) == -1 ||
	    ground_opt_decimal(m, "sliding_mm", &g->have_slide, &g->slide, err) == -1 ||
	    grade_bool(json_object_get(m, "adjacent_works"), "ground.measurements.adjacent_works",
		       0, &g->adjacent, err) == -1 ||
	    grade_bool(json_object_get(m, "frame_cracked"), "ground.measurements.frame_cracked", 0,
		       &g->cracked, err) == -1)
		return -1;
	if (json_object_get(m, "parallel_cracks") != NULL &&
	    grade_int(json_object_get(m, "parallel_cracks"), "ground.measurements.parallel_cracks",
		      0, 1000, &g->parallel, err) == -1)
		return -1;
	return 0;
}

/* §4.2.2: a high-rise building (H1-H3). */
static int
ground_high_rise(const json_t *m, const struct grade_building *b, const struct ground_m *g,
		 unsigned *codes, struct fc_error *err)
{
	int over, nc, flag;

	/* §4.2.2-1: tilt growing > 0.05 %/month two months running. */
	if (ground_two_months(m, "tilt_increase_pct_month", DEC(0, 500), &over, err) == -1)
		return -1;
	if (over) {
		if (ground_not_converging(m, "tilt_converging", "H1", &nc, err) == -1)
			return -1;
		if (nc)
			*codes |= GRADE_H1;
	}
	/* §4.2.2-2 */
	if (grade_bool(json_object_get(m, "cracks_developing"),
		       "ground.measurements.cracks_developing", 0, &flag, err) == -1)
		return -1;
	if (flag)
		*codes |= GRADE_H2;
	/*
	 * §4.2.2-3, table 4.2.2: 0.7 % for 24 m < H <= 60 m, 0.5 % for
	 * 60 m < H <= 100 m. A building high-rise by storeys (> 6) but
	 * not over 24 m is not in the table; it takes the 0.7 % row [P].
	 */
	if (g->have_tilt) {
		int64_t limit = b->height > DEC(60, 0) ? DEC(0, 5000) : DEC(0, 7000);
		if (g->tilt > limit)
			*codes |= GRADE_H3;
	}
	return 0;
}

/* §4.2.1: any other building (G1-G5). */
static int
ground_low_rise(const json_t *m, const struct grade_building *b, const struct ground_m *g,
		unsigned *codes, struct fc_error *err)
{
	int over, nc, flag, g1, cracks;

	/* §4.2.1-1: > 4 mm/month two months, or > 2 mm/day beside underground works. */
	if (ground_two_months(m, "settlement_mm_month", DEC(4, 0), &over, err) == -1)
		return -1;
	g1 = over || (g->have_day && g->adjacent && g->day > DEC(2, 0));
	if (g1) {
		if (ground_not_converging(m, "settlement_converging", "G1", &nc, err) == -1)
			return -1;
		if (nc)
			*codes |= GRADE_G1;
	}
	/* §4.2.1-2: a single crack > 10 mm, or parallel cracks with the widest > 5 mm; and
	 * tilt > 1 %. */
	cracks =
	    g->have_crack && (g->crack > DEC(10, 0) || (g->parallel >= 2 && g->crack > DEC(5, 0)));
	if (cracks && g->have_tilt && g->tilt > DEC(1, 0))
		*codes |= GRADE_G2;
	/* §4.2.1-3 */
	if (g->cracked && g->have_tilt && g->tilt > DEC(1, 0))
		*codes |= GRADE_G3;
	/* §4.2.1-4: 两层及两层以下 > 3 %, 三层及三层以上 > 2 %. */
	if (g->have_tilt && g->tilt > (b->floors <= 2 ? DEC(3, 0) : DEC(2, 0)))
		*codes |= GRADE_G4;
	/* §4.2.1-5 */
	if (grade_bool(json_object_get(m, "sliding_continuing"),
		       "ground.measurements.sliding_continuing", 0, &flag, err) == -1)
		return -1;
	if (g->have_slide && g->slide > DEC(10, 0) && flag)
		*codes |= GRADE_G5;
	return 0;
}

static int
ground_measure(const json_t *m, const struct grade_building *b, unsigned *codes,
	       struct fc_error *err)
{
	struct ground_m g;

	*codes = 0;
	if (ground_read(m, &g, err) == -1)
		return -1;
	if (b->high_rise)
		return ground_high_rise(m, b, &g, codes, err);
	return ground_low_rise(m, b, &g, codes, err);
}

int
grade_ground_eval(const json_t *ground, const struct grade_building *b, unsigned *asserted,
		  unsigned *measured, struct fc_error *err)
{
	static const char *const keys[] = {"dangerous", "codes", "measurements", NULL};
	const json_t *codes, *d, *m;
	int dangerous = 0;

	*asserted = *measured = 0;
	if (ground == NULL)
		return 0;
	if (!json_is_object(ground))
		return fc_error_set(err, FC_E_INVALID, _("ground: must be an object"));
	if (grade_check_keys(ground, "ground", keys, err) == -1)
		return -1;
	d = json_object_get(ground, "dangerous");
	codes = json_object_get(ground, "codes");
	m = json_object_get(ground, "measurements");
	if (grade_bool(d, "ground.dangerous", 0, &dangerous, err) == -1)
		return -1;
	if (codes != NULL) {
		size_t i;
		json_t *c;

		if (!json_is_array(codes))
			return fc_error_set(err, FC_E_INVALID,
					    _("ground.codes: must be a list such as [\"G4\"]"));
		json_array_foreach(codes, i, c) {
			const char *s = json_string_value(c);
			int k;

			for (k = 0; s != NULL && k < GRADE_CODE_COUNT; k++)
				if (strcmp(s, ground_codes[k]) == 0)
					break;
			if (s == NULL || k == GRADE_CODE_COUNT)
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("ground.codes: '%s' is not one of G1-G5, H1-H3"),
				    s != NULL ? s : "?");
			if (b->high_rise && k < 5)
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("ground.codes: %s is for buildings of up to 6 "
				      "storeys and 24 m; a high-rise uses H1-H3 "
				      "(§4.2.2)"),
				    s);
			if (!b->high_rise && k >= 5)
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("ground.codes: %s is for high-rise buildings "
				      "(over 6 storeys or 24 m); use G1-G5 (§4.2.1)"),
				    s);
			*asserted |= 1u << k;
		}
	}
	if (json_is_false(d) && *asserted != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("ground: dangerous is false but codes name criteria that hold"));
	if (dangerous && *asserted == 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("ground.codes: say which criterion makes the ground dangerous "
		      "(%s)"),
		    b->high_rise ? "H1-H3" : "G1-G5");
	if (m != NULL && ground_measure(m, b, measured, err) == -1)
		return -1;
	return 0;
}
