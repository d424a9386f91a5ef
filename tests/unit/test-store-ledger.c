/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-store-ledger.c: what records change beside themselves. An inspection
 * moves its household's last check forward; each hazard a record finds opens
 * a ledger row; a rectified follow-up closes them, an unrectified one is
 * counted on them; a correction marks them corrected; a nobody-home visit
 * puts the household on the revisit list until an inspection takes it off.
 * Due lists answer "last check empty or before this date" per kind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "support.h"

struct fixture {
	struct fc_test_store s; /* dir, path, st, pk, sk, signer */
};

static const struct fc_household registry[] = {
    {"HH-1", "新华区", "新华路1号", "张伟", "13800000001", "residential", "2024-05-01"},
    {"HH-2", "新华区", "新华路2号", "李娜", "13800000002", "residential", ""},
    {"HH-3", "新华区", "新华路3号", "王芳", "13800000003", "catering", "2025-06-30"},
    {"HH-4", "新华区", "新华路4号", "刘强", "13800000004", "catering", "2024-01-15"},
    {"HH-5", "新华区", "新华路5号", "陈静", "13800000005", "residential", "2023-02-01"},
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	assert_non_null(fx);
	assert_int_equal(fc_test_store_open(&fx->s, "ledger", &err), 0);
	assert_int_equal(
	    fc_store_put_households(fx->s.st, registry, sizeof registry / sizeof registry[0], &err),
	    0);
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

struct add {
	const char *type;
	const char *household;
	const char *date; /* YYYY-MM-DD */
	const char *outcome;
	json_t *hazards; /* stolen */
	const char *follows;
	const char *corrects;
};

/* Add a record; its id goes into id (FC_RECORD_ID_MAX). */
static void
fx_add(struct fixture *fx, struct add a, char *id)
{
	struct fc_record_draft d = {0};
	struct fc_record rec = {0};
	struct fc_error err = {0};
	char time[32];

	snprintf(time, sizeof time, "%sT10:00:00+08:00", a.date);
	d.type = a.type;
	d.household = a.household;
	d.template_id = "gas-household";
	d.template_version = 1;
	d.outcome = a.outcome;
	d.hazards = a.hazards;
	d.follows = a.follows;
	d.corrects = a.corrects;
	assert_int_equal(fc_store_add_record(fx->s.st, &d, &fx->s.signer, time, &rec, &err), 0);
	if (id != NULL)
		strcpy(id, rec.id);
	fc_record_release(&rec);
	json_decref(a.hazards);
}

static json_t *
two_hazards(void)
{
	return json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]", "item", "G07", "severity",
			 "major", "note", "软管老化 开裂", "rule", "G07-cracked", "item", "G12",
			 "severity", "minor", "note", "", "rule", "G12-no-alarm");
}

struct hazards {
	struct fc_hazard_entry rows[8];
	int n;
};

static int
collect_hazard(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct hazards *hs = ctx;

	(void)err;
	hs->rows[hs->n++] = *h;
	return 0;
}

static struct hazards
open_hazards(struct fixture *fx, const char *household)
{
	struct hazards hs = {0};
	struct fc_error err = {0};

	assert_int_equal(fc_store_each_open_hazard(fx->s.st, household, collect_hazard, &hs, &err),
			 0);
	return hs;
}

static int64_t
count_open(struct fixture *fx)
{
	struct fc_error err = {0};
	int64_t n = -1;

	assert_int_equal(fc_store_count_open_hazards(fx->s.st, &n, &err), 0);
	return n;
}

