#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Input a tired inspector can trust, through the real TUI at 80x24 and 40x15
# in Chinese and English: Enter on an unanswered choice records nothing
# (a required one says so and stays, as Enter on an empty required number or
# yes/no does, the optional R30 "raise the grade" is
# left unanswered and R31 stays hidden); letters typed into a choice give a
# message and commit nothing; options 10-15 of a long multiple choice are
# reached by typing their number (two digits, ended by a pause or Enter) and
# line up under 1-9; a multiple choice with nothing ticked is unanswered; a
# yes/no answer is marked by brackets, not only reverse video; Backspace and
# Delete clear an answer; and after kill -9 the draft holds exactly what the
# screen showed (cleared answers cleared). A refused key in a number (a unit
# typed after it) does not hold Enter back; a bracketed paste goes into a
# text item with its line breaks as spaces and answers no choice.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

cat >"$T/rural.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
R001,怀柔,怀柔区桥梓镇北宅村88号,赵六,13900000001,rural,
CSV

# The draft's answers after the kill, one "ID=value" per line, sorted.
draft_answers() {
	sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT json FROM drafts WHERE key = 'form:R001'" |
	    python3 -c 'import json,sys
d = json.load(sys.stdin)["answers"]
for k in sorted(d): print("%s=%s" % (k, json.dumps(d[k], ensure_ascii=False)))'
}

# Option rows " 9 [ ]" and "10 [ ]" put their box in the same column.
boxes_aligned() {
	tui_screen | python3 -c 'import re,sys
cols = set()
for line in sys.stdin:
    m = re.match(r"^(.*?\d+ )[\[(][ x*][\])]", line)
    if m: cols.add(len(m.group(1)))
sys.exit(0 if len(cols) == 1 else 1)'
}

