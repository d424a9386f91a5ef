#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sync and the supervisors' summary from the home screen, against a real
# fieldcheck-server on 127.0.0.1: 's' sends the unsynced records and the
# marks disappear; 'u' shows the summary to a supervisor and a plain
# inspector is told it is not for them. Sync runs beside the screen: with
# the server stopped (SIGSTOP) the screen answers keys and Esc stops it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - the TUI syncs # skip: no server or test helper built"
	exit 0
fi
start_server || { fail "the server starts"; exit 0; }
enrolled_device "$FIELDCHECK_HOME" S01 朝阳 supervisor || fail "a supervisor's device is enrolled"
add "$FIELDCHECK_HOME" 2
# One inspection with hazards, so the summary has severities to name.
tui_households
A="$FC_ROOT/tests/data/answers"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"
echo "$PIN" | "$FC" record --template gas --household H001 --answers "$T/major.json" \
    --pin-stdin >/dev/null 2>"$T/rec.err" || fail "an inspection with hazards" "$(cat "$T/rec.err")"

tui_start 80 24
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_expect "the home screen counts 3 records not synced" "未同步记录              3"
tui_expect "a supervisor is offered the summary" "u：督查汇总"
tui_keys s
tui_expect "s syncs and says what was sent" "同步完成：上传 3 条记录"
tui_expect "nothing is left unsynced" "未同步记录              0"
tui_check_layout "the home screen after sync fits the pane"
tui_keys u
tui_expect "u shows the summary by district" "汇总（按区域）"
tui_expect "with the records the server holds" "服务器持有 3 条"
tui_screen >"$T/summary.txt"
contains "the summary counts hazards by severity" "$T/summary.txt" "重大隐患"
if grep -qiE "major|moderate|ordinary" "$T/summary.txt"; then fail "severities are named in Chinese" "$(grep -iE "major|moderate|ordinary" "$T/summary.txt")"; else pass "severities are named in Chinese"; fi
tui_keys b
tui_expect "b regroups it by inspector" "汇总（按检查员）"
tui_check_layout "the summary fits the pane"
tui_keys Escape
tui_wait "今日工作" >/dev/null

# A hung server (SIGSTOP): the sync runs beside the screen, which keeps
# answering keys; Esc stops it and nothing is lost; the next sync sends it.
add "$FIELDCHECK_HOME" 1
kill -STOP "$SERVER_PID"
fc_on_exit "kill -CONT $SERVER_PID 2>/dev/null"
tui_keys s
tui_expect "with the server hung, the title bar says a sync is running" "同步中"
tui_keys r
tui_expect "the screen still answers: r opens the records while it runs" "共 4 条记录"
tui_expect "the title bar still shows the sync there" "同步中"
tui_keys Escape
tui_wait "今日工作" >/dev/null
tui_keys Escape
tui_expect "Esc stops the sync, in Chinese" "同步已停止"
tui_expect "the record still waits" "未同步记录              1"
kill -CONT "$SERVER_PID"
tui_keys s
tui_expect "the next sync sends it" "同步完成：上传 1 条记录"
tui_expect "and nothing waits" "未同步记录              0"
tui_keys q
sleep 0.3
tui_stop

export FIELDCHECK_HOME="$T/home2"
enrolled_device "$FIELDCHECK_HOME" I02 朝阳 || fail "an inspector's device is enrolled"
tui_start 40 15
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_wait "今日工作" >/dev/null
tui_keys u
tui_expect "an inspector is told the summary is for supervisors" "汇总仅供督查人员使用"
tui_keys q
sleep 0.3
tui_stop
tui_check_stderr "no sanitizer report or error from any TUI run"
