#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An inspector enrolled for several districts: `enroll --district D1,D2` on the server; the device accepts and
# keeps the list, pulls both districts' households and assignments (and not
# a third's), files records for households of either, and refuses before
# signing a record for a household of its registry outside them; the
# server stores each record under its household's district. What the
# server sends the device (assignments: due households, open hazards) and
# what the summary counts go by the household's district in the registry,
# never the inspector's: a registry move takes both along, and a summary
# column is a district, not an inspector's list of them. A malformed
# list is refused at enrolment. FC_TEST_DB=pg runs it again on PostgreSQL.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D2,和平街4号,周杰,13800000004,residential,
H3,D3,解放路9号,李娜,13800000009,residential,
H4,D2,和平街8号,赵敏,13800000008,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null

for bad in "D1,,D2" "D1,D1" "D1," ",D1" "D1,D 2"; do
	expect_exit 2 "enrol with districts '$bad' is refused" "$FCS" --db "$DB" enroll \
	    --inspector bad --name Bad --district "$bad"
	contains "  naming districts" "$T/err" "district"
done
ok "and no inspector was made" sh -c "! '$FCS' --db '$DB' inspectors list | grep -q '^bad '"

start_server
new_device "$T/ana" ana
c=$(code ana "D1,D2")
expect_exit 0 "an inspector of two districts enrols" \
    sh -c "echo '$PIN' | FIELDCHECK_HOME='$T/ana' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "the device keeps both districts" "$T/out" "district D1,D2"
export FIELDCHECK_HOME="$T/ana"
expect_exit 0 "the first sync pulls the registry" dsync "$T/ana"
for h in H1 H2 H4; do
	expect_exit 0 "household $h of one of the districts is on the device" \
	    "$FC" households search "$h" --json
	contains "  found" "$T/out" "\"$h\""
done
"$FC" households search H3 --json >"$T/h3" 2>&1
ok "household H3 of a third district is not" sh -c "! grep -q '\"H3\"' '$T/h3'"
ok "assignments list both districts' households" \
    sh -c "grep -q '\"H1\"' '$T/ana/assignments.json' && grep -q '\"H4\"' '$T/ana/assignments.json'"
ok "and not the third district's" sh -c "! grep -q '\"H3\"' '$T/ana/assignments.json'"
ok "in one list over both: never checked, then by household (H1 of D1 between D2's)" python3 -c '
import json, sys
due = [d["household"] for d in json.load(open(sys.argv[1]))["due"]]
sys.exit(due != ["H1", "H2", "H4"])' "$T/ana/assignments.json"

R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
R2=$(echo "$PIN" | "$FC" record --template gas --household H2 --answers "$A/gas-major.json" --pin-stdin)
ok "records for households of both districts are signed" test -n "$R1" -a -n "$R2"
expect_exit 0 "they sync" dsync "$T/ana"
ok "the server stores both" test "$(server_count records)" = 2

# H3 reaches the device's registry another way (a CSV handed over on paper).
printf 'id,district,address,resident,phone,kind,last_check\nH3,D3,解放路9号,李娜,13800000009,residential,\n' >"$T/h3.csv"
"$FC" households import "$T/h3.csv" >/dev/null
before=$("$FC" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_exit 1 "a record for a household of a third district is refused on the device" \
    sh -c "echo '$PIN' | '$FC' record --template gas --household H3 --answers '$A/gas-major.json' --pin-stdin"
contains "  naming the household, its district and the device's districts" "$T/err" \
    "household H3 is in district D3, outside the districts this device is enrolled for (D1,D2)"
ok "  and nothing is signed" test "$("$FC" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$before"

# The summary counts each record under its household's district.
sup_home="$T/sup"
enrolled_device "$sup_home" sup "D1,D2,D3" supervisor
expect_exit 0 "a supervisor of the three districts fetches the summary" \
    sh -c "echo '$PIN' | FIELDCHECK_HOME='$sup_home' '$FC' summary --json --pin-stdin"
ok "one inspection counts in D1 and one in D2" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
groups = {g["key"]: g for g in s["groups"]}
sys.exit(not (groups["D1"]["inspections"] == 1 and groups["D2"]["inspections"] == 1))' "$T/out"
ok "the columns are the households' districts, none the inspector's list" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(sorted(g["key"] for g in s["groups"]) != ["D1", "D2", "D3"])' "$T/out"
ok "ana's device is listed under each of her districts" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
ins = {g["key"]: [d["inspector"] for d in g["devices"]] for g in s["groups"]}
sys.exit(not ("ana" in ins["D1"] and "ana" in ins["D2"] and "ana" not in ins["D3"]))' "$T/out"
ok "ana's assignments hold H2's open hazard (a household of D2)" \
    grep -q '"household": *"H2"' "$T/ana/assignments.json"

# The registry moves H2 (inspected, a hazard open) and H4 (never inspected) to
# D3: what ana is sent and what the summary counts follow the households.
sed -e 's/^H2,D2,/H2,D3,/' -e 's/^H4,D2,/H4,D3,/' "$T/hh.csv" >"$T/hh2.csv"
"$FCS" --db "$DB" households import "$T/hh2.csv" >/dev/null
expect_exit 0 "ana syncs after the registry moved H2 and H4 to district D3" dsync "$T/ana"
ok "her assignments keep H1 of D1" grep -q '"household": *"H1"' "$T/ana/assignments.json"
ok "and no longer hold H2's hazard or H4's due check" \
    sh -c "! grep -Eq '\"household\": *\"H[24]\"' '$T/ana/assignments.json'"
expect_exit 0 "the supervisor fetches the summary again" \
    sh -c "echo '$PIN' | FIELDCHECK_HOME='$sup_home' '$FC' summary --json --pin-stdin"
ok "H2's inspection and open hazard count in D3 now, not in D2" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
g = {x["key"]: x for x in s["groups"]}
sys.exit(not (g["D3"]["inspections"] == 1 and g["D3"]["hazards_open"] >= 1 and
              g.get("D2", {}).get("inspections", 0) == 0 and
              g.get("D2", {}).get("hazards_open", 0) == 0 and
              g["D1"]["inspections"] == 1))' "$T/out"
ok "and H4 is an overdue household of D3" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
g = {x["key"]: x for x in s["groups"]}
sys.exit(not (g["D3"]["households_overdue"] >= 1 and
              g.get("D2", {}).get("households_overdue", 0) == 0))' "$T/out"
stop_server