static void
test_an_inspection_moves_last_check_forward_and_never_back(void **state)
{
	struct fixture *fx = *state;
	struct fc_household h;
	struct fc_error err = {0};

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "pass"},
	       NULL);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-1", &h, &err), 0);
	assert_string_equal(h.last_check, "2026-03-01");
	/* A record made with an older date (a clock set wrong) does not move it back. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2025-12-31",
			    .outcome = "pass"},
	       NULL);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-1", &h, &err), 0);
	assert_string_equal(h.last_check, "2026-03-01");
	/* Never checked before. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-2",
			    .date = "2026-03-02",
			    .outcome = "pass"},
	       NULL);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-2", &h, &err), 0);
	assert_string_equal(h.last_check, "2026-03-02");
	/* A visit is not a check. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-3",
			    .date = "2026-03-03",
			    .outcome = "nobody_home"},
	       NULL);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-3", &h, &err), 0);
	assert_string_equal(h.last_check, "2025-06-30");
}

static void
test_each_hazard_of_a_record_opens_a_ledger_row(void **state)
{
	struct fixture *fx = *state;
	struct hazards hs;
	char id[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       id);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-2",
			    .date = "2026-03-02",
			    .outcome = "pass"},
	       NULL);
	assert_int_equal(count_open(fx), 2);
	hs = open_hazards(fx, NULL);
	assert_int_equal(hs.n, 2);
	assert_string_equal(hs.rows[0].record, id);
	assert_int_equal(hs.rows[0].idx, 0);
	assert_string_equal(hs.rows[0].household, "HH-1");
	assert_string_equal(hs.rows[0].item, "G07");
	assert_string_equal(hs.rows[0].severity, "major");
	assert_string_equal(hs.rows[0].note, "软管老化 开裂");
	assert_string_equal(hs.rows[0].rule, "G07-cracked");
	assert_string_equal(hs.rows[0].found, "2026-03-01");
	assert_string_equal(hs.rows[0].status, "open");
	assert_int_equal(hs.rows[0].followups, 0);
	assert_string_equal(hs.rows[1].item, "G12");
	assert_int_equal(open_hazards(fx, "HH-1").n, 2);
	assert_int_equal(open_hazards(fx, "HH-2").n, 0);
}

static void
test_open_hazards_come_oldest_first_across_households(void **state)
{
	struct fixture *fx = *state;
	struct hazards hs;

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-3",
			    .date = "2026-03-05",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       NULL);
	fx_add(
	    fx,
	    (struct add){.type = FC_TYPE_INSPECTION,
			 .household = "HH-4",
			 .date = "2026-03-01",
			 .outcome = "hazard",
			 .hazards = json_pack("[{s:s, s:s}]", "item", "C03", "severity", "major")},
	    NULL);
	hs = open_hazards(fx, NULL);
	assert_int_equal(hs.n, 3);
	assert_string_equal(hs.rows[0].household, "HH-4");
	assert_string_equal(hs.rows[0].found, "2026-03-01");
	assert_string_equal(hs.rows[0].note, "");
	assert_string_equal(hs.rows[1].household, "HH-3");
}

static void
test_a_rectified_followup_closes_the_hazards_of_the_record_it_follows(void **state)
{
	struct fixture *fx = *state;
	char found[FC_RECORD_ID_MAX], other[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       found);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-2",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       other);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-03-10",
			    .outcome = "rectified",
			    .follows = found},
	       NULL);
	assert_int_equal(open_hazards(fx, "HH-1").n, 0);
	/* Only that record's hazards: the other household's stay open. */
	assert_int_equal(open_hazards(fx, "HH-2").n, 2);
	assert_int_equal(count_open(fx), 2);
}

static void
test_an_unrectified_followup_keeps_them_open_and_is_counted(void **state)
{
	struct fixture *fx = *state;
	struct hazards hs;
	char found[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       found);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-03-10",
			    .outcome = "not_rectified",
			    .follows = found},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-03-20",
			    .outcome = "not_rectified",
			    .follows = found},
	       NULL);
	hs = open_hazards(fx, "HH-1");
	assert_int_equal(hs.n, 2);
	assert_int_equal(hs.rows[0].followups, 2);
	assert_string_equal(hs.rows[0].last_followup, "2026-03-20");
	assert_string_equal(hs.rows[0].found, "2026-03-01");
	/* Then rectified at last. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-04-01",
			    .outcome = "rectified",
			    .follows = found},
	       NULL);
	assert_int_equal(count_open(fx), 0);
}

static void
test_a_correction_marks_the_corrected_hazards_and_opens_its_own(void **state)
{
	struct fixture *fx = *state;
	struct hazards hs;
	char wrong[FC_RECORD_ID_MAX], fixed[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       wrong);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_CORRECTION,
			    .household = "HH-1",
			    .date = "2026-03-02",
			    .outcome = "hazard",
			    .hazards = json_pack("[{s:s, s:s, s:s}]", "item", "G07", "severity",
						 "major", "note", "软管老化"),
			    .corrects = wrong},
	       fixed);
	hs = open_hazards(fx, "HH-1");
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.rows[0].record, fixed);
	assert_string_equal(hs.rows[0].note, "软管老化");
	/* Found on the day of the field work (the original), not of the correction. */
	assert_string_equal(hs.rows[0].found, "2026-03-01");
	/* A follow-up now follows the correction. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-03-09",
			    .outcome = "rectified",
			    .follows = fixed},
	       NULL);
	assert_int_equal(count_open(fx), 0);
}

static void
test_a_failed_record_changes_nothing_in_the_ledger(void **state)
{
	struct fixture *fx = *state;
	struct fc_record_draft d = {0};
	struct fc_error err = {0};
	struct fc_household h;

	d.type = FC_TYPE_INSPECTION;
	d.household = "HH-5";
	d.hazards = two_hazards();
	/* A time that is not a time: sealing fails inside the transaction. */
	assert_int_equal(fc_store_add_record(fx->s.st, &d, &fx->s.signer, "yesterday", NULL, &err),
			 -1);
	json_decref(d.hazards);
	assert_int_equal(count_open(fx), 0);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-5", &h, &err), 0);
	assert_string_equal(h.last_check, "2023-02-01");
}

