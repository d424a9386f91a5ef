#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Long messages on every screen at 40x15, in Chinese and English: each is
# wrapped whole within the 40 columns (every word of it on the screen, no
# line wider than the pane, no U+FFFD, no "…" in it).
#
# The causes are real. A sync's failure is shown on whatever screen is on
# top when it ends: a server on 127.0.0.1 (a few lines of Python) holds the
# connection until the test opens its gate, then drops it, so the sync
# started on home ends while records, hazards, the route, search, a
# household, a form or the help is on top, each with the whole "cannot
# reach ...: the connection was cut ..." message. A wrong PIN on the unlock
# screen, Enter on a choice with nothing chosen in a form (its own message
# under the answer), and a refused enrolment code (tests/tui/sync-errors.sh) are the
# others. No assertion is on time: each step waits for a state.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

PIN=258036
GPORT=$(free_port)
python3 - "$GPORT" "$T/gate" >"$T/gate.log" 2>&1 <<'PY' &
# Accept, wait until the gate file for this connection exists, then drop it.
import os, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
n = 0
while True:
    c, _ = s.accept()
    n += 1
    open(sys.argv[2] + ".seen", "w").write(str(n))
    while not os.path.exists("%s.%d" % (sys.argv[2], n)):
        time.sleep(0.02)
    c.close()
PY
GATE_PID=$!
fc_on_exit 'kill $GATE_PID 2>/dev/null'
GURL="http://127.0.0.1:$GPORT"
CONN=0

# whole DESC TEXT: TEXT on the screen, perhaps over several lines (blanks
# left out on both sides), waited for; then the pane's layout.
whole() {
	i=0
	while [ $i -lt 300 ]; do
		tui_screen >"$T/whole.txt"
		if python3 - "$T/whole.txt" "$2" <<'PY'
import sys
screen = "".join(open(sys.argv[1], encoding="utf-8").read().split())
sys.exit(0 if "".join(sys.argv[2].split()) in screen else 1)
PY
		then
			pass "$1: the whole message"
			tui_check_layout "$1: within 40 columns"
			# From the message's first line down: no "…" (a list above
			# may cut its own rows; that is not the message).
			if python3 - "$T/whole.txt" "$2" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = [i for i, l in enumerate(lines) if sys.argv[2][:4] in l]
sys.exit(0 if start and any("…" in l for l in lines[start[0]:]) else 1)
PY
			then
				fail "$1: nothing cut with …" "$(grep '…' "$T/whole.txt")"
			else
				pass "$1: nothing cut with …"
			fi
			return
		fi
		sleep 0.1; i=$((i + 1))
	done
	fail "$1: the whole message" "not on screen: $2"
	sed 's/^/#   | /' "$T/whole.txt"
}

# cut_on DESC KEYS... : s on home, KEYS to reach a screen, then the server
# drops the connection: the failure is shown on that screen.
cut_on() {
	desc=$1; shift
	tui_wait "$home" >/dev/null
	tui_keys s
	CONN=$((CONN + 1))
	i=0
	while [ "$(cat "$T/gate.seen" 2>/dev/null)" != "$CONN" ] && [ $i -lt 300 ]; do
		sleep 0.05; i=$((i + 1))
	done
	for k in "$@"; do
		case $k in
		wait:*) tui_wait "${k#wait:}" >/dev/null ;;
		*) tui_keys "$k" ;;
		esac
	done
	touch "$T/gate.$CONN"
	whole "$tag: $desc" "$failed"
}

flow() {
	tag=$1; env=$2; home=$3; failed=$4; wrongpin=$5; first=$6; nothing=$7
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_households
	tui_start 40 15 $env
	tui_setup "$first" || { fail "$tag: set-up"; return; }
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	# Enrolled with the gate server, as an enrolment would leave it.
	sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "INSERT OR REPLACE INTO settings (key, value) VALUES ('sync.server', '$GURL')"
	cut_on "home" wait:"$home"
	tui_keys Escape
	cut_on "records" r
	tui_keys Escape Escape
	cut_on "hazards" h
	tui_keys Escape Escape
	cut_on "route" d
	tui_keys Escape Escape
	cut_on "search" / wait:"/" 新华
	tui_keys Escape Escape
	cut_on "household" / 新华 wait:张三 Enter wait:13800000001
	tui_keys Escape Escape Escape
	cut_on "help" F1
	tui_keys Escape Escape
	cut_on "form" / 新华 wait:张三 Enter wait:13800000001 i wait:G00
	# The form's own message under the answer: Enter with nothing chosen.
	tui_keys Enter
	whole "$tag: form, Enter on a choice with nothing chosen" "$nothing"
	tui_keys Escape
	sleep 0.3
	tui_keys C-c
	sleep 0.3
	tui_start 40 15 $env
	tui_wait PIN >/dev/null
	tui_type 000000; tui_keys Enter
	whole "$tag: unlock, a wrong PIN" "$wrongpin"
	tui_keys C-c
	sleep 0.3
	tui_stop
}

ZH_CUT="! 同步失败：无法连接 $GURL：应答到达前连接已中断；记录已保留，下次同步时发送"
EN_CUT="! Sync failed: cannot reach $GURL: the connection was cut before the answer came; records are kept and will go next time"
flow zh "" "今日工作" "$ZH_CUT" "PIN 已连续错误 1 次；再错 2 次将锁定" "首次使用" \
    "尚未选择：输入选项编号，或用 上/下 移动后按 Enter（Tab 跳过）"
flow en "LANGUAGE=en" "Today's work" "$EN_CUT" "Wrong PIN 1 time(s) in a row; 2 more before a lockout" "First run" \
    "Nothing chosen: type an option's number or move with Up/Down, then Enter (Tab skips)"
tui_check_stderr "no sanitizer report or error from any TUI run"
