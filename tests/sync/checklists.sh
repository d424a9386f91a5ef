#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server checks a pushed record's answers against the checklist version
# it names, when it holds that version (`templates add`), as the device
# checked them before signing: a record that does not fit is refused naming
# the item, in the device's language, and nothing of it is stored. The server
# parses each version once and keeps it (store/templates.c); a version added
# while it runs, by another process, is used from the next push on, beside
# the one it already held. Photos on items ("evidence") must be on items
# of that version. Records of a checklist the server does not hold
# are taken unchecked, as before. The records come from fc-test-helper
# add-one: signed as a device that checked nothing would. FC_TEST_DB=pg runs
# it again on PostgreSQL.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
V1="$FC_ROOT/tests/data/checklists/manhole.json"
# Version 2 allows at most 30 cm of standing water (M10); version 1, 300.
python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
t["version"] = 2
for s in t["sections"]:
    for i in s["items"]:
        if i["id"] == "M10":
            i["max"] = 30
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)' "$V1" "$T/manhole-v2.json"
expect_exit 0 "the server holds version 1 of a checklist" "$FCS" --db "$DB" templates add "$V1"
start_server

# one HOME ARGS...: sign one record with fc-test-helper add-one, print its id.
one() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-one "$@"
}
OK1='{"M01":"ok","M02":3,"M03":"yes","M10":50}'
DEEP='{"M01":"ok","M02":3,"M03":"yes","M10":500}'

enrolled_device "$T/ana" ana D1
R1=$(one "$T/ana" inspection H1 answers "manhole:1:$OK1")
expect_exit 0 "a record that fits version 1 is taken" dsync "$T/ana"
ok "  and stored" test "$(server_count records)" = 1

# refused HOME WHAT TEXT: the device's sync is refused naming TEXT, nothing stored.
refused() {
	before=$(server_count records)
	expect_exit 1 "$2 is refused" dsync "$1"
	contains "  naming the checklist and the item" "$T/err" "$3"
	ok "  and nothing of it is stored" test "$(server_count records)" = "$before"
}

enrolled_device "$T/bob" bob D1
R2=$(one "$T/bob" inspection H1 answers "manhole:1:$DEEP")
refused "$T/bob" "a record whose answer is outside version 1's range" \
    "record $R2 does not fit checklist manhole version 1"
contains "  with the rule" "$T/err" "M10"
expect_exit 1 "  and refused in Chinese to a device in Chinese" \
    env LANGUAGE=zh_CN FIELDCHECK_HOME="$T/bob" sh -c "echo '$PIN' | '$FC' sync --pin-stdin"
contains "  in Chinese" "$T/err" "记录 $R2 不符合检查表 manhole 第 1 版"

# Version 2 is added while the server runs and holds version 1 parsed.
expect_exit 0 "version 2 is added while the server runs" \
    "$FCS" --db "$DB" templates add "$T/manhole-v2.json"
enrolled_device "$T/cat" cat D1
R3=$(one "$T/cat" inspection H1 answers "manhole:2:$OK1")
refused "$T/cat" "a record naming version 2 that fits only version 1 (the new version is used)" \
    "record $R3 does not fit checklist manhole version 2"
contains "  naming the item's new bound" "$T/err" "30"

one "$T/ana" inspection H1 answers 'manhole:2:{"M01":"ok","M02":3,"M03":"yes","M10":20}' >/dev/null
one "$T/ana" inspection H1 answers "manhole:1:$OK1" >/dev/null
expect_exit 0 "records fitting version 2, and version 1 still, are taken" dsync "$T/ana"
ok "  and stored" test "$(server_count records)" = 3

enrolled_device "$T/dan" dan D1
one "$T/dan" followup H1 follows "$R1" answers "manhole:2:{\"M10\":45}" >/dev/null
refused "$T/dan" "a follow-up whose re-checked answer does not fit its version" "M10"

# Photos on items ("evidence"): each item must be one of the version's.
enrolled_device "$T/fay" fay D1
one "$T/fay" inspection H1 evidence M99 answers "manhole:1:$OK1" >/dev/null
refused "$T/fay" "a record with photos on an item its checklist version lacks" \
    "M99: not an item of checklist manhole"

one "$T/ana" inspection H1 answers 'gas-residential:1:{"G01":"whatever"}' >/dev/null
expect_exit 0 "a record of a checklist the server does not hold is taken unchecked" dsync "$T/ana"
ok "  and stored" test "$(server_count records)" = 4

stop_server
expect_exit 0 "a restarted server reads both versions again" start_server
enrolled_device "$T/eve" eve D1
one "$T/eve" inspection H1 answers "manhole:2:$OK1" >/dev/null
refused "$T/eve" "version 2 still applies after a restart" "does not fit checklist manhole version 2"
stop_server
