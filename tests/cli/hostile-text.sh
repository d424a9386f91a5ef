#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Text from outside never puts a control sequence on the terminal: escape
# sequences in a household CSV are data, shown by `households search` (table
# and --json) and quoted back in refusals without a single raw control byte.
# The full set, templates and answers included, is tests/security/escapes.sh.
. "$(dirname "$0")/../lib.sh"

# no_controls DESC FILE...: none holds a C0 control besides \t \n \r, nor DEL.
no_controls() {
	desc=$1; shift
	if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$@" 2>/dev/null; then
		fail "$desc" "$(LC_ALL=C grep -h "$(printf '[\001-\010\013\014\016-\037\177]')" "$@" | head -n 2 | od -c | head -n 4)"
	else
		pass "$desc"
	fi
}

{
	printf 'id,district,address,resident,phone,kind,last_check\n'
	printf 'E1,新华区,"新华路\033]0;owned\007 1号\033[2J",\033[31m王\033[0m,138,residential,\n'
} >"$T/esc.csv"
expect_exit 0 "a CSV holding escape sequences imports" "$FC" households import "$T/esc.csv"
expect_exit 0 "search finds the household" "$FC" households search 新华路
contains "the table shows it" "$T/out" "E1"
no_controls "the search table writes no control byte" "$T/out" "$T/err"
expect_exit 0 "search --json finds it" "$FC" households search 新华路 --json
no_controls "the JSON escapes the controls" "$T/out" "$T/err"

printf 'id,district,address,resident,phone,kind,last_check\nE3,d,a,r,1,\033[2J\033]0;x\007,\n' >"$T/kind.csv"
expect_exit 1 "a kind made of escape sequences is refused" "$FC" households import "$T/kind.csv"
contains "the refusal names the line" "$T/err" "kind.csv:2:"
no_controls "and quotes the kind without a control byte" "$T/err"

# A refused answer is quoted back in the problem list, controls and all.
printf '246813\n' >"$T/pin"
"$FCH" init-fast H1 测试员 <"$T/pin" >/dev/null 2>&1
printf 'id,district,address,resident,phone,kind,last_check\nE9,新华区,新华路9号,王,138,residential,\n' >"$T/ok.csv"
"$FC" households import "$T/ok.csv" >/dev/null 2>&1
sed 's/"G02": "[a-z_]*"/"G02": "\\u001b[2J\\u001b]0;owned\\u0007"/' \
    "$FC_ROOT/tests/data/answers/gas-clean.json" >"$T/bad-answer.json"
expect_exit 1 "an answer made of escape sequences is refused" \
    sh -c "'$FC' record --template gas --household E9 --answers '$T/bad-answer.json' --pin-stdin <'$T/pin'"
contains "the problem names the item" "$T/err" "G02"
no_controls "and quotes the answer without a control byte" "$T/out" "$T/err"

# Template text reaches devices through sync: labels with escapes are shown
# harmlessly by templates list and show.
mkdir -p "$FIELDCHECK_HOME/templates"
sed -e 's/"id": "gas"/"id": "gas-esc"/' -e 's/"zh": "燃气/"zh": "\\u001b[2J燃气/' \
    -e 's/"en": "Gas/"en": "\\u001b]0;owned\\u0007Gas/' \
    "$FC_ROOT/schema/checklists/gas.json" >"$FIELDCHECK_HOME/templates/gas-esc.json"
expect_exit 0 "templates list reads a template with escapes in its labels" "$FC" templates list
contains "and lists it" "$T/out" "gas-esc"
no_controls "without a control byte" "$T/out" "$T/err"
expect_exit 0 "templates show shows it" "$FC" templates show gas-esc
no_controls "without a control byte" "$T/out" "$T/err"
