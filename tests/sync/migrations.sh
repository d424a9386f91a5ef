#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server store's migration runner (core/migrate.c for SQLite,
# server/store/pg.c for PostgreSQL; FC_TEST_DB=pg runs this again there):
# every migration the store has not had is applied when it opens, whatever
# its number, so one numbered below the store's highest that arrives later
# (migration numbers are handed out ahead of time) is not skipped; each is
# applied once; a store with a migration this server does not know is
# refused with a message saying to upgrade, and changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	DIALECT=server-pg
	sql() { pg_sql "$1"; }
else
	DIALECT=server
	sql() { sqlite3 -batch "$DB" "$1"; }
fi
known=$(ls "$FC_ROOT/schema/$DIALECT"/[0-9]*.sql | wc -l)

expect_exit 0 "a new store opens" "$FCS" --db "$DB" status
ok "every migration is noted once ($known)" \
	test "$(sql 'SELECT count(*) FROM fc_schema_version')" -eq "$known"
ok "the console's tables are there" test "$(sql "SELECT count(*) FROM console_users")" -eq 0
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	# 0019: room on each page so a counter's update stays on its page (heap-only).
	ok "the counters' pages keep half free for their updates" \
		test "$(sql "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'aggregates'")" = fillfactor=50
fi

# A store that never had 0005 (it reached this program after 0006 did).
sql "DROP TABLE console_failures; DROP TABLE console_sessions; DROP TABLE console_users;
    DELETE FROM fc_schema_version WHERE version = 5" >/dev/null
ok "the store now lacks 0005" test "$(sql 'SELECT count(*) FROM fc_schema_version')" -eq $((known - 1))
expect_exit 0 "the store opens again" "$FCS" --db "$DB" status
ok "0005 is noted again, below the store's highest" \
	test "$(sql 'SELECT count(*) FROM fc_schema_version WHERE version = 5')" -eq 1
ok "0005's tables were made" test "$(sql "SELECT count(*) FROM console_users")" -eq 0
expect_exit 0 "a console account can be added (the table 0005 makes)" \
	sh -c "echo 'pass-word-42' | '$FCS' --db '$DB' user add sup1 --role supervisor --districts D1 --password-stdin"
expect_exit 0 "the accounts are listed" "$FCS" --db "$DB" user list
contains "the new account is listed" "$T/out" "sup1"
expect_exit 0 "opening once more applies nothing twice" "$FCS" --db "$DB" status
ok "still one row per migration" \
	test "$(sql 'SELECT count(*) FROM fc_schema_version')" -eq "$known"
ok "the account is still there" test "$(sql "SELECT count(*) FROM console_users")" -eq 1

# A store a newer server migrated.
sql "INSERT INTO fc_schema_version (version, name) VALUES (9999, '9999-future')" >/dev/null
expect_exit 1 "a store with a migration this server lacks is refused" "$FCS" --db "$DB" status
contains "the message names the migration" "$T/err" "9999"
contains "the message says to upgrade" "$T/err" "upgrade"
