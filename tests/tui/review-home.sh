#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The review round trip with the inspector in the TUI (docs/review.md): a
# supervisor returns a record a real device synced, from the console's API
# (logged in, with its CSRF token); the TUI's own sync ('s') brings the
# return; the home screen counts one record returned for correction and
# shows its id and the supervisor's comment, in Chinese, and the record's
# screen who returned it, the comment and that a correction is awaited; 'c'
# there opens the correction from the record's answers, which is signed
# (F2, F10, y) and sent by the next 's'; the home line is gone, and the
# console's reviews say the return is answered by that correction and
# nothing waits.
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
PW='correct horse battery'
printf '%s\n' "$PW" | "$FCS" --db "$DB" user add sup01 --role supervisor --districts D1 \
    --password-stdin >/dev/null 2>&1
start_server || { fail "the server starts"; exit 0; }
enrolled_device "$FIELDCHECK_HOME" ana D1 || fail "a device is enrolled"
dsync "$FIELDCHECK_HOME" >/dev/null
R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
dsync "$FIELDCHECK_HOME" >/dev/null

# console PATH [CURL ARGS...]: the console's API as sup01; body in $T/b, status printed.
console() {
	p=$1
	shift
	curl -s -o "$T/b" -w '%{http_code}' -b "$T/jar" -H "X-CSRF-Token: $CSRF" \
	    -H 'Content-Type: application/json' "$@" "$URL/console/api/$p"
}
CSRF=
ok "the supervisor logs in to the console" test "$(console login -c "$T/jar" \
    -d "{\"name\":\"sup01\",\"password\":\"$PW\"}")" = 200
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$T/b")
ok "and returns the record with a comment" test "$(console review \
    -d "{\"record\":\"$R1\",\"state\":\"returned\",\"comment\":\"燃具位置请复核\"}")" = 200

tui_start 80 24 LANG=zh_CN.UTF-8 LC_ALL=
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_wait "今日工作" >/dev/null
tui_keys s
tui_expect "the TUI's sync brings the return" "同步完成"
tui_expect "the home screen counts the returned record" "退回待更正              1"
tui_expect "and names it with the supervisor's comment" "退回： $R1: 燃具位置请复核"
tui_check_layout "the home screen with a return fits the pane"
tui_keys r
tui_wait " H1 " >/dev/null
tui_keys Enter
tui_expect "the record screen shows who returned it" "退回： sup01"
tui_expect "  with the comment" "燃具位置请复核"
tui_expect "  and that a correction is awaited" "等待您的更正：按 c"
tui_keys c
tui_expect "c opens the correction" "更正"
tui_expect "  from the record's answers" "已答"
tui_keys F2
tui_wait "审核并签名" >/dev/null
tui_keys F10
tui_wait "现在签名" >/dev/null
tui_keys y
tui_expect "the correction is signed" "已签名"
tui_keys Escape
sleep 0.2
tui_keys Escape
sleep 0.2
tui_keys Escape
tui_wait "今日工作" >/dev/null
tui_keys s
tui_expect "the next sync sends it" "同步完成：上传 1 条记录"
tui_wait "未同步记录              0" >/dev/null
if tui_screen | grep -q "退回"; then
	fail "after the correction the home screen shows no return" "$(tui_screen)"
else
	pass "after the correction the home screen shows no return"
fi
tui_keys q
sleep 0.3
tui_stop

C1=$("$FC" list --json | python3 -c '
import json, sys
print([r["corrected_by"] for r in json.load(sys.stdin) if r["id"] == sys.argv[1]][0])' "$R1" 2>/dev/null)
ok "the device holds a correction of the returned record ($C1)" test -n "$C1"
ok "the console's reviews of the record" test "$(console "reviews?record=$R1" -X GET)" = 200
contains "  say the return is answered by the TUI's correction" "$T/b" "\"answered_by\":\"$C1\""
ok "  and no return waits any more" test "$(console "reviews?state=waiting" -X GET)" = 200
contains "  (the waiting list is empty)" "$T/b" '"reviews":[]'
stop_server
tui_check_stderr "no sanitizer report or error from any TUI run"
