#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Summary: supervisors get counts per district or inspector of what was
# synced (inspections, nobody-home visits, hazards by severity and item, open
# hazards, house grades, devices, forks); inspectors are refused. A fork (the
# same device and sequence number, a different record) is refused, kept, and
# shown here. A replayed request is refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,TODAY
H4,D1,新华路4号,孙丽,13800000005,catering,2020-01-01
CSV
# Checked today, so not due (a last_check after today is refused: core/household-csv.c).
sed -i "s/,TODAY\$/,$(date +%Y-%m-%d)/" "$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a" S="$T/s"
enrolled_device "$A" ana D1
enrolled_device "$S" sam D1,D2 supervisor
dsync "$A" >/dev/null 2>&1

rec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template "$2" --household "$3" \
	    --answers "$ANS/$4.json" --pin-stdin
}
ok "a major-hazard inspection is recorded" rec "$A" gas H1 gas-major
ok "a nobody-home visit is recorded" rec "$A" gas H1 gas-nobody-home
ok "a rural appraisal is recorded" rec "$A" rural H2 rural-c
expect_exit 0 "the inspector syncs them" dsync "$A"
contains "with the photo the hazard record names" "$T/out" "photos sent: 1"
ok "the server holds the photo, checked against its hash" test "$(server_count photos)" = 1

expect_exit 1 "an inspector may not see the summary" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' summary --pin-stdin"
contains "the refusal says it is for supervisors" "$T/err" \
    "the summary is for supervisors; inspector ana has role inspector"

expect_exit 0 "a supervisor gets the summary as JSON" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$S' '$FC' summary --json --pin-stdin"
cp "$T/out" "$T/summary.json"
contains "it has district D1" "$T/summary.json" '"key": "D1"'
contains "with two inspections (gas and rural)" "$T/summary.json" '"inspections": 2'
contains "one nobody-home visit" "$T/summary.json" '"nobody_home": 1'
contains "major hazards counted" "$T/summary.json" '"major":'
contains "house grade C counted" "$T/summary.json" '"C": 1'
contains "open hazards counted" "$T/summary.json" '"hazards_open":'
contains "the device and its last sync" "$T/summary.json" '"last_sync":'
contains "households overdue for a check" "$T/summary.json" '"households_overdue": 1'

# In the language of the command's other messages (core/lang.h fc_lang_of_process()).
expect_exit 0 "the summary is in Chinese with LANGUAGE=zh_CN" \
    sh -c "echo $PIN | LANGUAGE=zh_CN FIELDCHECK_HOME='$S' '$FC' summary --pin-stdin"
contains "with Chinese words" "$T/out" "入户检查"
contains "and the district row" "$T/out" "D1"
contains "severities as the checklists name them (app/summary-view.c)" "$T/out" "发现隐患：重大隐患"
contains "open and overdue hazards in Chinese" "$T/out" "未整改隐患"
contains "each device with its last sync" "$T/out" "）：最近同步 "
expect_exit 0 "and in English when the locale is English" \
    sh -c "echo $PIN | LANG=en_US.UTF-8 LC_ALL= FIELDCHECK_HOME='$S' '$FC' summary --by inspector --pin-stdin"
contains "with English words" "$T/out" "Inspections"
contains "grouped by inspector" "$T/out" "ana"
contains "the title names the grouping" "$T/out" "Summary by inspector, the start to "
expect_exit 0 "a period can be given" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$S' '$FC' summary --since 2099-01-01 --json --pin-stdin"
contains "and records before it are not counted" "$T/out" '"inspections": 0'
# Options are checked before the PIN is asked (no standard input here: a
# PIN asked for would fail as "no PIN given").
expect_exit 2 "a --since that is no real day is refused" \
    sh -c "FIELDCHECK_HOME='$S' '$FC' summary --since 2026-13-01 </dev/null"
