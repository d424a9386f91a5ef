#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Enrolment from the TUI never blocks, against a real fieldcheck-server on
# 127.0.0.1 that is SIGSTOPped (it accepts the connection and never answers),
# at 80x24 and 40x15, in Chinese and English: while the enrolment waits the
# screen says so ("正在登记…") and answers keys (? opens the help, a typed
# letter is answered at once and not typed into a field later); Esc stops it
# and says the device is not enrolled, and it is not; once the server runs
# again (SIGCONT) Enter tries again with the same code and enrols. No
# assertion is on time: each step waits for a state, and the stopped server
# holds the enrolment for as long as the steps take.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - enrolment beside the screen # skip: no server or test helper built"
	exit 0
fi
start_server || { fail "the server starts"; exit 0; }

device_setting() {
	sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT value FROM settings WHERE key = '$1'" 2>/dev/null
}

# flow TAG COLS ROWS ENV HOME BUSY STILL HELP STOPPED ENROLLED
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; home=$5; busy=$6; still=$7; help=$8; stopped=$9
	shift 9
	enrolled=$1
	export FIELDCHECK_HOME="$T/dev-$tag"
	new_device "$FIELDCHECK_HOME" "I$tag" || { fail "$tag: a fresh device"; return; }
	c=$(code "I$tag" 朝阳) || { fail "$tag: an enrolment code"; return; }
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null || { fail "$tag: unlock screen"; return; }
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	tui_keys e
	tui_wait PIN >/dev/null || { fail "$tag: enrolment screen"; return; }

	kill -STOP "$SERVER_PID"
	tui_type "$URL"; tui_keys Enter
	tui_type "$c"; tui_keys Enter Enter Enter
	tui_type "$PIN"; tui_keys Enter
	tui_expect "$tag: while the server is silent the screen says it is enrolling" "$busy"
	tui_check_layout "$tag: enrolling: the screen fits the pane"
	tui_keys '?'
	tui_expect "$tag: and answers a key: ? opens the help" "$help"
	tui_check_layout "$tag: the help fits the pane"
	tui_keys Escape
	tui_expect "$tag: Esc closes the help; the enrolment still runs" "$busy"
	tui_keys x
	tui_expect "$tag: a letter typed meanwhile is answered at once" "$still"
	tui_keys Escape
	tui_expect "$tag: Esc stops the enrolment, saying the device is not enrolled" "$stopped"
	tui_check_layout "$tag: stopped: the screen fits the pane"
	if [ -z "$(device_setting sync.server)" ]; then
		pass "$tag: a stopped enrolment remembers no server"
	else
		fail "$tag: a stopped enrolment remembers no server"
	fi
	if tui_screen | grep -qF "${c}x"; then
		fail "$tag: the letter typed while enrolling was not typed into the code"
	else
		pass "$tag: the letter typed while enrolling was not typed into the code"
	fi

	kill -CONT "$SERVER_PID"
	tui_type "$PIN"; tui_keys Enter
	tui_expect "$tag: once the server answers, a retry with the same code enrols" "$enrolled" 30
	if [ "$(device_setting sync.server)" = "$URL" ]; then
		pass "$tag: the device remembers the server"
	else
		fail "$tag: the device remembers the server"
	fi
	tui_keys q
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" "今日工作" "正在登记…" "仍在登记" "帮助：按键" "登记已停止" \
    "已在 $URL 登记"
flow zh40 40 15 "" "今日工作" "正在登记…" "仍在登记" "帮助：按键" "登记已停止" "已在 "
flow en80 80 24 "LANGUAGE=en" "Today's work" "Enrolling…" "Enrolling; Esc" "Help: keys" \
    "Enrolment stopped" "Enrolled with $URL"
flow en40 40 15 "LANGUAGE=en" "Today's work" "Enrolling…" "Enrolling; Esc" "Help: keys" \
    "Enrolment stopped" "Enrolled with"
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
