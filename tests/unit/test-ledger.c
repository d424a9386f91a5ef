/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/record-model.c, core/ledger*.c: bodies parsed once into a model, and
 * what a household's records mean. Each test writes record bodies as a device
 * would sign them, reads them through the model, and checks the state the
 * ledger computes and the records it refuses (the defects of issue 12: one
 * rectified follow-up closing every hazard, corrections without a kind,
 * corrections reopening what was rectified, one due date per household).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/datadir.h"
#include "core/due.h"
#include "core/ledger.h"
#include "core/record-model.h"
#include "support.h"

#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"
#define MAXE 16

struct fx {
	struct fc_ledger_entry e[MAXE];
	size_t n;
	struct fc_intervals iv;
	struct fc_ledger_state st;
	const char *last_check; /* the registry's, for compute() */
};

/*
 * Add record seq of device a1b2c3d4 on date with members (a JSON object text
 * without braces, after household/template). Returns the record id.
 */
static const char *
add(struct fx *f, const char *type, const char *date, const char *tpl, const char *members)
{
	char body[2048], prog[16];
	struct fc_record_model m;
	struct fc_error err = {0};
	int seq = (int)f->n + 1;

	snprintf(body, sizeof body,
		 "{\"v\":2,\"type\":\"%s\",\"id\":\"a1b2c3d4-%06d\",\"device\":\"a1b2c3d4\","
		 "\"inspector\":\"I1\",\"seq\":%d,\"prev\":\"" ZERO64 "\","
		 "\"time\":\"%sT10:00:00+08:00\",\"household\":\"H1\","
		 "\"template\":{\"id\":\"%s\",\"version\":1}%s%s}",
		 type, seq, seq, date, tpl, members[0] ? "," : "", members);
	if (fc_record_model_parse(body, strlen(body), &m, &err) != 0)
		fail_msg("model: %s in %s", err.msg, body);
	fc_ledger_programme(NULL, m.template_id, prog);
	assert_int_equal(fc_ledger_entry_from_model(&m, prog, &f->e[f->n], &err), 0);
	fc_record_model_release(&m);
	return f->e[f->n++].id;
}

static void
compute(struct fx *f, const char *kind)
{
	struct fc_ledger_config cfg = {&f->iv, 0};
	struct fc_ledger_household hh = {"H1", kind, "", f->last_check};
	struct fc_error err = {0};

	fc_ledger_state_release(&f->st);
	assert_int_equal(fc_ledger_compute(&cfg, &hh, f->e, f->n, &f->st, &err), 0);
}

static const char *
state(struct fx *f, const char *prog, const char *item)
{
	const struct fc_ledger_hazard *h = fc_ledger_hazard(&f->st, prog, item);

	return h != NULL ? h->state : "none";
}

static int
setup(void **s)
{
	struct fx *f = calloc(1, sizeof *f);
	struct fc_error err = {0};

	if (f == NULL || fc_due_load(NULL, &f->iv, &err) != 0)
		return -1;
	*s = f;
	return 0;
}

static int
teardown(void **s)
{
	struct fx *f = *s;

	for (size_t i = 0; i < f->n; i++)
		fc_ledger_entry_release(&f->e[i]);
	fc_ledger_state_release(&f->st);
	free(f);
	return 0;
}

/* Refusal of the next record, as fc_ledger_check() gives it; "" when accepted. */
static const char *
check_next(struct fx *f, const char *type, const char *members, char msg[256])
{
	struct fc_error err = {0};

	add(f, type, "2024-03-01", "gas", members);
	f->n--;
	int r = fc_ledger_check(&f->st, &f->e[f->n], &err);
	fc_ledger_entry_release(&f->e[f->n]);
	snprintf(msg, 256, "%.255s", r == 0 ? "" : err.msg);
	return msg;
}

#define HAZ2                                                                                       \
	"\"outcome\":\"major\",\"hazards\":[{\"item\":\"G04\",\"severity\":\"major\",\"note\":"    \
	"\"bed\"},"                                                                                \
	"{\"item\":\"G24\",\"severity\":\"ordinary\",\"note\":\"hose\"}]"

