#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sync by itself, with backoff, against a real fieldcheck-server on
# 127.0.0.1. Records signed while the server is down (not running) wait; the
# title bar says the device is offline and when it tries again, the screen
# keeps answering keys, and once the server is back the records reach it
# without a key pressed. With the server hung (SIGSTOP) a try runs beside the
# screen, Esc stops it, and after the server goes on the next try sends them.
# FIELDCHECK_SYNC_RETRY=1,3 makes the waits 1 s, 2 s, 3 s (tests only); no
# assertion is on time: each waits for a state, generously.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - the TUI syncs by itself # skip: no server or test helper built"
	exit 0
fi

# The same server again, on the same port (the device knows only that URL).
restart_server() {
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>>"$T/server.log" &
	SERVER_PID=$!
	fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	wait_port "$PORT"
}

# server_has N: until the server holds N records (at most ~3 minutes).
server_has() {
	i=0
	while [ $i -lt 360 ]; do
		[ "$(server_count records)" = "$1" ] && return 0
		sleep 0.5
		i=$((i + 1))
	done
	echo "#   the server holds $(server_count records) records, not $1"
	tui_screen | sed 's/^/#   | /'
	return 1
}

start_server || { fail "the server starts"; exit 0; }
enrolled_device "$FIELDCHECK_HOME" I01 朝阳 || fail "a device is enrolled"
stop_server

# Chinese, 80x24: the server is not running at all.
tui_start 80 24 FIELDCHECK_SYNC_RETRY=1,3
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_expect "the home screen opens" "今日工作"
if tui_screen | grep -qF "后同步"; then fail "with nothing waiting no sync is announced"; else pass "with nothing waiting no sync is announced"; fi
add "$FIELDCHECK_HOME" 2
tui_expect "records signed meanwhile: a try fails and the title bar says when the next is" \
    "后重试" 60
tui_keys r
tui_expect "the screen answers keys meanwhile: r opens the records" "共 2 条记录"
tui_keys Escape
tui_expect "back on the home screen" "今日工作"
tui_expect "the next try is still announced, again and again" "离线" 60
restart_server || fail "the server starts again"
if server_has 2; then pass "once the server is back the records reach it without a key"; else fail "once the server is back the records reach it without a key"; fi
tui_expect "the home screen shows nothing waiting" "未同步记录              0" 60
if tui_screen | grep -qF "后重试"; then fail "no try is announced once all is sent"; else pass "no try is announced once all is sent"; fi
tui_check_layout "the home screen fits the pane"
tui_keys q
sleep 0.3
tui_stop

# English, 40x15: the server hangs (SIGSTOP); Esc stops the try.
tui_start 40 15 LANGUAGE=en FIELDCHECK_SYNC_RETRY=1,3
tui_wait "PIN" >/dev/null
tui_type "$PIN"; tui_keys Enter
tui_expect "en: the home screen opens" "Today's work"
kill -STOP "$SERVER_PID"
fc_on_exit "kill -CONT $SERVER_PID 2>/dev/null"
add "$FIELDCHECK_HOME" 1
tui_expect "en: a record waits: a sync starts by itself, in the title bar" "Syncing" 60
tui_check_layout "en: the title bar fits 40 columns"
tui_keys r
tui_expect "en: the screen answers keys while the try hangs" "3 records"
tui_keys Escape
tui_expect "en: back on the home screen" "Today's work"
tui_wait "Syncing" 60 >/dev/null
tui_keys Escape
tui_expect "en: Esc stops the running try" "Sync stopped"
kill -CONT "$SERVER_PID"
if server_has 3; then pass "en: after the server goes on, a later try sends the record without a key"; else fail "en: after the server goes on, a later try sends the record without a key"; fi
tui_keys q
sleep 0.3
tui_stop
n=$(unsynced "$FIELDCHECK_HOME")
if [ "$n" = 0 ]; then pass "the device marks every record synced"; else fail "the device marks every record synced" "$n still unsynced"; fi
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
