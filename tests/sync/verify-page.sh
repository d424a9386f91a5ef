#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The verification page a phone opens from a notice's QR code (docs/notice.md):
# the QR of a real notice, decoded by zbarimg, opened as a browser asks
# (Accept: text/html) gives a page in Chinese that says the record exists
# with its type, date, inspector id, district and notice number, and in
# English with ?lang=en or an English Accept-Language; a changed hash gives a
# page that warns the household, a malformed one a page saying so. None of
# them holds the resident's name, phone, address or an answer; the page loads
# nothing and says so in its Content-Security-Policy; scripts still get JSON.
# Past the rate limit a browser gets a page saying when to reload.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server --verify-limit 1000
enrolled_device "$T/dev" ana D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
dsync "$T/dev" >/dev/null
cd "$T" || exit 1
"$FC" notice "$R1" --json >"$T/n1.json"
N1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["number"])' "$T/n1.json")
F1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["file"])' "$T/n1.json")
H_1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"])' "$T/n1.json")
if command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	pdftoppm -r 150 -png -f 1 -l 1 "$F1" "$T/page" 2>/dev/null
	url=$(zbarimg -q --raw "$T"/page-*1.png 2>/dev/null)
else
	fail "zbarimg and pdftoppm are installed (packaging/deps.sh)"
	url="$URL/verify/$H_1"
fi
ok "the notice's QR code is the record's /verify/ URL" test "$url" = "$URL/verify/$H_1"

HTML="Accept: text/html,application/xhtml+xml,*/*;q=0.8"
code=$(curl -s -D "$T/h1" -o "$T/p1.html" -w '%{http_code}' -H "$HTML" -H "Accept-Language: zh-CN,zh;q=0.9" "$url")
ok "a browser opening it gets 200" test "$code" = 200
contains "  as an HTML page" "$T/h1" "text/html; charset=utf-8"
contains "  that loads nothing from anywhere" "$T/h1" "Content-Security-Policy: default-src 'none'"
contains "  in Chinese, saying the record exists" "$T/p1.html" "此记录真实存在"
contains "  with the inspector's id" "$T/p1.html" "<th>检查员编号</th><td>ana</td>"
contains "  the district" "$T/p1.html" "<td>D1</td>"
contains "  the type in words" "$T/p1.html" "入户检查"
contains "  and the notice's number" "$T/p1.html" "隐患整改通知书 $N1"
contains "  asking the household to compare the paper's number and date with it" "$T/p1.html" \
    "纸面上的通知书编号和日期须与上面一致"
python3 - "$T/p1.html" "$T/dev" "$R1" "$FC" >"$T/c" 2>&1 <<'PY'
import json, subprocess, sys, os
page = open(sys.argv[1], encoding="utf-8").read()
for private in ("王芳华", "13800000001", "新华路17号", "H1"):
    assert private not in page, private
body = json.loads(subprocess.run([sys.argv[4], "show", sys.argv[3], "--json"],
    capture_output=True, env=dict(os.environ, FIELDCHECK_HOME=sys.argv[2])).stdout)["body"]
for k, v in body.get("answers", {}).items():
    if isinstance(v, str) and len(v) > 3:
        assert v not in page, (k, v)
PY
[ $? -eq 0 ] && pass "the page holds no name, phone, address, household id or answer text" ||
	fail "the page holds no name, phone, address, household id or answer text" "$(cat "$T/c")"

curl -s -o "$T/p2.html" -H "$HTML" "$url?lang=en"
contains "?lang=en gives it in English" "$T/p2.html" "This record exists"
contains "  with the notice in words" "$T/p2.html" "rectification notice $N1"
contains "  and the same advice" "$T/p2.html" "notice number and date on your paper match"
curl -s -o "$T/p3.html" -H "$HTML" -H "Accept-Language: en-GB,en;q=0.9,zh;q=0.5" "$url"
contains "an English browser gets English" "$T/p3.html" "Inspector id"

BAD=$(printf '%s' "$H_1" | sed 's/^./0/; s/^00/11/')
[ "$BAD" = "$H_1" ] && BAD=$(printf '%s' "$H_1" | sed 's/^./1/')
code=$(curl -s -o "$T/p4.html" -w '%{http_code}' -H "$HTML" "$URL/verify/$BAD")
ok "a changed hash is 404 for a browser too" test "$code" = 404
contains "  with a page saying there is no such record" "$T/p4.html" "系统中没有此记录"
contains "  and warning the household" "$T/p4.html" "请勿向上门人员付款"
contains "  while saying a notice just issued is found after the device's sync" "$T/p4.html" \
    "刚开具的通知书要等检查员的设备同步后"
code=$(curl -s -o "$T/p5.html" -w '%{http_code}' -H "$HTML" "$URL/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
ok "a malformed code is 400" test "$code" = 400
ok "  and nothing of it is echoed into the page" sh -c "! grep -q '<script' '$T/p5.html'"
code=$(curl -s -o "$T/v.json" -w '%{http_code}' "$url")
ok "a script (no text/html in Accept) still gets JSON" \
    python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["found"] is True' "$T/v.json"
stop_server

# Past the address's allowance (phones behind one carrier address share it),
# a browser gets a page saying when to try again, and everyone Retry-After.
SAME_PORT=1 start_server --verify-limit 1
curl -s -o /dev/null -H "$HTML" "$url"
code=$(curl -s -D "$T/h6" -o "$T/p6.html" -w '%{http_code}' -H "$HTML" "$url")
ok "a browser asking past the limit gets 429" test "$code" = 429
contains "  as a page" "$T/h6" "text/html; charset=utf-8"
contains "  saying when to reload it" "$T/p6.html" "秒后刷新本页"
contains "  with a Retry-After header" "$T/h6" "Retry-After: "
code=$(curl -s -D "$T/h7" -o "$T/v7.json" -w '%{http_code}' "$url")
ok "a script past the limit still gets JSON" sh -c "test '$code' = 429 && grep -q '\"retry_after\":' '$T/v7.json'"
contains "  and the Retry-After header too" "$T/h7" "Retry-After: "
stop_server
