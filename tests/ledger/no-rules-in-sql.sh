#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# No rule of the ledger in SQL (docs/ledger.md: core/ decides; the server
# decided "overdue" with 24/12 months in SQL, closed hazards on
# rectified|pass|closed): tools/sql-rules.py finds no overdue interval,
# hazard-closing outcome or correction rule in any SQL string of the stores
# or any server migration, and the server's backend files and report code
# hold SQL and row mapping only. The checker itself must still find the
# rules this replaced, or it would pass by finding nothing.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
cd "$FC_ROOT" || exit 1
CHECK="python3 tools/sql-rules.py"

expect_exit 0 "the server backends and report code hold SQL and row mapping only" \
    $CHECK --backend server/store/sqlite.c server/store/sqlite-*.c server/store/pg.c server/store/pg-*.c \
    server/store/report.c
[ "$(cat "$T/out")" = "" ] || sed 's/^/#   /' "$T/out"
expect_exit 0 "no SQL string of the server or device stores holds a ledger rule" \
    $CHECK server/store/*.c core/store.c core/store-*.c schema/server/*.sql \
    schema/server-pg/*.sql
[ "$(cat "$T/out")" = "" ] || sed 's/^/#   /' "$T/out"

# The checker against what was here before.
cat >"$T/old.c" <<'C'
static const char *const sql[] = {
    "SELECT h.id FROM households h WHERE max(h.last_check, '') < "
    "CASE h.kind WHEN 'residential' THEN ?2 ELSE ?3 END",
    "UPDATE hazards SET closed_by = ?2 WHERE record_id = ?1 AND closed_by IS NULL",
    "SELECT count(*) FROM records WHERE type = 'correction' AND corrects = ?1",
    "SELECT id FROM households WHERE last_check < date('now', '-24 months')",
};
static int close_them(const struct fc_record *rec)
{
	return strcmp(rec->outcome, "rectified") == 0 || strcmp(rec->type, FC_TYPE_FOLLOWUP) == 0;
}
C
expect_exit 1 "the checker finds the old rules" $CHECK --backend "$T/old.c"
contains "the kind-based interval" "$T/out" "old.c:3: a kind-based rule"
contains "the closing UPDATE" "$T/out" "old.c:4: a hazard-closing outcome"
contains "the correction rule" "$T/out" "old.c:5: a correction rule"
contains "a date interval" "$T/out" "old.c:6: an interval"
contains "outcome logic in backend code" "$T/out" "old.c:10: ledger logic in a backend"
printf -- "-- a comment may say 24 months\nCREATE TABLE t (a TEXT); -- and 'residential'\nSELECT * FROM t WHERE a = 'pass';\n" >"$T/m.sql"
expect_exit 1 "in a migration, the SQL counts and its comments do not" $CHECK "$T/m.sql"
contains "the outcome" "$T/out" "m.sql:3: a hazard-closing outcome"
ok "and nothing from the comments" sh -c "! grep -q 'm.sql:[12]:' '$T/out'"
