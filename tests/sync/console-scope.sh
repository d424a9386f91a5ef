#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The console's reads on a real server that real devices pushed to (SQLite,
# and PostgreSQL with FC_TEST_DB=pg): records, one record with its proof and
# labels, households and their history, inspectors and devices, photos; and
# district scoping: a supervisor of D1 gets 403 for anything of D2, whatever
# the URL, the parameter or the id names, while a city account sees both.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,
H4,D1,新华路4号,孙丽,13800000005,catering,
H5,D1,东村5组,钱七,13800000006,catering,
H6,D1,东村6组,赵八,13800000007,catering,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "sup1 --role supervisor --districts D1" "sup2 --role supervisor --districts D2" \
    "city1 --role city"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add $a --password-stdin 2>/dev/null
done
start_server_web() {
	PORT=$(free_port)
	URL="http://127.0.0.1:$PORT"
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" --web "$FC_ROOT/web" 2>>"$T/server.log" &
	SERVER_PID=$!
	fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	wait_port "$PORT"
}
start_server_web
A="$T/dev-a" B="$T/dev-b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D2
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
crec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template "$2" --household "$3" \
	    --answers "$ANS/$4.json" --pin-stdin --json
}
R1=$(crec "$A" gas H1 gas-major | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ok "a D1 inspection with a major hazard and a photo is recorded" test -n "$R1"
ok "a D1 rural appraisal is recorded" crec "$A" rural H2 rural-c
R3=$(crec "$B" gas H3 gas-clean | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ok "a D2 inspection is recorded" test -n "$R3"
expect_exit 0 "the D1 device syncs" dsync "$A"
expect_exit 0 "the D2 device syncs" dsync "$B"

# login NAME JAR
login() {
	curl -s -o /dev/null -w '%{http_code}' -c "$2" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$1\",\"password\":\"$PW\"}" "$URL/console/api/login"
}
# get JAR PATH: body in $T/body, status printed.
get() { curl -s -o "$T/body" -w '%{http_code}' -b "$1" "$URL$2"; }
# jq EXPR: evaluate a Python expression over the last body (as j).
jq() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$T/body"; }

ok "the D1 supervisor logs in" test "$(login sup1 "$T/j1")" = 200
ok "the city account logs in" test "$(login city1 "$T/jc")" = 200

ok "records: the D1 supervisor gets a list" test "$(get "$T/j1" /console/api/records)" = 200
ok "with the two D1 records" test "$(jq 'len(j["records"])')" = 2
ok "and none of D2" test "$(jq 'sorted(set(r["district"] for r in j["records"]))')" = "['D1']"
ok "records?district=D2 is 403 for the D1 supervisor" \
    test "$(get "$T/j1" '/console/api/records?district=D2')" = 403
contains "naming the account's districts" "$T/body" "账号 sup1 无权查看辖区 D2（其辖区：D1）"
ok "records?district=D1 is allowed" test "$(get "$T/j1" '/console/api/records?district=D1')" = 200
ok "a household parameter of D2 finds nothing of D2" \
    test "$(get "$T/j1" '/console/api/records?household=H3')" = 200
ok "(no row)" test "$(jq 'len(j["records"])')" = 0
ok "the city account sees both districts" test "$(get "$T/jc" /console/api/records)" = 200
ok "(three records)" test "$(jq 'len(j["records"])')" = 3

ok "record: the D1 supervisor opens the D1 inspection" \
    test "$(get "$T/j1" "/console/api/record?id=$R1")" = 200
ok "with its signature" test "$(jq 'len(j["record"]["signature"])')" = 128
ok "its hash and chain position" test "$(jq 'len(j["record"]["hash"]) == 64 and j["record"]["seq"] >= 1')" = True
ok "its device" test "$(jq 'len(j["record"]["device"])')" = 8
ok "the template's labels for its answers" test "$(jq 'len(j["record"]["labels"]) > 3')" = True
ok "and its photo" test "$(jq 'len(j["record"]["photos"])')" = 1
PH=$(jq 'j["record"]["photos"][0]["hash"]')
ok "record: a D2 record id is 403 for the D1 supervisor" \
    test "$(get "$T/j1" "/console/api/record?id=$R3")" = 403
ok "an unknown record id is 404" test "$(get "$T/j1" "/console/api/record?id=nope")" = 404
ok "the photo is served with the record that names it" \
    test "$(get "$T/j1" "/console/api/photo/$PH?record=$R1")" = 200
ok "byte for byte" cmp -s "$T/body" "$ANS/stove.jpg"
ok "not through a D2 record" test "$(get "$T/j1" "/console/api/photo/$PH?record=$R3")" = 403
ok "not without a record" test "$(get "$T/j1" "/console/api/photo/$PH")" = 404
ok "the D2 supervisor cannot fetch it through the D1 record" \
    test "$(login sup2 "$T/j2")" = 200
ok "(403)" test "$(get "$T/j2" "/console/api/photo/$PH?record=$R1")" = 403

ok "households: search by address" \
    test "$(get "$T/j1" '/console/api/households?q=%E6%96%B0%E5%8D%8E%E8%B7%AF')" = 200
ok "finds the two D1 households on 新华路" test "$(jq 'sorted(h["id"] for h in j["households"])')" = "['H1', 'H4']"
ok "two words must both match" \
    test "$(get "$T/j1" '/console/api/households?q=%E6%96%B0%E5%8D%8E%E8%B7%AF%20%E5%AD%99')" = 200
ok "(only H4)" test "$(jq '[h["id"] for h in j["households"]]')" = "['H4']"
# ASCII letters match in either case, on both backends, as on the device.
ok "an id typed in lower case is found" test "$(get "$T/j1" '/console/api/households?q=h4')" = 200
ok "(H4, as for H4)" test "$(jq '[h["id"] for h in j["households"]]')" = "['H4']"
ok "a further word in lower case matches too" \
    test "$(get "$T/j1" '/console/api/households?q=%E6%96%B0%E5%8D%8E%E8%B7%AF%20h1')" = 200
ok "(only H1)" test "$(jq '[h["id"] for h in j["households"]]')" = "['H1']"
ok "ids starting with the text are found, whatever its case" \
    test "$(get "$T/j1" '/console/api/households?q=h')" = 200
ok "(every D1 household, in order of id)" \
    test "$(jq '[h["id"] for h in j["households"]]')" = "['H1', 'H2', 'H4', 'H5', 'H6']"
ok "a % in the text is a character, not a wildcard" \
    test "$(get "$T/j1" '/console/api/households?q=H%25')" = 200
ok "(nothing holds it)" test "$(jq 'len(j["households"])')" = 0
ok "a D2 household is not found by the D1 supervisor" \
    test "$(get "$T/j1" '/console/api/households?q=H3')" = 200
ok "(no row)" test "$(jq 'len(j["households"])')" = 0
ok "household?id=H1 gives its history" test "$(get "$T/j1" '/console/api/household?id=H1')" = 200
ok "(its inspection)" test "$(jq 'j["household"]["records"][0]["id"]')" = "$R1"
ok "household?id=H3 (D2) is 403" test "$(get "$T/j1" '/console/api/household?id=H3')" = 403
ok "a search with district=D2 is 403" test "$(get "$T/j1" '/console/api/households?q=H&district=D2')" = 403

ok "inspectors: the D1 supervisor sees ana" test "$(get "$T/j1" /console/api/inspectors)" = 200
ok "and not ben" test "$(jq '[i["id"] for i in j["inspectors"]]')" = "['ana']"
ok "with ana's device, its last sync and records this week" \
    test "$(jq 'j["inspectors"][0]["devices"][0]["records_week"]')" = 2
ok "inspectors?district=D2 is 403" test "$(get "$T/j1" '/console/api/inspectors?district=D2')" = 403
ok "the city account sees both inspectors" test "$(get "$T/jc" /console/api/inspectors)" = 200
ok "(ana and ben)" test "$(jq '[i["id"] for i in j["inspectors"]]')" = "['ana', 'ben']"

# Two catering units inspected now: H4's alarm works, H5's does not (G51);
# H6 was never inspected.
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["G51"]="no"; a["G70"]="yes"; a["G71"]="signed"; json.dump(a, open(sys.argv[2], "w"))' \
    "$ANS/gas-catering-clean.json" "$T/catering-no-alarm.json"
ok "a D1 catering unit with a working alarm is inspected" crec "$A" gas H4 gas-catering-clean
# A copy of ana's device made now signs a different next record: refused as a fork.
cp -r "$A" "$T/dev-a2"
ok "and one whose alarm does not work" sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' record \
    --template gas --household H5 --answers '$T/catering-no-alarm.json' --pin-stdin >/dev/null"
expect_exit 0 "the D1 device syncs them" dsync "$A"
crec "$T/dev-a2" gas H1 gas-clean >/dev/null
expect_exit 1 "the copy of ana's device is refused (a fork)" dsync "$T/dev-a2"
expect_exit 1 "and again when it tries once more" dsync "$T/dev-a2"
ok "inspectors: the refusals are counted for the D1 supervisor" \
    test "$(get "$T/j1" /console/api/inspectors)" = 200
ok "two on ana's device" test "$(jq 'j["inspectors"][0]["devices"][0]["refused"]')" = 2
ok "with the reason the device was last told (a fork)" \
    test "$(jq '"fork" in j["inspectors"][0]["devices"][0]["last_refusal"] or "分叉" in j["inspectors"][0]["devices"][0]["last_refusal"]')" = True
ok "and two on ana, over all her devices" test "$(jq 'j["inspectors"][0]["refused"]')" = 2
ok "none on ben (city account)" test "$(get "$T/jc" /console/api/inspectors)" = 200
ok "(ben: 0, ana: 2)" test "$(jq '[(i["id"], i["refused"]) for i in j["inspectors"]]')" = "[('ana', 2), ('ben', 0)]"

# The overview: the ledger's rows counted for the account's districts.
ok "overview: the D1 supervisor gets it" test "$(get "$T/j1" /console/api/overview)" = 200
cp "$T/body" "$T/ov1.json"
ok "programmes of D1 only" test "$(jq 'sorted(set(p["district"] for p in j["programmes"]))')" = "['D1']"
ok "gas in D1: H1, H4, H5 inside their cycle, catering H6 never inspected so overdue" \
    test "$(jq '[(p["ok"], p["soon"], p["overdue"], p["total"]) for p in j["programmes"] if p["programme"] == "gas"]')" = "[(3, 0, 1, 4)]"
ok "rural in D1: H2 appraised, graded C" \
    test "$(jq '[(g["inspected"], g["grades"]) for g in j["grades"] if g["programme"] == "rural"]')" = "[(1, {'C': 1})]"
ok "the major gas hazard is open and counted as major" \
    test "$(jq 'j["hazards"]["major_open"] >= 1 and j["hazards"]["open"] >= j["hazards"]["major_open"] and j["hazards"]["found"] >= j["hazards"]["open"]')" = True
ok "open hazards by age: all found today, in the first bucket" \
    test "$(jq '[a["n"] for a in j["hazards"]["open_by_age"]][1:] == [0, 0, 0] and j["hazards"]["open_by_age"][0]["n"] == j["hazards"]["open"]')" = True
ok "no hazard of D2 counted" test "$(jq 'sorted(j["hazards"]["districts"])')" = "['D1']"
ok "catering units: three, two inspected, one with a working gas alarm" \
    test "$(jq '(j["alarm"]["catering"], j["alarm"]["inspected"], j["alarm"]["working"])')" = "(3, 2, 1)"
ok "records and devices synced today: four D1 records from one device" \
    test "$(jq '(j["synced_today"]["records"], j["synced_today"]["devices"])')" = "(4, 1)"
ok "52 weeks, this week with the four D1 inspections" \
    test "$(jq '(len(j["weeks"]), j["weeks"][-1]["inspections"], sum(w["inspections"] for w in j["weeks"]))')" = "(52, 4, 4)"
ok "overview?district=D2 is 403 for the D1 supervisor" \
    test "$(get "$T/j1" '/console/api/overview?district=D2')" = 403
ok "overview?district=D1,D2 is 403 too" \
    test "$(get "$T/j1" '/console/api/overview?district=D1,D2')" = 403
ok "overview?district=* is 403 too" \
    test "$(get "$T/j1" '/console/api/overview?district=*')" = 403
ok "the city account's overview has both districts" test "$(get "$T/jc" /console/api/overview)" = 200
ok "(D1 and D2 programmes, five inspections this week)" \
    test "$(jq '(sorted(set(p["district"] for p in j["programmes"])), j["weeks"][-1]["inspections"])')" = "(['D1', 'D2'], 5)"
ok "the city account narrows to D2" test "$(get "$T/jc" '/console/api/overview?district=D2')" = 200
ok "(D2 only)" test "$(jq 'sorted(set(p["district"] for p in j["programmes"]))')" = "['D2']"

# The hazard ledger, filtered.
ok "hazards: the D1 supervisor gets the D1 ledger" test "$(get "$T/j1" /console/api/hazards)" = 200
ok "every row of D1" test "$(jq 'sorted(set(h["district"] for h in j["hazards"]))')" = "['D1']"
ok "the major gas hazard links to its record" \
    test "$(jq 'any(h["record"] == "'"$R1"'" and h["major"] and h["status"] == "open" for h in j["hazards"])')" = True
ok "open for 0 days, with its deadline" \
    test "$(jq 'all(h["days"] == 0 and len(h["deadline"]) in (0, 10) for h in j["hazards"])')" = True
ok "filter by programme, severity, state" \
    test "$(get "$T/j1" '/console/api/hazards?programme=gas&severity=major&state=open')" = 200
ok "(only open major gas hazards, at least one)" \
    test "$(jq 'len(j["hazards"]) >= 1 and all(h["programme"] == "gas" and h["severity"] == "major" and h["status"] == "open" for h in j["hazards"])')" = True
ok "filter by age: found today is in bucket 0" test "$(get "$T/j1" '/console/api/hazards?age=0')" = 200
ok "(rows)" test "$(jq 'len(j["hazards"]) >= 1')" = True
ok "and not in bucket 3 (over 90 days)" test "$(get "$T/j1" '/console/api/hazards?age=3')" = 200
ok "(no row)" test "$(jq 'len(j["hazards"])')" = 0
ok "a wrong state is refused (400)" test "$(get "$T/j1" '/console/api/hazards?state=closed')" = 400
ok "a wrong age is refused (400)" test "$(get "$T/j1" '/console/api/hazards?age=9')" = 400
ok "hazards?district=D2 is 403 for the D1 supervisor" \
    test "$(get "$T/j1" '/console/api/hazards?district=D2&state=open')" = 403
ok "the not working alarm is an open hazard of H5 in the ledger" \
    test "$(get "$T/j1" '/console/api/hazards?programme=gas&state=open')" = 200
ok "(G51 of H5)" test "$(jq 'any(h["household"] == "H5" and h["item"] == "G51" for h in j["hazards"])')" = True
ok "the D2 supervisor sees no D1 hazard" test "$(get "$T/j2" /console/api/hazards)" = 200
ok "(D2's clean inspection raised none)" test "$(jq 'len(j["hazards"])')" = 0

# A correction: the record page lists the original and its corrections, the current one marked.
R1C=$(echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --corrects "$R1" --answers "$ANS/gas-major.json" \
    --pin-stdin --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ok "the D1 inspection is corrected" test -n "$R1C"
expect_exit 0 "and the correction pushed" dsync "$A"
ok "record: the original lists itself and its correction" \
    test "$(get "$T/j1" "/console/api/record?id=$R1")" = 200
ok "(original first, the correction current)" \
    test "$(jq '[(v["id"], v["current"]) for v in j["record"]["versions"]]')" = "[('$R1', '$R1C'), ('$R1C', '$R1C')]"
ok "the correction's page lists the same versions" \
    test "$(get "$T/j1" "/console/api/record?id=$R1C")" = 200
ok "(and names the record it corrects)" \
    test "$(jq '(len(j["record"]["versions"]), j["record"]["corrects"])')" = "(2, '$R1')"

# A revoked device (a lost handheld) shows as revoked while its inspector is not.
BDEV=$(get "$T/jc" /console/api/inspectors >/dev/null; jq '[d["device"] for i in j["inspectors"] if i["id"] == "ben" for d in i["devices"]][0]')
expect_exit 0 "ben's device is revoked" "$FCS" --db "$DB" revoke --device "$BDEV"
ok "inspectors: the city account sees it revoked" test "$(get "$T/jc" /console/api/inspectors)" = 200
ok "(the device revoked, ben not)" \
    test "$(jq '[(i["revoked_at"] > 0, [d["revoked_at"] > 0 for d in i["devices"]]) for i in j["inspectors"] if i["id"] == "ben"]')" = "[(False, [True])]"
ok "(ana's device not)" \
    test "$(jq '[d["revoked_at"] for i in j["inspectors"] if i["id"] == "ana" for d in i["devices"]]')" = "[0]"

# Who looked at what: every read is a line in the audit log, refused ones too.
expect_exit 0 "the audit log" "$FCS" --db "$DB" audit --since "$(date -u +%F)"
contains "names the D1 supervisor's record read" "$T/out" "record?id=$R1"
contains "the refused read of the D2 record" "$T/out" "record?id=$R3"
contains "the overview" "$T/out" "overview?district=D2"
contains "as console reads" "$T/out" "console read"
ok "by the account that read" sh -c "grep 'record?id=$R3' '$T/out' | grep -q sup1"
ok "every console call needs a session" test "$(get /dev/null /console/api/records)" = 401

# A device's warnings carry its inspector's districts, a list for one who works
# in two: each of those districts' supervisors sees them, as the inspector.
enrolled_device "$T/dev-c" cy D1,D2
printf 'a-long-shared-secret-for-tests-0123\n' >"$T/w.secret"
printf '{"format": 1, "rules": {"device_silent": {"days": 0}}, "receivers": [{"name": "city",
 "url": "http://127.0.0.1:9/hook", "secret_file": "w.secret"}]}\n' >"$T/w.json"
