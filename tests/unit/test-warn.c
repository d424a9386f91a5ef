/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/warn.c: which ledger facts raise warnings for the city's platform,
 * each under a dedup key that names the rule and the subject as it stands;
 * the webhook signature; the doubling back-off that ends in "failed".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/warn.h"

#define NOW 1796000000 /* 2026-11-29 */

struct seen {
	int n;
	char dedup[4][FC_WARN_DEDUP_MAX];
	char body[4][1024];
};

static int
collect(struct fc_warning *w, void *ctx, struct fc_error *err)
{
	struct seen *s = ctx;

	(void)err;
	if (s->n < 4) {
		snprintf(s->dedup[s->n], sizeof s->dedup[0], "%s", w->dedup);
		snprintf(s->body[s->n], sizeof s->body[0], "%s", w->body);
	}
	s->n++;
	free(w->body);
	return 0;
}

static void
rules_all(struct fc_warn_rules *r)
{
	memset(r, 0, sizeof *r);
	r->hazard_found = 1;
	snprintf(r->severities[0], sizeof r->severities[0], "major");
	snprintf(r->severities[1], sizeof r->severities[1], "stop");
	r->n_severities = 2;
	r->hazard_overdue = 1;
	r->hazard_overdue_days = 3;
	r->house_grade = 1;
	snprintf(r->grades[0], sizeof r->grades[0], "D");
	r->n_grades = 1;
	r->household_overdue = 1;
	r->household_overdue_days = 30;
	r->device_silent = 1;
	r->device_silent_days = 14;
	r->fork = 1;
	r->retry_first = 60;
	r->retry_max = 3600;
	r->retry_attempts = 5;
}

static struct fc_warn_fact
hazard(const char *severity, const char *deadline)
{
	struct fc_warn_fact f = {.kind = FC_FACT_HAZARD};

	snprintf(f.district, sizeof f.district, "D1");
	snprintf(f.household, sizeof f.household, "H1");
	snprintf(f.programme, sizeof f.programme, "gas");
	snprintf(f.item, sizeof f.item, "G50");
	snprintf(f.record, sizeof f.record, "a0af0c96-000012");
	snprintf(f.severity, sizeof f.severity, "%s", severity);
	snprintf(f.found, sizeof f.found, "2026-11-01");
	snprintf(f.deadline, sizeof f.deadline, "%s", deadline);
	return f;
}

static void
test_a_major_hazard_is_a_warning_keyed_by_household_item_and_day_found(void **state)
{
	struct fc_warn_rules r;
	struct fc_warn_fact f = hazard("major", "");
	struct seen s = {0};

	(void)state;
	rules_all(&r);
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.dedup[0], "hazard_found:H1/gas/G50/2026-11-01");
	assert_non_null(strstr(s.body[0], "\"rule\":\"hazard_found\""));
	assert_non_null(strstr(s.body[0], "\"id\":\"hazard_found:H1/gas/G50/2026-11-01\""));
}

static void
test_an_ordinary_hazard_is_no_warning_until_it_is_past_its_deadline_and_grace(void **state)
{
	struct fc_warn_rules r;
	struct fc_warn_fact f = hazard("ordinary", "2026-11-25");
	struct seen s = {0};

	(void)state;
	rules_all(&r);
	/* Deadline 25th, 3 days' grace: the 28th is still inside it. */
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-28", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.dedup[0], "hazard_overdue:H1/gas/G50/2026-11-25");
}

static void
test_a_major_hazard_past_its_deadline_raises_both_warnings(void **state)
{
	struct fc_warn_rules r;
	struct fc_warn_fact f = hazard("stop", "2026-11-02");
	struct seen s = {0};

	(void)state;
	rules_all(&r);
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 2);
	/* A rule switched off raises nothing. */
	r.hazard_found = 0;
	r.hazard_overdue = 0;
	s.n = 0;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 0);
}

