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
# push, and leave verify and the kept counters as they were. Reviews and
# templates, which devices pull "since" an id, are kept one at a time, so an
# id handed out first is seen first (a review or template is never skipped).
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

# Devices pull reviews "since id" and templates "since rev": an id handed out
# first must be visible first. A trigger (the tests' own) stops the
# transaction keeping review or template SLOW after its row got its id, until
# psql lets go of lock 4242; meanwhile another is kept, and the device pulls.
# Without the one-at-a-time lock (store/pg.c SQL_REVIEW_ORDER,
# SQL_LOCK_TEMPLATES) the second committed first, the device's cursor passed
# the first, and the first never reached it.
pg_sql "CREATE FUNCTION test_hold() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
    IF to_jsonb(NEW) ->> 'reviewer' = 'slow' OR to_jsonb(NEW) ->> 'version' = '1' THEN
        PERFORM pg_advisory_xact_lock(4242); END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER test_hold AFTER INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION test_hold();
    CREATE TRIGGER test_hold AFTER INSERT ON templates FOR EACH ROW EXECUTE FUNCTION test_hold();"
waiting() { pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"; }
# raced NAME SLOW-COMMAND FAST-COMMAND: run SLOW until it holds at lock 4242,
# then FAST until it is done or waits too, then sync device b (its output
# in $T/NAME.mid), let SLOW go, wait for both and sync again ($T/NAME.end).
raced() {
	mkfifo "$T/$1.fifo"
	psql -q -X "$PG_URI" <"$T/$1.fifo" >/dev/null 2>&1 &
	exec 9>"$T/$1.fifo"
	echo "SELECT pg_advisory_lock(4242);" >&9
	i=0
	until [ "$(pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] ||
	    [ $i -gt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sh -c "$2" >"$T/$1.slow" 2>&1 &
	slow=$!
	while kill -0 $slow 2>/dev/null && [ "$(waiting)" != 1 ]; do sleep 0.05; done
	sh -c "$3" >"$T/$1.fast" 2>&1 &
	fast=$!
	while kill -0 $fast 2>/dev/null && [ "$(waiting)" = 1 ]; do sleep 0.05; done
	dsync "$T/b" >"$T/$1.mid" 2>&1
	echo "SELECT pg_advisory_unlock(4242);" >&9
	exec 9>&-
	wait $slow
	wait $fast
	dsync "$T/b" >"$T/$1.end" 2>&1
}
# A device of its own: the first has psql's unsigned return, which it refuses.
enrolled_device "$T/b" bob D1 || fail "a second device enrolled"
add "$T/b" 2
dsync "$T/b" >/dev/null 2>&1
R1=$(FIELDCHECK_HOME="$T/b" "$FC" list --json | grep -o '"[0-9a-f]*-000001"' | tr -d '"')
R2=$(FIELDCHECK_HOME="$T/b" "$FC" list --json | grep -o '"[0-9a-f]*-000002"' | tr -d '"')
raced reviews "'$FCS' --db '$DB' review $R1 returned --comment redo --by slow" \
    "'$FCS' --db '$DB' review $R2 accepted --by fast"
ok "two reviews kept at once, the first to get its id the last to commit, both kept" \
    test "$(pg_sql "SELECT count(*) FROM reviews WHERE reviewer IN ('slow', 'fast')")" = 2
ok "  and both reach the device, whenever it pulls" \
    test "$(FIELDCHECK_HOME="$T/b" "$FC" list | grep -cE "$R1.* returned|$R2.* accepted")" = 2
python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
t["version"] = 2
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$FC_ROOT/tests/data/checklists/manhole.json" "$T/manhole-v2.json"
raced templates "'$FCS' --db '$DB' templates add '$FC_ROOT/tests/data/checklists/manhole.json'" \
    "'$FCS' --db '$DB' templates add '$T/manhole-v2.json'"
ok "two templates added at once both reach the device" \
    test -s "$T/b/templates/manhole-v1.json" -a -s "$T/b/templates/manhole-v2.json"

expect_exit 0 "the server's verify passes" "$FCS" --db "$DB" verify
expect_exit 0 "the kept summary counters equal a recount" \
    "$FCS" --db "$DB" rebuild-aggregates --check
stop_server
