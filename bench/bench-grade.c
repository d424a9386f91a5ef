/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench-grade: how fast house grading is, on a six-storey RC frame appraised
 * by JGJ 125-2016 (docs/grading.md example E3: one D_u storey, grade C).
 *
 * Prints grades per second for (a) fc_grade_compute() from JSON, which also
 * builds the full result with every ratio (what a record stores), (b)
 * fc_grade_jgj() on structs (the arithmetic alone), (c) the same JSON with
 * propagation made from a member list, and (d) fc_grade_explain() lines per
 * second. It prints figures; it never passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grade.h"

#define BUDGET 1.0 /* seconds per measurement */

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bench_die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "bench-grade: %s: %s\n", what, err->msg);
	exit(1);
}

/* E3: six storeys K on 40 foundations; the top storey's slabs and edge beams dangerous. */
static json_t *
bench_input(int members)
{
	json_t *levels = json_array();

	for (int i = 1; i <= 6; i++) {
		json_t *lv = json_pack("{s{sisisisisisisisi}}", "counts", "pc", 10, "sc", 12, "cc",
				       4, "pmb", 20, "smb", 16, "sb", 10, "s", 30, "sm", 20);
		if (i == 6)
			json_object_set_new(lv, "dangerous",
					    json_pack("{sisi}", "s", 30, "smb", 16));
		json_array_append_new(levels, lv);
	}
	json_t *in = json_pack("{sis{sisi}so}", "floors", 6, "foundation", "members", 40,
			       "dangerous", 0, "levels", levels);
	if (members) {
		/* Two columns dangerous from storey 3 up: propagated to 4-6. */
		json_object_set_new(in, "propagation", json_string("members"));
		json_object_set_new(in, "members",
				    json_pack("[{sssiss}{sssiss}]", "position", "B-2", "lowest", 3,
					      "category", "pc", "position", "C-2", "lowest", 3,
					      "category", "pc"));
	}
	return in;
}

static void
bench_json(const char *label, json_t *in)
{
	struct fc_error err = {0};
	double start = bench_now(), now;
	long n = 0;

	do {
		json_t *res;

		for (int i = 0; i < 100; i++, n++) {
			if (fc_grade_compute(FC_GRADE_JGJ125_2016, in, &res, &err) != 0)
				bench_die(label, &err);
			json_decref(res);
		}
		now = bench_now();
	} while (now - start < BUDGET);
	printf("%-44s %10.0f grades/s (%.1f us each)\n", label, n / (now - start),
	       (now - start) * 1e6 / n);
}

static void
bench_structs(void)
{
	struct fc_jgj_input *in = calloc(1, sizeof *in);
	struct fc_jgj_result r;
	struct fc_error err = {0};
	double start, now;
	long n = 0;

	if (in == NULL)
		exit(1);
	in->floors = 6;
	in->have_counts = 1;
	in->n_f = 40;
	for (int i = 0; i < 6; i++) {
		static const int counts[FC_CAT_COUNT] = {10, 12, 4, 0, 0, 20, 16, 10, 30, 20};
		for (int k = 0; k < FC_CAT_COUNT; k++)
			in->levels[i].n[k] = counts[k];
	}
	in->levels[5].nd[FC_CAT_S] = 30;
	in->levels[5].nd[FC_CAT_SMB] = 16;
	start = bench_now();
	do {
		for (int i = 0; i < 1000; i++, n++)
			if (fc_grade_jgj(in, &r, &err) != 0)
				bench_die("structs", &err);
		now = bench_now();
	} while (now - start < BUDGET);
	printf("%-44s %10.0f grades/s (grade %c, %s)\n", "fc_grade_jgj on structs, 6 storeys",
	       n / (now - start), r.grade, r.rule);
	free(in);
}

static void
bench_explain(void)
{
	json_t *in = bench_input(0), *res;
	struct fc_error err = {0};
	struct fc_buf out = FC_BUF_INIT;
	double start, now;
	long n = 0;

	if (fc_grade_compute(FC_GRADE_JGJ125_2016, in, &res, &err) != 0)
		bench_die("explain", &err);
	start = bench_now();
	do {
		for (int i = 0; i < 100; i++, n++) {
			fc_buf_reset(&out);
			if (fc_grade_explain(res, "zh", &out, &err) != 0)
				bench_die("explain", &err);
		}
		now = bench_now();
	} while (now - start < BUDGET);
	printf("%-44s %10.0f explanations/s\n", "fc_grade_explain (zh), 6 storeys",
	       n / (now - start));
	fc_buf_release(&out);
	json_decref(res);
	json_decref(in);
}

int
main(void)
{
	json_t *in = bench_input(0);

	bench_json("fc_grade_compute JSON, 6 storeys (E3)", in);
	json_decref(in);
	in = bench_input(1);
	bench_json("fc_grade_compute JSON, member propagation", in);
	json_decref(in);
	bench_structs();
	bench_explain();
	return 0;
}
