#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck notice` (docs/notice.md) on a device enrolled with a real
# server: the rectification notice of a record with hazards and the
# nobody-home notice of a nobody-home visit, as an A4 PDF whose page, drawn
# by pdftoppm, holds a QR code that zbarimg decodes to the server's
# /verify/ URL for the record's hash, which the server confirms, while the
# same URL with a changed hash is not found; the page's text has the
# number, household, hazards with clauses and deadlines, inspector and
# time; --text gives the same for a portable printer; once the server has a
# public_url (the address households reach) the device learns it at its next
# sync and its QR codes lead where the console's notices lead; a record with nothing to notify gives no
# notice.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

for tool in pdftoppm pdftotext zbarimg; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "$tool is installed (packaging/deps.sh: poppler-utils, zbar-tools)"
		exit 0
	fi
done
cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
H2,D1,和平街4号,周杰伦,13900000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
printf 'correct horse battery\n' | "$FCS" --db "$DB" user add sup1 --role supervisor \
    --districts D1 --password-stdin >/dev/null 2>&1
start_server --verify-limit 1000
enrolled_device "$T/dev" ana D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
record() {
	echo "$PIN" | "$FC" record --template gas --household "$1" --answers "$A/$2.json" --pin-stdin
}
R1=$(record H1 gas-major)
R2=$(record H2 gas-nobody-home)
R3=$(record H1 gas-clean)
expect_exit 0 "the records are synced" dsync "$T/dev"
cd "$T" || exit 1

# qr PDF: the text of the QR code on the PDF's first page.
qr() {
	rm -f "$T/page-1.png" "$T/page-01.png"
	pdftoppm -r 150 -png -f 1 -l 1 "$1" "$T/page" 2>/dev/null
	zbarimg -q --raw "$T"/page-*1.png 2>/dev/null
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
# console_url RECORD: the URL in the QR code of the console's notice of RECORD.
console_url() {
	curl -s -c "$T/jar" -o /dev/null -H 'Content-Type: application/json' \
	    -d '{"name":"sup1","password":"correct horse battery"}' "$URL/console/api/login"
	curl -s -b "$T/jar" "$URL/console/api/notice?id=$1" >"$T/cn.json"
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["notice"]["url"])' \
	    "$T/cn.json" 2>/dev/null
}

expect_exit 0 "fieldcheck notice writes the rectification notice as a PDF" \
    sh -c "'$FC' notice '$R1' --json >'$T/n1.json'"
N1=$(field "$T/n1.json" number)
F1=$(field "$T/n1.json" file)
H_1=$(field "$T/n1.json" hash)
ok "the file is NUMBER.pdf and a PDF" sh -c "test '$F1' = '$N1.pdf' && head -c 5 '$F1' | grep -q '%PDF-'"
ok "its kind is rectification" test "$(field "$T/n1.json" kind)" = rectification
url=$(qr "$F1")
ok "the page's QR code decodes to the enrolled server's /verify/ URL of the hash ($url)" \
    test "$url" = "$URL/verify/$H_1"
ok "the console's notice of the record, asked at that address, has the same URL" \
    test "$(console_url "$R1")" = "$url"
ok "the server confirms it: 200" \
    sh -c "curl -s -o '$T/v1.json' -w '%{http_code}' '$url' | grep -qx 200"
ok "with the same notice number the device printed" \
    sh -c "python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v[\"found\"] and v[\"notice\"][\"number\"] == sys.argv[2] and v[\"inspector\"] == \"ana\"' '$T/v1.json' '$N1'"
bad=$(printf '%s' "$url" | python3 -c 'import sys; u=sys.stdin.read().strip(); print(u[:-1] + ("0" if u[-1] != "0" else "1"))')
ok "the QR's URL with a changed hash is not found: 404" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$bad' | grep -qx 404"

pdftotext -layout "$F1" "$T/n1.txt" 2>/dev/null
for want in 隐患整改通知书 "$N1" 新华路17号 王芳华 "燃具/用气场所" 重大隐患 "依据：" "第九条" \
    "整改期限：" 检查员 ana 时间 "$URL/verify/"; do
	contains "the PDF's text has '$want'" "$T/n1.txt" "$want"
