#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The summary's counters (core/aggregate.h, migration 0007) are kept as
# records arrive, in the push's transaction; they must always equal a
# recount from scratch (`rebuild-aggregates --check` computes every
# household's ledger again from the records and compares). Checked after
# inspections, visits, follow-ups (not rectified, then rectified),
# corrections that supersede hazards, a registry change that moves a
# household to another district, one that changes households' kinds and adds
# a household (the console's counts by kind, 0018), and counters damaged on
# purpose (the check must then fail and a rebuild repair them). Both
# backends (FC_TEST_DB=pg).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,2020-01-01
H4,D1,新华路4号,孙丽,13800000005,catering,2020-01-01
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a" B="$T/b" S="$T/s"
enrolled_device "$A" ana D1
enrolled_device "$B" bob D2
enrolled_device "$S" sam D1,D2 supervisor
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1

rec() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FC" record "$@" --pin-stdin
}
# summary NAME [ARGS...]: the supervisor's summary as JSON into $T/NAME.json.
summary() {
	n=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$S" "$FC" summary --json --pin-stdin "$@" >"$T/$n.json" ||
	    fail "the summary $n could be read" "$(cat "$T/$n.json")"
}
# same WHEN: the kept counters equal a recount, and the check changed nothing.
same() {
	summary before-check
	expect_exit 0 "$1: the kept counters equal a recount" \
	    "$FCS" --db "$DB" rebuild-aggregates --check
	contains "none differed" "$T/out" ", 0 differed"
	summary after-check
	ok "and --check changed nothing" cmp -s "$T/before-check.json" "$T/after-check.json"
}
# field FILE KEY FIELD: a group's count in a summary.
field() {
	python3 -c 'import json,sys
g=[g for g in json.load(open(sys.argv[1]))["groups"] if g["key"]==sys.argv[2]]
print(g[0][sys.argv[3]] if g else 0)' "$@"
}

same "an empty store"

R1=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-major.json")
R2=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-nobody-home.json")
rec "$A" --template rural --household H2 --answers "$ANS/rural-c.json" >/dev/null
rec "$A" --template gas --household H4 --answers "$ANS/gas-catering-clean.json" >/dev/null
R3=$(rec "$B" --template gas --household H3 --answers "$ANS/gas-major.json")
expect_exit 0 "ana syncs four records" dsync "$A"
expect_exit 0 "bob syncs one" dsync "$B"
same "after inspections and a visit"
summary s1
ok "the summary counts D1's three inspections" test "$(field "$T/s1.json" D1 inspections)" = 3
ok "and its nobody-home visit" test "$(field "$T/s1.json" D1 nobody_home)" = 1
ok "and D2's inspection" test "$(field "$T/s1.json" D2 inspections)" = 1
open1=$(field "$T/s1.json" D1 hazards_open)
ok "D1 has open hazards" test "$open1" -gt 0

rec "$A" --follows "$R1" --outcome not_rectified >/dev/null
expect_exit 0 "a follow-up (not rectified) is synced" dsync "$A"
same "after a follow-up that rectified nothing"
rec "$A" --follows "$R1" --outcome rectified >/dev/null
expect_exit 0 "a follow-up (rectified) is synced" dsync "$A"
same "after a follow-up that rectified everything"
summary s2
ok "the follow-ups are counted" test "$(field "$T/s2.json" D1 followups)" = 2
ok "fewer hazards are open" test "$(field "$T/s2.json" D1 hazards_open)" -lt "$open1"
ok "and they are counted rectified" test "$(field "$T/s2.json" D1 hazards_rectified)" -gt 0

rec "$B" --corrects "$R3" --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "its correction (no hazards now) is synced" dsync "$B"
same "after a correction that supersedes hazards"
rec "$A" --corrects "$R2" --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a correction turning a visit into an inspection" dsync "$A"
same "after a correction that turns a visit into an inspection"
summary s3
ok "the visit is no longer counted" test "$(field "$T/s3.json" D1 nobody_home)" = 0
ok "superseded hazards are counted" test "$(field "$T/s3.json" D2 hazards_superseded)" -gt 0

sed 's/^H4,D1,/H4,D2,/' "$T/hh.csv" >"$T/hh2.csv"
"$FCS" --db "$DB" households import "$T/hh2.csv" >/dev/null
same "after the registry moved H4 to D2"
summary s4
ok "H4's inspection counts in D2 now" test "$(field "$T/s4.json" D2 inspections)" = 2
ok "and no longer in D1" test "$(field "$T/s4.json" D1 inspections)" = 3

# sql QUERY: one value, from either backend.
sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		pg_sql "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}
# kinds: the counters by kind as "kind district metric sub day n" lines.
kinds() {
	sql "SELECT dim, grp, metric, sub, day, n FROM aggregates WHERE metric LIKE 'kind%'
	     ORDER BY 1, 2, 3, 4, 5"
}
ok "H4's catering counts are kept in D2" \
    test "$(sql "SELECT n FROM aggregates WHERE dim = 'catering' AND grp = 'D2' AND metric = 'kind_done' AND sub = 'gas'")" = 1
# H3 (inspected in D2) becomes a catering unit, H2 (hazards open) a self-built house; H5 is new.
sed -e 's/^\(H3,.*\),residential,/\1,catering,/' -e 's/^\(H2,.*\),rural,/\1,selfbuilt,/' \
    "$T/hh2.csv" >"$T/hh3.csv"
