#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Terminal escape sequences and control characters in outside text (the
# household CSV, answers, templates) are never written raw to the screen: no
# ESC (0x1b), BEL or other C0 control byte reaches stdout or stderr, whether
# the text was accepted and shown or refused with a message quoting it. And
# path-like text ("../../x") in a template id or answer never names a file
# outside the home.
. "$(dirname "$0")/../lib.sh"

printf '246813\n' >"$T/pin"
"$FCH" init-fast E1 测试员 <"$T/pin" >/dev/null 2>&1 || { fail "init-fast"; exit 0; }
ESC=$(printf '\033')

# no_controls DESC FILE...: none of the files holds a C0 control besides \t \n \r.
no_controls() {
	desc=$1; shift
	if LC_ALL=C grep -l "$(printf '[\001-\010\013\014\016-\037\177]')" "$@" >/dev/null 2>&1; then
		fail "$desc" "$(LC_ALL=C grep -h "$(printf '[\001-\010\013\014\016-\037\177]')" "$@" | head -n 3 | od -c | head -n 5)"
	else
		pass "$desc"
	fi
}

{
	printf 'id,district,address,resident,phone,kind,last_check\n'
	printf 'E1,新华区,"新华路\033]0;owned\007 1号\033[2J",\033[31m王\033[0m,138,residential,\n'
	printf 'E2,新华区,"../../../etc/passwd",李\bX,139,residential,\n'
} >"$T/esc.csv"
"$FC" households import "$T/esc.csv" >"$T/imp.out" 2>"$T/imp.err"
rc=$?
if [ $rc -eq 0 ]; then
	pass "a CSV with escape sequences imports (controls are data)"
	for args in "新华路" "王" "E1" "passwd"; do
		"$FC" households search "$args" >"$T/s.out" 2>"$T/s.err"
		"$FC" households search "$args" --json >"$T/sj.out" 2>>"$T/s.err"
		no_controls "households search '$args' writes no control byte (table and --json)" \
		    "$T/s.out" "$T/sj.out" "$T/s.err"
	done
	contains "the table still shows the household" "$T/s.out" "E2"
elif [ $rc -eq 1 ]; then
	pass "a CSV with escape sequences is refused"
	no_controls "the refusal quotes no control byte" "$T/imp.out" "$T/imp.err"
else
	fail "households import exits 0 or 1 (exit $rc)"
fi

# A refusal that quotes the bad value: an unknown kind made of escapes.
printf 'id,district,address,resident,phone,kind,last_check\nE3,d,a,r,1,\033[2J\033]0;x\007,\n' >"$T/kind.csv"
expect_exit 1 "a kind made of escape sequences is refused" "$FC" households import "$T/kind.csv"
no_controls "the message naming the bad kind has no control byte" "$T/out" "$T/err"
printf 'id,district,address,resident,phone,kind,last_check\nE4,d,a,r,1,residential,\0332024-01-01\n' >"$T/date.csv"
expect_exit 1 "a date with an escape is refused" "$FC" households import "$T/date.csv"
no_controls "the message naming the bad date has no control byte" "$T/out" "$T/err"

# A text answer carrying escapes: refused, or stored and shown harmlessly.
printf 'id,district,address,resident,phone,kind,last_check\nE9,新华区,新华路9号,王,138,residential,\n' >"$T/ok.csv"
"$FC" households import "$T/ok.csv" >/dev/null 2>&1
sed '$ s/}[[:space:]]*$/, "G39": "ok\\u001b]0;owned\\u0007\\u001b[2Jend"}/' \
    "$FC_ROOT/tests/data/answers/gas-clean.json" >"$T/answers.json"
"$FC" record --template gas --household E9 --answers "$T/answers.json" --pin-stdin <"$T/pin" \
    >"$T/rec.out" 2>"$T/rec.err"
rc=$?
no_controls "record writes no control byte" "$T/rec.out" "$T/rec.err"
if [ $rc -eq 0 ]; then
	id=$(tail -n 1 "$T/rec.out")
	"$FC" show "$id" >"$T/show.out" 2>&1
	"$FC" list >"$T/list.out" 2>&1
	"$FC" export --format csv >"$T/export.out" 2>&1
	no_controls "show and list of a record with escapes in an answer write no control byte" \
	    "$T/show.out" "$T/list.out"
	"$FC" show "$id" --json >"$T/showj.out" 2>&1
	no_controls "show --json escapes them" "$T/showj.out"
else
	contains "an answer with control characters is refused, naming the item" "$T/rec.err" "G39"
fi

# A template with escapes in its labels and a path in its id.
sed -e 's/"zh": "燃气/"zh": "\\u001b[2J燃气/' -e 's/"en": "Gas/"en": "\\u001b]0;owned\\u0007Gas/' \
    "$FC_ROOT/schema/checklists/gas.json" >"$T/esc-template.json"
"$FC" templates check "$T/esc-template.json" >"$T/tc.out" 2>"$T/tc.err"
no_controls "templates check of a template with escapes writes no control byte" "$T/tc.out" "$T/tc.err"
mkdir -p "$FIELDCHECK_HOME/templates"
cp "$T/esc-template.json" "$FIELDCHECK_HOME/templates/gas-esc.json"
sed -i 's/"id": "gas"/"id": "gas-esc"/' "$FIELDCHECK_HOME/templates/gas-esc.json"
"$FC" templates list >"$T/tl.out" 2>&1
"$FC" templates show gas-esc >"$T/ts.out" 2>&1
no_controls "templates list and show write no control byte" "$T/tl.out" "$T/ts.out"

sed 's/"id": "gas"/"id": "..\/..\/..\/escaped"/' "$FC_ROOT/schema/checklists/gas.json" >"$T/path-template.json"
"$FC" templates check "$T/path-template.json" >"$T/tp.out" 2>"$T/tp.err"
rc=$?
no_controls "templates check of a path-like id writes no control byte" "$T/tp.out" "$T/tp.err"
ok "nothing was written outside the home" test ! -e "$T/escaped" -a ! -e "$T/../escaped"

# A refused answer quoting the bad value back.
sed 's/"G02": "[a-z_]*"/"G02": "\\u001b[2J\\u001b]0;owned\\u0007"/' \
    "$FC_ROOT/tests/data/answers/gas-clean.json" >"$T/bad-answer.json"
expect_exit 1 "an answer made of escape sequences is refused" \
    sh -c "'$FC' record --template gas --household E9 --answers '$T/bad-answer.json' --pin-stdin <'$T/pin'"
no_controls "the refusal quoting the answer has no control byte" "$T/out" "$T/err"