static void
test_a_follow_up_changes_only_the_items_it_lists(void **s)
{
	struct fx *f = *s;
	char msg[256];

	add(f, "inspection", "2024-01-10", "gas", HAZ2);
	add(f, "followup", "2024-02-01", "gas",
	    "\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G24\":{\"result\":\"rectified\"}}");
	compute(f, "residential");
	assert_string_equal(state(f, "gas", "G24"), "rectified");
	assert_string_equal(state(f, "gas", "G04"), "open");
	assert_string_equal(fc_ledger_hazard(&f->st, "gas", "G24")->by, "a1b2c3d4-000002");
	assert_string_equal(
	    check_next(f, "followup",
		       "\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G24\":{\"result\":"
		       "\"rectified\"}}",
		       msg),
	    "follow-up of a1b2c3d4-000001: G24 is not an open hazard of a1b2c3d4-000001");
	assert_string_equal(check_next(f, "followup",
				       "\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G04\":{"
				       "\"result\":\"not_rectified\",\"deadline\":\"2024-04-01\"}}",
				       msg),
			    "");
}

static void
test_a_format_1_follow_up_keeps_its_meaning_for_every_hazard_of_the_record(void **s)
{
	struct fx *f = *s;

	add(f, "inspection", "2024-01-10", "gas", HAZ2);
	add(f, "followup", "2024-02-01", "gas",
	    "\"outcome\":\"rectified\",\"follows\":\"a1b2c3d4-000001\"");
	compute(f, "residential");
	assert_string_equal(state(f, "gas", "G24"), "rectified");
	assert_string_equal(state(f, "gas", "G04"), "rectified");
}

static void
test_a_visit_corrected_into_an_inspection_moves_the_due_date_and_back(void **s)
{
	struct fx *f = *s;
	const struct fc_ledger_programme *p;

	add(f, "inspection", "2022-01-10", "gas", "\"outcome\":\"pass\"");
	add(f, "visit", "2024-01-10", "gas", "\"outcome\":\"nobody_home\"");
	compute(f, "catering");
	p = fc_ledger_programme_state(&f->st, "gas");
	assert_string_equal(p->due, "2023-01-10");
	assert_int_equal(p->revisit, 1);
	add(f, "correction", "2024-01-11", "gas",
	    "\"outcome\":\"pass\",\"corrects\":\"a1b2c3d4-000002\",\"kind\":\"inspection\"");
	compute(f, "catering");
	p = fc_ledger_programme_state(&f->st, "gas");
	assert_string_equal(p->due, "2025-01-10");
	assert_int_equal(p->revisit, 0);
	assert_string_equal(p->last, "a1b2c3d4-000003");
	add(f, "correction", "2024-01-12", "gas",
	    "\"outcome\":\"nobody_home\",\"corrects\":\"a1b2c3d4-000003\",\"kind\":\"visit\"");
	compute(f, "catering");
	p = fc_ledger_programme_state(&f->st, "gas");
	assert_string_equal(p->due, "2023-01-10");
	assert_int_equal(p->revisit, 1);
	assert_string_equal(fc_ledger_version(&f->st, "a1b2c3d4-000002")->current,
			    "a1b2c3d4-000004");
}

static void
test_corrections_keep_rectified_supersede_the_rest_and_name_the_current(void **s)
{
	struct fx *f = *s;
	char msg[256];

	add(f, "inspection", "2024-01-10", "gas", HAZ2);
	add(f, "followup", "2024-02-01", "gas",
	    "\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G04\":{\"result\":\"rectified\"}}");
	add(f, "correction", "2024-02-02", "gas",
	    "\"outcome\":\"major\",\"corrects\":\"a1b2c3d4-000001\",\"kind\":\"inspection\","
	    "\"hazards\":[{\"item\":\"G04\",\"severity\":\"major\"},{\"item\":\"G30\","
	    "\"severity\":\"major\"}]");
	compute(f, "residential");
	assert_string_equal(state(f, "gas", "G04"), "rectified");
	assert_string_equal(state(f, "gas", "G30"), "open");
	assert_string_equal(state(f, "gas", "G24"), "superseded");
	assert_string_equal(fc_ledger_hazard(&f->st, "gas", "G24")->by, "a1b2c3d4-000003");
	assert_string_equal(
	    check_next(f, "followup",
		       "\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G30\":{\"result\":"
		       "\"rectified\"}}",
		       msg),
	    "follow-up of a1b2c3d4-000001: a1b2c3d4-000001 was corrected by a1b2c3d4-000003; "
	    "follow up the current version a1b2c3d4-000003");
	assert_string_equal(
	    check_next(f, "correction", "\"corrects\":\"a1b2c3d4-000001\",\"kind\":\"inspection\"",
		       msg),
	    "correction of a1b2c3d4-000001: a1b2c3d4-000001 was already corrected by "
	    "a1b2c3d4-000003; correct the current version a1b2c3d4-000003");
	assert_string_equal(
	    check_next(f, "correction", "\"corrects\":\"a1b2c3d4-000003\",\"kind\":\"visit\"", msg),
	    "");
}

