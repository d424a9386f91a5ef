/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-console-plan.c: a console read kept to a list of districts
 * (store/console.c's con_scoped, the _IN statements of store/sqlite.c)
 * finds the districts' rows through an index, as SQLite's own planner says
 * (EXPLAIN QUERY PLAN names the district column among an index's search
 * terms: "district=?"). A list matched as text (instr) can never be one:
 * every row the other conditions leave is read and tested, however few the
 * districts hold. SQLite plans without the values bound, so the plan of a
 * fresh store is the plan of a full one.
 *
 * PostgreSQL's planner weighs the rows it finds, so its plans are seen
 * where there are rows (docs/console.md, at 1 000 000 records).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/store/internal.h"
#include "support.h"

/*
 * Each read kept to a list, and the search term an index must take: the
 * district column, except for the weeks of the last year, which SQLite finds
 * by day (the counters of a year are fewer than a district's of all time).
 * Reviews and warnings are left out: they have no index on their district
 * (a few rows a day, read newest first by id, a page at a time); so is the
 * records list, read in its listing order a page at a time (store/sqlite.c),
 * and so are the exports (test_export_pages_read_in_key_order).
 */
static const struct {
	enum sql_id id;
	const char *col;
} plans[] = {
    {SQL_CON_HOUSEHOLD_SEARCH_IN, "district"},
    {SQL_CON_PROG_DUE_IN, "grp"},
    {SQL_CON_PROG_GRADES_IN, "grp"},
    {SQL_CON_HAZ_STATES_IN, "grp"},
    {SQL_CON_HAZ_OPEN_IN, "grp"},
    {SQL_CON_WEEK_INSPECTIONS_IN, "grp|day"},
    {SQL_CON_WEEK_HAZARDS_IN, "grp|day"},
    {SQL_CON_SYNCED_IN, "grp"},
    {SQL_CON_KINDS_IN, "grp"},
    {SQL_CON_KIND_DONE_IN, "grp"},
    {SQL_CON_KIND_OPEN_IN, "grp"},
    {SQL_CON_HAZARDS_IN, "district"},
};

struct fixture {
	char dir[64];
	struct fc_sstore *st;
};

static int
setup(void **state)
{
	static struct fixture fx;
	struct fc_error err = {0};
	char db[128];

	memset(&fx, 0, sizeof fx);
	snprintf(fx.dir, sizeof fx.dir, "/tmp/fc-test-plan-XXXXXX");
	if (mkdtemp(fx.dir) == NULL)
		return -1;
	snprintf(db, sizeof db, "%s/server.db", fx.dir);
	if (fc_sstore_open(db, &fx.st, &err) != 0) {
		fprintf(stderr, "%s: %s\n", db, err.msg);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_sstore_close(fx->st);
	fc_test_rmtree(fx->dir);
	return 0;
}

/* The plan of statement id, its lines one after another, into out. */
static void
plan_of(struct fc_sstore *st, enum sql_id id, char *out, size_t size)
{
	char sql[4096];
	sqlite3_stmt *s = NULL;
	size_t len = 0;

	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", sqlite3_sql(st->stmt[id]));
	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW && len < size)
		len += (size_t)snprintf(out + len, size - len, "%s\n",
					(const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
}

/* 1 when a line of plan has col (or one of "a|b") among an index's search terms. */
static int
plan_indexed(const char *plan, const char *cols)
{
	size_t n = strcspn(cols, "|");

	if (cols[n] == '|' && plan_indexed(plan, cols + n + 1))
		return 1;
	for (const char *line = plan; *line != '\0'; line = strchr(line, '\n') + 1) {
		size_t len = strcspn(line, "\n");
		char buf[1024], eq[64], from[64];

		snprintf(buf, sizeof buf, "%.*s", (int)len, line);
		snprintf(eq, sizeof eq, "%.*s=?", (int)n, cols);
		snprintf(from, sizeof from, "%.*s>?", (int)n, cols);
		if (strstr(buf, "USING") != NULL &&
		    (strstr(buf, eq) != NULL || strstr(buf, from) != NULL))
			return 1;
		if (line[len] == '\0')
			break;
	}
	return 0;
}

static void
test_district_lists_use_an_index(void **state)
{
	struct fixture *fx = *state;
	char plan[8192];
	int bad = 0;

	for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
		plan_of(fx->st, plans[i].id, plan, sizeof plan);
		if (!plan_indexed(plan, plans[i].col)) {
			fprintf(stderr, "statement %d reads %s without its index:\n%s",
				(int)plans[i].id, plans[i].col, plan);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * Every district's counts by kind (the catering units and their alarms): the
 * kind's counter rows read through the key's kind and metric, not a scan of
 * every counter. Before the counters (0018) these reads joined the registry
 * to the ledger's rows: some 100 000 rows a request, 311 ms at 1 000 000
 * records; a plan that scans the counters would read them all again.
 */
static void
test_kind_counts_by_key(void **state)
{
	static const enum sql_id kinds[] = {SQL_CON_KINDS, SQL_CON_KIND_DONE, SQL_CON_KIND_OPEN};
	struct fixture *fx = *state;
	char plan[8192];
	int bad = 0;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		plan_of(fx->st, kinds[i], plan, sizeof plan);
		if (!plan_indexed(plan, "dim") || !plan_indexed(plan, "metric") ||
		    strstr(plan, "SCAN") != NULL) {
			fprintf(stderr, "every district's counts by kind, statement %d:\n%s",
				(int)kinds[i], plan);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * The exports page by key (store/sqlite.c): each page must be read in its key's
 * order and stop at the page size. A plan that sorts (a temporary b-tree for
 * ORDER BY) reads every row after the key for every page, so an export of n
 * rows costs n^2 / page: the records export ordered by v.id while walking
 * records_record_id ran at 1 450 rows/s over 1 000 000 records.
 */
static void
test_export_pages_read_in_key_order(void **state)
{
	static const enum sql_id exports[] = {
	    SQL_EXP_RECORDS,	SQL_EXP_RECORDS_IN, SQL_EXP_HAZARDS,
	    SQL_EXP_HAZARDS_IN, SQL_EXP_PROGRAMMES, SQL_EXP_PROGRAMMES_IN,
	};
	struct fixture *fx = *state;
	char plan[8192];
	int bad = 0;

	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
		plan_of(fx->st, exports[i], plan, sizeof plan);
		if (strstr(plan, "TEMP B-TREE") != NULL) {
			fprintf(stderr, "export statement %d sorts every page:\n%s",
				(int)exports[i], plan);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * The records list and the hazard ledger end in a key that tells their rows
 * apart (tests/sync/list-order.sh), past the index they are read in: only
 * the rows tied on the index's columns may be sorted ("RIGHT PART" or "LAST
 * TERM" of the ORDER BY), so a page still stops when it is full. A plan that
 * sorts them whole reads every record or hazard the account may see for a
 * page (the records list: 1.2 s for one district at 1 000 000 records).
 */
static void
test_lists_sort_only_their_ties(void **state)
{
	static const enum sql_id lists[] = {SQL_CON_RECORDS, SQL_CON_RECORDS_IN, SQL_CON_HAZARDS};
	struct fixture *fx = *state;
	char plan[8192];
	int bad = 0;

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		plan_of(fx->st, lists[i], plan, sizeof plan);
		if (strstr(plan, "TEMP B-TREE FOR ORDER BY") != NULL) {
			fprintf(stderr, "list statement %d sorts every row:\n%s", (int)lists[i],
				plan);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * The reads of a push, a pull and a record's or household's console page
 * find their rows by key: every table in their plans is searched through an
 * index (a JSON list of districts may be scanned: it is the parameter). A
 * scan reads the whole table for each call, and grows with the store: a
 * record's page listed the versions of its original by scanning every
 * version (SQL_CON_VERSIONS, before versions_root in migration 0023), and
 * dropping an index (0023 dropped those nothing read) must not leave a read
 * here without one.
 */
static void
test_reads_by_key_search_an_index(void **state)
{
	static const enum sql_id reads[] = {
	    SQL_GET_CALLER,
	    SQL_NONCE_SEEN,
	    SQL_PRUNE_NONCES,
	    SQL_HELD,
	    SQL_RECORD_HASH,
	    SQL_EACH_RECORD,
	    SQL_HOUSEHOLD_DISTRICT,
	    SQL_RECORD_OWNER,
	    SQL_HOUSEHOLD_GET,
	    SQL_HOUSEHOLD_BODIES,
	    SQL_LEDGER_ROWS,
	    SQL_LEDGER_DEL_HAZARD,
	    SQL_LEDGER_DEL_PROGRAMME,
	    SQL_LEDGER_DEL_VERSION,
	    SQL_LEDGER_PENDING_DONE,
	    SQL_AGG_PART_GET,
	    SQL_AGG_PART_DEL,
	    SQL_AGG_DROP,
	    SQL_RECORD_ENTRY,
	    SQL_FIND_HASH,
	    SQL_REVIEW_LOCK,
	    SQL_REVIEW_TARGET,
	    SQL_REVIEWS_SINCE,
	    SQL_HOUSEHOLDS_SINCE,
	    SQL_HOUSEHOLDS_SINCE_ONE,
	    SQL_DUE_HOUSEHOLDS,
	    SQL_OPEN_HAZARDS,
	    SQL_CON_RECORD,
	    SQL_CON_FOLLOWUPS,
	    SQL_CON_HOUSEHOLD,
	    SQL_CON_HOUSEHOLD_RECORDS,
	    SQL_CON_VERSIONS,
	};
	struct fixture *fx = *state;
	char plan[8192];
	int bad = 0;

	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		const char *line = plan;

		plan_of(fx->st, reads[i], plan, sizeof plan);
		for (; (line = strstr(line, "SCAN ")) != NULL; line += 5) {
			if (strncmp(line, "SCAN CONSTANT ROW", 17) == 0 ||
			    strncmp(line, "SCAN json_each ", 15) == 0)
				continue;
			fprintf(stderr, "statement %d scans a table:\n%s", (int)reads[i], plan);
			bad++;
			break;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * The inspectors page counts each device's records since a day: counted in
 * an index of (device, day), not by reading every record of the device
 * (migration 0026).
 */
static void
test_a_device_s_recent_records_are_counted_in_an_index(void **state)
{
	struct fixture *fx = *state;
	char plan[8192];

	plan_of(fx->st, SQL_CON_DEVICES, plan, sizeof plan);
	assert_non_null(strstr(plan, "COVERING INDEX records_device_day (device_id=? AND day>?)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_district_lists_use_an_index, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kind_counts_by_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_export_pages_read_in_key_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lists_sort_only_their_ties, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reads_by_key_search_an_index, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_device_s_recent_records_are_counted_in_an_index,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
