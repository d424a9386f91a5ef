/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/aggregate.c: the summary's counters from a household's ledger state.
 * Each original counts once by its current version (a correction into a
 * refused visit moves it from inspections to refusals), under the original's
 * inspector and day, per day and per month; superseded hazards count by
 * state only; open hazards count by their deadline; a household counts once
 * by the earliest due date of its programmes with an interval. Differences,
 * the text the store keeps, and the day ranges a period reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/aggregate.h"
#include "core/record.h"

/* The count of the key in a (0 when absent). */
static int64_t
count(const struct fc_agg *a, const char *by, const char *grp, const char *metric, const char *sub,
      const char *day)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct fc_agg_row *r = &a->r[i];

		if (strcmp(r->by, by) == 0 && strcmp(r->grp, grp) == 0 &&
		    strcmp(r->metric, metric) == 0 && strcmp(r->sub, sub) == 0 &&
		    strcmp(r->day, day) == 0)
			return r->n;
	}
	return 0;
}

static void
entry(struct fc_ledger_entry *e, const char *id, const char *insp, const char *date,
      const char *outcome, const char *grade)
{
	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", id);
	snprintf(e->inspector, sizeof e->inspector, "%s", insp);
	snprintf(e->date, sizeof e->date, "%s", date);
	snprintf(e->outcome, sizeof e->outcome, "%s", outcome);
	snprintf(e->grade, sizeof e->grade, "%s", grade);
}

static void
version(struct fc_ledger_version *v, const char *id, const char *root, const char *current,
	const char *kind)
{
	memset(v, 0, sizeof *v);
	snprintf(v->id, sizeof v->id, "%s", id);
	snprintf(v->root, sizeof v->root, "%s", root);
	snprintf(v->current, sizeof v->current, "%s", current);
	snprintf(v->kind, sizeof v->kind, "%s", kind);
}

static void
hazard(struct fc_ledger_hazard *h, const char *item, const char *severity, const char *state,
       const char *record, const char *found)
{
	memset(h, 0, sizeof *h);
	snprintf(h->programme, sizeof h->programme, "gas");
	snprintf(h->item, sizeof h->item, "%s", item);
	snprintf(h->severity, sizeof h->severity, "%s", severity);
	h->state = state;
	snprintf(h->record, sizeof h->record, "%s", record);
	snprintf(h->found, sizeof h->found, "%s", found);
}

/* R1 (ana, an inspection) corrected by R2 (bob) into a refused visit; R3 (ana) inspects. */
struct fixture {
	struct fc_ledger_entry e[3];
	struct fc_ledger_version v[3];
	struct fc_ledger_hazard h[2];
	struct fc_ledger_programme p[2];
	struct fc_ledger_state s;
};

static void
fixture(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	entry(&f->e[0], "R1", "ana", "2026-03-10", "pass", "");
	entry(&f->e[1], "R2", "bob", "2026-03-12", "refused", "");
	entry(&f->e[2], "R3", "ana", "2026-04-02", "major", "C");
	version(&f->v[0], "R1", "R1", "R2", FC_KIND_INSPECTION);
	version(&f->v[1], "R2", "R1", "R2", FC_KIND_VISIT);
	version(&f->v[2], "R3", "R3", "R3", FC_KIND_INSPECTION);
	hazard(&f->h[0], "G06", "major", FC_HAZARD_OPEN, "R3", "2026-04-02");
	hazard(&f->h[1], "G04", "ordinary", FC_HAZARD_SUPERSEDED, "R3", "2026-04-02");
	snprintf(f->p[0].programme, sizeof f->p[0].programme, "gas");
	snprintf(f->p[0].due, sizeof f->p[0].due, "2027-04-02");
	f->p[0].months = 12;
	snprintf(f->p[1].programme, sizeof f->p[1].programme, "rural");
	snprintf(f->p[1].due, sizeof f->p[1].due, "2026-09-01");
	f->p[1].months = 24;
	f->s.versions = f->v;
	f->s.n_versions = 3;
	f->s.hazards = f->h;
	f->s.n_hazards = 2;
	f->s.programmes = f->p;
	f->s.n_programmes = 2;
}