static void
test_a_self_built_screening_never_moves_the_gas_due_date(void **s)
{
	struct fx *f = *s;
	const struct fc_ledger_programme *gas, *sb;

	add(f, "inspection", "2023-01-10", "gas", "\"outcome\":\"pass\"");
	add(f, "inspection", "2024-03-10", "selfbuilt",
	    "\"outcome\":\"C\",\"grade\":{\"grade\":\"C\"}");
	compute(f, "catering");
	gas = fc_ledger_programme_state(&f->st, "gas");
	sb = fc_ledger_programme_state(&f->st, "selfbuilt");
	assert_string_equal(gas->due, "2024-01-10");
	assert_string_equal(sb->last_date, "2024-03-10");
	assert_string_equal(sb->due, ""); /* selfbuilt does not cover catering */
	assert_int_equal(sb->finding, 1);
}

static void
test_visits_cannot_be_followed_and_escalate_after_three(void **s)
{
	struct fx *f = *s;
	char msg[256];

	add(f, "visit", "2024-01-10", "gas", "\"outcome\":\"nobody_home\"");
	add(f, "visit", "2024-01-20", "gas", "\"outcome\":\"refused\"");
	compute(f, "residential");
	assert_int_equal(fc_ledger_programme_state(&f->st, "gas")->escalated, 0);
	assert_string_equal(fc_ledger_programme_state(&f->st, "gas")->due, "");
	assert_string_equal(check_next(f, "followup",
				       "\"follows\":\"a1b2c3d4-000002\",\"outcome\":\"rectified\"",
				       msg),
			    "follow-up of a1b2c3d4-000002: it is a visit (nobody home or refused); "
			    "there is no hazard to follow up");
	add(f, "visit", "2024-01-30", "gas", "\"outcome\":\"nobody_home\"");
	compute(f, "residential");
	assert_int_equal(fc_ledger_programme_state(&f->st, "gas")->visits, 3);
	assert_int_equal(fc_ledger_programme_state(&f->st, "gas")->escalated, 1);
}

static void
test_a_later_inspection_reinspects_what_it_does_not_raise(void **s)
{
	struct fx *f = *s;

	add(f, "inspection", "2024-01-10", "gas", HAZ2);
	add(f, "inspection", "2025-01-10", "gas",
	    "\"outcome\":\"major\",\"hazards\":[{\"item\":\"G04\",\"severity\":\"major\"}]");
	compute(f, "residential");
	assert_string_equal(state(f, "gas", "G24"), "reinspected");
	assert_string_equal(state(f, "gas", "G04"), "open");
	assert_string_equal(fc_ledger_hazard(&f->st, "gas", "G04")->found, "2024-01-10");
	assert_string_equal(fc_ledger_hazard(&f->st, "gas", "G04")->record, "a1b2c3d4-000002");
}

