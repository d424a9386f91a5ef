#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Who may write what, decided by the server's
# store for both backends: an inspector files records only for households
# of their districts, follow-ups only of records
# of such households, corrections only of their own records, or of any in
# the district when a supervisor. Each refusal names the reason and stores
# nothing. The records come from fc-test-helper add-one: signed as a
# modified device would, without the front ends' own checks.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server

# one HOME TYPE HOUSEHOLD [follows|corrects ID]: sign one record, print its id.
one() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-one "$@"
}

enrolled_device "$T/ana" ana D1
R1=$(one "$T/ana" inspection H1)
expect_exit 0 "an inspector files a record for a household of their district" dsync "$T/ana"
ok "the server stores it" test "$(server_count records)" = 1

# refused HOME WHAT TEXT: the device's sync is refused naming TEXT, nothing stored.
refused() {
	before=$(server_count records)
	expect_exit 1 "$2 is refused" dsync "$1"
	contains "with the reason" "$T/err" "$3"
	ok "and nothing of it is stored" test "$(server_count records)" = "$before"
}

enrolled_device "$T/ana2" ana2 D1
one "$T/ana2" inspection H2 >/dev/null
refused "$T/ana2" "a record for a household of another district" \
    "household H2 is in district D2, outside inspector ana2's districts (D1)"

enrolled_device "$T/bob" bob D2
one "$T/bob" followup H2 follows "$R1" >/dev/null
refused "$T/bob" "a follow-up of a record of another district's household" \
    "the follow-up is of record $R1 of household H1 in district D1, outside inspector bob's districts (D2)"

enrolled_device "$T/cat" cat D1
one "$T/cat" correction H1 corrects "$R1" >/dev/null
refused "$T/cat" "an inspector's correction of another inspector's record" \
    "record $R1 is inspector ana's; only they or a supervisor of district D1 may correct it"

enrolled_device "$T/sam" sam D2 supervisor
one "$T/sam" correction H2 corrects "$R1" >/dev/null
refused "$T/sam" "a correction by a supervisor of another district" \
    "record $R1 is inspector ana's; only they or a supervisor of district D1 may correct it"

enrolled_device "$T/cal" cal D1
one "$T/cal" followup H1 follows "$R1" >/dev/null
expect_exit 0 "another inspector of the district follows up the hazard" dsync "$T/cal"
ok "it is stored" test "$(server_count records)" = 2

one "$T/ana" correction H1 corrects "$R1" >/dev/null
expect_exit 0 "an inspector corrects their own record" dsync "$T/ana"
enrolled_device "$T/sue" sue D1 supervisor
one "$T/sue" correction H1 corrects "$R1" >/dev/null
expect_exit 0 "a supervisor of the district corrects an inspector's record" dsync "$T/sue"
ok "both are stored" test "$(server_count records)" = 4
ok "and the store verifies" "$FCS" --db "$DB" verify

stop_server

# Households the server's registry does not know (a device registered them):
# placed by the district the record names, checked like any other.
start_server
enrolled_device "$T/dan" dan "D1,D2"
one "$T/dan" inspection H9 district D2 >/dev/null
expect_exit 0 "a record for an unknown household in one of the inspector's districts is taken" \
    dsync "$T/dan"
ok "it is stored" test "$(server_count records)" = 5
enrolled_device "$T/eve" eve "D1,D2"
one "$T/eve" inspection H8 district D3 >/dev/null
refused "$T/eve" "a record placing an unknown household in another district" \
    "household H8 is not in the server's registry and its record places it in district D3, outside inspector eve's districts (D1,D2)"
enrolled_device "$T/fay" fay "D1,D2"
one "$T/fay" inspection H7 >/dev/null
refused "$T/fay" "a record of an inspector of several districts for an unknown household naming none" \
    "household H7 is not in the server's registry and its record names no district"
enrolled_device "$T/gus" gus D1
one "$T/gus" inspection H6 >/dev/null
expect_exit 0 "one naming none from an inspector of one district counts there" dsync "$T/gus"
ok "it is stored" test "$(server_count records)" = 6
enrolled_device "$T/hal" hal D1
one "$T/hal" inspection H5 district "D'1" >/dev/null
refused "$T/hal" "a record naming a district that is not a district id" \
    "the record's district is not a district id"

stop_server

# A household the registry moves to another district (D1 to D2): the new
# district's inspectors follow up its hazards and the old district's may not;
# an inspector still corrects their own record, stored under its district,
# and a supervisor of either district corrects it; an inspector of neither
# does not, even their own.
start_server
printf 'id,district,address,resident,phone,kind,last_check\nH3,D1,东村3组,吴敏,13800000003,residential,\n' >"$T/h3.csv"
"$FCS" --db "$DB" households import "$T/h3.csv" >/dev/null
enrolled_device "$T/ann" ann D1
R3=$(one "$T/ann" inspection H3)
expect_exit 0 "ann files a record for H3 (D1)" dsync "$T/ann"
printf 'id,district,address,resident,phone,kind,last_check\nH3,D2,东村3组,吴敏,13800000003,residential,\n' >"$T/h3.csv"
"$FCS" --db "$DB" households import "$T/h3.csv" >/dev/null
enrolled_device "$T/cam" cam D1
one "$T/cam" followup H3 follows "$R3" >/dev/null
refused "$T/cam" "a D1 inspector's follow-up of H3 after the registry moved it to D2" \
    "household H3 is in district D2, outside inspector cam's districts (D1)"
R3C=$(one "$T/ann" correction H3 corrects "$R3")
expect_exit 0 "ann corrects her own record of H3 after the move" dsync "$T/ann"
H3C=$(FIELDCHECK_HOME="$T/ann" "$FC" show "$R3C" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hash"])')
ok "it is stored under the district of the record it corrects" \
    test "$(curl -s -H 'Accept: application/json' "$URL/verify/$H3C" | python3 -c 'import json,sys; print(json.load(sys.stdin)["district"])')" = D1
enrolled_device "$T/bea" bea D2
one "$T/bea" followup H3 follows "$R3C" >/dev/null
expect_exit 0 "a D2 inspector follows up H3's record" dsync "$T/bea"
"$FCS" --db "$DB" enroll --inspector ann --name "Inspector ann" --district D3 >/dev/null 2>&1
one "$T/ann" correction H3 corrects "$R3C" >/dev/null
refused "$T/ann" "a correction by its own inspector, now of a third district" \
    "record $R3C was filed in district D1 and its household H3 is now in district D2, both outside inspector ann's districts (D3)"
enrolled_device "$T/sid" sid D1 supervisor
one "$T/sid" correction H3 corrects "$R3C" >/dev/null
expect_exit 0 "a supervisor of the district the record was stored under corrects it" dsync "$T/sid"
stop_server