echo 'H5,D1,新华路5号,赵六,13800000007,catering,' >>"$T/hh3.csv"
kinds >"$T/kinds-before"
"$FCS" --db "$DB" households import "$T/hh3.csv" >/dev/null
same "after the registry changed two households' kinds and added one"
kinds >"$T/kinds-after"
ok "the import moved the counts by kind" test "$(sql "SELECT n FROM aggregates WHERE dim = 'catering' AND grp = 'D2' AND metric = 'kind_hh'")" = 2
ok "and counted the new household" test "$(sql "SELECT n FROM aggregates WHERE dim = 'catering' AND grp = 'D1' AND metric = 'kind_hh'")" = 1
ok "(they changed)" sh -c '! cmp -s "$1" "$2"' - "$T/kinds-before" "$T/kinds-after"
ok "H2's open hazards count under selfbuilt now, none under rural" \
    test "$(sql "SELECT count(*) FROM aggregates WHERE dim = 'selfbuilt' AND grp = 'D1' AND metric = 'kind_open'")" -gt 0 -a \
    "$(sql "SELECT count(*) FROM aggregates WHERE dim = 'rural' AND metric = 'kind_open'")" = 0

summary by-inspector --by inspector
summary since --since 2099-01-01
ok "a period after every record counts nothing" test "$(field "$T/since.json" D1 inspections)" = 0

# Damage the counters: the check must see it, name it, and a rebuild repair it.
damage() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		pg_sql "$1" >/dev/null
	else
		sqlite3 "$DB" "$1"
	fi
}
summary good
damage "UPDATE aggregates SET n = n + 5 WHERE dim = 'district' AND metric = 'inspections'"
expect_exit 1 "damaged counters fail the check" "$FCS" --db "$DB" rebuild-aggregates --check
contains "naming the first that differs" "$T/out" "first difference: district D"
contains "and saying what to do" "$T/err" "run rebuild-aggregates"
expect_exit 0 "a rebuild replaces them" "$FCS" --db "$DB" rebuild-aggregates
same "after the rebuild"
summary rebuilt
ok "the summary is what it was before the damage" cmp -s "$T/good.json" "$T/rebuilt.json"
contains "the rebuild is in the audit log" "$("$FCS" --db "$DB" audit >"$T/audit.txt"; echo "$T/audit.txt")" \
    "rebuild-aggregates"

damage "UPDATE aggregates SET n = n + 1 WHERE dim = 'catering' AND metric = 'kind_hh'"
expect_exit 1 "damaged counts by kind fail the check" "$FCS" --db "$DB" rebuild-aggregates --check
contains "naming the kind" "$T/out" "first difference: catering D"
expect_exit 0 "a rebuild replaces them" "$FCS" --db "$DB" rebuild-aggregates
same "after the rebuild of the counts by kind"
kinds >"$T/kinds-rebuilt"
ok "they are what the imports left" cmp -s "$T/kinds-after" "$T/kinds-rebuilt"

# A store whose counters were never kept (as after the 0007 migration) is recounted when opened.
damage "DELETE FROM aggregates"
damage "DELETE FROM aggregate_parts"
damage "INSERT INTO aggregates_pending (what) VALUES ('all')"
summary empty
ok "without counters the summary counts nothing" test "$(field "$T/empty.json" D1 inspections)" = 0
ok "opening the store recounts them" "$FCS" --db "$DB" status
same "after a store without counters was opened"
summary reopened
ok "its summary is the same as before" cmp -s "$T/good.json" "$T/reopened.json"

# Each record keeps its ledger entry (migration 0015), which a household's
# recompute reads instead of parsing every body again. Without one (a record
# stored before 0015) the body is parsed and the entry kept then; a wrong
# one is what a recount from the bodies catches, and a rebuild puts right.
ok "every stored record keeps its ledger entry" \
    test "$(sql "SELECT count(*) FROM records WHERE entry IS NULL")" = 0
sql "UPDATE records SET entry = NULL" >/dev/null
rec "$A" --template gas --household H1 --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a record for H1 is synced while no record keeps an entry" dsync "$A"
same "after a recompute from the bodies"
ok "H1's records keep their entries again" \
    test "$(sql "SELECT count(*) FROM records WHERE household = 'H1' AND entry IS NULL")" = 0
ok "H3's, not recomputed, still have none" \
    test "$(sql "SELECT count(*) FROM records WHERE household = 'H3' AND entry IS NULL")" -gt 0
summary entries-good
sql "UPDATE records SET entry = replace(entry, '5:major', '5:minor') WHERE record_id = '$R1'" \
    >/dev/null
rec "$A" --template gas --household H1 --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a record for H1 is synced while R1 keeps a wrong entry" dsync "$A"
expect_exit 1 "the recount from the bodies sees the difference" \
    "$FCS" --db "$DB" rebuild-aggregates --check
expect_exit 0 "a rebuild puts it right" "$FCS" --db "$DB" rebuild-aggregates
same "after the rebuild of a wrong entry"
ok "R1 keeps its true entry again" \
    test "$(sql "SELECT count(*) FROM records WHERE record_id = '$R1' AND entry LIKE '%5:major%'")" = 1
ok "and every record keeps one" \
    test "$(sql "SELECT count(*) FROM records WHERE entry IS NULL")" = 0
ok "the chains are intact" "$FCS" --db "$DB" verify
stop_server