static void
test_the_model_reads_results_and_refuses_bad_ones(void **s)
{
	(void)s;
	struct fc_record_model m;
	struct fc_error err = {0};
	struct fc_record_result r;
	const char *good =
	    "{\"v\":2,\"type\":\"followup\",\"id\":\"a1b2c3d4-000002\",\"device\":\"a1b2c3d4\","
	    "\"inspector\":\"I1\",\"seq\":2,\"prev\":\"" ZERO64 "\",\"time\":\"2024-02-01T10:00:00+"
	    "08:00\",\"household\":\"H1\",\"follows\":\"a1b2c3d4-000001\",\"results\":{\"G04\":{"
	    "\"result\":\"not_rectified\",\"note\":\"还在卧室\",\"deadline\":\"2024-03-01\"}}}";
	char bad[1024];

	assert_int_equal(fc_record_model_parse(good, strlen(good), &m, &err), 0);
	assert_int_equal(m.format, 2);
	assert_string_equal(m.follows, "a1b2c3d4-000001");
	assert_int_equal(fc_record_model_result_count(&m), 1);
	fc_record_model_result(&m, 0, &r);
	assert_string_equal(r.item, "G04");
	assert_string_equal(r.result, "not_rectified");
	assert_string_equal(r.note, "还在卧室");
	assert_string_equal(r.deadline, "2024-03-01");
	fc_record_model_release(&m);

	snprintf(bad, sizeof bad, "%s", good);
	memcpy(strstr(bad, "not_rectified"), "nor_rectified", 13);
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_string_equal(err.msg, "record body: results.G04.result must be \"rectified\" or "
				     "\"not_rectified\"");
	fc_record_model_release(&m);
}

static void
test_the_model_reads_notes_and_refuses_a_note_that_is_not_text(void **s)
{
	(void)s;
	struct fc_record_model m;
	struct fc_error err = {0};
	const char *item, *text;
	const char *good =
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"a1b2c3d4-000001\",\"device\":\"a1b2c3d4\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZERO64 "\",\"time\":\"2024-02-01T10:00:00+"
	    "08:00\",\"household\":\"H1\",\"outcome\":\"nobody_home\",\"visit\":\"nobody_home\","
	    "\"notes\":{\"G80\":\"门缝塞入\",\"G83\":\"无人接听\"}}";
	char bad[1024];

	assert_int_equal(fc_record_model_parse(good, strlen(good), &m, &err), 0);
	assert_int_equal(fc_record_model_note_count(&m), 2);
	fc_record_model_note(&m, 1, &item, &text);
	assert_string_equal(item, "G83");
	assert_string_equal(text, "无人接听");
	fc_record_model_release(&m);

	snprintf(bad, sizeof bad, "%s", good);
	memcpy(strstr(bad, "\"门缝塞入\""), "12345678901234", 14);
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_string_equal(err.msg, "record body: notes.G80 is not text");
	fc_record_model_release(&m);
}

/* Counts the photos the push walk finds (the ones a device uploads). */
static int
count_photo(const char *hash, int64_t size, void *ctx)
{
	(void)hash;
	(void)size;
	(*(int *)ctx)++;
	return 0;
}

static void
test_the_model_reads_evidence_and_refuses_a_malformed_one(void **s)
{
	(void)s;
	struct fc_record_model m;
	struct fc_error err = {0};
	const char *item;
	const json_t *photos;
	int n = 0;
	const char *good =
	    "{\"v\":1,\"type\":\"inspection\",\"id\":\"a1b2c3d4-000001\",\"device\":\"a1b2c3d4\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZERO64 "\",\"time\":\"2024-02-01T10:00:00+"
	    "08:00\",\"household\":\"H1\",\"outcome\":\"hazard\",\"evidence\":{\"G12\":"
	    "[{\"file\":\"IMG_1.jpg\",\"hash\":\"" ZERO64 "\",\"size\":3000}]}}";
	char bad[1024];

	assert_int_equal(fc_record_model_parse(good, strlen(good), &m, &err), 0);
	assert_int_equal(fc_record_model_evidence_count(&m), 1);
	fc_record_model_evidence_at(&m, 0, &item, &photos);
	assert_string_equal(item, "G12");
	assert_int_equal(json_array_size(photos), 1);
	assert_non_null(fc_record_model_evidence(&m, "G12"));
	assert_null(fc_record_model_evidence(&m, "G13"));
	/* The push walk finds it: a device uploads it, the server lists it. */
	fc_record_model_each_photo(&m, count_photo, &n);
	assert_int_equal(n, 1);
	fc_record_model_release(&m);

	/* A size that is no number. */
	snprintf(bad, sizeof bad, "%s", good);
	memcpy(strstr(bad, "3000}"), "\"30\"", 4);
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_string_equal(err.msg, "record body: evidence.G12[0] is not a photo {\"file\", "
				     "\"hash\" (64 hex), \"size\"}");
	fc_record_model_release(&m);
	/* A hash that is not 64 hex digits. */
	snprintf(bad, sizeof bad, "%s", good);
	memcpy(strstr(bad, "\"hash\":\"") + 8, "X", 1);
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_non_null(strstr(err.msg, "evidence.G12[0]"));
	fc_record_model_release(&m);
	/* A file name where the list of photos should be. */
	snprintf(bad, sizeof bad, "%s", good);
	strcpy(strstr(bad, "\"evidence\""), "\"evidence\":{\"G12\":\"IMG_1.jpg\"}}");
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_string_equal(err.msg, "record body: evidence.G12 is not a list of photos");
	fc_record_model_release(&m);
	/* Not an object at all. */
	snprintf(bad, sizeof bad, "%s", good);
	strcpy(strstr(bad, "\"evidence\""), "\"evidence\":[]}");
	assert_int_equal(fc_record_model_parse(bad, strlen(bad), &m, &err), -1);
	assert_string_equal(err.msg, "record body: \"evidence\" is not an object");
	fc_record_model_release(&m);
}

