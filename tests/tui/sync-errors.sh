#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sync and enrolment errors in the TUI, at 80x24 and 40x15, in Chinese and
# English, against a real fieldcheck-server on 127.0.0.1: a closed port
# (connection refused), the server hung (SIGSTOP: no answer within the
# device's sync-timeout, 3 s here) and a wrong enrolment code (the server's
# refusal, in the device's language). Each
# message is on the screen whole (wrapped over as many lines as it needs,
# never cut with "…"), in the screen's language with no English prefix, the
# screen fits the pane, the key bar still shows a way out, and the screen
# still answers keys. No assertion is on time: each waits for a state.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - sync errors in the TUI # skip: no server or test helper built"
	exit 0
fi

# whole DESC TEXT: TEXT is on the screen, whole; blanks are left out on both
# sides, since a wrapped line starts at a word or character, not a blank.
whole() {
	tui_screen >"$T/whole.txt"
	if python3 - "$T/whole.txt" "$2" <<'PY'
import sys
screen = "".join(open(sys.argv[1], encoding="utf-8").read().split())
want = "".join(sys.argv[2].split())
sys.exit(0 if want in screen else 1)
PY
	then
		pass "$1"
	else
		fail "$1" "not whole on screen: $2"
		sed 's/^/#   | /' "$T/whole.txt"
	fi
}

# way_out DESC: the key bar (the last three lines) names q or Esc.
way_out() {
	if tui_screen | tail -n 3 | grep -qE '(^| )(q|Esc) '; then
		pass "$1"
	else
		fail "$1"
		tui_screen | sed 's/^/#   | /'
	fi
}

# no_prefix DESC: the Chinese screen has no "enroll:"/"sync:" prefix.
no_prefix() {
	if tui_screen | grep -qiE 'enrol+:|sync:|failed|refused'; then
		fail "$1"
		tui_screen | sed 's/^/#   | /'
	else
		pass "$1"
	fi
}

# unlock TAG: the PIN, then the home screen.
unlock() {
	tui_wait "PIN" >/dev/null || return 1
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$HOME_TEXT" >/dev/null
}

start_server || { fail "the server starts"; exit 0; }
CLOSED=$(free_port)
export FIELDCHECK_HOME="$T/dev"
enrolled_device "$FIELDCHECK_HOME" I01 朝阳 || fail "a device is enrolled"
# The hung server is given up on after 3 s (config sync-timeout), not 30.
expect_exit 0 "the device waits 3 s for a silent server" "$FC" config sync-timeout 3

# flow TAG COLS ROWS ENV HOME SYNC_FAILED NOT_ENROLLED CLOSED NO_ANSWER WRONG_CODE RECORDS
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; HOME_TEXT=$5; failed=$6; notenr=$7
	shift 7
	closed=$1; silent=$2; wrong=$3; records=$4

	# A closed port: the device's server points where nothing listens.
	sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "UPDATE settings SET value = 'http://127.0.0.1:$CLOSED' WHERE key = 'sync.server'"
	tui_start "$cols" "$rows" $env
	unlock || { fail "$tag: unlock"; return; }
	tui_keys s
	tui_wait "$failed" 60 >/dev/null
	whole "$tag: connection refused: the whole message" "$closed"
	tui_check_layout "$tag: connection refused: the screen fits the pane"
	way_out "$tag: connection refused: the key bar shows a way out"
	[ "$tag" = "${tag#zh}" ] || no_prefix "$tag: connection refused: no English"
	tui_keys r
	tui_expect "$tag: the screen still answers keys" "$records"
	tui_keys Escape
	tui_wait "$HOME_TEXT" >/dev/null

	# The real server, hung: connected, but no answer comes.
	sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "UPDATE settings SET value = '$URL' WHERE key = 'sync.server'"
	kill -STOP "$SERVER_PID"
	tui_keys s
	tui_wait "$failed" 120 >/dev/null
	kill -CONT "$SERVER_PID"
	whole "$tag: no answer in time: the whole message" "$silent"
	tui_check_layout "$tag: no answer in time: the screen fits the pane"
	way_out "$tag: no answer in time: the key bar shows a way out"
	[ "$tag" = "${tag#zh}" ] || no_prefix "$tag: no answer in time: no English"
	tui_keys q
	sleep 0.3
	tui_stop

	# A fresh device, a code nobody issued.
	FIELDCHECK_HOME="$T/fresh-$tag"
	new_device "$FIELDCHECK_HOME" I02 || fail "$tag: a fresh device"
	tui_start "$cols" "$rows" $env
	unlock || { fail "$tag: unlock the fresh device"; return; }
	tui_keys e
	tui_wait "PIN" >/dev/null
	tui_type "$URL"; tui_keys Enter
	tui_type "WRONG-CODE-1"; tui_keys Enter Enter Enter
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$notenr" 60 >/dev/null
	whole "$tag: a wrong code: the server's whole refusal" "$wrong"
	tui_check_layout "$tag: a wrong code: the screen fits the pane"
	way_out "$tag: a wrong code: the key bar shows a way out"
	[ "$tag" = "${tag#zh}" ] || no_prefix "$tag: a wrong code: no English"
	tui_keys Escape
	tui_expect "$tag: Esc leaves the enrolment screen" "$HOME_TEXT"
	tui_keys q
	sleep 0.3
	tui_stop
	FIELDCHECK_HOME="$T/dev"
}

ZH_CLOSED="同步失败：无法连接 http://127.0.0.1:$CLOSED：连接被拒绝；记录已保留，下次同步时发送"
ZH_SILENT="同步失败：无法连接 $URL：服务器 3 秒内未应答；记录已保留，下次同步时发送"
ZH_WRONG="未能登记：服务器拒绝（HTTP 403）：登记码无效；请核对，或向管理员索取新的登记码"
EN_CLOSED="Sync failed: cannot reach http://127.0.0.1:$CLOSED: connection refused; records are kept and will go next time"
EN_SILENT="Sync failed: cannot reach $URL: no answer within 3 s; records are kept and will go next time"
EN_WRONG="Not enrolled: server refused (HTTP 403): unknown enrolment code; check it or ask the administrator for a new one"

flow zh40 40 15 "" "今日工作" "同步失败" "未能登记" "$ZH_CLOSED" "$ZH_SILENT" "$ZH_WRONG" "共 0 条记录"
flow en40 40 15 "LANGUAGE=en" "Today's work" "Sync failed" "Not enrolled" "$EN_CLOSED" "$EN_SILENT" "$EN_WRONG" "0 records"
flow zh80 80 24 "" "今日工作" "同步失败" "未能登记" "$ZH_CLOSED" "$ZH_SILENT" "$ZH_WRONG" "共 0 条记录"
flow en80 80 24 "LANGUAGE=en" "Today's work" "Sync failed" "Not enrolled" "$EN_CLOSED" "$EN_SILENT" "$EN_WRONG" "0 records"
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
