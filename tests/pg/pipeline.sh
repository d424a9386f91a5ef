#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A push's writes go to PostgreSQL without waiting for each answer (libpq's
# pipeline mode, store/pg.c fc_pgstore_defer): their answers are read with
# the next read or at commit. When one of those writes fails, the push must
# fail as a whole, name what failed, store nothing, and leave the device's
# records unsynced to send again; the next push must work. The failure is
# real: the programmes table refuses new rows through a CHECK constraint
# (NOT VALID: the rows already there stay), so the ledger's write of a
# programme row, queued behind the record inserts, is refused.
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
. "$(dirname "$0")/../sync/common.inc"

start_server
enrolled_device "$T/d" insp1 D1 || fail "device enrolled"
add "$T/d" 20
ok "a first push of 20 records works" dsync "$T/d"
ok "the server holds 20 records" test "$(server_count records)" = 20

add "$T/d" 30
pg_sql "ALTER TABLE programmes ADD CONSTRAINT fc_test_refuse CHECK (false) NOT VALID"
dsync "$T/d" >"$T/fail.out" 2>&1
rc=$?
ok "a push whose queued ledger write fails fails (exit $rc)" test "$rc" -ne 0
grep -q "programme row" "$T/server.log" "$T/fail.out" &&
    pass "the failure names the write that failed (a programme row)" ||
    fail "the failure names the write that failed (a programme row)" \
	"$(cat "$T/fail.out"; tail -n 5 "$T/server.log")"
ok "nothing of the failed push is stored (still 20 records)" test "$(server_count records)" = 20
ok "the device still has its 30 records to send" test "$(unsynced "$T/d")" = 30

pg_sql "ALTER TABLE programmes DROP CONSTRAINT fc_test_refuse"
ok "the next push works" dsync "$T/d"
ok "the server holds all 50 records" test "$(server_count records)" = 50
ok "the device has nothing left to send" test "$(unsynced "$T/d")" = 0
ok "the server's verify passes" "$FCS" --db "$DB" verify
"$FCS" --db "$DB" rebuild-aggregates --check >"$T/agg.out" 2>&1
rc=$?
ok "the maintained summary counters equal a recount (exit $rc)" test "$rc" -eq 0
stop_server
