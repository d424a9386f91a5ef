#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A returned record on the home screen (docs/review.md): a supervisor returns
# a record a real device synced; after the device's next sync the TUI's home
# screen counts one record returned for correction and shows its id and the
# supervisor's comment, in Chinese, and the record's screen who returned it,
# the comment and that a correction is awaited; once the correction is made
# the home line is gone.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"
A="$FC_ROOT/tests/data/answers"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - a return reaches the home screen # skip: no server or test helper built"
	exit 0
fi
cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server || { fail "the server starts"; exit 0; }
enrolled_device "$FIELDCHECK_HOME" ana D1 || fail "a device is enrolled"
dsync "$FIELDCHECK_HOME" >/dev/null
R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
dsync "$FIELDCHECK_HOME" >/dev/null
"$FCS" --db "$DB" review "$R1" returned --comment "燃具位置请复核" --by sup01 >/dev/null
dsync "$FIELDCHECK_HOME" >/dev/null

tui_start 80 24 LANG=zh_CN.UTF-8 LC_ALL=
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_expect "the home screen counts the returned record" "退回待更正              1"
tui_expect "and names it with the supervisor's comment" "退回： $R1: 燃具位置请复核"
tui_check_layout "the home screen with a return fits the pane"
tui_keys r
tui_wait "$R1" >/dev/null
tui_keys Enter
tui_expect "the record screen shows who returned it" "退回： sup01"
tui_expect "  with the comment" "燃具位置请复核"
tui_expect "  and that a correction is awaited" "等待您的更正：按 c"
tui_keys Escape
tui_keys Escape
tui_wait "今日工作" >/dev/null
tui_keys q
sleep 0.3
tui_stop

echo "$PIN" | "$FC" record --corrects "$R1" --answers "$A/gas-major.json" --pin-stdin >/dev/null
tui_start 80 24 LANG=zh_CN.UTF-8 LC_ALL=
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_wait "今日工作" >/dev/null
if tui_screen | grep -q "退回"; then
	fail "after the correction the home screen shows no return"
else
	pass "after the correction the home screen shows no return"
fi
tui_keys q
sleep 0.3
tui_stop
stop_server
tui_check_stderr "no sanitizer report or error from any TUI run"