static void
test_a_d_house_and_an_overdue_household_are_warnings_a_never_inspected_one_is_not(void **state)
{
	struct fc_warn_rules r;
	struct fc_warn_fact f = {.kind = FC_FACT_PROGRAMME};
	struct seen s = {0};

	(void)state;
	rules_all(&r);
	snprintf(f.district, sizeof f.district, "D2");
	snprintf(f.household, sizeof f.household, "R7");
	snprintf(f.programme, sizeof f.programme, "rural");
	snprintf(f.grade, sizeof f.grade, "D");
	snprintf(f.found, sizeof f.found, "2025-06-01");
	snprintf(f.due, sizeof f.due, "2026-11-01");
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 1); /* due + 30 days is 2026-12-01: still inside */
	assert_string_equal(s.dedup[0], "house_grade:R7/rural/D/2025-06-01");
	snprintf(f.due, sizeof f.due, "2026-09-01");
	snprintf(f.grade, sizeof f.grade, "C");
	s.n = 0;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.dedup[0], "household_overdue:R7/rural/2026-09-01");
	f.due[0] = '\0';
	s.n = 0;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 0);
}

static void
test_a_device_is_silent_after_the_days_set_counted_from_its_last_sync(void **state)
{
	struct fc_warn_rules r;
	struct fc_warn_fact f = {.kind = FC_FACT_DEVICE};
	struct seen s = {0};

	(void)state;
	rules_all(&r);
	snprintf(f.device, sizeof f.device, "a0af0c96");
	f.enrolled_at = NOW - 100 * 86400;
	f.last_sync = NOW - 14 * 86400;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 0);
	f.last_sync = NOW - 14 * 86400 - 1;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	/* Never synced: counted from enrolment. */
	f.last_sync = 0;
	assert_int_equal(fc_warn_check(&r, &f, "2026-11-29", NOW, collect, &s, NULL), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.dedup[1], "device_silent:a0af0c96/0");
}

static void
test_the_signature_is_hmac_sha256_of_timestamp_dot_body(void **state)
{
	struct fc_warn_receiver rc = {.secret_len = 20};
	char sig[FC_WARN_SIG_MAX];

	(void)state;
	memcpy(rc.secret, "0123456789abcdef0123", 20);
	fc_warn_sign(&rc, 1700000000, "{\"id\":\"x\"}", 10, sig);
	assert_string_equal(sig,
			    "sha256=eca71b470483f0d060aec399147e3b5af9eb2966549176f806edc17af9e1e3"
			    "32");
}

static void
test_retries_double_up_to_the_ceiling_and_then_fail(void **state)
{
	struct fc_warn_rules r;
	int64_t next = 0;

	(void)state;
	rules_all(&r);
	assert_int_equal(fc_warn_backoff(&r, 1, 1000, &next), 0);
	assert_int_equal(next, 1060);
	assert_int_equal(fc_warn_backoff(&r, 2, 1000, &next), 0);
	assert_int_equal(next, 1120);
	r.retry_max = 200;
	assert_int_equal(fc_warn_backoff(&r, 4, 1000, &next), 0);
	assert_int_equal(next, 1200);
	assert_int_equal(fc_warn_backoff(&r, 5, 1000, &next), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_a_major_hazard_is_a_warning_keyed_by_household_item_and_day_found),
	    cmocka_unit_test(
		test_an_ordinary_hazard_is_no_warning_until_it_is_past_its_deadline_and_grace),
	    cmocka_unit_test(test_a_major_hazard_past_its_deadline_raises_both_warnings),
	    cmocka_unit_test(
		test_a_d_house_and_an_overdue_household_are_warnings_a_never_inspected_one_is_not),
	    cmocka_unit_test(test_a_device_is_silent_after_the_days_set_counted_from_its_last_sync),
	    cmocka_unit_test(test_the_signature_is_hmac_sha256_of_timestamp_dot_body),
	    cmocka_unit_test(test_retries_double_up_to_the_ceiling_and_then_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
