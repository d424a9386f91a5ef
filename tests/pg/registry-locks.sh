#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A registry import recomputes the ledger of every household it names, in one
# transaction. On PostgreSQL each household's recompute took an advisory lock
# held to commit, so a large registry filled the server's lock table and the
# import failed ("out of shared memory": 200 000 households in make
# bench-scale, some 34 000 with the tests' 300 connections). An import now
# holds every household's ledger with one lock, and a push's recompute takes
# its household's under a shared hold of that one (store/pg.c,
# SQL_LOCK_REGISTRY and SQL_LEDGER_LOCK). Here the cluster's lock table is made
# small (a few hundred locks) and an import of 5 000 households must work,
# recompute a household with records whose kind it changes, run beside a
# push, and leave verify and the kept counters as they were.
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
. "$(dirname "$0")/../sync/common.inc"
ANS="$FC_ROOT/tests/data/answers"

# The same cluster with a lock table of about 10 x 40 entries.
$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=20 -c max_locks_per_transaction=10" \
    start >/dev/null 2>&1 || fail "PostgreSQL restarted with a small lock table"
ok "the lock table is small (max_locks_per_transaction 10)" \
    test "$(pg_sql 'SHOW max_locks_per_transaction')" = 10

# households N: the registry's CSV, H1 a home of D1 and N-1 more.
households() {
	echo 'id,district,address,resident,phone,kind,last_check'
	echo "H1,D1,新华路1号,王芳,13800000001,$2,"
	awk -v n="$1" 'BEGIN { for (i = 2; i <= n; i++)
		printf "H%d,D%d,和平街%d号,住户%d,1380%07d,residential,\n", i, i % 3 + 1, i, i, i }'
}
households 3 residential >"$T/small.csv"
expect_exit 0 "a small registry is imported" "$FCS" --db "$DB" households import "$T/small.csv"
start_server
enrolled_device "$T/a" ana D1 || fail "a device enrolled"
dsync "$T/a" >/dev/null 2>&1
echo "$PIN" | FIELDCHECK_HOME="$T/a" "$FC" record --template gas --household H1 \
    --answers "$ANS/gas-clean.json" --pin-stdin >/dev/null
expect_exit 0 "an inspection of the home H1 is pushed" dsync "$T/a"
months() {
	pg_sql "SELECT months FROM programmes WHERE household = 'H1' AND programme = 'gas'"
}
ok "H1, a home, is due again in 24 months" test "$(months)" = 24

households 5000 catering >"$T/big.csv"
"$FCS" --db "$DB" households import "$T/big.csv" >"$T/import.out" 2>&1
rc=$?
ok "an import of 5 000 households works (exit $rc)" test "$rc" -eq 0
contains "it says none ran out of locks" "$T/import.out" "imported 5000 households"
ok "the registry holds them" test "$(pg_sql 'SELECT count(*) FROM households')" = 5000
ok "H1, a restaurant now, is due again in 12 months" test "$(months)" = 12
ok "no advisory lock is left behind" \
    test "$(pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")" = 0

dsync "$T/a" >/dev/null 2>&1
echo "$PIN" | FIELDCHECK_HOME="$T/a" "$FC" record --template gas --household H3 \
    --answers "$ANS/gas-clean.json" --pin-stdin >/dev/null
expect_exit 0 "a push after the import works" dsync "$T/a"
ok "the server holds both records" test "$(server_count records)" = 2

# An import and a push at once: each waits for the other, neither fails.
households 5000 residential >"$T/big2.csv"
for h in H3 H6 H9; do
	echo "$PIN" | FIELDCHECK_HOME="$T/a" "$FC" record --template gas --household "$h" \
	    --answers "$ANS/gas-clean.json" --pin-stdin >/dev/null
done
"$FCS" --db "$DB" households import "$T/big2.csv" >"$T/import2.out" 2>&1 &
ipid=$!
dsync "$T/a" >"$T/push2.out" 2>&1
prc=$?
wait $ipid
irc=$?
ok "an import and a push at once both work (exit $irc and $prc)" test "$irc$prc" = 00
ok "the server holds all five records" test "$(server_count records)" = 5
ok "H1, a home again, is due in 24 months" test "$(months)" = 24

# A return and a correction of one record at once. The reviewer's
# transaction (played by psql: it takes the record's row, as a review does,
# then keeps a return) commits while the correction's push waits for that
# row; the push then finds the return and answers it. Without the row taken
# by both, the push read the returns before the return was kept, and the
# return waited for a correction that had already come.
R=$(echo "$PIN" | FIELDCHECK_HOME="$T/a" "$FC" record --template gas --household H6 \
    --answers "$ANS/gas-clean.json" --pin-stdin)
dsync "$T/a" >/dev/null 2>&1
printf '%s\n' "BEGIN;" "SELECT 1 FROM records WHERE record_id = '$R' FOR UPDATE;" \
    "\\! touch '$T/locked'" "SELECT pg_sleep(2);" \
    "INSERT INTO reviews (record_id, inspector, district, state, reviewer, body, sig, created_at) VALUES ('$R', 'ana', 'D1', 'returned', 'sup', '{}', '', 0);" \
    "COMMIT;" | psql -q -X -v ON_ERROR_STOP=1 "$PG_URI" >"$T/review.out" 2>&1 &
rpid=$!
i=0
while [ ! -e "$T/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
C=$(echo "$PIN" | FIELDCHECK_HOME="$T/a" "$FC" record --corrects "$R" \
    --answers "$ANS/gas-major.json" --pin-stdin)
# (The push must work; the device then refuses psql's unsigned return when it pulls it.)
dsync "$T/a" >"$T/out" 2>&1
contains "a correction is pushed while a return of its record is being kept" "$T/out" "sent 1 records"
wait $rpid
ok "  the return was kept" test $? = 0
ok "  and the correction answers it" test "$(pg_sql "SELECT coalesce(answered_by, '-') FROM reviews WHERE record_id = '$R'")" = "$C"

expect_exit 0 "the server's verify passes" "$FCS" --db "$DB" verify
expect_exit 0 "the kept summary counters equal a recount" \
    "$FCS" --db "$DB" rebuild-aggregates --check
stop_server
