/* SPDX-License-Identifier: Apache-2.0 */
/*
 * grade-int.h: what the grade-*.c files share and nobody else uses. The public
 * interface is grade.h.
 */
#ifndef FC_GRADE_INT_H
#define FC_GRADE_INT_H

#include <stdint.h>
#include <jansson.h>

#include "error.h"
#include "grade.h"

/* Fixed-point scale of decimal measurements: 4 decimals, so 2.4 % is 24000. */
#define GRADE_SCALE 10000

/* The two methods (grade-rural.c, grade-jgj.c); result as in grade.h. */
int grade_rural_compute(const json_t *input, json_t **result, struct fc_error *err);
int grade_jgj_compute(const json_t *input, json_t **result, struct fc_error *err);

/* JGJ stage 1 (grade-ground.c): codes as bits, GRADE_G1 .. GRADE_H3. */
enum {
	GRADE_G1 = 1 << 0,
	GRADE_G2 = 1 << 1,
	GRADE_G3 = 1 << 2,
	GRADE_G4 = 1 << 3,
	GRADE_G5 = 1 << 4,
	GRADE_H1 = 1 << 5,
	GRADE_H2 = 1 << 6,
	GRADE_H3 = 1 << 7,
	GRADE_CODE_COUNT = 8
};
const char *grade_code_name(int i); /* "G1" for i = 0 */

struct grade_building {
	int floors;
	int high_rise; /* > 6 storeys or > 24 m (§4.2, commentary) */
	int have_height;
	int64_t height; /* metres × GRADE_SCALE */
};

/*
 * Stage 1 from ground (may be NULL: not dangerous). *asserted gets the codes
 * the surveyor gave, *measured those the measurements meet.
 */
int grade_ground_eval(const json_t *ground, const struct grade_building *b, unsigned *asserted,
		      unsigned *measured, struct fc_error *err);

/* Helpers (grade.c) */

/* Every member of obj is one of keys (NULL-terminated), else FC_E_INVALID naming it. */
int grade_check_keys(const json_t *obj, const char *where, const char *const *keys,
		     struct fc_error *err);

/*
 * A decimal ≥ 0 with at most 4 decimals, from a JSON integer, real or string,
 * into *out (× GRADE_SCALE). field names it in the message.
 */
int grade_decimal(const json_t *v, const char *field, int64_t *out, struct fc_error *err);

/* A JSON integer in [min, max] into *out. */
int grade_int(const json_t *v, const char *field, int64_t min, int64_t max, int64_t *out,
	      struct fc_error *err);

/* An optional JSON bool (absent: *out = dflt). */
int grade_bool(const json_t *v, const char *field, int dflt, int *out, struct fc_error *err);

/* {"num":N,"den":D,"pct":"x.xx"}, or NULL when out of memory. */
json_t *grade_ratio_json(struct fc_ratio r);

/* Fixed-point value v (× GRADE_SCALE) as the shortest decimal into out[32]. */
void grade_decimal_str(int64_t v, char out[32]);

/* json_object_set_new that reports out of memory (value may be NULL: fails). */
int grade_set(json_t *obj, const char *key, json_t *value, struct fc_error *err);

#endif
