#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Enrolment from the TUI, against a real fieldcheck-server on 127.0.0.1, at
# 80x24 and 40x15 in Chinese and English: a fresh device is set up, its empty
# home says e enrols it; e asks for the server's address, the one-time code
# and the PIN. A wrong code is refused with the server's reason and nothing
# is remembered; a wrong PIN is counted (tries left shown) and sends nothing,
# so the code is not spent; the right PIN enrols (the server lists the
# device, the device remembers the server) and s then brings the district's
# households. The CLI's `fieldcheck enroll` goes through the same
# app/enroll.c (tests/cli/style.sh checks there is one call from each front
# end); tests/sync/enrol.sh covers its options.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ]; then
	echo "ok - enrolment from the TUI # skip: no server built"
	exit 0
fi
start_server || { fail "the server starts"; exit 0; }
cat >"$T/server-households.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H101,朝阳,朝阳区光华路8号,王五,13800000101,residential,
CSV
"$FCS" --db "$DB" households import "$T/server-households.csv" >/dev/null 2>&1 ||
    fail "the server's registry is imported"

# The device's settings row KEY, from its real SQLite store.
device_setting() {
	sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT value FROM settings WHERE key = '$1'" 2>/dev/null
}

device_id() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device"])' \
	    "$FIELDCHECK_HOME/key.json"
}

# fill URL CODE PIN: the fields, Enter after each (no CA file, no pinned key).
fill() {
	tui_type "$1"; tui_keys Enter
	tui_type "$2"; tui_keys Enter Enter Enter
	tui_type "$3"; tui_keys Enter
}

# flow TAG COLS ROWS ENV FIRST HOME HINT TITLE REFUSED TRIES ENROLLED SYNCED
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; first=$5; home=$6; hint=$7; title=$8
	shift 8
	refused=$1; tries=$2; enrolled=$3; synced=$4
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_start "$cols" "$rows" $env
	tui_setup "$first" || { fail "$tag: set-up"; return; }
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	tui_expect "$tag: the fresh device's empty home says e enrols it" "$hint"

	# A code nobody issued: refused, nothing remembered.
	tui_keys e
	tui_expect "$tag: e opens the enrolment screen" "$title"
	tui_check_layout "$tag: the enrolment screen fits the pane"
	fill "$URL" "WRONG-CODE-1" 258036
	tui_expect "$tag: a wrong code is refused, saying so" "$refused"
	tui_check_layout "$tag: the refusal fits the pane"
	if [ -z "$(device_setting sync.server)" ]; then
		pass "$tag: a refused enrolment remembers no server"
	else
		fail "$tag: a refused enrolment remembers no server"
	fi
	tui_keys Escape
	tui_wait "$hint" >/dev/null

	# The right code, a wrong PIN first: counted, nothing sent.
	c=$(code T01 朝阳) || { fail "$tag: an enrolment code"; return; }
	tui_keys e
	tui_wait "$title" >/dev/null
	fill "$URL" "$c" 000000
	tui_expect "$tag: a wrong PIN says how many tries are left" "$tries"
	if "$FCS" --db "$DB" codes list --inspector T01 | grep -q pending; then
		pass "$tag: and sends nothing: the code is still pending"
	else
		fail "$tag: and sends nothing: the code is still pending"
	fi
	tui_type 258036; tui_keys Enter
	tui_expect "$tag: the right PIN enrols, saying where" "$enrolled"
	if "$FCS" --db "$DB" codes list --inspector T01 | grep -q pending; then
		fail "$tag: the code is spent"
	else
		pass "$tag: the code is spent"
	fi
	dev=$(device_id)
	if "$FCS" --db "$DB" devices list --inspector T01 | grep -qF "$dev"; then
		pass "$tag: the server lists the device"
	else
		fail "$tag: the server lists the device" "$dev not in: $("$FCS" --db "$DB" devices list)"
	fi
	if [ "$(device_setting sync.server)" = "$URL" ] &&
	    [ "$(device_setting sync.district)" = "朝阳" ]; then
		pass "$tag: the device remembers the server and its district"
	else
		fail "$tag: the device remembers the server and its district"
	fi
	tui_keys s
	tui_expect "$tag: s then syncs" "$synced" 30
	tui_keys /
	tui_type "光华"
	tui_expect "$tag: and the district's household is here" "光华路8号"
	tui_keys Escape
	tui_keys q
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" "首次使用" "今日工作" "登记本机（" "在服务器登记本机" \
    "未能登记" "再错 2 次" "已在 $URL 登记" "同步完成"
flow zh40 40 15 "" "首次使用" "今日工作" "登记本机（" "在服务器登记本机" \
    "未能登记" "再错 2 次" "已在 " "同步完成"
flow en80 80 24 "LANGUAGE=en" "First run" "Today's work" "Press e to enrol" \
    "Enrol with the server" "Not enrolled:" "2 more" "Enrolled with $URL" "Synced:"
flow en40 40 15 "LANGUAGE=en" "First run" "Today's work" "Press e to enrol" \
    "Enrol with the server" "Not enrolled:" "2 more" "Enrolled with" "Synced:"
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
