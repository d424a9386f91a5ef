#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A device with no households, and the PIN screen, through the real TUI at
# 80x24 and 40x15 in Chinese and English, against a real fieldcheck-server
# on 127.0.0.1. A fresh device's home says where households come from
# (enrol, then sync); once enrolled it says to sync, and a sync that brings
# the district's households takes the hint away. The unlock screen says how
# to quit, counts the tries left after a wrong PIN, and shows "unlocking…"
# while Argon2id runs (read from everything the TUI wrote to the terminal,
# tmux pipe-pane, since the next frame replaces it); Esc there quits.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ]; then
	echo "ok - the empty home and the unlock screen # skip: no server built"
	exit 0
fi
start_server || { fail "the server starts"; exit 0; }
# The district's registry on the server, for the sync to bring.
cat >"$T/server-households.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H101,朝阳,朝阳区光华路8号,王五,13800000101,residential,
CSV

# not_on_screen DESC TEXT
not_on_screen() {
	if tui_screen | grep -qF -- "$2"; then
		fail "$1" "the screen shows: $2"
	else
		pass "$1"
	fi
}

# flow TAG COLS ROWS ENV FIRST HOME EMPTY SYNC QUIT TRIES UNLOCKING DONE ENROL
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; first=$5; home=$6; empty=$7; hint_sync=$8
	shift 8
	quit=$1; tries=$2; unlocking=$3; done_text=$4; enrol=$5
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_start "$cols" "$rows" $env
	tui_setup "$first" || { fail "$tag: set-up"; return; }
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	tui_expect "$tag: a fresh device's home says it has no households" "$empty"
	tui_expect "$tag: and that they come after enrolling (e)" "$enrol"
	tui_check_layout "$tag: the empty home with its hint fits the pane"
	tui_keys q
	sleep 0.3
	tui_stop

	c=$(code T01 朝阳) || { fail "$tag: an enrolment code"; return; }
	echo 258036 | "$FC" enroll "$URL" "$c" --pin-stdin >"$T/enroll.out" 2>&1 ||
	    { fail "$tag: the device enrols" "$(cat "$T/enroll.out")"; return; }

	tui_start "$cols" "$rows" $env
	rm -f "$T/pipe-$tag"
	tmx pipe-pane -o -t fc "cat >>'$T/pipe-$tag'"
	tui_wait "PIN" >/dev/null || { fail "$tag: the unlock screen"; return; }
	tui_expect "$tag: the unlock screen says how to quit" "$quit"
	tui_check_layout "$tag: the unlock screen fits the pane"
	tui_type 000000; tui_keys Enter
	tui_expect "$tag: a wrong PIN says how many tries are left" "$tries"
	tui_check_layout "$tag: the unlock screen after a wrong PIN fits the pane"
	tui_type 258036; tui_keys Enter
	tui_wait "$home" >/dev/null || { fail "$tag: unlocked"; return; }
	tmx pipe-pane -t fc
	if grep -qF "$unlocking" "$T/pipe-$tag"; then
		pass "$tag: the unlock screen showed \"$unlocking\" while Argon2id ran"
	else
		fail "$tag: the unlock screen showed \"$unlocking\" while Argon2id ran"
	fi
	tui_expect "$tag: enrolled, the empty home says to sync" "$hint_sync"
	not_on_screen "$tag: and no longer to enrol" "$enrol"
	tui_check_layout "$tag: the enrolled empty home fits the pane"
	tui_keys s
	tui_expect "$tag: s syncs" "$done_text" 30
	tui_wait "H101" 1 >/dev/null
	not_on_screen "$tag: with the district's households here, the hint is gone" "$empty"
	tui_keys q
	sleep 0.3
	tui_stop

	# Esc on the unlock screen leaves the TUI.
	tui_start "$cols" "$rows" $env
	tui_wait "PIN" >/dev/null
	tui_keys Escape
	i=0
	while [ "$(tmx display-message -p -t fc '#{pane_dead}')" != 1 ] && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	if [ "$(tmx display-message -p -t fc '#{pane_dead}')" = 1 ]; then
		pass "$tag: Esc on the unlock screen quits"
	else
		fail "$tag: Esc on the unlock screen quits"
	fi
	tui_stop
}

"$FCS" --db "$DB" households import "$T/server-households.csv" >/dev/null 2>&1 ||
    fail "the server's registry is imported"
flow zh80 80 24 "" "首次使用" "今日工作" "本机还没有住户" "按 s 同步" \
    "按 Esc 退出" "再错 2 次" "正在解锁…" "同步完成" "登记本机"
flow zh40 40 15 "" "首次使用" "今日工作" "本机还没有住户" "由服务器下发，按 s" \
    "按 Esc 退出" "再错 2 次" "正在解锁…" "同步完成" "登记本机"
flow en80 80 24 "LANGUAGE=en" "First run" "Today's work" "No households yet" \
    "Press s to sync." "Esc quits" "2 more before a lockout" "Unlocking…" "Synced:" "to enrol"
flow en40 40 15 "LANGUAGE=en" "First run" "Today's work" "No households yet" \
    "Press s to sync." "Esc quits" "2 more" "Unlocking…" "Synced:" "to enrol"
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
