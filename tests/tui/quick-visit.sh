#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Quick visits ask what the checklist requires of them, through the real TUI
# at 80x24 and 40x15 in Chinese and English: n on a gas household opens the
# nobody-home items (G80 notice left, G83 phone contact, G88 attempt) and x
# the refusal items (G84 reason, G85 ID shown, G86 witness) -- nothing of an
# inspection; the review refuses to sign while a required one is unanswered;
# the signed visit carries the answers (fieldcheck show --json).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

# visit TAG COLS ROWS ENV SETUP HOME NOTYET SIGNED
visit() {
	tag=$1; cols=$2; rows=$3
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_households
	tui_start "$cols" "$rows" $4
	tui_setup "$5" || { fail "$tag: setup"; return; }
	tui_wait "$6" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type "新华路12"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait "13800000001" >/dev/null
	tui_keys n
	tui_expect "$tag: n opens the nobody-home item G80 (notice left)" "G80"
	if tui_screen | grep -qE "G01|G00 "; then
		fail "$tag: and asks nothing of an inspection"
	else
		pass "$tag: and asks nothing of an inspection"
	fi
	tui_check_layout "$tag: the visit form fits the pane"
	tui_keys F2
	tui_expect "$tag: the review will not sign with G80/G83 unanswered" "$7"
	tui_keys Escape
	tui_wait "G80" >/dev/null
	tui_keys n
	tui_expect "$tag: then G83 (phone contact)" "G83"
	tui_keys y
	tui_wait "G88" >/dev/null || { fail "$tag: G88"; return; }
	tui_type 2; tui_keys Enter
	tui_wait "F10" >/dev/null || { fail "$tag: the review after the last item"; return; }
	tui_keys F10
	tui_wait "y " >/dev/null
	tui_keys y
	tui_expect "$tag: the nobody-home visit is signed" "$8"
	tui_keys x
	tui_expect "$tag: x opens the refusal item G84 (reason)" "G84"
	tui_type "不方便"; tui_keys Enter
	tui_expect "$tag: then G85 (ID shown)" "G85"
	tui_keys y
	tui_expect "$tag: then G86 (witness)" "G86"
	tui_type "物业王"; tui_keys Enter
	tui_wait "F10" >/dev/null || { fail "$tag: review of the refusal"; return; }
	tui_keys F10
	tui_wait "y " >/dev/null
	tui_keys y
	tui_expect "$tag: the refusal is signed" "$8"
	tui_stop
	"$FC" list --json >"$T/list.json" 2>&1
	python3 - "$T/list.json" >"$T/ids" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    print(r.get("id"))
PY
	: >"$T/bodies"
	while read -r id; do "$FC" show --json "$id" >>"$T/bodies" 2>&1; done <"$T/ids"
	contains "$tag: the nobody-home record says the notice was not left" "$T/bodies" '"G80": "no"'
	contains "$tag: and the user was phoned" "$T/bodies" '"G83": "yes"'
	contains "$tag: the refusal keeps its reason" "$T/bodies" '"G84": "不方便"'
	contains "$tag: and the witness" "$T/bodies" '"G86": "物业王"'
	expect_exit 0 "$tag: fieldcheck verify accepts both" "$FC" verify
}

visit zh80 80 24 "" "首次使用" "今日工作" "还不能签名" "已签名"
visit en40 40 15 "LANGUAGE=en" "First run" "Today's work" "Cannot sign yet" "Signed"
visit zh40 40 15 "" "首次使用" "今日工作" "还不能签名" "已签名"
visit en80 80 24 "LANGUAGE=en" "First run" "Today's work" "Cannot sign yet" "Signed"
tui_check_stderr "no sanitizer report or error from any TUI run"
