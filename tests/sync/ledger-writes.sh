#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A push recomputes its household's ledger, but writes only the rows that
# changed (server/store/ledger-diff.c): a follow-up that rectifies one hazard
# of a household holding several hazards and versions writes that hazard's
# row (and its programme's, if that changed), never the household's other
# rows. Every write to the ledger's tables is counted by triggers the test
# adds to the store, so a server rewriting the whole household fails here.
# The rows written must still be the ledger's answer: verify recomputes every
# household from the signed records and compares. Both backends
# (FC_TEST_DB=pg).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"

sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		pg_sql "$1"
	else
		sqlite3 -batch "$DB" "$1"
	fi
}
# count_writes: a trigger on each ledger table notes every row written, with its key.
count_writes() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		pg_sql "CREATE TABLE ledger_writes (tbl text, op text, k text);
CREATE FUNCTION note_write() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
INSERT INTO ledger_writes VALUES (TG_TABLE_NAME, TG_OP, (CASE WHEN TG_OP = 'DELETE'
THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[0]); RETURN NULL; END \$\$;
CREATE TRIGGER hw AFTER INSERT OR UPDATE OR DELETE ON hazards FOR EACH ROW
EXECUTE FUNCTION note_write('item');
CREATE TRIGGER pw AFTER INSERT OR UPDATE OR DELETE ON programmes FOR EACH ROW
EXECUTE FUNCTION note_write('programme');
CREATE TRIGGER vw AFTER INSERT OR UPDATE OR DELETE ON versions FOR EACH ROW
EXECUTE FUNCTION note_write('id');" >/dev/null
	else
		t="CREATE TABLE ledger_writes (tbl TEXT, op TEXT, k TEXT);"
		for x in "hazards item" "programmes programme" "versions id"; do
			set -- $x
			t="$t CREATE TRIGGER $1_i AFTER INSERT ON $1 BEGIN
INSERT INTO ledger_writes VALUES ('$1', 'INSERT', NEW.$2); END;
CREATE TRIGGER $1_u AFTER UPDATE ON $1 BEGIN
INSERT INTO ledger_writes VALUES ('$1', 'UPDATE', NEW.$2); END;
CREATE TRIGGER $1_d AFTER DELETE ON $1 BEGIN
INSERT INTO ledger_writes VALUES ('$1', 'DELETE', OLD.$2); END;"
		done
		sqlite3 -batch "$DB" "$t"
	fi
}

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a"
enrolled_device "$A" ana D1
dsync "$A" >/dev/null 2>&1
rec() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FC" record "$@" --pin-stdin
}
R1=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-major.json")
R2=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-nobody-home.json")
expect_exit 0 "an inspection with hazards and a visit are synced" dsync "$A"
nh=$(sql "SELECT count(*) FROM hazards WHERE household = 'H1' AND status = 'open'")
ok "H1 has several open hazards ($nh)" test "$nh" -ge 2
ok "and a version row for each record" \
    test "$(sql "SELECT count(*) FROM versions WHERE household = 'H1'")" = 2
item=$(sql "SELECT item FROM hazards WHERE household = 'H1' AND status = 'open' ORDER BY item
LIMIT 1")

count_writes
cat >"$T/fix.json" <<JSON
{"results": {"$item": {"result": "rectified", "note": "fixed"}}}
JSON
ok "a follow-up rectifying $item alone is made" sh -c "echo $PIN | FIELDCHECK_HOME='$A' \
    '$FC' record --follows '$R1' --answers '$T/fix.json' --pin-stdin"
expect_exit 0 "and synced" dsync "$A"
ok "$item is rectified on the server" test "$(sql "SELECT status FROM hazards WHERE
household = 'H1' AND item = '$item'")" = rectified
ok "its row was written" \
    test "$(sql "SELECT count(*) FROM ledger_writes WHERE tbl = 'hazards' AND k = '$item'")" -gt 0
others=$(sql "SELECT count(*) FROM ledger_writes WHERE tbl = 'hazards' AND k <> '$item'")
ok "no other hazard row of H1 was written ($others writes)" test "$others" = 0
vers=$(sql "SELECT count(*) FROM ledger_writes WHERE tbl = 'versions' AND k IN ('$R1', '$R2')")
ok "nor the version rows of the earlier records ($vers writes)" test "$vers" = 0
expect_exit 0 "the rows kept are the ledger's answer (verify recomputes them)" \
    "$FCS" --db "$DB" verify
expect_exit 0 "and the counters a recount's" "$FCS" --db "$DB" rebuild-aggregates --check
contains "none differed" "$T/out" ", 0 differed"

# A correction supersedes the inspection: rows change and go, and stay right.
sql "DELETE FROM ledger_writes" >/dev/null
rec "$A" --corrects "$R1" --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a correction without hazards is synced" dsync "$A"
ok "it wrote H1's hazard rows now" \
    test "$(sql "SELECT count(*) FROM ledger_writes WHERE tbl = 'hazards'")" -gt 0
vers=$(sql "SELECT count(*) FROM ledger_writes WHERE tbl = 'versions' AND k = '$R2'")
ok "but not the visit's version row ($vers writes)" test "$vers" = 0
expect_exit 0 "the rows kept are still the ledger's answer" "$FCS" --db "$DB" verify
expect_exit 0 "and the counters a recount's" "$FCS" --db "$DB" rebuild-aggregates --check
stop_server
