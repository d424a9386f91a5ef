#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Jump and outline, through the real TUI at 80x24 and 40x15 in Chinese and
# English: the form's header counts the hazards the answers raise so far
# (up with a hazard answer, down when it is changed); F3 is on the form's key
# bar and in its help; F3 opens the outline, which lists each section and
# its items with "[x]" answered, "[ ]" open and "!" hazard marks (characters,
# so they read without reverse video) and opens on the form's item; Enter
# on an item puts the form there, Enter on a section heading at its first
# item, Esc goes back where the form was.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

# The line of the outline that shows item ID, as "MARKS ID" (selection mark dropped).
outline_line() {
	tui_screen | sed -n "s/^ *>\{0,1\}\(\[.\]. $1\) .*/\1/p" | head -n 1
}

# has_marks DESC "MARKS ID": the outline shows the item with these marks.
has_marks() {
	got=$(outline_line "$3")
	if [ "$got" = "$2 $3" ]; then
		pass "$1"
	else
		fail "$1" "wanted '$2 $3', the line is '$got'"
		tui_screen | sed 's/^/#   | /'
	fi
}

# The form shows item ID as the item being asked (its label line starts with
# it), within 5 s (the outline's lines start with marks, never with the id).
form_at() {
	end=$(( $(date +%s) + 5 ))
	until tui_screen | grep -qE "^ $2 "; do
		if [ "$(date +%s)" -ge "$end" ]; then
			fail "$1" "the form is not at $2"
			tui_screen | sed 's/^/#   | /'
			return
		fi
		sleep 0.05
	done
	pass "$1"
}

# flow TAG COLS ROWS ENV FIRST HOME HAZ0 HAZ1 OUTLINE F3LABEL F3HELP
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; first=$5; home=$6; haz0=$7; haz1=$8
	shift 8
	outline=$1; f3label=$2; f3help=$3
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_households
	tui_start "$cols" "$rows" $env
	tui_setup "$first" || { fail "$tag: set-up"; return; }
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type "新华"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait "13800000001" >/dev/null
	tui_keys i
	tui_wait "G00" >/dev/null || { fail "$tag: the gas form opens"; return; }
	tui_keys 1 Enter 1 1 1
	tui_wait "G05" >/dev/null || { fail "$tag: G05 is asked"; return; }
	tui_expect "$tag: the form's header counts no hazard yet" "$haz0"
	tui_expect "$tag: F3 is on the form's key bar" "F3 $f3label"
	tui_keys y
	tui_wait "G06" >/dev/null
	tui_expect "$tag: a hazard answer (G05 someone sleeps there) counts one" "$haz1"
	tui_check_layout "$tag: the form with its hazard count fits the pane"
	tui_keys F1
	tui_expect "$tag: the form's help says what F3 does" "F3     $f3help"
	tui_keys Escape
	tui_wait "G06" >/dev/null

	tui_keys F3
	tui_expect "$tag: F3 opens the outline, its legend first" "$outline"
	tui_check_layout "$tag: the outline fits the pane"
	# A label longer than the row wraps onto a second line, whole (never "…");
	# compared without blanks, as the wrap may fall at one.
	case $tag in zh*) long="有燃气设施的房间有人居住或就寝" ;; *) long="Someone sleeps in a room with gas facilities" ;; esac
	tui_screen | awk '/ G05 /{getline next_line; print $0 " " next_line; exit}' |
	    tr -d ' ' >"$T/g05"
	if grep -qF -- "$(echo "$long" | tr -d ' ')" "$T/g05" && ! tui_screen | grep -qF "…"; then
		pass "$tag: a long label is whole in the outline (wrapped where the pane is narrow)"
	else
		fail "$tag: a long label is whole in the outline (wrapped where the pane is narrow)" \
		    "$(cat "$T/g05")"
	fi
	has_marks "$tag: an answered item is marked [x]" "[x] " G04
	has_marks "$tag: the hazard item is marked [x]!" "[x]!" G05
	has_marks "$tag: an open item is marked [ ]" "[ ] " G06
	if tui_screen | grep -qE '^ >\[ \]  G06 '; then
		pass "$tag: the outline opens on the form's item, marked >"
	else
		fail "$tag: the outline opens on the form's item, marked >"
	fi
	tui_keys Escape
	form_at "$tag: Esc goes back to the form where it was" G06

	tui_keys F3
	tui_wait "$outline" >/dev/null
	tui_keys End
	tui_wait "G73" >/dev/null
	tui_keys Up Up Up
	tui_wait ">[ ]  G70" 5 >/dev/null
	tui_keys Enter
	form_at "$tag: Enter on an item of the last section puts the form there" G70

	tui_keys F3
	tui_wait "$outline" >/dev/null
	tui_keys Home Enter
	form_at "$tag: Enter on a section heading goes to its first item" G00

	# Changing the hazard answer takes the hazard away, in the header and the outline.
	tui_keys F3
	tui_wait "$outline" >/dev/null
	for _ in 1 2 3 4 5 6; do tui_keys Down; done
	tui_wait ">[x]! G05" 5 >/dev/null
	tui_keys Enter
	tui_wait "G05" >/dev/null
	tui_keys n
	tui_wait "G06" >/dev/null
	tui_expect "$tag: answering G05 no takes the count back to none" "$haz0"
	tui_keys F3
	tui_wait "$outline" >/dev/null
	has_marks "$tag: and G05 is no longer marked as a hazard" "[x] " G05
	tui_keys Escape
	tui_keys Escape
	tui_wait "13800000001" >/dev/null
	tui_keys C-c
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" "首次使用" "今日工作" "! 隐患 0" "! 隐患 1" \
    "[x] 已答" "目录" "列出各部分和各项目"
flow zh40 40 15 "" "首次使用" "今日工作" "! 隐患 0" "! 隐患 1" \
    "[x] 已答" "目录" "列出各部分和各项目"
flow en80 80 24 "LANGUAGE=en" "First run" "Today's work" "! 0 hazard(s)" \
    "! 1 hazard(s)" "[x] answered" "outline" "every section and item"
flow en40 40 15 "LANGUAGE=en" "First run" "Today's work" "! 0 hazard(s)" \
    "! 1 hazard(s)" "[x] answered" "outline" "every section and item"
tui_check_stderr "no sanitizer report or error from any TUI run"
