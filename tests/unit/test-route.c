/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/route.c: today's route over a real store. Every due household is on
 * it however many there are (the TUI's old due list stopped at 100), in
 * street and building order whatever administrative prefix an address was
 * written with, numbers by value; today's inspection marks its household
 * done (added back though no longer due), today's visit marks it with the
 * outcome; yesterday's records mark nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/date.h"
#include "core/due.h"
#include "core/route.h"
#include "support.h"

#define MANY 240 /* more than the 100 the due list used to stop at */

static void
test_addresses_compare_as_walked(void **state)
{
	(void)state;
	assert_string_equal(fc_address_street("北京市朝阳区新华路12号3单元"), "新华路12号3单元");
	assert_string_equal(fc_address_street("海淀区学院路7号院2号楼"), "学院路7号院2号楼");
	assert_string_equal(fc_address_street("阳光小区3号楼"), "阳光小区3号楼");
	assert_string_equal(fc_address_street("石门村三组"), "石门村三组");
	assert_string_equal(fc_address_street("12 Main Street"), "12 Main Street");
	assert_true(fc_address_cmp("新华路2号", "新华路12号") < 0);
	assert_true(fc_address_cmp("新华路12号2栋", "新华路12号10栋") < 0);
	assert_true(fc_address_cmp("新华路012号", "新华路12号") == 0);
	assert_true(fc_address_cmp("光华路99号", "新华路1号") != 0);
	assert_true(fc_address_cmp("新华路1号", "新华路1号1室") < 0);
}

struct fixture {
	struct fc_test_store s;
	struct fc_intervals iv;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_household *h = calloc(MANY + 3, sizeof *h);
	struct fc_error err = {0};
	size_t n = 0;

	assert_non_null(fx);
	assert_non_null(h);
	assert_int_equal(fc_test_store_open(&fx->s, "route", &err), 0);
	/* Numbered backwards, so neither id nor insertion order is the street's. */
	for (int i = MANY; i > 0; i--) {
		struct fc_household *x = &h[n++];
		snprintf(x->id, sizeof x->id, "R%03d", MANY + 1 - i);
		snprintf(x->district, sizeof x->district, "D1");
		snprintf(x->address, sizeof x->address, "%s新华路%d号", i % 2 ? "北京市朝阳区" : "",
			 i);
		snprintf(x->resident, sizeof x->resident, "住户%d", i);
		snprintf(x->kind, sizeof x->kind, "residential");
	}
	h[n++] = (struct fc_household){"A1", "D1", "朝阳区光华路8号", "甲", "", "residential", ""};
	h[n++] = (struct fc_household){
	    "OK", "D1",		 "光华路1号", "乙",
	    "",	  "residential", "2024-05-01"}; /* checked last month: not due */
	h[n++] = (struct fc_household){"Z9", "D0", "新华路500号", "丙", "", "residential", ""};
	assert_int_equal(fc_store_put_households(fx->s.st, h, n, &err), 0);
	free(h);
	unsetenv("FIELDCHECK_HOME");
	setenv("HOME", "/nonexistent", 1);
	if (fc_due_load(NULL, &fx->iv, &err) != 0)
		fail_msg("%s", err.msg);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fc_test_store_close(&fx->s), 0);
	free(fx);
	return 0;
}

static void
fx_add(struct fixture *fx, const char *type, const char *household, const char *time,
       const char *outcome)
{
	struct fc_record_draft d = {0};
	struct fc_record rec = {0};
	struct fc_error err = {0};

	d.type = type;
	d.household = household;
	d.template_id = "gas-household";
	d.template_version = 1;
	d.outcome = outcome;
	d.answers = json_pack("{ss}", "G00", strcmp(type, "visit") == 0 ? outcome : "inspected");
	if (fc_store_add_record(fx->s.st, &d, &fx->s.signer, time, &rec, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(d.answers);
	fc_record_release(&rec);
}

static const struct fc_route_stop *
stop(const struct fc_route *r, const char *id, size_t *at)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0) {
			if (at != NULL)
				*at = i;
			return &r->v[i];
		}
	fail_msg("%s is not on the route", id);
	return NULL;
}

static void
test_the_route_has_every_due_household_in_street_order(void **state)
{
	struct fixture *fx = *state;
	struct fc_route r;
	struct fc_error err = {0};
	struct fc_date today;
	size_t a, b;

	assert_int_equal(fc_date_parse("2024-06-01", &today), 0);
	assert_int_equal(fc_route_build(fx->s.st, &fx->iv, today, &r, &err), 0);
	assert_int_equal(r.n, MANY + 2); /* all, "OK" is not due */
	assert_int_equal(r.done, 0);
	assert_int_equal(r.visited, 0);
	assert_string_equal(r.v[0].id, "Z9"); /* district D0 first */
	assert_string_equal(r.v[1].id, "A1"); /* 光华路 before 新华路 (bytewise) */
	for (size_t i = 2; i < r.n; i++) {
		char want[64];
		snprintf(want, sizeof want, "新华路%zu号", i - 1);
		assert_string_equal(fc_address_street(r.v[i].address), want);
	}
	stop(&r, "R240", &a); /* 新华路1号 */
	stop(&r, "R001", &b); /* 新华路240号 */
	assert_true(a < b);
	fc_route_free(&r);
}

static void
test_todays_records_mark_done_and_visited(void **state)
{
	struct fixture *fx = *state;
	struct fc_route r;
	struct fc_error err = {0};
	struct fc_date today;

	assert_int_equal(fc_date_parse("2024-06-01", &today), 0);
	fx_add(fx, "visit", "R010", "2024-05-31T17:00:00+08:00", "nobody_home"); /* yesterday */
	fx_add(fx, "inspection", "R020", "2024-06-01T09:00:00+08:00", "inspected");
	fx_add(fx, "visit", "R030", "2024-06-01T09:30:00+08:00", "refused");
	fx_add(fx, "visit", "R040", "2024-06-01T10:00:00+08:00", "nobody_home");
	fx_add(fx, "inspection", "R040", "2024-06-01T15:00:00+08:00", "inspected");
	assert_int_equal(fc_route_build(fx->s.st, &fx->iv, today, &r, &err), 0);
	assert_int_equal(r.n, MANY + 2); /* the inspected ones are back on it, as done */
	assert_int_equal(r.done, 2);
	assert_int_equal(r.visited, 1);
	assert_int_equal(stop(&r, "R010", NULL)->mark, FC_ROUTE_TODO);
	assert_int_equal(stop(&r, "R020", NULL)->mark, FC_ROUTE_DONE);
	assert_int_equal(stop(&r, "R030", NULL)->mark, FC_ROUTE_VISITED);
	assert_string_equal(stop(&r, "R030", NULL)->outcome, "refused");
	assert_int_equal(stop(&r, "R040", NULL)->mark, FC_ROUTE_DONE); /* the newest decides */
	fc_route_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addresses_compare_as_walked),
	    cmocka_unit_test_setup_teardown(test_the_route_has_every_due_household_in_street_order,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_todays_records_mark_done_and_visited, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
