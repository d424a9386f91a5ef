#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What a 40x15 handheld hid without a word, in Chinese and English:
#  - a choice with more options than lines (S03 structure type, nine) says
#    how many are out of sight and which key shows them, and Down reaches
#    the last; at 80x24, where all fit, nothing is said;
#  - a question longer than two lines (S44) is whole when there are lines
#    to spare (it stopped at "storey" / "（选", read as whole), and the
#    outline, which keeps two lines a row, ends the row in "…";
#  - a photo item (S63) with more new shots than lines counts the rest, and
#    the section's name gives way to a shot;
#  - the home screen names the unfinished check waiting for c (the counts
#    filled the screen and the line never showed).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

cat >"$T/sb.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
S001,朝阳,朝阳区花园街115号附9号,赵鑫,13900000001,selfbuilt,2024-01-01
CSV

# small TAG COLS ROWS ENV MORE-BELOW MORE-ABOVE LAST-OPTION QUESTION-END UNFINISHED HOME SHOTS
small() {
	tag=$1; cols=$2; rows=$3; env=$4
	export FIELDCHECK_HOME="$T/home-$tag"
	printf '258036\n' | "$FC" init --inspector T01 --name 张检查 --kdf 1:8 --pin-stdin \
	    >/dev/null 2>&1 || fail "$tag: init"
	"$FC" households import "$T/sb.csv" >/dev/null || fail "$tag: import"
	cam="$T/cam-$tag"
	mkdir -p "$cam"
	"$FC" config camera-dir "$cam" >/dev/null || fail "$tag: config camera-dir"
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "${10}" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type S001
	tui_wait "赵鑫" >/dev/null
	tui_keys Enter
	tui_wait 13900000001 >/dev/null
	tui_keys i
	tui_wait S01 >/dev/null || { fail "$tag: the self-built form opens"; return; }
	# Five shots taken once the check is open: the photo item S63 lists them.
	for i in 1 2 3 4 5; do head -c 2000 /dev/urandom >"$cam/IMG_000$i.jpg"; done
	tui_type 3; tui_keys Enter
	tui_wait S02 >/dev/null
	tui_type 0; tui_keys Enter
	tui_wait S47h >/dev/null
	tui_keys 2
	tui_wait S03 >/dev/null || { fail "$tag: S03"; return; }
	if [ "$cols" -lt 60 ]; then
		tui_expect "$tag: S03 counts the options out of sight" "$5"
		tui_check_layout "$tag: S03 fits the pane"
		tui_keys Down Down Down Down Down Down Down Down Down
		tui_expect "$tag: Down reaches the last option" "$7"
		tui_expect "$tag: and counts those now above" "$6"
		tui_check_layout "$tag: S03 scrolled fits the pane"
	else
		tui_wait "$7" >/dev/null
		if tui_screen | grep -qF -- "$5"; then
			fail "$tag: every option shows, no count of hidden ones"
		else
			pass "$tag: every option shows, no count of hidden ones"
		fi
	fi
	# Sections: legal, site, upper, business; S44 is the last of upper.
	tui_keys NPage NPage NPage NPage
	tui_wait S50 >/dev/null
	tui_keys BTab
	tui_wait S44 >/dev/null || { fail "$tag: S44"; return; }
	tui_expect "$tag: the long question S44 is whole" "$8"
	# In Chinese its end, "（选填）", wraps: the last line is "填）".
	[ "$tag" != zh40 ] || tui_has_line "$tag: S44 ends on its own line" " 填）"
	tui_check_layout "$tag: S44 fits the pane"
	if [ "$tag" = en40 ]; then
		# The outline keeps two lines a row: a longer one says it is cut.
		tui_keys F3
		tui_wait "Outline" >/dev/null
		tui_expect "$tag: the outline's S44 row ends in …" "members counted storey…"
		tui_keys Escape
		tui_wait S44 >/dev/null
	fi
	# Conclusion: S60, S61, S62, S63 (photos).
	tui_keys NPage NPage
	tui_wait S60 >/dev/null
	tui_keys Tab Tab Tab
	tui_wait S63 >/dev/null || { fail "$tag: S63"; return; }
	tui_wait "] IMG_000" >/dev/null
	shots=$(tui_screen | grep -c "\[ \] IMG_000")
	if [ "$cols" -lt 60 ]; then
		tui_expect "$tag: S63 counts the shots out of sight" "$5"
		# The section's name gives way to the shots, as to options.
		[ "$shots" -ge "${11}" ] && pass "$tag: S63 lists $shots shots" ||
			fail "$tag: S63 lists at least ${11} shots" "$shots"
	else
		[ "$shots" -eq 5 ] && pass "$tag: S63 lists all five shots" ||
			fail "$tag: S63 lists all five shots" "$shots"
	fi
	tui_check_layout "$tag: S63 fits the pane"
	tui_keys Escape
	tui_wait 13900000001 >/dev/null
	tui_keys Escape
	tui_wait "赵鑫" >/dev/null
	tui_keys Escape
	tui_wait "${10}" >/dev/null
	tui_expect "$tag: home names the unfinished check" "$9"
	tui_check_layout "$tag: home fits the pane"
	tui_stop
}

small zh40 40 15 "" "项（按 下）" "项（按 上）" "9 ( ) 混合/其他" \
    "作正式定级（选" "未完成（c）" "今日工作" 3
small en40 40 15 "LANGUAGE=en" "more below (Down)" "more above (Up)" "9 ( ) mixed or other" \
    "(optional)" "Unfinished (c)" "Today's work" 2
small en80 80 24 "LANGUAGE=en" "more below" "more above" "9 ( ) mixed or other" \
    "(optional)" "Unfinished (c)" "Today's work" 5
tui_check_stderr "no sanitizer report"
