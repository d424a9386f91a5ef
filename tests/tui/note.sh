#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A note on any item, through the real TUI at 80x24 in Chinese and 40x15 in
# English: F4 on the form (on its key bar and in its help) writes a note on
# the current item, shown under the item; it is in the draft the moment it
# is taken (a kill -9 loses nothing, the resumed form shows it); signing puts
# it in the signed body's "notes" and `fieldcheck show` lists it; a note
# emptied again is gone from the draft; a correction of the record starts
# with its notes, and its header names the corrected record whole.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

draft_notes() {
	sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT json FROM drafts WHERE key = 'form:H001:visit'" |
	    python3 -c 'import json,sys
t = sys.stdin.read().strip()
print(json.dumps(json.loads(t).get("notes", {}), ensure_ascii=False, sort_keys=True) if t else "no draft")'
}

# flow TAG COLS ROWS ENV FIRST HOME KEPT SHOWN HELP SECTION (show's, in the C locale)
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; first=$5; home=$6; kept=$7; shown=$8
	shift 8
	help=$1; section=$2
	export FIELDCHECK_HOME="$T/home-$tag"
	tui_households
	tui_start "$cols" "$rows" $env
	tui_setup "$first" || { fail "$tag: set-up"; return; }
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }
	tui_keys /
	tui_type "新华"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait "13800000001" >/dev/null
	tui_keys n
	tui_wait "G80" >/dev/null || { fail "$tag: the visit form opens"; return; }
	tui_expect "$tag: F4 is on the form's key bar" "F4 "
	tui_keys F1
	tui_expect "$tag: the form's help says what F4 does" "$help"
	tui_keys Escape
	tui_wait "G80" >/dev/null
	tui_keys F4
	tui_wait "F1" >/dev/null
	tui_type "门缝塞入"; tui_keys Enter
	tui_expect "$tag: the note is taken" "$kept"
	tui_expect "$tag: and shown under the item" "$shown 门缝塞入"
	tui_check_layout "$tag: the form with a note fits the pane"
	if [ "$(draft_notes)" = '{"G80": "门缝塞入"}' ]; then
		pass "$tag: the note is in the draft at once"
	else
		fail "$tag: the note is in the draft at once" "$(draft_notes)"
	fi
	kill -9 "$(tui_pid)"
	sleep 0.3
	tui_stop

	tui_start "$cols" "$rows" $env
	tui_wait "PIN" >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "H001" >/dev/null
	tui_keys Enter
	tui_wait "G80" >/dev/null
	tui_expect "$tag: after kill -9 the resumed form still shows the note" "$shown 门缝塞入"
	tui_keys n y
	tui_wait "G88" >/dev/null
	# A note written and emptied again is no note.
	tui_keys F4
	tui_wait "F1" >/dev/null
	tui_type "x"; tui_keys Enter
	tui_wait "$shown x" >/dev/null
	tui_keys F4
	tui_wait "F1" >/dev/null
	tui_keys BSpace Enter
	tui_wait "G88" >/dev/null
	if [ "$(draft_notes)" = '{"G80": "门缝塞入"}' ]; then
		pass "$tag: a note emptied again is gone from the draft"
	else
		fail "$tag: a note emptied again is gone from the draft" "$(draft_notes)"
	fi
	tui_type 1; tui_keys Enter
	tui_wait "F10" >/dev/null
	tui_keys F10
	sleep 0.3
	tui_keys y
	tui_wait "$home" >/dev/null
	tui_keys q
	sleep 0.3
	tui_stop
	body=$(sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT body FROM records WHERE household = 'H001'")
	case $body in
	*'"notes":{"G80":"门缝塞入"}'*) pass "$tag: the signed body keeps the note" ;;
	*) fail "$tag: the signed body keeps the note" "$body" ;;
	esac
	id=$("$FC" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' 2>/dev/null)
	"$FC" show "$id" >"$T/show.txt" 2>&1
	if grep -q "$section" "$T/show.txt" && grep -q "G80 *门缝塞入" "$T/show.txt"; then
		pass "$tag: fieldcheck show lists the note"
	else
		fail "$tag: fieldcheck show lists the note" "$(cat "$T/show.txt")"
	fi
	ok "$tag: the record verifies" "$FC" verify

	# A correction starts from the corrected record's notes, as from its
	# answers and photos: one more note (F4 on the item it opens at) puts
	# the draft in the store, which must hold G80's note as well.
	tui_start "$cols" "$rows" $env
	tui_wait "PIN" >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "$home" >/dev/null
	tui_keys r
	tui_wait " H001 " >/dev/null
	tui_keys Home Enter
	tui_wait "$id" >/dev/null
	tui_keys c
	tui_wait "F4" >/dev/null || { fail "$tag: the correction form opens"; return; }
	# At 40 columns the id took a second line; it was cut to "4…".
	tui_expect "$tag: the correction's header shows the whole record id" "$id"
	tui_check_layout "$tag: the correction form fits the pane"
	tui_keys F4
	tui_wait "F1" >/dev/null
	tui_type "z"; tui_keys Enter
	tui_wait "$shown " >/dev/null
	sleep 0.2
	notes=$(sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "SELECT json FROM drafts WHERE key = 'form:H001:correct:$id'" |
	    python3 -c 'import json,sys
t = sys.stdin.read().strip()
print(json.loads(t).get("notes", {}).get("G80", "none") if t else "no draft")')
	case $notes in
	门缝塞入*) pass "$tag: a correction starts with the corrected record's note on G80" ;;
	*) fail "$tag: a correction starts with the corrected record's note on G80" "$notes" ;;
	esac
	kill -9 "$(tui_pid)"
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" "首次使用" "今日工作" "备注已保存" "备注：" \
    "给本项写备注" "notes:"
flow en40 40 15 "LANGUAGE=en" "First run" "Today's work" "Note kept" "Note:" \
    "write a note on" "notes:"
tui_check_stderr "no sanitizer report or error from any TUI run"
