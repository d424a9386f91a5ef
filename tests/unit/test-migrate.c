/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-migrate.c: the migration runner applies every migration a database
 * has not had, whatever its number: one that arrives with a lower number
 * than the database's highest (0003 after 0004) is applied, none is applied
 * twice, a database from before the version table is taken at its
 * user_version, one with a migration the program does not know is refused,
 * and a failing migration leaves the database as it was. On a real SQLite
 * file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/migrate.h"

struct fixture {
	char dir[64];
	char path[96];
	sqlite3 *db;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-migrate-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/m.db", fx->dir);
	assert_int_equal(sqlite3_open(fx->path, &fx->db), SQLITE_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sqlite3_close(fx->db);
	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Each migration makes its own table, without IF NOT EXISTS: twice would fail. */
static const struct fc_migration with_gap[] = {
    {1, "0001-a", "CREATE TABLE a (x INTEGER);"},
    {2, "0002-b", "CREATE TABLE b (x INTEGER);"},
    {4, "0004-d", "CREATE TABLE d (x INTEGER);"},
    {0, NULL, NULL},
};
static const struct fc_migration filled[] = {
    {1, "0001-a", "CREATE TABLE a (x INTEGER);"},
    {2, "0002-b", "CREATE TABLE b (x INTEGER);"},
    {3, "0003-c", "CREATE TABLE c (x INTEGER); INSERT INTO a VALUES (3);"},
    {4, "0004-d", "CREATE TABLE d (x INTEGER);"},
    {0, NULL, NULL},
};

static int
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int
has_table(sqlite3 *db, const char *name)
{
	char sql[128];

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", name);
	return count(db, sql);
}

static void
test_a_lower_number_arriving_later_is_applied(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	assert_int_equal(fc_migrate(fx->db, with_gap, &err), 0);
	assert_int_equal(count(fx->db, "PRAGMA user_version"), 4);
	assert_int_equal(has_table(fx->db, "c"), 0);
	/* The program now has 0003 as well: the store at 4 still gets it, once. */
	assert_int_equal(fc_migrate(fx->db, filled, &err), 0);
	assert_int_equal(has_table(fx->db, "c"), 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM a"), 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM fc_schema_version"), 4);
	assert_int_equal(count(fx->db, "PRAGMA user_version"), 4);
	assert_int_equal(fc_migrate(fx->db, filled, &err), 0);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM a"), 1);
}

static void
test_a_store_from_before_the_version_table_is_taken_at_its_user_version(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	/* What the runner before this one left: 0001 and 0002 applied, user_version 2. */
	assert_int_equal(sqlite3_exec(fx->db,
				      "CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER); "
				      "PRAGMA user_version = 2;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(fc_migrate(fx->db, filled, &err), 0);
	assert_int_equal(has_table(fx->db, "c"), 1);
	assert_int_equal(has_table(fx->db, "d"), 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM fc_schema_version"), 4);
}

static void
test_a_store_with_a_migration_this_program_lacks_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	assert_int_equal(fc_migrate(fx->db, filled, &err), 0);
	/* An older program that never had 0003 meets the store. */
	assert_int_equal(fc_migrate(fx->db, with_gap, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "migration 3"));
	assert_non_null(strstr(err.msg, "upgrade"));
}

static void
test_a_store_newer_by_user_version_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	assert_int_equal(sqlite3_exec(fx->db, "PRAGMA user_version = 9;", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(fc_migrate(fx->db, filled, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "upgrade"));
	assert_int_equal(has_table(fx->db, "fc_schema_version"), 0);
}

static void
test_a_failing_migration_is_named_and_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	static const struct fc_migration bad[] = {
	    {1, "0001-a", "CREATE TABLE a (x INTEGER);"},
	    {2, "0002-b", "CREATE TABLE b (x INTEGER);"},
	    {3, "0003-broken", "CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);"},
	    {4, "0004-d", "CREATE TABLE d (x INTEGER);"},
	    {0, NULL, NULL},
	};

	assert_int_equal(fc_migrate(fx->db, with_gap, &err), 0);
	assert_int_equal(fc_migrate(fx->db, bad, &err), -1);
	assert_int_equal(err.code, FC_E_DB);
	assert_non_null(strstr(err.msg, "0003-broken"));
	assert_int_equal(has_table(fx->db, "c"), 0);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM fc_schema_version WHERE version = 3"),
			 0);
	/* Fixed in the next program, it is applied then. */
	assert_int_equal(fc_migrate(fx->db, filled, &err), 0);
	assert_int_equal(has_table(fx->db, "c"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_a_lower_number_arriving_later_is_applied, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_store_from_before_the_version_table_is_taken_at_its_user_version, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_store_with_a_migration_this_program_lacks_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_store_newer_by_user_version_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_a_failing_migration_is_named_and_leaves_nothing,
					    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
