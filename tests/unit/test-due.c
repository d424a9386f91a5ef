/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/due.c and core/date.c: a household is due its check interval (months,
 * from schema/intervals.json) after its last completed inspection, month ends
 * clamped; never checked is overdue; due within 30 days is "soon". Over a real
 * store: the registry counts, the overdue list, the revisit list after a
 * nobody-home visit (which does not move the due date), and the hazard ledger
 * opening on an inspection and closing on a rectified follow-up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/date.h"
#include "core/datadir.h"
#include "core/due.h"
#include "support.h"

static struct fc_date
day(const char *s)
{
	struct fc_date d = {0, 0, 0};

	if (fc_date_parse(s, &d) != 0)
		fail_msg("bad date in test: %s", s);
	return d;
}

static void
assert_date(struct fc_date d, const char *want)
{
	char got[11];

	fc_date_format(d, got);
	assert_string_equal(got, want);
}

/* Calendar arithmetic */

static void
test_adding_months_clamps_to_the_end_of_a_shorter_month(void **state)
{
	(void)state;
	assert_date(fc_date_add_months(day("2024-02-29"), 12), "2025-02-28");
	assert_date(fc_date_add_months(day("2024-02-29"), 48), "2028-02-29");
	assert_date(fc_date_add_months(day("2023-01-31"), 1), "2023-02-28");
	assert_date(fc_date_add_months(day("2024-01-31"), 1), "2024-02-29");
	assert_date(fc_date_add_months(day("2023-08-31"), 1), "2023-09-30");
	assert_date(fc_date_add_months(day("2023-12-15"), 1), "2024-01-15");
	assert_date(fc_date_add_months(day("2022-05-10"), 24), "2024-05-10");
	assert_date(fc_date_add_months(day("2023-03-31"), -1), "2023-02-28");
	assert_date(fc_date_add_months(day("2024-01-15"), -13), "2022-12-15");
	/* 2000 was a leap year, 2100 will not be. */
	assert_date(fc_date_add_months(day("2000-02-29"), 1200), "2100-02-28");
}

/* An instant's day in zone (TZ), and TZ put back as it was. */
static void
assert_local_day(const char *zone, time_t t, const char *want)
{
	char *old = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", zone, 1);
	tzset();
	assert_date(fc_date_local(t), want);
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

static void
test_an_instant_falls_on_its_local_day_not_its_utc_day(void **state)
{
	(void)state;
	/* 2026-12-07 20:00 UTC is 04:00 on the 8th in Beijing, 15:00 on the 7th in New York. */
	assert_local_day("Asia/Shanghai", 1796673600, "2026-12-08");
	assert_local_day("America/New_York", 1796673600, "2026-12-07");
	assert_local_day("UTC", 1796673600, "2026-12-07");
	/* 2026-12-07 02:00 UTC is 21:00 on the 6th in New York; the Etc signs are reversed. */
	assert_local_day("America/New_York", 1796608800, "2026-12-06");
	assert_local_day("Etc/GMT+12", 1796608800, "2026-12-06");
	assert_local_day("Etc/GMT-14", 1796673600, "2026-12-08");
}

static void
test_leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_int_equal(fc_date_month_days(2024, 2), 29);
	assert_int_equal(fc_date_month_days(2023, 2), 28);
	assert_int_equal(fc_date_month_days(2000, 2), 29);
	assert_int_equal(fc_date_month_days(1900, 2), 28);
	assert_int_equal(fc_date_month_days(2100, 2), 28);
	assert_date(fc_date_add_days(day("2024-03-01"), -1), "2024-02-29");
	assert_date(fc_date_add_days(day("2100-03-01"), -1), "2100-02-28");
	assert_date(fc_date_add_days(day("2024-12-31"), 1), "2025-01-01");
	assert_int_equal(fc_date_serial(day("1970-01-01")), 0);
	assert_int_equal(fc_date_serial(day("2025-01-01")) - fc_date_serial(day("2024-01-01")),
			 366);
}