static void
test_each_original_counts_once_by_its_current_version(void **state)
{
	struct fixture f;
	struct fc_agg a = {0};
	struct fc_error err = {0};

	(void)state;
	fixture(&f);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &a, &err), 0);
	/* R1 is now a refused visit: one refusal under R1's inspector and day, no inspection. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_REFUSALS, "", "2026-03-10"), 1);
	assert_int_equal(count(&a, "inspector", "ana", FC_AGG_REFUSALS, "", "2026-03-10"), 1);
	assert_int_equal(count(&a, "inspector", "bob", FC_AGG_REFUSALS, "", "2026-03-12"), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_INSPECTIONS, "", "2026-03-10"), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_INSPECTIONS, "", "2026-04-02"), 1);
	/* Per month too. */
	assert_int_equal(count(&a, "district", "D1", "inspections/m", "", "2026-04"), 1);
	assert_int_equal(count(&a, "district", "D1", "refusals/m", "", "2026-03"), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_GRADES, "C", "2026-04-02"), 1);
	fc_agg_release(&a);
}

static void
test_hazards_by_severity_item_state_and_deadline(void **state)
{
	struct fixture f;
	struct fc_agg a = {0};
	struct fc_error err = {0};

	(void)state;
	fixture(&f);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &a, &err), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_SEVERITY, "major", "2026-04-02"), 1);
	assert_int_equal(count(&a, "inspector", "ana", FC_AGG_ITEMS, "G06", "2026-04-02"), 1);
	/* Superseded: by state only. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_SEVERITY, "ordinary", "2026-04-02"), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_STATES, FC_HAZARD_SUPERSEDED, ""), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_STATES, FC_HAZARD_OPEN, ""), 1);
	/* A major hazard is to be rectified within 7 days (docs/ledger.md). */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_OPEN_UNTIL, "", "2026-04-09"), 1);
	/* The household once, by its earliest due date. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_DUE, "", "2026-09-01"), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_DUE, "", "2027-04-02"), 0);
	fc_agg_release(&a);
}

/*
 * The overview's counts, one per ledger row a count of those rows would
 * find: programmes with an interval by due date, inspected ones by grade,
 * every hazard by severity and state (superseded too), open ones by day found.
 */
static void
test_the_overview_counts_each_ledger_row_once(void **state)
{
	struct fixture f;
	struct fc_agg a = {0};
	struct fc_error err = {0};

	(void)state;
	fixture(&f);
	snprintf(f.p[1].last, sizeof f.p[1].last, "R3");
	snprintf(f.p[1].grade, sizeof f.p[1].grade, "C");
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &a, &err), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_PROG_DUE, "gas", "2027-04-02"), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_PROG_DUE, "rural", "2026-09-01"), 1);
	/* Only the rural programme has a last inspection. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_PROG_GRADE, "rural", "C"), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_PROG_GRADE, "gas", ""), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_HAZARD_STATE, "major", FC_HAZARD_OPEN),
			 1);
	assert_int_equal(
	    count(&a, "district", "D1", FC_AGG_HAZARD_STATE, "ordinary", FC_HAZARD_SUPERSEDED), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_OPEN_FOUND, "major", "2026-04-02"), 1);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_OPEN_FOUND, "ordinary", "2026-04-02"),
			 0);
	/* By district only: the console is scoped by district. */
	assert_int_equal(count(&a, "inspector", "ana", FC_AGG_OPEN_FOUND, "major", "2026-04-02"),
			 0);
	/* A programme without an interval has no due date to count. */
	fc_agg_release(&a);
	f.p[0].months = 0;
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &a, &err), 0);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_PROG_DUE, "gas", "2027-04-02"), 0);
	fc_agg_release(&a);
}

/*
 * The overview's counts by the registry's kind: the household once, each
 * programme it was inspected in, each hazard it has open (by programme and
 * item), under the kind and its district; none for a household the registry
 * does not hold. A new kind moves every one of them (the difference).
 */
