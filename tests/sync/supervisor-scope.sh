#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A supervisor's device reads within its districts, as the console's
# supervisor accounts do (DESIGN.md, "Who may do what"): a supervisor of D2
# may not pull D1's registry (residents' names and phones) or assignments
# (D1's open hazards), and its summary holds D2 and the inspectors working in
# D2, not the city's. A supervisor for the whole city is enrolled for every
# district (D1,D2) and sees them all. Each request is signed by the supervisor's own device
# (tests/helper/fc-attack), past anything the CLI would check.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
ANS="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a" B="$T/b" S="$T/s" C="$T/c"
enrolled_device "$A" ana D1 || { fail "ana's device enrols"; exit 0; }
enrolled_device "$B" bob D2 || { fail "bob's device enrols"; exit 0; }
enrolled_device "$S" sam D2 supervisor || { fail "sam's device enrols"; exit 0; }
enrolled_device "$C" city D1,D2 supervisor || { fail "the city supervisor's device enrols"; exit 0; }
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
rec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template gas --household "$2" \
	    --answers "$ANS/gas-major.json" --pin-stdin >/dev/null 2>&1
}
rec "$A" H1 && rec "$B" H2 || fail "the inspectors record"
expect_exit 0 "ana syncs her D1 record" dsync "$A"
expect_exit 0 "bob syncs his D2 record" dsync "$B"

# get HOME PATH: a signed GET by that device into $T/get.out.
get() {
	echo "$PIN" | "$FCA" send "$URL" GET "$2" --home "$1" >"$T/get.out" 2>&1
}
status() { sed -n 's/^status //p' "$T/get.out"; }

for path in "/v1/households?since=0&district=D1" "/v1/households?since=0&snapshot=1&district=D1" \
    "/v1/assignments?district=D1"; do
	get "$S" "$path"
	ok "a supervisor of D2 is refused $path (HTTP $(status))" test "$(status)" = 403
	if grep -q '王芳\|13800000001\|"H1"' "$T/get.out"; then
		fail "  and is told nothing of D1's households" "$(head -c 300 "$T/get.out")"
	else
		pass "  and is told nothing of D1's households"
	fi
	contains "  naming the districts it may see" "$T/get.out" "works in districts D2 and may not see district D1"
done
get "$S" "/v1/households?since=0&district=D2"
ok "its own district is answered" test "$(status)" = 200
contains "  with D2's household" "$T/get.out" '周杰'
get "$C" "/v1/households?since=0&district=D1"
ok "a city-level supervisor may pull D1" test "$(status)" = 200
contains "  and gets its household" "$T/get.out" '王芳'

# summary HOME BY: the summary's group keys, one a line, into $T/keys.
summary() {
	get "$1" "/v1/summary?by=$2"
	sed -n '2,$p' "$T/get.out" | python3 -c '
import json, sys
for g in json.load(sys.stdin)["groups"]:
    print(g["key"])' >"$T/keys" 2>/dev/null
}
summary "$S" district
ok "the D2 supervisor's summary by district is answered" test "$(status)" = 200
ok "  and holds D2 alone (groups: $(tr '\n' ' ' <"$T/keys"))" test "$(cat "$T/keys")" = D2
if grep -q 'ana\|H1' "$T/get.out"; then
	fail "  nothing of D1: not ana's device, not her records" "$(head -c 300 "$T/get.out")"
else
	pass "  nothing of D1: not ana's device, not her records"
fi
summary "$S" inspector
ok "by inspector, the inspectors of D2 alone: bob, sam and city (groups: $(tr '\n' ' ' <"$T/keys"))" \
    test "$(tr '\n' ' ' <"$T/keys")" = "bob city sam "
summary "$C" district
ok "the city-level supervisor's summary holds both districts" \
    test "$(tr '\n' ' ' <"$T/keys")" = "D1 D2 "
summary "$C" inspector
ok "  and by inspector, every inspector" test "$(tr '\n' ' ' <"$T/keys")" = "ana bob city sam "
stop_server
