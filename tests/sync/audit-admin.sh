#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The audit log beyond enrolment and revocation (tests/sync/inventory.sh):
# every command that changes the console's accounts (user add, passwd,
# disable, enable), a review signed with the server key, and an export of
# district data from the command line (also to standard output, --out -)
# each leave exactly one line saying who
# (the system user), what, the detail and from where; a command that is
# refused (a short password, an unknown account, an unknown record, a
# district the account may not see) leaves none. SQLite, and PostgreSQL
# with FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
S() { "$FCS" --db "$DB" "$@"; }
PW='a password of ten'
# actions: the audit log's actions, as a Python list.
actions() {
	S audit --json >"$T/audit.json" 2>"$T/audit.err" &&
	    python3 -c 'import json,sys; print([a["action"] for a in json.load(open(sys.argv[1]))])' "$T/audit.json"
}
# line ACTION: the detail of the last line with that action.
line() {
	python3 -c 'import json,sys; print([a["detail"] for a in json.load(open(sys.argv[1])) if a["action"] == sys.argv[2]][-1])' \
	    "$T/audit.json" "$1"
}

expect_exit 0 "user add" sh -c "printf '%s\n' '$PW' | '$FCS' --db '$DB' user add wang --role supervisor --districts D1 --password-stdin"
expect_exit 2 "user add with a short password is refused" \
    sh -c "printf 'short\n' | '$FCS' --db '$DB' user add li --role city --password-stdin"
expect_exit 1 "user add of an existing account is refused" \
    sh -c "printf '%s\n' '$PW' | '$FCS' --db '$DB' user add wang --role city --password-stdin"
ok "one line: user add" test "$(actions)" = "['user add']"
ok "  naming the account, its role and districts" test "$(line 'user add')" = "console account wang (supervisor, districts D1)"
expect_exit 0 "user passwd" sh -c "printf '%s\n' 'another password' | '$FCS' --db '$DB' user passwd wang --password-stdin"
expect_exit 1 "user passwd of an unknown account is refused" \
    sh -c "printf '%s\n' '$PW' | '$FCS' --db '$DB' user passwd nobody --password-stdin"
expect_exit 0 "user disable" S user disable wang
expect_exit 1 "user disable of an unknown account is refused" S user disable nobody
expect_exit 0 "user enable" S user enable wang
ok "user passwd, disable and enable each left one line" \
    test "$(actions)" = "['user add', 'user passwd', 'user disable', 'user enable']"
ok "  the passwd line names the account, never the password" \
    sh -c "grep -q 'console account wang' '$T/audit.json' && ! grep -q 'another password' '$T/audit.json'"
ok "who: the system user, on the command line" \
    test "$(python3 -c 'import json,sys; print(set((a["actor"], a["origin"].split(" on ")[0]) for a in json.load(open(sys.argv[1]))))' "$T/audit.json")" = \
    "{('$(id -un)', 'command line')}"

# A review signed with the server key.
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路17号,王芳华,13800000001,residential,\n' >"$T/hh.csv"
S households import "$T/hh.csv" >/dev/null
start_server
enrolled_device "$T/dev" ana D1
dsync "$T/dev" >/dev/null
R1=$(echo "$PIN" | FIELDCHECK_HOME="$T/dev" "$FC" record --template gas --household H1 \
    --answers "$FC_ROOT/tests/data/answers/gas-major.json" --pin-stdin)
expect_exit 0 "a record is synced" dsync "$T/dev"
before=$(actions)
expect_exit 1 "a review of an unknown record is refused" S review ffffffff-000009 accepted
ok "  and leaves no line" test "$(actions)" = "$before"
expect_exit 0 "the record is returned" S review "$R1" returned --comment "请补拍照片" --by sup01
ok "the review left one line" test "$(actions)" = "${before%]}, 'review']"
contains "  naming the record, the state and the reviewer" "$T/audit.json" "record $R1 returned by sup01"

# Exports from the command line, as the console's downloads are.
before=$(actions)
expect_exit 1 "an export as wang of a district wang may not see is refused" \
    S export hazards --format csv --as wang --district D2 --out "$T/no.csv"
ok "  and leaves no line" test "$(actions)" = "$before"
expect_exit 0 "export hazards as wang" S export hazards --format xlsx --as wang --out "$T/hz.xlsx"
expect_exit 0 "export records for D1" S export records --programme gas --format csv --district D1 --out "$T/rec.csv"
ok "each export left one line" test "$(actions)" = "${before%]}, 'export', 'export']"
python3 - "$T/audit.json" "$T" >"$T/ex.out" 2>&1 <<'PY'
import json, sys
ex = [a["detail"] for a in json.load(open(sys.argv[1])) if a["action"] == "export"]
t = sys.argv[2]
assert ex[0].startswith("hazards xlsx districts D1 as wang: ") and ex[0].endswith(" rows to %s/hz.xlsx" % t), ex[0]
assert ex[1].startswith("records gas csv districts D1: 1 rows") and ex[1].endswith("to %s/rec.csv" % t), ex[1]
PY
[ $? -eq 0 ] && pass "  each names what (and the programme), the format, the districts, whose view, the rows and the file" ||
	fail "  each names what (and the programme), the format, the districts, whose view, the rows and the file" "$(cat "$T/ex.out")"

# --out -: the file on standard output (an administrator's sudo -u fieldcheck
# cannot write into their own folder), the same bytes as a CSV file export.
"$FCS" --db "$DB" export records --programme gas --format csv --district D1 --out - >"$T/rec-stdout.csv" 2>"$T/stdout.err"
ok "export --out - writes the CSV to standard output" cmp -s "$T/rec.csv" "$T/rec-stdout.csv"
contains "  and its summary to standard error" "$T/stdout.err" "1 rows"
"$FCS" --db "$DB" export hazards --format xlsx --as wang --out - >"$T/hz-stdout.xlsx" 2>/dev/null
ok "export --format xlsx --out - writes a workbook (a zip) to standard output" \
    sh -c "head -c 2 '$T/hz-stdout.xlsx' | grep -q PK && python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()' '$T/hz-stdout.xlsx'"
actions >/dev/null
contains "  the audit line says where it went" "$T/audit.json" "rows to standard output"
stop_server

# A statement the store refuses is named by which way it went, not as a
# report (one function runs every statement of both backends).
if [ "${FC_TEST_DB:-sqlite}" = sqlite ]; then
	sqlite3 "$DB" "CREATE TRIGGER audit_refused BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
	expect_exit 1 "a command whose audit line the store refuses fails" S user disable wang
	contains "  saying it could not write to the store, and why" "$T/err" \
	    "cannot write to the store: refused by the test"
	sqlite3 "$DB" "DROP TRIGGER audit_refused"
fi
