#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A household the registry moves from district D1 to D2, on a real server
# (SQLite, and PostgreSQL with FC_TEST_DB=pg) that real devices pushed to.
# One rule (docs/console.md, "Who reads what"; server/store/authz.c): a
# record is read by the supervisors of the district it was stored under and
# by those of its household's district now; counts and the ledger go with the
# household; a follow-up of its open hazards is the new district's
# inspectors' to write, and an inspector still corrects their own record.
# Every page agrees: no list shows a row whose page answers 403, and the
# record behind every hazard a supervisor is shown opens for them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,residential,
H3,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "sup1 --role supervisor --districts D1" "sup2 --role supervisor --districts D2" \
    "sup3 --role supervisor --districts D3" "city1 --role city"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add $a --password-stdin 2>/dev/null
done
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" --web "$FC_ROOT/web" 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
wait_port "$PORT"

A="$T/dev-a" B="$T/dev-b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D2
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
rid() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
R1=$(echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --template gas --household H1 \
    --answers "$ANS/gas-major.json" --pin-stdin --json | rid)
ok "ana (D1) finds a major hazard at H1, with a photo" test -n "$R1"
expect_exit 0 "and syncs" dsync "$A"
printf 'id,district,address,resident,phone,kind,last_check\nH1,D2,新华路1号,王芳,13800000001,residential,\n' >"$T/move.csv"
expect_exit 0 "the registry moves H1 to D2" "$FCS" --db "$DB" households import "$T/move.csv"
expect_exit 0 "ben's device (D2) syncs" dsync "$B"
contains "and is given H1's two open hazards to follow up" "$T/out" "2 hazards to follow up"
ok "(in its assignments, with the record that found them)" test "$(python3 -c 'import json,sys; print(sorted(set((h["household"], h["record"]) for h in json.load(open(sys.argv[1]))["hazards"])))' "$B/assignments.json")" = "[('H1', '$R1')]"

login() {
	curl -s -o /dev/null -w '%{http_code}' -c "$2" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$1\",\"password\":\"$PW\"}" "$URL/console/api/login"
}
get() { curl -s -o "$T/body" -w '%{http_code}' -b "$1" "$URL$2"; }
jq() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$T/body"; }
for u in sup1 sup2 sup3 city1; do
	ok "$u logs in" test "$(login "$u" "$T/j-$u")" = 200
done

# The ledger and the counts go with the household.
ok "hazards: the D2 supervisor is shown H1's open hazards" test "$(get "$T/j-sup2" '/console/api/hazards?state=open')" = 200
ok "(found by ana's record, counted under D2)" \
    test "$(jq 'sorted(set((h["household"], h["record"], h["district"]) for h in j["hazards"]))')" = "[('H1', '$R1', 'D2')]"
ok "the D1 supervisor is not" test "$(get "$T/j-sup1" /console/api/hazards)" = 200 -a "$(jq 'len(j["hazards"])')" = 0
ok "overview: D2 counts the two open hazards" test "$(get "$T/j-sup2" /console/api/overview)" = 200 -a "$(jq 'j["hazards"]["open"]')" = 2
ok "D1 none" test "$(get "$T/j-sup1" /console/api/overview)" = 200 -a "$(jq 'j["hazards"]["open"]')" = 0
ok "the hazards export of D2 holds them" test "$(get "$T/j-sup2" '/console/api/export?what=hazards&format=csv')" = 200
ok "(both rows)" test "$(grep -c "$R1" "$T/body")" = 2
ok "the hazards export of D1 does not" test "$(get "$T/j-sup1" '/console/api/export?what=hazards&format=csv')" = 200
ok "(no row)" test "$(grep -c "$R1" "$T/body")" = 0

# The record: its inspectors' district and the household's new one read it.
for u in sup1 sup2 city1; do
	ok "record?id= of ana's record opens for $u" test "$(get "$T/j-$u" "/console/api/record?id=$R1")" = 200
