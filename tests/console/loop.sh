#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Closing the loop in the console, in Debian's chromium (tests/console/cdp.py)
# against a real server and real devices: a supervisor returns a record with
# a comment from its page (a return without one is refused), the record list,
# the reviews page and the export show the review; the inspector's device
# pulls it on its next sync and answers with a correction, which the console
# then shows as answering the return; the correction is accepted. Warnings
# raised by the rules and delivered to a receiver on 127.0.0.1 that checks the
# HMAC (and to one that is down) show each delivery's state: delivered,
# retrying, failed, pending. Everything is scoped: a D1 supervisor neither
# sees nor reviews D2's records and warnings; the city account sees both.
# A record's printable notice (A4, printed to PDF by the browser) carries a QR
# code that zbarimg reads back, from the screen and from the PDF, as the
# /verify/ URL of the record's hash at the server's public_url (the same the
# device prints), which verifies.
# Chinese and English. Screenshots go to the test log directory.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'
SHOTS="${LOGDIR:-$FC_BUILD/test-logs}/console-screens"
RECV="$FC_ROOT/tests/sync/webhook-receiver.py"

if ! command -v chromium >/dev/null 2>&1; then
	echo "ok - closing the loop in the console # skip: chromium is not installed (packaging/deps.sh)"
	exit 0
fi

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,新华路2号,李强,13800000002,residential,
H3,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "sup1 --role supervisor --districts D1" "city1 --role city"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add $a --password-stdin 2>/dev/null
done
# The public_url is another name of this server: the QR codes must carry it.
PORT=$(free_port)
SAME_PORT=1 start_server --web "$FC_ROOT/web" --public-url "http://localhost:$PORT"

A="$T/dev-a" B="$T/dev-b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D2
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
crec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template gas --household "$2" \
	    --answers "$ANS/$3.json" --pin-stdin --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
R1=$(crec "$A" H1 gas-major)
R3=$(crec "$B" H3 gas-major)
ok "a D1 and a D2 record with a major hazard each" test -n "$R1" -a -n "$R3"
expect_exit 0 "the D1 device pushes" dsync "$A"
expect_exit 0 "the D2 device pushes" dsync "$B"

# Warnings: a receiver that checks the HMAC, and one where nothing listens.
HPORT=$(free_port)
DPORT=$(free_port)
printf 'a-long-shared-secret-for-tests-0123\n' >"$T/city.secret"
echo ok >"$T/mode"
python3 "$RECV" "$HPORT" "$T/city.secret" "$T/hook.log" "$T/mode" &
RPID=$!
fc_on_exit "kill $RPID 2>/dev/null"
wait_port "$HPORT"
# rules ATTEMPTS: a rules file whose deliveries give up after ATTEMPTS tries.
rules() {
	cat >"$T/warnings-$1.json" <<JSON
{"format": 1, "rules": {"hazard_found": {"severities": ["stop", "major"]}},
 "receivers": [{"name": "city", "url": "http://127.0.0.1:$HPORT/hook", "secret_file": "city.secret"},
	       {"name": "down", "url": "http://127.0.0.1:$DPORT/hook", "secret_file": "city.secret"}],
 "retry": {"first_seconds": 3600, "max_seconds": 7200, "attempts": $1, "lease_seconds": 60}}
JSON
}
rules 5
rules 1

mkdir -p "$SHOTS" "$T/downloads"
FC_PUBLIC="http://localhost:$PORT" FC_A="$A" FC_R1="$R1" FC_R3="$R3" FC_PIN="$PIN" FC_DB="$DB" FC_T="$T" FC_ANS="$ANS" \
    python3 "$FC_ROOT/tests/console/loop.py" "$URL" "$SHOTS"
python3 - "$T/hook.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["signed"] for r in rows), "a request whose HMAC did not verify"
ids = [r["id"] for r in rows if r["status"] == 200]
assert len(ids) == 3 and len(set(ids)) == 3, ids
PY
[ $? -eq 0 ] && pass "the receiver got each of the three warnings once, each signed right" ||
	fail "the receiver got each of the three warnings once, each signed right" "$(cat "$T/c")"
stop_server