static void
test_every_day_from_1999_to_2101_round_trips_through_its_serial(void **state)
{
	(void)state;
	struct fc_date d = day("1999-01-01");
	int64_t serial = fc_date_serial(d);

	while (d.y < 2102) {
		char text[11];
		struct fc_date back;

		fc_date_format(d, text);
		assert_int_equal(fc_date_parse(text, &back), 0);
		assert_int_equal(fc_date_cmp(back, d), 0);
		assert_int_equal(fc_date_serial(d), serial);
		d = fc_date_add_days(d, 1);
		serial++;
	}
}

static void
test_dates_are_read_strictly(void **state)
{
	(void)state;
	struct fc_date d;

	assert_int_equal(fc_date_parse("2024-02-29", &d), 0);
	assert_int_equal(fc_date_parse("2023-02-29", &d), -1);
	assert_int_equal(fc_date_parse("2024-2-09", &d), -1);
	assert_int_equal(fc_date_parse("2024-13-01", &d), -1);
	assert_int_equal(fc_date_parse("2024-04-31", &d), -1);
	assert_int_equal(fc_date_parse("2024-04-01T10:00", &d), -1);
	assert_int_equal(fc_date_parse("", &d), -1);
}

static void
test_cutoff_is_exact_for_every_day_against_brute_force(void **state)
{
	(void)state;
	static const int months[] = {1, 12, 24};

	/* The month-end case a subtraction gets wrong: 02-28 + 1 month < 03-31. */
	assert_date(fc_due_cutoff(day("2023-03-31"), 1), "2023-03-01");
	assert_date(fc_due_cutoff(day("2025-03-01"), 12), "2024-03-01");
	for (size_t m = 0; m < 3; m++)
		for (struct fc_date t = day("2023-01-01"); t.y < 2026; t = fc_date_add_days(t, 1)) {
			struct fc_date c = fc_due_cutoff(t, months[m]);

			/* Checks within 5 days either side of the cutoff decide it. */
			for (int off = -5; off <= 5; off++) {
				struct fc_date d = fc_date_add_days(c, off);
				int overdue = fc_date_cmp(fc_date_add_months(d, months[m]), t) < 0;

				assert_int_equal(overdue, off < 0);
			}
		}
}

/* Intervals */

struct tmpdir {
	char path[64];
};

static void
tmp_make(struct tmpdir *t)
{
	strcpy(t->path, "/tmp/fc-test-due-XXXXXX");
	assert_non_null(mkdtemp(t->path));
}

static void
tmp_remove(struct tmpdir *t)
{

	assert_int_equal(fc_test_rmtree(t->path), 0);
}

