#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The member counts of a formal self-built appraisal are typed in the TUI in
# the compact form: choosing S44 (formal appraisal) shows S46, a count that
# does not add up is named as it is typed (item, level, category), a right
# one counts as answered, and the counts of a 30-storey building (over a
# thousand characters) are taken whole.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

printf 'id,district,address,resident,phone,kind,last_check\nHS-1,城关镇,新街3号,王建国,13800000002,selfbuilt,\n' >"$T/h.csv"
"$FC" households import "$T/h.csv" >/dev/null
tui_start 80 24 LANGUAGE=en
tui_setup "First run" || fail "first-run setup screen"
tui_wait "Today's work" >/dev/null || fail "home screen after setup"
tui_keys /
tui_wait "Find a household" >/dev/null
tui_type "新街"
tui_wait "HS-1" >/dev/null
tui_keys Enter
tui_wait "13800000002" >/dev/null
tui_keys i
tui_wait "S01" >/dev/null
for s in 1 2 3; do tui_keys PgDn; sleep 0.2; done
tui_wait "Superstructure" >/dev/null
# Tab through the section to S44 (the item is at its end).
n=0
while [ "$n" -lt 20 ] && ! tui_screen | grep -qF "S44 Formal"; do
	tui_keys Tab; sleep 0.2; n=$((n + 1))
done
tui_expect "the formal appraisal question is asked" "S44 Formal count-based appraisal"
tui_keys y
tui_expect "choosing it shows the member counts" "S46 Foundation and storey members"
tui_expect "the hint says how to type them" "f members/dangerous; then per storey"
tui_type "f 30/2; w 4/6"
tui_expect "a count that does not add up is named as it is typed" \
    "S46: level 1: dangerous w (6) is more than w (4)"
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_type "w 40/6 s 20"
tui_expect "corrected, the counts are an answer" "2 answered"
tui_check_layout "the members item fits the pane"
tui_keys F2
tui_wait "Cannot sign yet" >/dev/null
tui_keys End
tui_expect "review lists the typed counts" "S46 Foundation and storey members / dangerous members: f 30/2; w 40/6 s 20"
# The counts of a 30-storey building are over a thousand characters: the
# field takes them all (it stopped at 256, and a key there stored the cut text).
tui_keys Escape
tui_wait "S46 Foundation" >/dev/null
tui_keys DC
long="f 30/2$(i=0; while [ $i -lt 30 ]; do printf '; w 40/6 s 20 pmb 10 smb 8 sb 10 sm 12'; i=$((i + 1)); done)"
tui_type "$long"
# Each key is saved to the draft as it is typed: wait for the last one.
n=0
while :; do
	got=$(sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "SELECT json_extract(json, '\$.answers.S46') FROM drafts WHERE key = 'form:HS-1'")
	[ "$got" = "$long" ] || [ "$n" -ge 100 ] && break
	sleep 0.2; n=$((n + 1))
done
if [ "$got" = "$long" ]; then
	pass "the counts of 30 storeys (${#long} characters) are the draft's answer, whole"
else
	fail "the counts of 30 storeys (${#long} characters) are the draft's answer, whole" \
	    "the draft has ${#got} characters"
fi
tui_stop
tui_check_stderr "no sanitizer report or error from the TUI"
