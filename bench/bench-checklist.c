/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench-checklist: the checklist engine's two costs an inspector can feel.
 *
 *   1. Validating one answer as it is typed (fc_validate_answer, the TUI's
 *      per-keystroke path): the median over many calls, in microseconds, for a
 *      number with a range, a choice, a multiple choice and a text answer.
 *   2. Loading every template in the search path (fc_templates_load: read,
 *      parse, check every condition), in milliseconds, median of several runs;
 *      and evaluating a whole answer set (validate, hazards, obligations).
 *
 * It prints figures; it never passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/checklist.h"
#include "core/template.h"
#include "core/validate.h"

#define BATCH 1000  /* calls per timing sample: one call is below the clock's grain */
#define SAMPLES 501 /* samples per median */

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp);
	return v[n / 2];
}

static void
bench_die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "bench-checklist: %s: %s\n", what, err->msg);
	exit(1);
}

/* Median microseconds of one fc_validate_answer() call for item and answer. */
static double
bench_one_answer(const struct fc_template *tpl, const char *item, const char *text)
{
	static double samples[SAMPLES];
	json_t *answer = json_loads(text, JSON_DECODE_ANY, NULL);
	struct fc_error err = {0};
	volatile int sink = 0;

	for (size_t s = 0; s < SAMPLES; s++) {
		double t0 = bench_now();

		for (int i = 0; i < BATCH; i++)
			sink += fc_validate_answer(tpl, item, answer, "zh", &err);
		samples[s] = (bench_now() - t0) / BATCH * 1e6;
	}
	(void)sink;
	json_decref(answer);
	return bench_median(samples, SAMPLES);
}

int
main(void)
{
	struct fc_templates set;
	struct fc_error err = {0};
	const struct fc_template *gas;
	double loads[21], evals[201];
	size_t n_items = 0;
	json_t *answers;
	char path[512];

	for (size_t r = 0; r < sizeof loads / sizeof loads[0]; r++) {
		double t0 = bench_now();

		if (fc_templates_load(&set, &err) != 0)
			bench_die("load templates", &err);
		loads[r] = (bench_now() - t0) * 1e3;
		if (r + 1 < sizeof loads / sizeof loads[0])
			fc_templates_release(&set);
	}
	for (size_t i = 0; i < set.n; i++)
		n_items += set.v[i]->n_items;
	printf("load all templates: %.2f ms median (%zu templates, %zu items)\n",
	       bench_median(loads, sizeof loads / sizeof loads[0]), set.n, n_items);

	if ((gas = fc_templates_find(&set, "gas", 0, &err)) == NULL)
		bench_die("gas", &err);
	/* The last item of the template is the slowest to look up. */
	printf("validate one answer (per keystroke, median of %d x %d calls):\n", SAMPLES, BATCH);
	printf("  number in range   G43 2.35 kPa    %.3f us\n",
	       bench_one_answer(gas, "G43", "2.35"));
	printf("  number refused    G43 12.5 kPa    %.3f us (message built)\n",
	       bench_one_answer(gas, "G43", "12.5"));
	printf("  choice            G04 bedroom     %.3f us\n",
	       bench_one_answer(gas, "G04", "\"bedroom\""));
	printf("  multiple choice   G41 2 options   %.3f us\n",
	       bench_one_answer(gas, "G41", "[\"detector\",\"soap\"]"));
	printf("  text, Chinese     G73 note        %.3f us\n",
	       bench_one_answer(gas, "G73", "\"用户承诺一周内整改，已拍照留存\""));

	snprintf(path, sizeof path, "%s/tests/data/answers/gas-major.json",
		 getenv("FC_ROOT") != NULL ? getenv("FC_ROOT") : ".");
	if ((answers = json_load_file(path, 0, NULL)) == NULL) {
		printf("whole answer set: skipped (%s not found; run from the source tree)\n",
		       path);
	} else {
		for (size_t r = 0; r < sizeof evals / sizeof evals[0]; r++) {
			struct fc_checklist cl;
			double t0 = bench_now();

			if (fc_checklist_evaluate(gas, answers, 0, "en", &cl, NULL, &err) != 0)
				bench_die("evaluate", &err);
			evals[r] = (bench_now() - t0) * 1e6;
			fc_checklist_release(&cl);
		}
		printf("evaluate a whole gas answer set (validate, hazards, obligations): %.1f us "
		       "median\n",
		       bench_median(evals, sizeof evals / sizeof evals[0]));
		json_decref(answers);
	}
	fc_templates_release(&set);
	return 0;
}