struct revisits {
	struct fc_revisit rows[8];
	int n;
};

static int
collect_revisit(const struct fc_revisit *r, void *ctx, struct fc_error *err)
{
	struct revisits *rs = ctx;

	(void)err;
	rs->rows[rs->n++] = *r;
	return 0;
}

static struct revisits
revisits(struct fixture *fx)
{
	struct revisits rs = {0};
	struct fc_error err = {0};

	assert_int_equal(fc_store_each_revisit(fx->s.st, collect_revisit, &rs, &err), 0);
	return rs;
}

static void
test_a_visit_needs_a_revisit_until_an_inspection_follows(void **state)
{
	struct fixture *fx = *state;
	struct revisits rs;
	char visit[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "nobody_home"},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-2",
			    .date = "2026-03-02",
			    .outcome = "refused"},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-1",
			    .date = "2026-03-05",
			    .outcome = "nobody_home"},
	       visit);
	rs = revisits(fx);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.rows[0].household, "HH-2");
	assert_string_equal(rs.rows[0].outcome, "refused");
	assert_string_equal(rs.rows[1].household, "HH-1");
	assert_string_equal(rs.rows[1].record, visit);
	assert_string_equal(rs.rows[1].visited, "2026-03-05");

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-08",
			    .outcome = "pass"},
	       NULL);
	rs = revisits(fx);
	assert_int_equal(rs.n, 1);
	assert_string_equal(rs.rows[0].household, "HH-2");

	/* Inspected, then nobody home next time: a revisit again. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-1",
			    .date = "2026-04-08",
			    .outcome = "nobody_home"},
	       NULL);
	assert_int_equal(revisits(fx).n, 2);
}

struct ids {
	char ids[8][FC_ID_MAX];
	int n;
};

static int
collect_id(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct ids *s = ctx;

	(void)err;
	strcpy(s->ids[s->n++], h->id);
	return 0;
}

static void
test_due_lists_take_households_of_a_kind_checked_before_the_cutoff(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct ids s = {0};
	int64_t n = -1;

	/* residential: HH-2 never, HH-5 2023-02-01, HH-1 2024-05-01 */
	assert_int_equal(fc_store_count_due(fx->s.st, "residential", "2024-03-01", &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(
	    fc_store_each_due(fx->s.st, "residential", "2024-03-01", 0, collect_id, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ids[0], "HH-2"); /* never checked comes first */
	assert_string_equal(s.ids[1], "HH-5");
	/* The cutoff itself is not due: "before" is strict. */
	assert_int_equal(fc_store_count_due(fx->s.st, "residential", "2024-05-01", &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(fc_store_count_due(fx->s.st, "residential", "2024-05-02", &n, &err), 0);
	assert_int_equal(n, 3);
	memset(&s, 0, sizeof s);
	assert_int_equal(
	    fc_store_each_due(fx->s.st, "residential", "2030-01-01", 1, collect_id, &s, &err), 0);
	assert_int_equal(s.n, 1);

	assert_int_equal(fc_store_count_due(fx->s.st, "catering", "2025-06-01", &n, &err), 0);
	assert_int_equal(n, 1);
	/* An inspection takes a household off the list. */
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-4",
			    .date = "2026-03-01",
			    .outcome = "pass"},
	       NULL);
	assert_int_equal(fc_store_count_due(fx->s.st, "catering", "2025-06-01", &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fc_store_count_due(fx->s.st, "rural", "2030-01-01", &n, &err), 0);
	assert_int_equal(n, 0);
}

/* The gas due date the store keeps for household, read as a user's tool would. */
static void
gas_due(struct fixture *fx, const char *household, char *out, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT due FROM programmes WHERE household = ?1 "
					    "AND programme = 'gas'",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
test_a_registry_change_of_kind_recomputes_the_due_date(void **state)
{
	struct fixture *fx = *state;
	struct fc_household h = registry[0];
	struct fc_error err = {0};
	char due[16];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "pass"},
	       NULL);
	gas_due(fx, "HH-1", due, sizeof due);
	assert_string_equal(due, "2028-03-01");

	/* A snapshot (the bulk load a pull uses) makes HH-1 a restaurant: due yearly. */
	strcpy(h.kind, "catering");
	assert_int_equal(fc_store_households_load_begin(fx->s.st, &err), 0);
	assert_int_equal(fc_store_put_households(fx->s.st, &registry[1], 2, &err), 0);
	assert_int_equal(fc_store_put_households(fx->s.st, &h, 1, &err), 0);
	assert_int_equal(fc_store_households_load_end(fx->s.st, 1, &err), 0);
	gas_due(fx, "HH-1", due, sizeof due);
	assert_string_equal(due, "2027-03-01");

	/* Row by row (households import) back to a home. */
	strcpy(h.kind, "residential");
	assert_int_equal(fc_store_put_households(fx->s.st, &h, 1, &err), 0);
	gas_due(fx, "HH-1", due, sizeof due);
	assert_string_equal(due, "2028-03-01");

	/* A load given up changes nothing. */
	strcpy(h.kind, "catering");
	assert_int_equal(fc_store_households_load_begin(fx->s.st, &err), 0);
	assert_int_equal(fc_store_put_households(fx->s.st, &h, 1, &err), 0);
	assert_int_equal(fc_store_households_load_end(fx->s.st, 0, &err), 0);
	gas_due(fx, "HH-1", due, sizeof due);
	assert_string_equal(due, "2028-03-01");
}

/*
 * Three inspections with hazards (HH-1..3): HH-1's rectified, HH-2's not,
 * HH-3's corrected away; HH-4 visited with nobody home.
 */
static void
fx_add_history(struct fixture *fx)
{
	char a[FC_RECORD_ID_MAX], b[FC_RECORD_ID_MAX], c[FC_RECORD_ID_MAX];

	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-1",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       a);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-2",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       b);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_INSPECTION,
			    .household = "HH-3",
			    .date = "2026-03-01",
			    .outcome = "hazard",
			    .hazards = two_hazards()},
	       c);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-1",
			    .date = "2026-03-05",
			    .outcome = "rectified",
			    .follows = a},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_FOLLOWUP,
			    .household = "HH-2",
			    .date = "2026-03-06",
			    .outcome = "not_rectified",
			    .follows = b},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_CORRECTION,
			    .household = "HH-3",
			    .date = "2026-03-07",
			    .outcome = "pass",
			    .corrects = c},
	       NULL);
	fx_add(fx,
	       (struct add){.type = FC_TYPE_VISIT,
			    .household = "HH-4",
			    .date = "2026-03-08",
			    .outcome = "nobody_home"},
	       NULL);
}