contains "  saying so, before any PIN is asked" "$T/err" "--since must be a real day, YYYY-MM-DD, not '2026-13-01'"
# The server checks the day too, for a client that does not: sent signed by
# the supervisor's own device (tests/helper/fc-attack), past the CLI's check.
summary_since() {
	echo "$PIN" | "$FC_BUILD/tests/fc-attack" send "$URL" GET "/v1/summary?since=$1" \
	    --home "$S" --lang "$2" >"$T/att.out" 2>"$T/att.err"
}
for day in 2026-13-01 2026-02-30 2026-1-01 20260101; do
	summary_since "$day" en
	contains "the server refuses since=$day" "$T/att.out" "status 400"
	contains "  naming it" "$T/att.out" "since must be YYYY-MM-DD, not '$day'"
done
summary_since 2026-13-01 zh
contains "  and in Chinese to a device in Chinese" "$T/att.out" "2026-13-01"
if grep -q "since must be" "$T/att.out"; then
	fail "  with no English left" "$(head -n 3 "$T/att.out")"
else
	pass "  with no English left"
fi
summary_since 2028-02-29 en
contains "a real leap day is taken" "$T/att.out" "status 200"
expect_exit 2 "a sync to a server URL that is no web address is refused" \
    sh -c "FIELDCHECK_HOME='$S' '$FC' sync --server ftp://example.org </dev/null"
contains "  saying so, before any PIN is asked" "$T/err" "server URL ftp://example.org must start with http:// or https://"

# A fork: a copy of the device made before its next record signs a different one.
cp -r "$A" "$T/a2"
add "$A" 1
dsync "$A" >/dev/null 2>&1
rec "$T/a2" gas H1 gas-clean >/dev/null 2>&1
expect_exit 1 "a second, different record with the same number is refused" dsync "$T/a2"
contains "and called a fork" "$T/err" "fork"
ok "the server keeps it as evidence" test "$(server_count forks)" = 1
ok "it never replaces the first" sh -c "'$FCS' --db '$DB' verify"
expect_exit 0 "supervisors see the fork" \
    sh -c "echo $PIN | LANGUAGE=zh_CN FIELDCHECK_HOME='$S' '$FC' summary --pin-stdin"
contains "in the summary" "$T/out" "分叉：设备"

# A device restored from an old copy signs again, from where the copy ended,
# as many records as the server already holds past it: the store is a fork,
# whose first record the server keeps as evidence, and the inspector is told
# that syncing again cannot help and what to do instead.
dsync "$A" >/dev/null 2>&1
cp -r "$A" "$T/a3"
base=$(FIELDCHECK_HOME="$A" "$FCH" seqs | tail -n 1)
add "$A" 3
dsync "$A" >/dev/null 2>&1
for i in 1 2 3; do rec "$T/a3" gas H1 gas-clean >/dev/null 2>&1; done
expect_exit 1 "a store restored from an old copy, with three new records of its own, is refused" \
    dsync "$T/a3"
contains "  as a fork" "$T/err" "fork"
contains "  saying to stop recording on it" "$T/err" "stop recording on it and call the administrator"
expect_exit 0 "  and supervisors see it" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$S' '$FC' summary --json --pin-stdin"
contains "  from the first record that differs, number $((base + 1))" "$T/out" \
    "\"seq\": $((base + 1)),"

# A replayed request: record what a sync sends through the proxy, send it again.
PP=$(free_port)
"$FCP" "$PP" "$PORT" --record "$T/sent.bin" >/dev/null &
PROXY=$!
fc_on_exit "kill $PROXY 2>/dev/null"
wait_port "$PP"
add "$A" 1
expect_exit 0 "a sync through a recording proxy" dsync "$A" --server "http://127.0.0.1:$PP"
held=$(server_count records)
"$FCP" replay "$PORT" "$T/sent.bin" >"$T/replay.out"
contains "replaying its requests is refused" "$T/replay.out" "request replayed"
contains "with 409" "$T/replay.out" "409"
ok "and stores nothing" test "$(server_count records)" = "$held"
stop_server