done
PH=$(jq 'j["record"]["photos"][0]["hash"]')
ok "it is not opened by a supervisor of neither district" test "$(get "$T/j-sup3" "/console/api/record?id=$R1")" = 403
for u in sup1 sup2; do
	ok "its photo is served to $u" test "$(get "$T/j-$u" "/console/api/photo/$PH?record=$R1")" = 200
	ok "its notice too" test "$(get "$T/j-$u" "/console/api/notice?id=$R1")" = 200
done
ok "not the photo to the D3 supervisor" test "$(get "$T/j-sup3" "/console/api/photo/$PH?record=$R1")" = 403
ok "nor the notice" test "$(get "$T/j-sup3" "/console/api/notice?id=$R1")" = 403

# opens_all ACCOUNT WHAT PATH EXPR: every record id EXPR gives from PATH's
# answer opens for ACCOUNT (a list never shows a row its page refuses).
opens_all() {
	ok "$2: ${1}'s list answers" test "$(get "$T/j-$1" "$3")" = 200
	ids=$(jq "' '.join(sorted(set(x for x in ($4) if x)))")
	ok "$2: ${1}'s list is not empty" test -n "$ids"
	bad=""
	for i in $ids; do
		[ "$(get "$T/j-$1" "/console/api/record?id=$i")" = 200 ] || bad="$bad $i"
	done
	ok "$2: every record ${1}'s list names opens for $1${bad:+ (not:$bad)}" test -z "$bad"
}
opens_all sup2 "hazards" '/console/api/hazards' '[h["record"] for h in j["hazards"]] + [h["closed_by"] for h in j["hazards"]]'
opens_all sup2 "household H1" '/console/api/household?id=H1' '[r["id"] for r in j["household"]["records"]]'
opens_all sup1 "household H1" '/console/api/household?id=H1' '[r["id"] for r in j["household"]["records"]]'
ok "the D3 supervisor gets 403 for H1" test "$(get "$T/j-sup3" '/console/api/household?id=H1')" = 403
ok "naming the household's district" grep -q '"error":"[^"]*D2' "$T/body"
ok "the D1 supervisor's search no longer finds H1 (the registry's D2 now)" \
    test "$(get "$T/j-sup1" '/console/api/households?q=H1')" = 200 -a "$(jq 'len(j["households"])')" = 0
for u in sup1 sup2; do
	ok "records: $u's list holds ana's record" test "$(get "$T/j-$u" /console/api/records)" = 200 -a \
	    "$(jq "'$R1' in [r['id'] for r in j['records']]")" = True
	ok "records export: $u's holds it" test "$(get "$T/j-$u" '/console/api/export?what=records&format=csv&programme=gas')" = 200
	ok "(one row)" test "$(grep -c "$R1" "$T/body")" = 1
done
ok "records?district=D2 for the D2 supervisor holds it" \
    test "$(get "$T/j-sup2" '/console/api/records?district=D2')" = 200 -a "$(jq "'$R1' in [r['id'] for r in j['records']]")" = True
ok "the D3 supervisor's records list does not" \
    test "$(get "$T/j-sup3" /console/api/records)" = 200 -a "$(jq 'len(j["records"])')" = 0
ok "nor its records export" test "$(get "$T/j-sup3" '/console/api/export?what=records&format=csv&programme=gas')" = 200
ok "(no row)" test "$(grep -c "$R1" "$T/body")" = 0

