#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A whole inspection through the real TUI in tmux, in Chinese and English at
# 80x24 and 40x15: first-run setup, search by a Chinese address fragment,
# open the household, fill the gas check with a hazard (and see the message
# for an out-of-range pressure as it is typed), sign; then the record is in
# `fieldcheck verify` and `fieldcheck show`, and no screen on the way shows a
# line wider than the pane or a broken character.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

# check_flow LANGVARS COLS ROWS: the flow in one language and size, in a fresh home.
check_flow() {
	env=$1; cols=$2; rows=$3; tag="$cols""x$rows ${4}"
	if [ "$4" = zh ]; then sign_q="现在签名"; else sign_q="Sign this record now"; fi
	export FIELDCHECK_HOME="$T/home-$cols-$4"
	tui_households
	tui_start "$cols" "$rows" $env
	tui_setup "$5" || { fail "$tag: first-run setup screen"; return; }
	tui_expect "$tag: setup leads to the home screen" "$6"
	tui_check_layout "$tag: home screen fits the pane"
	tui_keys /
	tui_wait "$7" || { fail "$tag: search screen"; return; }
	tui_type "新华"
	tui_expect "$tag: search by a Chinese fragment finds the households" "${10}"
	tui_check_layout "$tag: search results fit the pane"
	# A row's due state ends its last line at the pane's edge (wide text
	# measured); a long address wraps onto the next line rather than pushing it
	# off or being cut (tui/screen-search.c).
	if [ "$4" = zh ]; then overdue="逾期" never="从未检查"; else overdue="overdue" never="never checked"; fi
	tui_check_aligned "$tag: the overdue row's state ends at the edge (wide text measured)" \
	    "$overdue" $((cols - 1))
	tui_check_aligned "$tag: the never-checked row's state ends at the edge" \
	    "$never" $((cols - 1))
	if [ "$cols" -eq 40 ]; then
		# 38 columns for the text: 19 wide characters on the first line, never
		# half of one, the rest of the address and the resident on the second.
		tui_has_line "$tag: a long Chinese address wraps whole onto a second line (line 1)" \
		    " 北京市朝阳区新华路12号3单元401室（东侧"
		tui_expect "$tag: a long Chinese address wraps whole onto a second line (line 2)" \
		    " 楼梯上楼右手第一户） 张三 "
	fi
	tui_keys Enter
	tui_expect "$tag: the household opens with its details" "13800000001"
	if [ "$cols" -eq 40 ] && [ "$4" = en ]; then
		# Wrapped at 38 columns: 19 wide characters, never half of one.
		tui_has_line "$tag: the address wraps between characters (line 1)" \
		    " 北京市朝阳区新华路12号3单元401室（东侧"
		tui_has_line "$tag: the address wraps between characters (line 2)" \
		    " 楼梯上楼右手第一户）"
	fi
	tui_check_layout "$tag: household screen fits the pane"
	# f and c are on its key bar; with no record yet they say why they do nothing.
	if [ "$4" = zh ]; then none="该住户尚无记录"; else none="No record of this household yet"; fi
	tui_keys c
	tui_expect "$tag: c with no record says there is none" "$none" 5
	tui_check_layout "$tag: the household with that message fits the pane"
	if tui_gas_check "$8"; then pass "$tag: gas check filled in"; else fail "$tag: gas check filled in"; fi
	tui_check_layout "$tag: form screen fits the pane"
	tui_expect "$tag: review lists the hazard" "G30"
	tui_check_layout "$tag: review screen fits the pane"
	tui_keys F10
	tui_expect "$tag: F10 asks before signing" "$sign_q"
	if tui_screen | grep -qF "$9"; then fail "$tag: nothing is signed before y"; else pass "$tag: nothing is signed before y"; fi
	tui_keys y
	tui_expect "$tag: signing reports the record id" "$9"
	if [ "$4" = zh ]; then open="历史记录（未整改隐患 1 项）"; else open="History (open hazards: 1)"; fi
	tui_expect "$tag: back on the household, its new hazard is counted open" "$open"
	tui_keys Escape
	sleep 0.2
	tui_keys Escape
	tui_wait "$6" >/dev/null
	tui_keys q
	sleep 0.3
	tui_stop
	expect_exit 0 "$tag: fieldcheck verify accepts the signed record" "$FC" verify
	"$FC" list >"$T/list.txt" 2>&1
	id=$(awk '/inspection/ { print $2; exit }' "$T/list.txt")
	if [ -n "$id" ]; then pass "$tag: the record is listed"; else fail "$tag: the record is listed"; fi
	expect_exit 0 "$tag: fieldcheck show finds it" "$FC" show "$id"
	contains "$tag: show names the hazard item" "$T/out" "G30"
	contains "$tag: show keeps the typed Chinese remark" "$T/out" "厨房通风良好"
	"$FC" show --json "$id" >"$T/show.json" 2>&1
	contains "$tag: the corrected pressure is the answer kept" "$T/show.json" '"G43": 2'
	contains "$tag: a full-width ２ is the number 2" "$T/show.json" '"G43a": 2'
}

check_flow "" 80 24 "zh" "首次使用" "今日工作" "查找住户" "G43：燃具前压力应在 0.00 至 10.00 kPa 之间" "已签名" \
    "找到 2 户"
check_flow "LANGUAGE=en" 40 15 "en" "First run" "Today's work" "Find a household" \
    "between 0.00 and 10.00 kPa" "Signed" "2 found"
check_flow "" 40 15 "zh" "首次使用" "今日工作" "查找住户" "燃具前压力应在 0.00 至 10.00" "已签名" \
    "找到 2 户"
check_flow "LANGUAGE=en" 80 24 "en" "First run" "Today's work" "Find a household" \
    "G43: Pressure at the appliance must be between 0.00 and 10.00 kPa" "Signed" "2 found"
tui_check_stderr "no sanitizer report or error from any TUI run"