# flow TAG COLS ROWS ENV SETUP HOME NOTHING LETTERS DIGITS-ONLY PASTED REQUIRED
flow() {
	tag=$1; cols=$2; rows=$3
	export FIELDCHECK_HOME="$T/home-$tag"
	"$FC" households import "$T/rural.csv" >/dev/null
	tui_start "$cols" "$rows" $4
	tui_setup "$5" || { fail "$tag: setup"; return; }
	tui_wait "$6" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type "北宅"
	tui_wait "赵六" >/dev/null
	tui_keys Enter
	tui_wait "13900000001" >/dev/null
	tui_keys i
	tui_wait "1 " >/dev/null
	tui_keys 1
	tui_wait "R01" || { fail "$tag: the rural form opens"; return; }
	tui_keys Enter
	tui_expect "$tag: Enter on an unanswered required choice says nothing was chosen" "$7"
	if tui_screen | grep -qF "(*)"; then
		fail "$tag: and no option is marked chosen"
	else
		pass "$tag: and no option is marked chosen"
	fi
	tui_keys x
	tui_expect "$tag: a letter typed into a choice gives a message" "$8"
	tui_keys Enter
	if tui_screen | grep -qF "(*)" || ! tui_screen | grep -qF "R01"; then
		fail "$tag: Enter after the letter commits nothing and stays on R01"
	else
		pass "$tag: Enter after the letter commits nothing and stays on R01"
	fi
	tui_keys 1
	tui_wait "R02" >/dev/null || { fail "$tag: 1 answers R01"; return; }
	tui_keys 1
	tui_wait "R03" >/dev/null
	# Enter on an empty required number says so and stays, as a choice does.
	tui_keys Enter
	tui_expect "$tag: Enter on an empty required number says it is required" "R03 ${11}" 5
	tui_type 2000; tui_keys Enter
	tui_wait "R04" >/dev/null
	tui_keys 1
	tui_wait "R05" >/dev/null
	# A unit typed after the number is refused, and its message does
	# not hold Enter back: 3 is a valid answer.
	tui_type 3; tui_type "层"
	tui_wait "$9" >/dev/null
	tui_keys Enter
	tui_expect "$tag: a refused key's message does not hold Enter back" "R06" 5
	tui_type 80; tui_keys Enter
	tui_wait "R07a" >/dev/null
	# Pasted (bracketed paste) "甲<LF>2<LF>": the line breaks are a space
	# in the text, and neither goes on to R07b nor answers anything there.
	tmx set-buffer -b clip "$(printf '甲\n2\n')"
	tmx paste-buffer -p -b clip -t fc
	tui_expect "$tag: a paste stays in the text item, line break as a space" "甲 2" 5
	tui_keys Enter Enter Enter Enter
	tui_wait "R08" >/dev/null || { fail "$tag: R08"; return; }
	tmx set-buffer -b clip "3"
	tmx paste-buffer -p -b clip -t fc
	tui_expect "$tag: a paste into a multiple choice says it takes none" "${10}" 5
	if tui_screen | grep -qF "3 [x]"; then
		fail "$tag: and ticks nothing"
	else
		pass "$tag: and ticks nothing"
	fi
	tui_keys 1 2
	tui_expect "$tag: typing 1 then 2 ticks option 12 of 15" "12 [x]"
	tui_keys 1
	sleep 1.4
	tui_expect "$tag: 1 and a pause ticks option 1" " 1 [x]"
	tui_check_layout "$tag: the long multiple choice fits the pane"
	if boxes_aligned; then pass "$tag: option boxes 1-15 line up"; else
		fail "$tag: option boxes 1-15 line up"; tui_screen | sed 's/^/#   | /'; fi
	tui_keys 1 Enter 1 2
	sleep 0.3
	if tui_screen | grep -qF "[x]"; then
		fail "$tag: unticking both leaves nothing ticked"
	else
		pass "$tag: unticking both leaves nothing ticked"
	fi
	tui_keys Tab
	tui_wait "R10" >/dev/null
	tui_keys Enter
	tui_expect "$tag: Enter on an unanswered required yes/no says it is required" "R10 ${11}" 5
	if tui_screen | grep -qF "R20"; then
		fail "$tag: and stays on R10"
	else
		pass "$tag: and stays on R10"
	fi
	tui_keys n
	tui_wait "R20" >/dev/null
	tui_keys BTab
	tui_wait "R10" >/dev/null
	tui_expect "$tag: the yes/no answer is marked with brackets" "[n "
	tui_keys BSpace
	sleep 0.3
	if tui_screen | grep -qF "[n "; then
		fail "$tag: Backspace clears the yes/no answer"
	else
		pass "$tag: Backspace clears the yes/no answer"
	fi
	tui_keys Tab
	tui_wait "R20" >/dev/null
	tui_keys 1 1 1 1 1 1
	tui_wait "R26" >/dev/null || { fail "$tag: R26"; return; }
	tui_keys Enter
	tui_wait "R30" >/dev/null || { fail "$tag: R30"; return; }
	tui_keys Enter
	tui_expect "$tag: Enter on the optional R30 goes on to R40, R31 stays hidden" "R40"
	tui_keys BTab
	tui_wait "R30" >/dev/null
	tui_keys 2
	tui_wait "R31" >/dev/null
	tui_keys BTab
	tui_wait "R30" >/dev/null
	tui_expect "$tag: the chosen grade is marked" "(*)"
	tui_keys DC
	sleep 0.3
	if tui_screen | grep -qF "(*)"; then
		fail "$tag: Delete clears the chosen grade"
	else
		pass "$tag: Delete clears the chosen grade"
	fi
	pid=$(tui_pid)
	kill -9 "$pid" 2>/dev/null
	sleep 0.3
	draft_answers >"$T/draft.txt"
	if grep -q '^R01=' "$T/draft.txt" && grep -q '^R04=' "$T/draft.txt"; then
		pass "$tag: the draft after kill -9 keeps the answers given"
	else
		fail "$tag: the draft after kill -9 keeps the answers given" "$(cat "$T/draft.txt")"
	fi
	if grep -qx 'R07a="甲 2"' "$T/draft.txt"; then
		pass "$tag: the pasted text is the draft's answer"
	else
		fail "$tag: the pasted text is the draft's answer" "$(grep '^R07' "$T/draft.txt")"
	fi
	for id in R08 R10 R30 R31; do
		if grep -q "^$id=" "$T/draft.txt"; then
			fail "$tag: $id is unanswered in the draft after kill -9" "$(grep "^$id=" "$T/draft.txt")"
		else
			pass "$tag: $id is unanswered in the draft after kill -9"
		fi
	done
	tui_stop
}

flow zh80 80 24 "" "首次使用" "今日工作" "尚未选择" "请输入选项编号" "数字只能输入" "粘贴的文字只能" "为必答项"
flow en40 40 15 "LANGUAGE=en" "First run" "Today's work" "Nothing chosen" "Type an option's number" \
    "Only digits" "Pasted text goes only" "is required"
flow zh40 40 15 "" "首次使用" "今日工作" "尚未选择" "请输入选项编号" "数字只能输入" "粘贴的文字只能" "为必答项"
flow en80 80 24 "LANGUAGE=en" "First run" "Today's work" "Nothing chosen" "Type an option's number" \
    "Only digits" "Pasted text goes only" "is required"
tui_check_stderr "no sanitizer report or error from any TUI run"