# Reviews: each supervisor who reads the record reviews it and sees the review.
csrf() { curl -s -b "$T/j-$1" "$URL/console/api/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'; }
review() {
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/j-$1" -H "X-CSRF-Token: $(csrf "$1")" \
	    -H 'Content-Type: application/json' -d "{\"record\":\"$R1\",\"state\":\"accepted\"}" \
	    "$URL/console/api/review"
}
ok "the D2 supervisor reviews ana's record" test "$(review sup2)" = 200
ok "the D1 supervisor too" test "$(review sup1)" = 200
ok "the D3 supervisor may not" test "$(review sup3)" = 403
for u in sup1 sup2; do
	ok "reviews: $u's list holds both reviews" test "$(get "$T/j-$u" /console/api/reviews)" = 200 -a \
	    "$(jq 'sorted(r["reviewer"] for r in j["reviews"])')" = "['sup1', 'sup2']"
done
ok "the D3 supervisor's list holds none" test "$(get "$T/j-sup3" /console/api/reviews)" = 200 -a "$(jq 'len(j["reviews"])')" = 0

# The devices: ben (D2) follows up the hazards, ana (D1) may not; ana still
# corrects her own record, and the correction is stored under her district.
one() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-one "$@"
}
enrolled_device "$T/dev-a2" ana2 D1
one "$T/dev-a2" followup H1 follows "$R1" >/dev/null
expect_exit 1 "a D1 inspector's follow-up of H1 after the move is refused" dsync "$T/dev-a2"
contains "naming the household's district now" "$T/err" "household H1 is in district D2, outside inspector ana2's districts (D1)"
RF=$(one "$B" followup H1 follows "$R1")
expect_exit 0 "ben's follow-up of the hazards ana found is taken" dsync "$B"
contains "(nothing left to follow up)" "$T/out" "0 hazards to follow up"
opens_all sup2 "hazards after the follow-up" '/console/api/hazards' '[h["record"] for h in j["hazards"]] + [h["closed_by"] for h in j["hazards"]]'
ok "(closed by ben's follow-up)" test "$(get "$T/j-sup2" /console/api/hazards)" = 200 -a "$(jq 'sorted(set(h["closed_by"] for h in j["hazards"]))')" = "['$RF']"
ok "the D1 supervisor's page of ana's record leaves out D2's follow-up" \
    test "$(get "$T/j-sup1" "/console/api/record?id=$R1")" = 200 -a "$(jq 'j["record"]["followups"]')" = "[]"
ok "which is 403 for them" test "$(get "$T/j-sup1" "/console/api/record?id=$RF")" = 403
ok "the D2 supervisor's page lists it" \
    test "$(get "$T/j-sup2" "/console/api/record?id=$R1")" = 200 -a "$(jq '[f["id"] for f in j["record"]["followups"]]')" = "['$RF']"
RK=$(echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --corrects "$R1" --answers "$ANS/gas-major.json" \
    --pin-stdin --json | rid)
expect_exit 0 "ana corrects her own record after the move" dsync "$A"
for u in sup1 sup2; do
	ok "$u's page of ana's record lists both versions" \
	    test "$(get "$T/j-$u" "/console/api/record?id=$R1")" = 200 -a \
	    "$(jq '[(v["id"], v["current"], v["district"]) for v in j["record"]["versions"]]')" = "[('$R1', '$RK', 'D1'), ('$RK', '$RK', 'D1')]"
	ok "and the correction opens for $u" test "$(get "$T/j-$u" "/console/api/record?id=$RK")" = 200
done
opens_all sup1 "records" '/console/api/records' '[r["id"] for r in j["records"]]'
opens_all sup2 "records" '/console/api/records' '[r["id"] for r in j["records"]]'
opens_all sup1 "reviews" '/console/api/reviews' '[r["record"] for r in j["reviews"]]'
opens_all sup2 "reviews" '/console/api/reviews' '[r["record"] for r in j["reviews"]]'
one "$A" inspection H1 >/dev/null
expect_exit 1 "a new inspection of H1 by ana is refused" dsync "$A"
contains "(the household is D2's now)" "$T/err" "household H1 is in district D2, outside inspector ana's districts (D1)"

# An inspector enrolled since for another district corrects none of what they
# filed where neither the record nor its household is theirs any more.
enrolled_device "$T/dev-c" cy D1
RC=$(one "$T/dev-c" inspection H2)
expect_exit 0 "cy files a record for H2 (D1)" dsync "$T/dev-c"
"$FCS" --db "$DB" enroll --inspector cy --name "Inspector cy" --district D3 >/dev/null 2>&1
one "$T/dev-c" correction H2 corrects "$RC" >/dev/null
expect_exit 1 "cy, now of D3, may not correct it" dsync "$T/dev-c"
contains "naming both districts" "$T/err" "record $RC was filed in district D1 and its household H2 is now in district D1, both outside inspector cy's districts (D3)"
ok "the store verifies" "$FCS" --db "$DB" verify
stop_server