static void
test_counts_by_kind(void **state)
{
	struct fixture f;
	struct fc_agg a = {0}, b = {0}, diff = {0};
	struct fc_error err = {0};

	(void)state;
	fixture(&f);
	snprintf(f.p[0].last, sizeof f.p[0].last, "R3");
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", "catering", &a, &err), 0);
	assert_int_equal(count(&a, "catering", "D1", FC_AGG_KIND_HOUSEHOLDS, "", ""), 1);
	assert_int_equal(count(&a, "catering", "D1", FC_AGG_KIND_DONE, "gas", ""), 1);
	/* The rural programme was never inspected. */
	assert_int_equal(count(&a, "catering", "D1", FC_AGG_KIND_DONE, "rural", ""), 0);
	assert_int_equal(count(&a, "catering", "D1", FC_AGG_KIND_OPEN, "G06", "gas"), 1);
	/* Superseded is not open. */
	assert_int_equal(count(&a, "catering", "D1", FC_AGG_KIND_OPEN, "G04", "gas"), 0);
	/* Nothing by kind under the district or inspector dimensions. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_KIND_HOUSEHOLDS, "", ""), 0);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D2", "residential", &b, &err), 0);
	assert_int_equal(fc_agg_diff(&a, &b, &diff, &err), 0);
	fc_agg_prune(&diff);
	assert_int_equal(count(&diff, "catering", "D1", FC_AGG_KIND_HOUSEHOLDS, "", ""), -1);
	assert_int_equal(count(&diff, "catering", "D1", FC_AGG_KIND_OPEN, "G06", "gas"), -1);
	assert_int_equal(count(&diff, "residential", "D2", FC_AGG_KIND_DONE, "gas", ""), 1);
	fc_agg_release(&a);
	fc_agg_release(&b);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &a, &err), 0);
	for (size_t i = 0; i < a.n; i++)
		assert_true(strcmp(a.r[i].by, "district") == 0 ||
			    strcmp(a.r[i].by, "inspector") == 0);
	fc_agg_release(&a);
	fc_agg_release(&diff);
}

static void
test_a_change_is_the_difference_and_zeros_go(void **state)
{
	struct fixture f;
	struct fc_agg before = {0}, now = {0}, d = {0};
	struct fc_error err = {0};

	(void)state;
	fixture(&f);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &before, &err), 0);
	/* The hazard is rectified now. */
	f.h[0].state = FC_HAZARD_RECTIFIED;
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "D1", NULL, &now, &err), 0);
	assert_int_equal(fc_agg_diff(&before, &now, &d, &err), 0);
	fc_agg_prune(&d);
	assert_int_equal(count(&d, "district", "D1", FC_AGG_STATES, FC_HAZARD_OPEN, ""), -1);
	assert_int_equal(count(&d, "district", "D1", FC_AGG_STATES, FC_HAZARD_RECTIFIED, ""), 1);
	assert_int_equal(count(&d, "district", "D1", FC_AGG_OPEN_UNTIL, "", "2026-04-09"), -1);
	/* Unchanged counts leave nothing behind. */
	assert_int_equal(count(&d, "district", "D1", FC_AGG_SEVERITY, "major", "2026-04-02"), 0);
	for (size_t i = 0; i < d.n; i++)
		assert_true(d.r[i].n != 0);
	/* The overview's: by severity and state, and the open one by day found. */
	assert_int_equal(count(&d, "district", "D1", FC_AGG_HAZARD_STATE, "major", FC_HAZARD_OPEN),
			 -1);
	assert_int_equal(
	    count(&d, "district", "D1", FC_AGG_HAZARD_STATE, "major", FC_HAZARD_RECTIFIED), 1);
	assert_int_equal(count(&d, "district", "D1", FC_AGG_OPEN_FOUND, "major", "2026-04-02"), -1);
	/*
	 * open -1, rectified +1, the deadline -1, each by district and by
	 * inspector; the overview's three by district only.
	 */
	assert_int_equal(d.n, 9);
	fc_agg_release(&before);
	fc_agg_release(&now);
	fc_agg_release(&d);
}

static void
test_the_kept_text_reads_back_the_same(void **state)
{
	struct fixture f;
	struct fc_agg a = {0}, b = {0};
	struct fc_error err = {0};
	char *text = NULL;

	(void)state;
	fixture(&f);
	assert_int_equal(fc_agg_household(&f.s, f.e, 3, "区一", NULL, &a, &err), 0);
	assert_int_equal(fc_agg_encode(&a, &text, &err), 0);
	assert_int_equal(fc_agg_decode(text, &b, &err), 0);
	fc_agg_prune(&b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(fc_agg_cmp(&a.r[i], &b.r[i]), 0);
		assert_int_equal(a.r[i].n, b.r[i].n);
	}
	fc_agg_release(&b);
	assert_int_not_equal(fc_agg_decode("district\tD1\tx\n", &b, &err), 0);
	assert_int_equal(err.code, FC_E_DB);
	fc_agg_release(&b);
	free(text);
	fc_agg_release(&a);
}