static void
tmp_write(struct tmpdir *t, const char *name, const char *text, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", t->path, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_the_shipped_intervals_say_two_years_for_homes_and_one_for_catering(void **state)
{
	(void)state;
	struct tmpdir home;
	struct fc_intervals iv;
	struct fc_error err = {0};

	tmp_make(&home);
	setenv("FIELDCHECK_HOME", home.path, 1);
	unsetenv("FIELDCHECK_DATA");
	assert_int_equal(fc_due_load(NULL, &iv, &err), 0);
	assert_non_null(strstr(iv.path, "schema/intervals.json"));
	assert_int_equal(fc_due_interval(&iv, "residential")->months, 24);
	assert_int_equal(fc_due_interval(&iv, "catering")->months, 12);
	assert_int_equal(fc_due_interval(&iv, "business")->months, 12);
	assert_non_null(fc_due_interval(&iv, "selfbuilt"));
	assert_non_null(fc_due_interval(&iv, "rural"));
	assert_null(fc_due_interval(&iv, "shop"));
	assert_int_equal(iv.soon_days, 30);
	for (size_t i = 0; i < iv.n; i++)
		assert_true(iv.v[i].source[0] == '[');
	assert_non_null(strstr(fc_due_interval(&iv, "residential")->source, "CJJ 51-2016"));

	/* A district with its own rule [L]. */
	assert_int_equal(fc_due_load("example-hubei", &iv, &err), 0);
	assert_int_equal(fc_due_interval(&iv, "residential")->months, 12);
	assert_true(fc_due_interval(&iv, "residential")->district_rule);
	assert_int_equal(fc_due_interval(&iv, "catering")->months, 12);
	tmp_remove(&home);
	unsetenv("FIELDCHECK_HOME");
}

/* gas.nobody_home_escalate (docs/settings.md) sets the escalation count per district. */
static void
test_the_nobody_home_setting_sets_when_a_household_is_escalated(void **state)
{
	(void)state;
	struct tmpdir home;
	struct fc_intervals iv;
	struct fc_error err = {0};
	char path[128];

	tmp_make(&home);
	setenv("FIELDCHECK_HOME", home.path, 1);
	unsetenv("FIELDCHECK_DATA");
	assert_int_equal(fc_due_load("D1", &iv, &err), 0);
	assert_int_equal(iv.escalate_after, 3); /* the shipped default */
	tmp_write(&home, "settings.json",
		  "{\"format\": 1, \"defaults\": {\"gas.nobody_home_escalate\": 4}, "
		  "\"districts\": {\"D9\": {\"gas.nobody_home_escalate\": 2}}}",
		  path, sizeof path);
	assert_int_equal(fc_due_load("D9", &iv, &err), 0);
	assert_int_equal(iv.escalate_after, 2);
	assert_int_equal(fc_due_load("D1", &iv, &err), 0);
	assert_int_equal(iv.escalate_after, 4);
	tmp_remove(&home);
	unsetenv("FIELDCHECK_HOME");
}

static void
test_an_intervals_file_in_the_home_overrides_the_shipped_one(void **state)
{
	(void)state;
	struct tmpdir home;
	struct fc_intervals iv;
	struct fc_error err = {0};
	char path[128];

	tmp_make(&home);
	tmp_write(&home, "intervals.json",
		  "{\"intervals\": {\"residential\": {\"months\": 6, \"source\": \"[L] test\"}}}",
		  path, sizeof path);
	setenv("FIELDCHECK_HOME", home.path, 1);
	assert_int_equal(fc_due_load(NULL, &iv, &err), 0);
	assert_string_equal(iv.path, path);
	assert_int_equal(fc_due_interval(&iv, "residential")->months, 6);
	tmp_remove(&home);
	unsetenv("FIELDCHECK_HOME");
}

static void
test_bad_intervals_files_are_refused_naming_the_member(void **state)
{
	(void)state;
	struct tmpdir t;
	struct fc_intervals iv;
	struct fc_error err = {0};
	char path[128], want[256];

	tmp_make(&t);
	tmp_write(&t, "a.json",
		  "{\"intervals\": {\"residential\": {\"months\": 0, \"source\": \"[P]\"}}}", path,
		  sizeof path);
	assert_int_equal(fc_due_load_file(path, NULL, &iv, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	snprintf(want, sizeof want,
		 "%s: intervals.residential.months: must be a whole number of months from 1 to 120",
		 path);
	assert_string_equal(err.msg, want);

	tmp_write(&t, "b.json", "{\"intervals\": {\"catering\": {\"months\": 12}}}", path,
		  sizeof path);
	assert_int_equal(fc_due_load_file(path, NULL, &iv, &err), -1);
	snprintf(want, sizeof want,
		 "%s: intervals.catering.source: say where the interval comes from ([S] clause, "
		 "[L] local rule or [P] practice)",
		 path);
	assert_string_equal(err.msg, want);

	tmp_write(&t, "c.json",
		  "{\"intervals\": {\"catering\": {\"months\": 12, \"source\": \"[S?] x\"}},\n"
		  " \"districts\": {\"D1\": {\"shop\": {\"months\": 3, \"source\": \"[L] y\"}}}}",
		  path, sizeof path);
	assert_int_equal(fc_due_load_file(path, "D2", &iv, &err), 0);
	assert_int_equal(fc_due_load_file(path, "D1", &iv, &err), -1);
	snprintf(want, sizeof want, "%s: districts.D1.shop: no default interval for this kind",
		 path);
	assert_string_equal(err.msg, want);

	tmp_write(&t, "d.json", "{\"intervals\":\n  {\"catering\": }}", path, sizeof path);
	assert_int_equal(fc_due_load_file(path, NULL, &iv, &err), -1);
	snprintf(want, sizeof want, "%s:2:", path);
	assert_memory_equal(err.msg, want, strlen(want));
	tmp_remove(&t);
}

/* One household */

static struct fc_intervals
shipped(void)
{
	struct fc_intervals iv;
	struct fc_error err = {0};

	unsetenv("FIELDCHECK_HOME");
	setenv("HOME", "/nonexistent", 1);
	if (fc_due_load(NULL, &iv, &err) != 0)
		fail_msg("%s", err.msg);
	return iv;
}

static struct fc_due
due_on(const struct fc_intervals *iv, const char *kind, const char *last, const char *today)
{
	struct fc_due d;
	struct fc_error err = {0};

	if (fc_due_compute(iv, kind, last, day(today), &d, &err) != 0)
		fail_msg("%s", err.msg);
	return d;
}

static void
test_due_soon_and_overdue_boundaries_for_a_home_checked_two_years_ago(void **state)
{
	(void)state;
	struct fc_intervals iv = shipped();
	struct fc_due d;

	d = due_on(&iv, "residential", "2022-05-10", "2024-04-09");
	assert_string_equal(d.due, "2024-05-10");
	assert_int_equal(d.days_left, 31);
	assert_int_equal(d.state, FC_DUE_OK);
	d = due_on(&iv, "residential", "2022-05-10", "2024-04-10");
	assert_int_equal(d.days_left, 30);
	assert_int_equal(d.state, FC_DUE_SOON);
	d = due_on(&iv, "residential", "2022-05-10", "2024-05-10");
	assert_int_equal(d.days_left, 0);
	assert_int_equal(d.state, FC_DUE_SOON);
	d = due_on(&iv, "residential", "2022-05-10", "2024-05-11");
	assert_int_equal(d.days_left, -1);
	assert_int_equal(d.state, FC_DUE_OVERDUE);
	assert_string_equal(fc_due_state_name(d.state), "overdue");
}

static void
test_a_leap_day_check_is_due_on_the_28th_next_year(void **state)
{
	(void)state;
	struct fc_intervals iv = shipped();
	struct fc_due d;

	d = due_on(&iv, "catering", "2024-02-29", "2025-02-28");
	assert_string_equal(d.due, "2025-02-28");
	assert_int_equal(d.state, FC_DUE_SOON);
	d = due_on(&iv, "catering", "2024-02-29", "2025-03-01");
	assert_int_equal(d.state, FC_DUE_OVERDUE);
}

static void
test_never_checked_is_overdue_and_unknown_kinds_are_named(void **state)
{
	(void)state;
	struct fc_intervals iv = shipped();
	struct fc_due d;
	struct fc_error err = {0};

	d = due_on(&iv, "business", "", "2024-01-01");
	assert_int_equal(d.state, FC_DUE_OVERDUE);
	assert_true(d.never_checked);
	assert_string_equal(d.due, "");
	assert_int_equal(fc_due_compute(&iv, "shop", "", day("2024-01-01"), &d, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "kind 'shop': no check interval in "));
	assert_int_equal(fc_due_compute(&iv, "rural", "2024/01/01", day("2024-01-01"), &d, &err),
			 -1);
	assert_string_equal(err.msg, "last check '2024/01/01': not a date of the form YYYY-MM-DD");
}

/* The registry, over a real store */

struct fixture {
	struct fc_test_store s; /* dir, path, st, pk, sk, signer */
	struct fc_intervals iv;
};

static const struct fc_household registry[] = {
    {"H1", "D1", "新华路1号", "张三", "", "residential", "2022-01-01"},	 /* overdue */
    {"H2", "D1", "新华路2号", "李四", "", "residential", "2022-06-20"},	 /* due 06-20: soon */
    {"H3", "D1", "新华路3号", "王五", "", "residential", "2023-06-01"},	 /* ok */
    {"H4", "D1", "新华路4号饭店", "赵六", "", "catering", ""},		 /* never: overdue */
    {"H5", "D1", "新华路5号饭店", "钱七", "", "catering", "2023-06-15"}, /* soon */
    {"H6", "D1", "石门村三组", "孙八", "", "rural", "2023-05-31"},	 /* due 05-31: overdue */
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	assert_non_null(fx);
	assert_int_equal(fc_test_store_open(&fx->s, "due", &err), 0);
	assert_int_equal(
	    fc_store_put_households(fx->s.st, registry, sizeof registry / sizeof registry[0], &err),
	    0);
	fx->iv = shipped();
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

/* Add a record through the store as the device would; its id into id (may be NULL). */
static void
fx_add(struct fixture *fx, const char *type, const char *household, const char *time,
       const char *outcome, json_t *hazards, const char *follows, char *id)
{
	struct fc_record_draft d = {0};
	struct fc_record rec = {0};
	struct fc_error err = {0};

	d.type = type;
	d.household = household;
	d.template_id = "gas-household";
	d.template_version = 1;
	d.outcome = outcome;
	d.hazards = hazards;
	d.follows = follows;
	d.answers = json_pack("{ss}", "G00", strcmp(type, "visit") == 0 ? outcome : "inspected");
	if (fc_store_add_record(fx->s.st, &d, &fx->s.signer, time, &rec, &err) != 0)
		fail_msg("%s", err.msg);
	if (id != NULL)
		snprintf(id, FC_RECORD_ID_MAX, "%s", rec.id);
	json_decref(d.answers);
	json_decref(hazards);
	fc_record_release(&rec);
}

static struct fc_due_summary
fx_summary(struct fixture *fx, const char *today)
{
	struct fc_due_summary s;
	struct fc_error err = {0};

	if (fc_due_summarize(fx->s.st, &fx->iv, day(today), &s, &err) != 0)
		fail_msg("%s", err.msg);
	return s;
}

static const struct fc_due_kind_count *
kind_count(const struct fc_due_summary *s, const char *kind)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->kinds[i].kind, kind) == 0)
			return &s->kinds[i];
	fail_msg("no count for %s", kind);
	return NULL;
}

struct listed {
	char ids[16][FC_ID_MAX];
	enum fc_due_state states[16];
	int64_t days[16];
	size_t n;
};

static int
collect_due(const struct fc_household *h, const struct fc_due *due, void *ctx, struct fc_error *err)
{
	struct listed *l = ctx;

	(void)err;
	snprintf(l->ids[l->n], FC_ID_MAX, "%s", h->id);
	l->states[l->n++] = due->state;
	return 0;
}

static int
collect_revisit(const struct fc_revisit *r, int64_t days, void *ctx, struct fc_error *err)
{
	struct listed *l = ctx;

	(void)err;
	snprintf(l->ids[l->n], FC_ID_MAX, "%s", r->household);
	l->days[l->n++] = days;
	return 0;
}

static int
collect_hazard(const struct fc_hazard_entry *h, int64_t age, void *ctx, struct fc_error *err)
{
	struct listed *l = ctx;

	(void)err;
	snprintf(l->ids[l->n], FC_ID_MAX, "%s", h->item);
	l->days[l->n++] = age;
	return 0;
}

static void
test_registry_counts_overdue_and_soon_per_kind(void **state)
{
	struct fixture *fx = *state;
	struct fc_due_summary s = fx_summary(fx, "2024-06-01");

	assert_int_equal(kind_count(&s, "residential")->overdue, 1);
	assert_int_equal(kind_count(&s, "residential")->soon, 1);
	assert_int_equal(kind_count(&s, "catering")->overdue, 1);
	assert_int_equal(kind_count(&s, "catering")->soon, 1);
	assert_int_equal(kind_count(&s, "rural")->overdue, 1);
	assert_int_equal(kind_count(&s, "business")->overdue, 0);
	assert_int_equal(s.overdue, 3);
	assert_int_equal(s.soon, 2);
	assert_int_equal(s.open_hazards, 0);
	assert_int_equal(s.revisits, 0);

	/* H2 is due 2024-06-20: soon from 30 days before, not 31. */
	s = fx_summary(fx, "2024-05-21");
	assert_int_equal(kind_count(&s, "residential")->soon, 1);
	s = fx_summary(fx, "2024-05-20");
	assert_int_equal(kind_count(&s, "residential")->soon, 0);

	/* On the rural house's due date it is only due soon. */
	s = fx_summary(fx, "2024-05-31");
	assert_int_equal(kind_count(&s, "rural")->overdue, 0);
	assert_int_equal(kind_count(&s, "rural")->soon, 1);
}

static void
test_the_due_list_gives_each_household_with_its_state(void **state)
{
	struct fixture *fx = *state;
	struct listed l = {0};
	struct fc_error err = {0};

	assert_int_equal(
	    fc_due_each(fx->s.st, &fx->iv, day("2024-06-01"), 0, 0, collect_due, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.ids[0], "H1");
	assert_string_equal(l.ids[1], "H4");
	assert_string_equal(l.ids[2], "H6");
	assert_int_equal(l.states[2], FC_DUE_OVERDUE);

	memset(&l, 0, sizeof l);
	assert_int_equal(
	    fc_due_each(fx->s.st, &fx->iv, day("2024-06-01"), 1, 4, collect_due, &l, &err), 0);
	assert_int_equal(l.n, 4); /* the limit, across kinds */
	assert_string_equal(l.ids[1], "H2");
	assert_int_equal(l.states[1], FC_DUE_SOON);
}

/*
 * A site that screens its restaurants as self-built houses lists catering
 * under selfbuilt too (intervals.json). A restaurant is then overdue when
 * either check is, and counted once however many are: the home screen's count
 * is households, as the server's summary counts them.
 */
static void
test_a_household_overdue_in_two_programmes_is_counted_once(void **state)
{
	struct fixture *fx = *state;
	struct tmpdir data;
	struct listed l = {0};
	struct fc_error err = {0};
	struct fc_record_draft d = {0};
	struct fc_record rec = {0};
	struct fc_due_summary s;
	char path[128];

	tmp_make(&data);
	tmp_write(&data, "intervals.json",
		  "{\"programmes\": {\"gas\": {\"residential\": {\"months\": 24, \"source\": \"[S] "
		  "t\"}, \"catering\": {\"months\": 12, \"source\": \"[S] t\"}}, \"selfbuilt\": "
		  "{\"selfbuilt\": {\"months\": 12, \"source\": \"[P] t\"}, \"catering\": "
		  "{\"months\": 12, \"source\": \"[L] t\"}}, \"rural\": {\"rural\": {\"months\": "
		  "12, \"source\": \"[P] t\"}}}}",
		  path, sizeof path);
	setenv("FIELDCHECK_DATA", data.path, 1);
	assert_int_equal(fc_due_load_file(path, NULL, &fx->iv, &err), 0);

	/* H4 never checked in either; H5's gas check is due soon, its screening never done. */
	s = fx_summary(fx, "2024-06-01");
	assert_int_equal(kind_count(&s, "catering")->overdue, 2);
	assert_int_equal(kind_count(&s, "catering")->soon, 0);
	assert_int_equal(s.overdue, 4); /* H1, H4, H5, H6: H4 once */
	assert_int_equal(
	    fc_due_each(fx->s.st, &fx->iv, day("2024-06-01"), 0, 0, collect_due, &l, &err), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.ids[1], "H4");
	assert_string_equal(l.ids[2], "H5");

	/* H5 screened as a self-built house: its gas check, due soon, is what is left. */
	d.type = "inspection";
	d.household = "H5";
	d.template_id = "selfbuilt";
	d.template_version = 1;
	d.outcome = "pass";
	d.answers = json_pack("{ss}", "S01", "2");
	if (fc_store_add_record(fx->s.st, &d, &fx->s.signer, "2024-05-01T10:00:00+08:00", &rec,
				&err) != 0)
		fail_msg("%s", err.msg);
	json_decref(d.answers);
	fc_record_release(&rec);
	s = fx_summary(fx, "2024-06-01");
	assert_int_equal(kind_count(&s, "catering")->overdue, 1);
	assert_int_equal(kind_count(&s, "catering")->soon, 1);
	assert_int_equal(s.overdue, 3);

	unsetenv("FIELDCHECK_DATA");
	tmp_remove(&data);
}

static void
test_a_nobody_home_visit_keeps_the_household_overdue_and_asks_for_a_revisit(void **state)
{
	struct fixture *fx = *state;
	struct listed l = {0};
	struct fc_error err = {0};

	fx_add(fx, "visit", "H1", "2024-06-01T10:00:00+08:00", "nobody_home", NULL, NULL, NULL);
	struct fc_due_summary s = fx_summary(fx, "2024-06-03");
	assert_int_equal(kind_count(&s, "residential")->overdue, 1);
	assert_int_equal(s.revisits, 1);
	assert_int_equal(
	    fc_due_each_revisit(fx->s.st, day("2024-06-03"), collect_revisit, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], "H1");
	assert_int_equal(l.days[0], 2);

	/* A refused visit is the same. */
	fx_add(fx, "visit", "H4", "2024-06-02T10:00:00+08:00", "refused", NULL, NULL, NULL);
	s = fx_summary(fx, "2024-06-03");
	assert_int_equal(kind_count(&s, "catering")->overdue, 1);
	assert_int_equal(s.revisits, 2);

	/* The inspection that follows resets the due date and the revisit. */
	fx_add(fx, "inspection", "H1", "2024-06-02T15:00:00+08:00", "pass", NULL, NULL, NULL);
	s = fx_summary(fx, "2024-06-03");
	assert_int_equal(kind_count(&s, "residential")->overdue, 0);
	assert_int_equal(s.revisits, 1);
	struct fc_due d;
	struct fc_household h;
	assert_int_equal(fc_store_get_household(fx->s.st, "H1", &h, &err), 0);
	assert_int_equal(fc_due_compute(&fx->iv, h.kind, h.last_check, day("2024-06-03"), &d, &err),
			 0);
	assert_string_equal(d.due, "2026-06-02");
	assert_int_equal(d.state, FC_DUE_OK);
}

static void
test_the_ledger_opens_a_hazard_ages_it_and_closes_it_when_rectified(void **state)
{
	struct fixture *fx = *state;
	struct listed l = {0};
	struct fc_error err = {0};
	char found[FC_RECORD_ID_MAX];

	fx_add(fx, "inspection", "H5", "2024-06-02T10:00:00+08:00", "hazard",
	       json_pack("[{ssssssss}]", "item", "G10", "severity", "major", "note", "软管老化",
			 "rule", "G10=no"),
	       NULL, found);
	struct fc_due_summary s = fx_summary(fx, "2024-06-10");
	assert_int_equal(s.open_hazards, 1);
	assert_int_equal(
	    fc_due_each_open_hazard(fx->s.st, NULL, day("2024-06-10"), collect_hazard, &l, &err),
	    0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], "G10");
	assert_int_equal(l.days[0], 8);

	/* A follow-up that finds it not yet rectified leaves it open. */
	fx_add(fx, "followup", "H5", "2024-06-12T10:00:00+08:00", "not_rectified", NULL, found,
	       NULL);
	s = fx_summary(fx, "2024-06-13");
	assert_int_equal(s.open_hazards, 1);

	fx_add(fx, "followup", "H5", "2024-06-20T10:00:00+08:00", "rectified", NULL, found, NULL);
	s = fx_summary(fx, "2024-06-21");
	assert_int_equal(s.open_hazards, 0);
	memset(&l, 0, sizeof l);
	assert_int_equal(
	    fc_due_each_open_hazard(fx->s.st, "H5", day("2024-06-21"), collect_hazard, &l, &err),
	    0);
	assert_int_equal(l.n, 0);
}

/* The console counts the ledger's stored due dates and found dates with these. */
static void
test_a_stored_due_date_is_ok_soon_or_overdue_as_for_a_household(void **state)
{
	struct fc_date today = day("2024-06-10");

	(void)state;
	assert_int_equal(fc_due_state_of("", today, 30), FC_DUE_OVERDUE);
	assert_int_equal(fc_due_state_of("not a date", today, 30), FC_DUE_OVERDUE);
	assert_int_equal(fc_due_state_of("2024-06-09", today, 30), FC_DUE_OVERDUE);
	assert_int_equal(fc_due_state_of("2024-06-10", today, 30), FC_DUE_SOON);
	assert_int_equal(fc_due_state_of("2024-07-10", today, 30), FC_DUE_SOON);
	assert_int_equal(fc_due_state_of("2024-07-11", today, 30), FC_DUE_OK);
	assert_int_equal(fc_due_state_of("2024-06-11", today, 0), FC_DUE_OK);
}

static void
test_open_hazard_age_buckets_meet_without_gaps(void **state)
{
	struct fc_date today = day("2024-03-01");
	char from[11], to[11], prev_from[11] = "";

	(void)state;
	assert_int_equal(fc_due_age_bucket(0), 0);
	assert_int_equal(fc_due_age_bucket(7), 0);
	assert_int_equal(fc_due_age_bucket(8), 1);
	assert_int_equal(fc_due_age_bucket(30), 1);
	assert_int_equal(fc_due_age_bucket(31), 2);
	assert_int_equal(fc_due_age_bucket(90), 2);
	assert_int_equal(fc_due_age_bucket(91), 3);
	assert_int_equal(fc_due_age_bucket(100000), 3);
	assert_string_equal(fc_due_age_name(3), "over 90 days");
	/* Each bucket's found dates end the day before the previous one's begin. */
	for (int b = 0; b < FC_DUE_AGE_BUCKETS; b++) {
		fc_due_age_range(b, today, from, to);
		if (b == 0)
			assert_string_equal(to, "2024-03-01");
		else
			assert_date(fc_date_add_days(day(prev_from), -1), to);
		snprintf(prev_from, sizeof prev_from, "%s", from);
	}
	fc_due_age_range(0, today, from, to);
	assert_string_equal(from, "2024-02-23");
	fc_due_age_range(1, today, from, to);
	assert_string_equal(from, "2024-01-31");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_stored_due_date_is_ok_soon_or_overdue_as_for_a_household),
	    cmocka_unit_test(test_open_hazard_age_buckets_meet_without_gaps),
	    cmocka_unit_test(test_the_nobody_home_setting_sets_when_a_household_is_escalated),
	    cmocka_unit_test(test_adding_months_clamps_to_the_end_of_a_shorter_month),
	    cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
	    cmocka_unit_test(test_an_instant_falls_on_its_local_day_not_its_utc_day),
	    cmocka_unit_test(test_every_day_from_1999_to_2101_round_trips_through_its_serial),
	    cmocka_unit_test(test_dates_are_read_strictly),
	    cmocka_unit_test(test_cutoff_is_exact_for_every_day_against_brute_force),
	    cmocka_unit_test(
		test_the_shipped_intervals_say_two_years_for_homes_and_one_for_catering),
	    cmocka_unit_test(test_an_intervals_file_in_the_home_overrides_the_shipped_one),
	    cmocka_unit_test(test_bad_intervals_files_are_refused_naming_the_member),
	    cmocka_unit_test(test_due_soon_and_overdue_boundaries_for_a_home_checked_two_years_ago),
	    cmocka_unit_test(test_a_leap_day_check_is_due_on_the_28th_next_year),
	    cmocka_unit_test(test_never_checked_is_overdue_and_unknown_kinds_are_named),
	    cmocka_unit_test_setup_teardown(test_registry_counts_overdue_and_soon_per_kind, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_household_overdue_in_two_programmes_is_counted_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_due_list_gives_each_household_with_its_state,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_nobody_home_visit_keeps_the_household_overdue_and_asks_for_a_revisit, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_ledger_opens_a_hazard_ages_it_and_closes_it_when_rectified, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
