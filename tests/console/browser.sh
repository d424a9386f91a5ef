#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The supervisors' console in Debian's chromium (headless, DevTools protocol
# over a pipe: tests/console/cdp.py) against a real server that real devices
# pushed to: login, every page with that data, the language switch, district
# scoping by URL, API call and form field, a POST without the CSRF token, the
# cookie hidden from scripts, logout. Screenshots at 1366x768 go to the test
# log directory (console-screens/).
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'
SHOTS="${LOGDIR:-$FC_BUILD/test-logs}/console-screens"

if ! command -v chromium >/dev/null 2>&1; then
	echo "ok - the console in a browser # skip: chromium is not installed (packaging/deps.sh)"
	exit 0
fi

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,
H4,D1,新华路4号,孙丽,13800000005,catering,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "sup1 --role supervisor --districts D1" "city1 --role city"; do
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
crec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template "$2" --household "$3" \
	    --answers "$4" --pin-stdin --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
# A real picture (a PNG the browser can decode) as the hazard's photo.
mkdir -p "$T/ans"
python3 - "$ANS/gas-major.json" "$T/ans" <<'PY'
import json, struct, sys, zlib
a = json.load(open(sys.argv[1]))
a["G72"] = ["stove.png"]
json.dump(a, open(sys.argv[2] + "/gas-major.json", "w"), ensure_ascii=False)
w, h = 64, 48
raw = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 4 % 256, y * 5 % 256, 128)) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[2] + "/stove.png", "wb").write(png)
PY
R1=$(crec "$A" gas H1 "$T/ans/gas-major.json")
R2=$(crec "$A" rural H2 "$ANS/rural-c.json")
# A copy of the D1 device made now signs a different next record: when it
# pushes after the device itself, the server refuses it as a fork.
cp -r "$A" "$T/dev-a2"
# A correction of the appraisal (same answers): the record page links both.
R2C=$(echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --corrects "$R2" --answers "$ANS/rural-c.json" \
    --pin-stdin --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
R3=$(crec "$B" gas H3 "$ANS/gas-clean.json")
ok "records made on two devices in two districts" test -n "$R1" -a -n "$R3"
expect_exit 0 "the D1 device pushes" dsync "$A"
expect_exit 0 "the D2 device pushes" dsync "$B"
crec "$T/dev-a2" gas H1 "$ANS/gas-clean.json" >/dev/null
expect_exit 1 "the copy of the D1 device is refused (a fork)" dsync "$T/dev-a2"

mkdir -p "$SHOTS" "$T/downloads"
FC_R2="$R2" FC_R2C="$R2C" python3 "$FC_ROOT/tests/console/browser.py" "$URL" "$SHOTS" \
    "$T/downloads" "$R1" "$R3"
stop_server