static void
test_the_ledger_is_rebuilt_from_the_record_bodies_alone(void **state)
{
	struct fixture *fx = *state;
	struct hazards before, after;
	struct fc_error err = {0};
	sqlite3 *db = NULL;

	fx_add_history(fx);
	before = open_hazards(fx, NULL);
	assert_int_equal(before.n, 2);

	/* Lose the derived tables entirely, then rebuild them. */
	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "DELETE FROM hazards; DELETE FROM revisits", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(count_open(fx), 0);
	assert_int_equal(fc_store_rebuild_ledger(fx->s.st, &err), 0);

	after = open_hazards(fx, NULL);
	assert_int_equal(after.n, before.n);
	for (int i = 0; i < after.n; i++) {
		assert_string_equal(after.rows[i].record, before.rows[i].record);
		assert_int_equal(after.rows[i].idx, before.rows[i].idx);
		assert_string_equal(after.rows[i].note, before.rows[i].note);
		assert_int_equal(after.rows[i].followups, 1);
		assert_string_equal(after.rows[i].last_followup, "2026-03-06");
	}
	assert_int_equal(revisits(fx).n, 1);
	assert_string_equal(revisits(fx).rows[0].household, "HH-4");
	/* Rebuilding twice gives the same again. */
	assert_int_equal(fc_store_rebuild_ledger(fx->s.st, &err), 0);
	assert_int_equal(count_open(fx), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_an_inspection_moves_last_check_forward_and_never_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_hazard_of_a_record_opens_a_ledger_row, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_open_hazards_come_oldest_first_across_households,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_rectified_followup_closes_the_hazards_of_the_record_it_follows, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_unrectified_followup_keeps_them_open_and_is_counted, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_correction_marks_the_corrected_hazards_and_opens_its_own, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_failed_record_changes_nothing_in_the_ledger,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_visit_needs_a_revisit_until_an_inspection_follows, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_due_lists_take_households_of_a_kind_checked_before_the_cutoff, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_a_registry_change_of_kind_recomputes_the_due_date,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_ledger_is_rebuilt_from_the_record_bodies_alone,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