done
day=$("$FC" show "$R1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["body"]["time"][:10])')
major=$(python3 -c 'import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=7))' "$day")
contains "a major hazard is to be rectified within 7 days ($major)" "$T/n1.txt" "整改期限：$major"

# A stop hazard (a gas leak) on the paper has the deadline the ledger holds
# the household to: the one the console shows and the overdue warning uses.
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["G40"]="leak"; a["G42"]="hose"; a["G70"]="yes"; a["G71"]="signed"; json.dump(a, open(sys.argv[2], "w"))' \
    "$A/gas-clean.json" "$T/gas-leak.json"
R4=$(echo "$PIN" | "$FC" record --template gas --household H2 --answers "$T/gas-leak.json" --pin-stdin)
# Printed at the door before the sync, its QR code finds nothing yet: said.
expect_exit 0 "a notice of a record not yet synced is printed" \
    "$FC" notice "$R4" --out "$T/n4.pdf" --json
contains "  saying its QR code verifies only after the sync" "$T/err" \
    "has not reached the server yet; its QR code verifies only once this device has synced"
contains "  (synced: false in --json)" "$T/out" '"synced": false'
dsync "$T/dev" >/dev/null
"$FC" notice "$R4" --text >"$T/n4-text.txt" 2>&1
ok "  and after the sync nothing of the kind" sh -c "! grep -q 'has not reached the server' '$T/n4-text.txt'"
curl -s -c "$T/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d '{"name":"sup1","password":"correct horse battery"}' "$URL/console/api/login"
curl -s -b "$T/jar" "$URL/console/api/hazards?severity=stop" >"$T/stop.json"
curl -s -b "$T/jar" "$URL/console/api/notice?id=$R4" >"$T/n4-console.json"
stop=$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
rows = rows.get("rows", rows.get("hazards", [])) if isinstance(rows, dict) else rows
print([r["deadline"] for r in rows if r.get("severity") == "stop"][0])' "$T/stop.json")
ok "the ledger knows the leak as a stop hazard with a deadline ($stop)" test -n "$stop"
ok "  the device's notice of its record names that deadline and no other" \
    sh -c "grep '整改期限：' '$T/n4-text.txt' | grep -q '$stop' && ! grep '整改期限：' '$T/n4-text.txt' | grep -qv '$stop'"
ok "  and so does the console's notice" \
    python3 -c 'import json,sys; n=json.load(open(sys.argv[1]))["notice"]; assert n["deadline"] == sys.argv[2], n' \
    "$T/n4-console.json" "$stop"
ok "  the device's notice says the supply stays shut until it is put right" \
    sh -c "tr -d ' \n' <'$T/n4-text.txt' | grep -q '立即停气停用：阀门已当场关闭，整改合格前不得恢复用气'"
ok "  and so does the console's" \
    python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["notice"]["hazards"]; assert [x["action"] for x in h if x["item"] == "G40"][0].startswith("立即停气停用"), h' \
    "$T/n4-console.json"
ok "  a major hazard has its deadline and no such line" sh -c \
    "'$FC' notice '$R1' --text 2>/dev/null | grep -q '整改期限' && ! '$FC' notice '$R1' --text 2>/dev/null | grep -q '立即'"

# The nobody-home notice: its own title and number, the inspector by id only.
expect_exit 0 "the nobody-home visit gives a nobody-home notice" \
    sh -c "'$FC' notice '$R2' --out '$T/n2.pdf' --json >'$T/n2.json'"
N2=$(field "$T/n2.json" number)
ok "its number starts BY-" sh -c "echo '$N2' | grep -q '^BY-'"
url2=$(qr "$T/n2.pdf")
ok "its QR code verifies at the server" \
    sh -c "curl -s '$url2' | grep -q '\"number\":\"$N2\"'"
pdftotext -layout "$T/n2.pdf" "$T/n2.txt" 2>/dev/null
contains "it is titled 到访不遇通知单" "$T/n2.txt" 到访不遇通知单
contains "it names the inspector's id" "$T/n2.txt" "检查员编号：ana"
ok "and not the inspector's name" sh -c "! grep -q 'Inspector ana' '$T/n2.txt'"

# Plain text for a portable printer: the same words, lines within --width.
expect_exit 0 "--text prints the notice for a portable printer" "$FC" notice "$R1" --text
cp "$T/out" "$T/n1-text.txt"
for want in 隐患整改通知书 "$N1" 新华路17号 "整改期限：$major" "▀"; do
	contains "the text has '$want'" "$T/n1-text.txt" "$want"
done
# fits FILE COLS: no line of FILE is wider than COLS display columns.
fits() {
	python3 - "$1" "$2" <<'PY'
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    assert w <= int(sys.argv[2]), "%d columns: %s" % (w, line)
PY
}
ok "every line, QR code included, fits an 80 mm printer's 48 columns" fits "$T/n1-text.txt" 48
expect_exit 0 "--width 32 for a 58 mm printer" "$FC" notice "$R1" --text --width 32
ok "  every line fits 32 columns" fits "$T/out" 32
contains "  the QR code, 45 columns wide, gives way to the URL" "$T/out" "请凭上列网址核验"
contains "  which is printed whole" "$T/out" "$URL/verify/"

# The server's public_url (server.conf, or serve --public-url): the address
# households reach, which may not be the one devices sync through. The
# device learns it at its next sync and its QR codes lead there.
stop_server
SAME_PORT=1 start_server --verify-limit 1000 --public-url "http://localhost:$PORT/"
PUB="http://localhost:$PORT"
ok "/v1/server-key names the public_url, without the final /" \
    sh -c "curl -s '$URL/v1/server-key' | grep -qF '\"public_url\":\"$PUB\"'"
expect_exit 0 "the device syncs with the server that has a public_url" dsync "$T/dev"
expect_exit 0 "fieldcheck notice after that sync" \
    sh -c "'$FC' notice '$R1' --out '$T/n3.pdf' --json >'$T/n3.json'"
url3=$(qr "$T/n3.pdf")
ok "its QR code decodes to the public_url's /verify/ of the hash ($url3)" \
    test "$url3" = "$PUB/verify/$H_1"
ok "  the same as the console's notice, though the console was asked at $URL" \
    test "$(console_url "$R1")" = "$url3"
ok "  which the server confirms: 200" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$url3' | grep -qx 200"
bad3=$(printf '%s' "$url3" | python3 -c 'import sys; u=sys.stdin.read().strip(); print(u[:-1] + ("0" if u[-1] != "0" else "1"))')
ok "  while a changed hash is not found: 404" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$bad3' | grep -qx 404"
expect_exit 0 "the text notice" "$FC" notice "$R1" --text --width 48
contains "  prints the public_url too" "$T/out" "$PUB/verify/"
expect_exit 0 "--url still decides when given" \
    "$FC" notice "$R1" --url "http://127.0.0.1:$PORT" --out "$T/n4.pdf" --json
contains "  over the public_url" "$T/out" "\"url\": \"http://127.0.0.1:$PORT/verify/$H_1\""
stop_server
SAME_PORT=1 start_server --verify-limit 1000
dsync "$T/dev" >/dev/null
expect_exit 0 "once the server has no public_url any more, after a sync" \
    "$FC" notice "$R1" --out "$T/n5.pdf" --json
contains "  the notice leads to the enrolled server again" "$T/out" "\"url\": \"$URL/verify/$H_1\""
P4=$(free_port)
expect_exit 1 "serve refuses a public_url that is not an http(s) address" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$P4" --public-url "ftp://check.example"
contains "  naming it" "$T/err" "public_url ftp://check.example"
expect_exit 1 "  or one with a blank" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$P4" --public-url "http://a b"
expect_exit 1 "  or one with a query, which would swallow the /verify/ path" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$P4" --public-url "https://check.example/fc?x=1"
contains "  naming what is wrong" "$T/err" "no query (?), fragment (#) or user name"
expect_exit 1 "  or a fragment" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$P4" --public-url "https://check.example/#top"
expect_exit 1 "  or a user name and password, which would be printed on every notice" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$P4" --public-url "https://fc:secret@check.example"

# Nothing to notify, or nothing known: clear refusals, no file.
expect_exit 1 "a clean inspection gives no notice" "$FC" notice "$R3"
contains "  saying why" "$T/err" "gives no notice"
expect_exit 1 "an unknown record is refused" "$FC" notice ffffffff-000099
expect_exit 2 "a bad --deadline is bad usage" "$FC" notice "$R1" --deadline 2026-13-01
expect_exit 1 "a missing font is named" "$FC" notice "$R1" --font "$T/none.ttf" --out "$T/x.pdf"
contains "  with what to install" "$T/err" "fonts-arphic-uming"
ok "  and no file is left" test ! -e "$T/x.pdf" -a ! -e "$T/x.pdf.part"
stop_server
