#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A follow-up killed before it was signed is offered at the next start as an
# unfinished check is, with its marks, at 40x15 in Chinese and 80x24 in
# English: the marks were kept in the draft, but nothing said so and c
# answered "no unfinished check". Esc on the offer leaves it on the home
# screen, where c opens it. At 40x15, where one hazard fits, the others are
# counted.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

A="$FC_ROOT/tests/data/answers"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"

# resume TAG COLS ROWS ENV HOME FOLLOW-UP-TITLE OFFER UNFINISHED RESUMED MARKED
resume() {
	tag=$1; cols=$2; rows=$3; env=$4
	export FIELDCHECK_HOME="$T/home-$tag"
	printf '258036\n' | "$FC" init --inspector T01 --name 张检查 --kdf 1:8 --pin-stdin \
	    >/dev/null 2>&1 || fail "$tag: init"
	tui_households
	printf '258036\n' | "$FC" record --template gas --household H001 \
	    --answers "$T/major.json" --pin-stdin >/dev/null 2>&1 || fail "$tag: a record with hazards"
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "$5" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type "新华路12"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait 13800000001 >/dev/null
	tui_keys f
	tui_wait "$6" >/dev/null || { fail "$tag: the follow-up opens"; return; }
	if [ "$cols" -lt 60 ]; then
		# One hazard fits at 40x15: the others are counted.
		tui_expect "$tag: the hazards out of sight are counted" "项（按 下）"
	fi
	tui_keys y
	tui_wait "${10}" >/dev/null || { fail "$tag: a hazard marked rectified"; return; }
	pid=$(tui_pid)
	if [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; then
		pass "$tag: the TUI killed mid follow-up"
	else
		fail "$tag: the TUI killed mid follow-up"
	fi
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_expect "$tag: the next start offers the unsigned follow-up" "$7"
	tui_expect "$tag: naming its household" "H001"
	tui_check_layout "$tag: the offer fits the pane"
	tui_keys Escape
	tui_expect "$tag: later: the home screen still names it" "$8"
	tui_keys c
	tui_expect "$tag: c opens it" "$9"
	tui_expect "$tag: with the mark kept" "${10}"
	tui_check_layout "$tag: the follow-up fits the pane"
	tui_stop
}

resume zh40 40 15 "" "今日工作" "复查" "(复查)" "未完成（c）" "继续未签名的复查" "已整改 1，"
resume en80 80 24 "LANGUAGE=en" "Today's work" "Follow-up" "(follow-up)" "Unfinished (c)" \
    "Resuming an unsigned follow-up" "1 rectified,"
tui_check_stderr "no sanitizer report"
