#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The audit log holds anyone's text: the name typed into the console's login
# form, the arguments of a console read. `fieldcheck-server audit --csv`
# writes it through core/sheet.c like every export (a formula stays text) and
# one line an event: an escape sequence or a line end in a name is shown as
# its picture ("␛", "␍", "␊"), never written, so the file neither clears the
# terminal it is read on nor forges a row a line-by-line reader would take
# for an event. The table and --json forms carry no raw control either.
# SQLite, and PostgreSQL with FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
PW='correct horse battery'

# no_controls DESC FILE: no C0 control but the CRLF row ends, no DEL.
no_controls() {
	if LC_ALL=C tr -d '\r\n' <"$2" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
		fail "$1" "$(LC_ALL=C grep "$(printf '[\001-\010\013\014\016-\037\177]')" "$2" | head -n 2 | od -c | head -n 4)"
	else
		pass "$1"
	fi
}

printf '%s\n' "$PW" | "$FCS" --db "$DB" user add boss --role city --password-stdin \
    >/dev/null 2>&1 || fail "user add boss"
start_server --web "$FC_ROOT/web"
# login JSON-NAME PASSWORD [CURL ARGS]: the status printed.
login() {
	n=$1 p=$2
	shift 2
	curl -s -o "$T/b" -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$n\",\"password\":\"$p\"}" "$@" "$URL/console/api/login"
}
ok "a login name holding escape sequences is refused (401)" \
    test "$(login 'x\u001b[2J\u001b]0;owned\u0007y' 'wrong password 1')" = 401
ok "a login name that is a formula is refused (401)" \
    test "$(login "=cmd|'/C_calc'!A0" 'wrong password 2')" = 401
ok "the right login works" test "$(login boss "$PW" -c "$T/jar")" = 200
ok "a console read whose arguments hold a line end, a forged row and an escape is answered" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" \
    "$URL/console/api/households?q=a%0d%0a2026-01-02T00:00:00Z,root,user%20add,forged,x%1b%5b2J")" != 000
stop_server

expect_exit 0 "audit --csv reads the log" "$FCS" --db "$DB" audit --csv
cp "$T/out" "$T/audit.csv"
no_controls "the CSV writes no control character" "$T/audit.csv"
rows=$(grep -c . "$T/audit.csv")
events=$("$FCS" --db "$DB" audit --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
ok "one line an event, and the header ($rows lines, $events events)" test "$rows" = $((events + 1))
ok "every line but the header starts with its time" \
    test "$(sed 1d "$T/audit.csv" | grep -cv '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T')" = 0
ok "no line is the forged row" test "$(grep -c '^2026-01-02T00:00:00Z' "$T/audit.csv")" = 0
contains "the name is shown with its escapes as pictures" "$T/audit.csv" 'x␛[2J␛]0;owned␇y'
contains "the line end in the read's arguments is shown as pictures" "$T/audit.csv" 'q=a␍␊2026-01-02T00:00:00Z'
contains "the formula name stays text" "$T/audit.csv" ",'=cmd|'"
python3 - "$T/audit.csv" >"$T/py" 2>&1 <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert rows[0] == ['time', 'actor', 'action', 'detail', 'origin'], rows[0]
assert all(len(r) == 5 for r in rows), [r for r in rows if len(r) != 5]
print(len(rows))
PY
ok "a CSV reader reads five cells in every row" test $? -eq 0

expect_exit 0 "audit (the table) reads the log" "$FCS" --db "$DB" audit
cp "$T/out" "$T/audit.txt"
no_controls "the table writes no control character" "$T/audit.txt"
expect_exit 0 "audit --json reads the log" "$FCS" --db "$DB" audit --json
no_controls "the JSON writes no control character" "$T/out"