static void
test_intervals_are_per_programme_with_district_rows(void **s)
{
	(void)s;
	struct fc_intervals iv;
	struct fc_error err = {0};

	assert_int_equal(fc_due_load("example-hubei", &iv, &err), 0);
	assert_int_equal(fc_due_interval_in(&iv, "gas", "residential")->months, 12);
	assert_int_equal(fc_due_interval_in(&iv, "gas", "residential")->district_rule, 1);
	assert_null(fc_due_interval_in(&iv, "selfbuilt", "residential"));
	assert_string_equal(fc_due_interval(&iv, "rural")->programme, "rural");
	assert_int_equal(fc_due_load(NULL, &iv, &err), 0);
	assert_int_equal(fc_due_interval_in(&iv, "gas", "residential")->months, 24);
}

static void
test_the_registry_check_is_a_floor_and_hazards_have_deadlines(void **s)
{
	struct fx *f = *s;
	struct fc_ledger_hazard h = {0};
	char out[11];

	/* Checked on paper in 2025: due from then, in the kind's own programme only. */
	add(f, "inspection", "2024-03-01", "gas", "\"outcome\":\"pass\"");
	add(f, "inspection", "2024-04-01", "selfbuilt", "\"outcome\":\"pass\"");
	f->last_check = "2025-01-10";
	compute(f, "residential");
	assert_string_equal(fc_ledger_programme_state(&f->st, "gas")->due, "2027-01-10");
	assert_string_equal(fc_ledger_programme_state(&f->st, "selfbuilt")->last_date,
			    "2024-04-01");
	/* An older paper check does not move a newer inspection back. */
	f->last_check = "2023-01-10";
	compute(f, "residential");
	assert_string_equal(fc_ledger_programme_state(&f->st, "gas")->due, "2026-03-01");

	snprintf(h.found, sizeof h.found, "2025-06-28");
	snprintf(h.severity, sizeof h.severity, "major");
	fc_ledger_hazard_deadline(&h, out);
	assert_string_equal(out, "2025-07-05");
	snprintf(h.severity, sizeof h.severity, "ordinary");
	fc_ledger_hazard_deadline(&h, out);
	assert_string_equal(out, "2025-07-28");
	snprintf(h.deadline, sizeof h.deadline, "2025-09-01");
	fc_ledger_hazard_deadline(&h, out);
	assert_string_equal(out, "2025-09-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_a_follow_up_changes_only_the_items_it_lists, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_format_1_follow_up_keeps_its_meaning_for_every_hazard_of_the_record, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_visit_corrected_into_an_inspection_moves_the_due_date_and_back, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_corrections_keep_rectified_supersede_the_rest_and_name_the_current, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_self_built_screening_never_moves_the_gas_due_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_visits_cannot_be_followed_and_escalate_after_three,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_later_inspection_reinspects_what_it_does_not_raise, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_registry_check_is_a_floor_and_hazards_have_deadlines, setup, teardown),
	    cmocka_unit_test(test_the_model_reads_results_and_refuses_bad_ones),
	    cmocka_unit_test(test_the_model_reads_notes_and_refuses_a_note_that_is_not_text),
	    cmocka_unit_test(test_the_model_reads_evidence_and_refuses_a_malformed_one),
	    cmocka_unit_test(test_intervals_are_per_programme_with_district_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
