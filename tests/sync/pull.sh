#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Pull: a device fetches its own district's households, template updates and
# assignments since the cursors it keeps; an inspector asking for another
# district is refused (403), and so is a supervisor asking for a district not
# theirs; a supervisor of several asks for each of them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,新华路2号,李强,13800000002,catering,2020-05-01
H3,D1,"人民路3号, 2单元",赵敏,13800000003,residential,TODAY
H4,D2,和平街4号,周杰,13800000004,residential,
H5,D2,和平街5号,吴磊,13800000005,business,
H6,D2,"和平街""6\号",郑伟,13800000006,residential,
CSV
# Checked today, so not due (a last_check after today is refused: core/household-csv.c).
sed -i "s/,TODAY\$/,$(date +%Y-%m-%d)/" "$T/hh.csv"
expect_exit 0 "the server imports the registry" "$FCS" --db "$DB" households import "$T/hh.csv"
contains "it says how many rows" "$T/out" "imported 6 households"
printf 'id,district,address,resident,phone,kind,last_check\nX1,D1,a,b,c,shop,\n' >"$T/bad.csv"
expect_exit 1 "a file with a bad row is refused" "$FCS" --db "$DB" households import "$T/bad.csv"
contains "naming the line" "$T/err" "bad.csv:2"
ok "and nothing from it is imported" test "$(server_count households)" = 6

# last_sent: the rows the server's journal says its last households answer carried.
last_sent() {
	households_sent | tail -n 1
}

start_server
A="$T/a"
enrolled_device "$A" ana D1
expect_exit 0 "an inspector syncs" dsync "$A"
contains "and receives the three households of district D1" "$T/out" "received 3 households"
ok "the server's journal says it sent those three" test "$(last_sent)" = 3
contains "two of them are due for a check" "$T/out" "2 households due"
ok "a household of D1 is on the device" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search H2 --json | grep -q 新华路2号"
ok "the first pull (a snapshot, indexed once at its end) finds a resident by one character" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 赵 --json | grep -q H3"
ok "and an address by a longer fragment" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 人民路3 --json | grep -q H3"
ok "no household of D2 is" \
    sh -c "! FIELDCHECK_HOME='$A' '$FC' households search H4 --json | grep -q 和平街"
ok "the assignments are saved for the device" test -s "$A/assignments.json"

expect_exit 1 "asking for another district is refused" dsync "$A" --district D2
contains "with the reason" "$T/err" "inspector ana works in districts D1 and may not see district D2"
contains "as a 403" "$T/err" "HTTP 403"

S="$T/s"
enrolled_device "$T/s1" sid D1 supervisor
expect_exit 1 "a supervisor of D1 may not fetch D2" dsync "$T/s1" --district D2
contains "with the reason" "$T/err" "inspector sid works in districts D1 and may not see district D2"
enrolled_device "$S" sam D1,D2 supervisor
expect_exit 0 "a supervisor of D1 and D2 may fetch D2 alone" dsync "$S" --district D2
contains "and receives its three households" "$T/out" "received 3 households"
FIELDCHECK_HOME="$S" "$FC" households search H6 --json >"$T/h6.json" 2>&1
contains "one with a quote and a backslash in its address (a snapshot the fast reader hands to the parser)" \
    "$T/h6.json" '和平街\"6\\号'
expect_exit 0 "then D1, a second snapshot into a store that has households" dsync "$S" --district D1
contains "receiving D1's three" "$T/out" "received 3 households"
ok "after it, households of both districts are found by search" \
    sh -c "FIELDCHECK_HOME='$S' '$FC' households search 吴 --json | grep -q H5 &&
	FIELDCHECK_HOME='$S' '$FC' households search 新华路2 --json | grep -q H2"

expect_exit 0 "a sync with nothing new on the server" dsync "$A"
contains "receives nothing again" "$T/out" "received 0 households and 0 template updates"
ok "and the server sent no household: it answered changes since the cursor" \
    test "$(last_sent)" = 0

printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号甲,王芳,13800000001,residential,\n' >"$T/upd.csv"
"$FCS" --db "$DB" households import "$T/upd.csv" >/dev/null
expect_exit 0 "the server adds a template" "$FCS" --db "$DB" templates add "$FC_ROOT/schema/checklists/rural.json"
expect_exit 1 "the same template version is refused twice" \
    "$FCS" --db "$DB" templates add "$FC_ROOT/schema/checklists/rural.json"
contains "saying to raise the version" "$T/err" "raise its version"
expect_exit 0 "the next sync" dsync "$A"
contains "receives only the changed household and the template" "$T/out" \
    "received 1 households and 1 template updates"
ok "the server's journal says it sent that one household, not the district again" \
    test "$(last_sent)" = 1
ok "the changed address is on the device" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search H1 --json | grep -q 新华路1号甲"
ok "the template is saved where the device loads templates from" test -s "$A/templates/rural-v2.json"
stop_server
