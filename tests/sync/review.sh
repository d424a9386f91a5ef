#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Reviews on the server (docs/review.md): a record a real device filed and
# synced is returned with a comment by `fieldcheck-server review`; the review
# is kept with a signature by the server's key over its body, which names
# the record by id and hash and which openssl checks against the key
# /v1/server-key publishes; a return needs a comment, an unknown record or
# state is refused and nothing is kept; the inspector's correction, synced,
# answers the return (`reviews` shows answered_by); accepting is a review too.
# A comment's control characters never reach the administrator's terminal.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
enrolled_device "$T/dev" ana D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
expect_exit 0 "the record is synced" dsync "$T/dev"
H_1=$("$FC" show "$R1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hash"])')

expect_exit 2 "a return without a comment is refused" "$FCS" --db "$DB" review "$R1" returned
contains "  saying a comment is needed" "$T/err" "needs a comment"
expect_exit 2 "a state other than accepted or returned is refused" \
    "$FCS" --db "$DB" review "$R1" approved --comment x
expect_exit 1 "an unknown record is refused" "$FCS" --db "$DB" review ffffffff-000009 accepted
contains "  naming it" "$T/err" "no record ffffffff-000009"
ok "nothing was kept" sh -c "test -z \"\$('$FCS' --db '$DB' reviews)\""

expect_exit 0 "a supervisor returns the record with a comment" \
    "$FCS" --db "$DB" review "$R1" returned --comment "燃具位置请复核并补拍照片" --by sup01
contains "  the review is numbered and named" "$T/out" "returned by sup01"
"$FCS" --db "$DB" reviews --json >"$T/reviews.json"
curl -s "$URL/v1/server-key" >"$T/key.json"
python3 - "$T/reviews.json" "$R1" "$H_1" >"$T/r.check" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r) == 1, r
r = r[0]
assert r["record"] == sys.argv[2] and r["record_hash"] == sys.argv[3], r
assert r["state"] == "returned" and r["comment"] == "燃具位置请复核并补拍照片", r
assert r["reviewer"] == "sup01" and r["inspector"] == "ana" and r["district"] == "D1", r
assert r.get("answered_by") is None, r
PY
[ $? -eq 0 ] && pass "reviews lists it: record id and hash, state, comment, reviewer, inspector, district" ||
	fail "reviews lists it: record id and hash, state, comment, reviewer, inspector, district" "$(cat "$T/r.check")"

# The signature, checked by openssl against the published key.
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	psql -qtA "$DB" -c "SELECT body FROM reviews" >"$T/body" 2>/dev/null
	psql -qtA "$DB" -c "SELECT sig FROM reviews" >"$T/sig.hex" 2>/dev/null
else
	sqlite3 "$DB" "SELECT body FROM reviews" >"$T/body"
	sqlite3 "$DB" "SELECT sig FROM reviews" >"$T/sig.hex"
fi
python3 - "$T" <<'PY' 2>"$T/prep.err"
import json, sys
t = sys.argv[1]
body = open(t + "/body", "rb").read().rstrip(b"\n")
open(t + "/msg", "wb").write(b"fieldcheck/review/v1\n" + body)
open(t + "/sig", "wb").write(bytes.fromhex(open(t + "/sig.hex").read().strip()))
pk = bytes.fromhex(json.load(open(t + "/key.json"))["public_key"])
open(t + "/pk.der", "wb").write(bytes.fromhex("302a300506032b6570032100") + pk)
PY
ok "openssl verifies the review's signature with the server's public key" \
    openssl pkeyutl -verify -pubin -inkey "$T/pk.der" -keyform DER -rawin -in "$T/msg" -sigfile "$T/sig"
printf 'x' >>"$T/msg"
ok "and not over a changed body" sh -c \
    "! openssl pkeyutl -verify -pubin -inkey '$T/pk.der' -keyform DER -rawin -in '$T/msg' -sigfile '$T/sig' >/dev/null 2>&1"
contains "the signed body names the record and its hash" "$T/body" "\"record_hash\":\"$H_1\""

# The inspector answers with a correction; once synced it answers the return.
C1=$(echo "$PIN" | "$FC" record --corrects "$R1" --answers "$A/gas-major.json" --pin-stdin)
expect_exit 0 "the inspector's correction is synced" dsync "$T/dev"
"$FCS" --db "$DB" reviews --record "$R1" --json >"$T/answered.json"
contains "the return is answered by the correction" "$T/answered.json" "\"answered_by\":\"$C1\""
expect_exit 0 "the correction is accepted" "$FCS" --db "$DB" review "$C1" accepted --by sup01
ok "reviews --state accepted lists only it" \
    sh -c "'$FCS' --db '$DB' reviews --state accepted | grep -c . | grep -qx 1"

# A comment is a reviewer's text: a line end or an escape sequence in it
# reaches the administrator's terminal as U+FFFD, one line a review.
expect_exit 0 "a return whose comment holds a line end and escape sequences is kept" \
    "$FCS" --db "$DB" review "$C1" returned --by sup01 \
    --comment "$(printf 'fix\033[2J\033]0;owned\007\nthis')"
expect_exit 0 "reviews lists the record's reviews" "$FCS" --db "$DB" reviews --record "$C1"
ok "one line a review ($(grep -c . "$T/out"))" test "$(grep -c . "$T/out")" = 2
if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T/out"; then
	fail "no control character is written" "$(od -c "$T/out" | head -n 5)"
else
	pass "no control character is written"
fi
contains "the comment is shown with each control as U+FFFD" "$T/out" "fix�[2J�]0;owned��this"
expect_exit 0 "reviews --json keeps the comment exactly" "$FCS" --db "$DB" reviews --record "$C1" --json
contains "  escaped" "$T/out" 'fix\u001B[2J\u001B]0;owned\u0007\nthis'
stop_server