static void
test_follow_ups_count_per_record(void **state)
{
	struct fc_agg a = {0};
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_agg_record(FC_TYPE_FOLLOWUP, "D1", "ana", "2026-05-01", 2, &a, &err),
			 0);
	assert_int_equal(fc_agg_record(FC_TYPE_INSPECTION, "D1", "ana", "2026-05-01", 1, &a, &err),
			 0);
	fc_agg_prune(&a);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_FOLLOWUPS, "", "2026-05-01"), 2);
	assert_int_equal(count(&a, "inspector", "ana", "followups/m", "", "2026-05"), 2);
	assert_int_equal(a.n, 4);
	fc_agg_release(&a);
}

static void
test_records_received_count_per_district_device_and_day(void **state)
{
	struct fc_agg a = {0};
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_agg_received("D1", "3", "2026-05-01", 1, &a, &err), 0);
	assert_int_equal(fc_agg_received("D1", "3", "2026-05-01", 2, &a, &err), 0);
	assert_int_equal(fc_agg_received("D1", "4", "2026-05-01", 1, &a, &err), 0);
	assert_int_equal(fc_agg_received("D2", "3", "2026-05-02", 1, &a, &err), 0);
	fc_agg_prune(&a);
	/* A row per device: the day's devices are the rows, its records their sum. */
	assert_int_equal(count(&a, "district", "D1", FC_AGG_SYNCED, "3", "2026-05-01"), 3);
	assert_int_equal(count(&a, "district", "D1", FC_AGG_SYNCED, "4", "2026-05-01"), 1);
	assert_int_equal(count(&a, "district", "D2", FC_AGG_SYNCED, "3", "2026-05-02"), 1);
	assert_int_equal(a.n, 3);
	fc_agg_release(&a);
}

static void
test_a_period_reads_whole_months_and_the_days_of_its_first(void **state)
{
	struct fc_agg_range r[2];

	(void)state;
	assert_int_equal(fc_agg_ranges(FC_AGG_ITEMS, "", "2026-12-05", r), 1);
	assert_string_equal(r[0].metric, "items/m");
	assert_string_equal(r[0].lo, "");
	assert_int_equal(fc_agg_ranges(FC_AGG_ITEMS, "2026-03-15", "2026-12-05", r), 2);
	assert_string_equal(r[0].metric, "items/m");
	assert_string_equal(r[0].lo, "2026-03~");
	assert_true(strcmp("2026-03", r[0].lo) < 0 && strcmp("2026-04", r[0].lo) > 0);
	assert_string_equal(r[1].metric, "items");
	assert_string_equal(r[1].lo, "2026-03-15");
	assert_true(strcmp("2026-03-31", r[1].hi) < 0 && strcmp("2026-04-01", r[1].hi) > 0);
	/* States have no period; deadlines and due dates are before today. */
	assert_int_equal(fc_agg_ranges(FC_AGG_STATES, "2026-03-15", "2026-12-05", r), 1);
	assert_string_equal(r[0].lo, "");
	assert_int_equal(fc_agg_ranges(FC_AGG_OPEN_UNTIL, "", "2026-12-05", r), 1);
	assert_true(strcmp("", r[0].lo) < 0);
	assert_string_equal(r[0].hi, "2026-12-05");
	assert_int_equal(fc_agg_ranges(FC_AGG_DUE, "", "2026-12-05", r), 1);
	assert_string_equal(r[0].lo, "");
	assert_string_equal(r[0].hi, "2026-12-05");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_original_counts_once_by_its_current_version),
	    cmocka_unit_test(test_hazards_by_severity_item_state_and_deadline),
	    cmocka_unit_test(test_the_overview_counts_each_ledger_row_once),
	    cmocka_unit_test(test_counts_by_kind),
	    cmocka_unit_test(test_a_change_is_the_difference_and_zeros_go),
	    cmocka_unit_test(test_the_kept_text_reads_back_the_same),
	    cmocka_unit_test(test_follow_ups_count_per_record),
	    cmocka_unit_test(test_records_received_count_per_district_device_and_day),
	    cmocka_unit_test(test_a_period_reads_whole_months_and_the_days_of_its_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