sleep 1.1 # the devices' last syncs are more than 0 days ago
expect_exit 0 "the device_silent rule runs" "$FCS" --db "$DB" warnings run --rules "$T/w.json"
silent() { jq 'sorted(w["sent"]["inspector"] for w in j["warnings"])'; }
ok "warnings: the D1 supervisor gets a list" test "$(get "$T/j1" /console/api/warnings)" = 200
ok "with ana's device and cy's (D1,D2)" test "$(silent)" = "['ana', 'cy']"
ok "warnings?district=D1 keeps cy's" \
    test "$(get "$T/j1" '/console/api/warnings?district=D1')" = 200 -a "$(silent)" = "['ana', 'cy']"
ok "the D2 supervisor logs in" test "$(login sup2 "$T/j2")" = 200
ok "the D2 supervisor sees cy's, not ana's" \
    test "$(get "$T/j2" /console/api/warnings)" = 200 -a "$(silent)" = "['cy']"

# The registry moves H3 (D2, inspected by ben and by cy, who works in both) to
# D1: a record is read by the supervisors of the district it was stored under
# and of its household's now (docs/console.md, "Who reads what"), so the D1
# supervisor, now responsible for H3, has its whole history; cy's follow-up
# after the move is stored under D1, so the D2 supervisor's page of cy's
# inspection leaves it out. tests/sync/console-moved.sh goes through every page.
dsync "$T/dev-c" >/dev/null 2>&1 # the registry of both districts
RC=$(crec "$T/dev-c" gas H3 gas-major | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "cy inspects H3 (D2) and syncs" dsync "$T/dev-c"
printf 'id,district,address,resident,phone,kind,last_check\nH3,D1,和平街4号,周杰,13800000004,residential,\n' >"$T/move.csv"
"$FCS" --db "$DB" households import "$T/move.csv" >/dev/null
dsync "$T/dev-c" >/dev/null 2>&1
RF=$(echo "$PIN" | FIELDCHECK_HOME="$T/dev-c" "$FC" record --follows "$RC" --outcome not_rectified \
    --pin-stdin --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "after the move cy follows it up and syncs" dsync "$T/dev-c"
ok "household?id=H3, moved to D1, opens for the D1 supervisor" \
    test "$(get "$T/j1" '/console/api/household?id=H3')" = 200
ok "with its whole history: the D2 records made before the move and the follow-up since" \
    test "$(jq 'sorted((r["id"], r["district"]) for r in j["household"]["records"])')" = "$(python3 -c 'import sys; print(sorted([(sys.argv[1], "D2"), (sys.argv[2], "D2"), (sys.argv[3], "D1")]))' "$R3" "$RC" "$RF")"
ok "(which open for the D1 supervisor)" test "$(get "$T/j1" "/console/api/record?id=$R3")" = 200
ok "the city account's history of H3 has them all" test "$(get "$T/jc" '/console/api/household?id=H3')" = 200
ok "(R3 and cy's inspection of D2, the follow-up of D1)" \
    test "$(jq 'sorted((r["id"], r["district"]) for r in j["household"]["records"])')" = "$(python3 -c 'import sys; print(sorted([(sys.argv[1], "D2"), (sys.argv[2], "D2"), (sys.argv[3], "D1")]))' "$R3" "$RC" "$RF")"
ok "the D2 supervisor opens cy's inspection" test "$(get "$T/j2" "/console/api/record?id=$RC")" = 200
ok "without the D1 follow-up in its follow-ups" test "$(jq 'j["record"]["followups"]')" = "[]"
ok "(which is 403 for the D2 supervisor)" test "$(get "$T/j2" "/console/api/record?id=$RF")" = 403
ok "the city account sees the follow-up on cy's inspection" test "$(get "$T/jc" "/console/api/record?id=$RC")" = 200
ok "(of D1)" test "$(jq '[(f["id"], f["district"]) for f in j["record"]["followups"]]')" = "[('$RF', 'D1')]"
RK=$(echo "$PIN" | FIELDCHECK_HOME="$T/dev-c" "$FC" record --corrects "$RC" --answers "$ANS/gas-clean.json" \
    --pin-stdin --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "cy corrects the inspection after the move and syncs" dsync "$T/dev-c"
ok "the D2 supervisor's page of it lists both versions: a correction is stored under its record's district" \
    test "$(get "$T/j2" "/console/api/record?id=$RC")" = 200 -a "$(jq '[(v["id"], v["district"]) for v in j["record"]["versions"]]')" = "[('$RC', 'D2'), ('$RK', 'D2')]"
ok "and opens the correction" test "$(get "$T/j2" "/console/api/record?id=$RK")" = 200
ok "the D1 supervisor's lists both too (H3 is D1's now)" \
    test "$(get "$T/j1" "/console/api/record?id=$RC")" = 200 -a "$(jq '[v["id"] for v in j["record"]["versions"]]')" = "['$RC', '$RK']"

# A search's further words choose rows too, not only the first: on a street
# of 450 households, the resident of the 449th is found by street and name.
awk 'BEGIN { print "id,district,address,resident,phone,kind,last_check";
	for (i = 1; i <= 450; i++) printf "S%04d,D1,长街%d号,%s,,residential,\n", i, i, i == 449 ? "欧阳娜" : "住户" }' \
    >"$T/street.csv"
"$FCS" --db "$DB" households import "$T/street.csv" >/dev/null
ok "households: the street and a resident's name" \
    test "$(get "$T/j1" '/console/api/households?q=%E9%95%BF%E8%A1%97%20%E6%AC%A7%E9%98%B3%E5%A8%9C')" = 200
ok "(find the one household, past the first 400 on the street)" \
    test "$(jq '[h["id"] for h in j["households"]]')" = "['S0449']"
stop_server
