#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A push's new rows of records, versions, programmes, hazards and counters go to
# PostgreSQL in one statement a table (store/pg-bulk.c), not one a row:
# statement-level triggers the test adds count the INSERT statements. The
# rows wait in the server until a statement that could see them is sent, so
# what the walk reads back must still find what it stored earlier in the
# same batch: a record sent twice in one batch is skipped the second time,
# and a follow-up sent in the batch of the record it follows is stored. A
# failure of the gathered statement fails the push as a whole and names it.
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
. "$(dirname "$0")/../sync/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
ANS="$FC_ROOT/tests/data/answers"

start_server
enrolled_device "$T/d" insp1 D1 || fail "device enrolled"
pg_sql "CREATE TABLE fc_test_statements (tbl text);
CREATE FUNCTION fc_test_note() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
INSERT INTO fc_test_statements VALUES (TG_TABLE_NAME); RETURN NULL; END \$\$;
CREATE TRIGGER fc_test_r AFTER INSERT ON records FOR EACH STATEMENT
EXECUTE FUNCTION fc_test_note();
CREATE TRIGGER fc_test_v AFTER INSERT ON versions FOR EACH STATEMENT
EXECUTE FUNCTION fc_test_note();
CREATE TRIGGER fc_test_p AFTER INSERT ON programmes FOR EACH STATEMENT
EXECUTE FUNCTION fc_test_note();
CREATE TRIGGER fc_test_h AFTER INSERT ON hazards FOR EACH STATEMENT
EXECUTE FUNCTION fc_test_note();
CREATE TRIGGER fc_test_a AFTER INSERT ON aggregate_parts FOR EACH STATEMENT
EXECUTE FUNCTION fc_test_note();" >/dev/null
# statements TABLE: the INSERT statements on TABLE since the last count, then forget them.
statements() {
	pg_sql "SELECT count(*) FROM fc_test_statements WHERE tbl = '$1'"
}

add "$T/d" 30
ok "a push of 30 records works" dsync "$T/d"
ok "the server holds 30 records" test "$(server_count records)" = 30
n=$(statements records)
ok "they were inserted in one statement ($n)" test "$n" = 1
hh=$(pg_sql "SELECT count(DISTINCT household) FROM records")
for t in versions programmes aggregate_parts; do
	n=$(statements $t)
	ok "their $t rows (of $hh households) in one statement ($n)" test "$n" = 1
done
ok "a version row for each record" test "$(pg_sql "SELECT count(*) FROM versions")" = 30

# A record twice in one batch: the second is read back from the first's insert.
add "$T/d" 5
"$FCA" batch "$T/five" --home "$T/d" --from 31 --raw >/dev/null
"$FCA" batch "$T/one" --home "$T/d" --from 33 --count 1 --raw >/dev/null
python3 - "$T/five" "$T/one" "$T/twice" <<'PY'
import struct, sys, zlib
a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
n = struct.unpack(">I", a[4:8])[0] + struct.unpack(">I", b[4:8])[0]
open(sys.argv[3], "wb").write(zlib.compress(a[:4] + struct.pack(">I", n) + a[8:] + b[8:]))
PY
echo "$PIN" | "$FCA" send "$URL" POST /v1/records --home "$T/d" --body "$T/twice" \
    --ctype application/x-fieldcheck-batch >"$T/twice.out" 2>&1
ok "a batch holding record 33 twice is answered (HTTP 200)" grep -q '^status 200' "$T/twice.out"
ok "  its five records are stored once each" test "$(server_count records)" = 35
ok "  the second copy is skipped, nothing refused" sh -c \
    "grep -q '\"skipped\": *1' '$T/twice.out' && ! grep -q refused '$T/twice.out'"
ok "  and nothing is kept as a fork" test "$(server_count forks)" = 0
dsync "$T/d" >/dev/null 2>&1

# A follow-up in the same batch as the record it follows.
cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
dsync "$T/d" >/dev/null 2>&1
R1=$(echo "$PIN" | FIELDCHECK_HOME="$T/d" "$FC" record --template gas --household H1 \
    --answers "$ANS/gas-major.json" --pin-stdin)
item=$(FIELDCHECK_HOME="$T/d" "$FC" show "$R1" --json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["body"]["hazards"][0]["item"])')
printf '{"results": {"%s": {"result": "rectified", "note": "fixed"}}}\n' "$item" >"$T/fix.json"
echo "$PIN" | FIELDCHECK_HOME="$T/d" "$FC" record --follows "$R1" --answers "$T/fix.json" \
    --pin-stdin >/dev/null
ok "an inspection and its follow-up, in one batch, are synced" dsync "$T/d"
ok "  both are stored" test "$(server_count records)" = 37
ok "  the follow-up rectified $item" test "$(pg_sql "SELECT status FROM hazards WHERE
household = 'H1' AND item = '$item'")" = rectified
nz=$(pg_sql "SELECT count(*) FROM hazards")
n=$(statements hazards)
ok "  its $nz hazard rows went in one statement ($n)" test "$nz" -gt 1 -a "$n" = 1

# The gathered insert fails: the push fails whole, and names it.
add "$T/d" 10
pg_sql "ALTER TABLE records ADD CONSTRAINT fc_test_refuse CHECK (false) NOT VALID"
dsync "$T/d" >"$T/fail.out" 2>&1
rc=$?
ok "a push whose gathered record insert fails fails (exit $rc)" test "$rc" -ne 0
grep -q "pushed records" "$T/server.log" "$T/fail.out" &&
    pass "the failure names the write that failed (the pushed records)" ||
    fail "the failure names the write that failed (the pushed records)" \
	"$(cat "$T/fail.out"; tail -n 5 "$T/server.log")"
ok "nothing of the failed push is stored (still 37 records)" test "$(server_count records)" = 37
ok "the device still has its 10 records to send" test "$(unsynced "$T/d")" = 10
pg_sql "ALTER TABLE records DROP CONSTRAINT fc_test_refuse"
ok "the next push works" dsync "$T/d"
ok "the server holds all 47 records" test "$(server_count records)" = 47
ok "the server's verify passes" "$FCS" --db "$DB" verify
"$FCS" --db "$DB" rebuild-aggregates --check >"$T/agg.out" 2>&1
rc=$?
ok "the maintained summary counters equal a recount (exit $rc)" test "$rc" -eq 0
stop_server
