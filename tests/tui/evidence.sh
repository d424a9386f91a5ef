#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Photos on a hazard (evidence per hazard), through the real TUI at 80x24 and
# 40x15 in Chinese and in English: F5 on the form (on its key bar and in its
# help) opens the camera folder's pictures taken since the check was opened;
# Space on one taken after the form opened puts it on the hazard item G30
# (no flame-failure device), hashed into the photo store at once and in the
# draft at once (a kill -9 loses nothing: the resumed form's outline still
# says the item has a photo); the review says so under the hazard; the
# signed body holds its hash under "evidence"."G30", `fieldcheck show` lists
# it under the item, and a sync to a real fieldcheck-server on 127.0.0.1
# uploads it (the server holds the file by its hash) and the console's
# record lists it under the item and serves it through that record. A
# correction of the record starts with the photo on G30.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

if [ ! -x "$FCS" ] || [ ! -x "$FCH" ]; then
	echo "ok - photos on a hazard # skip: no server or test helper built"
	exit 0
fi
start_server || { fail "the server starts"; exit 0; }
printf '%s\n' 'correct horse battery' |
    "$FCS" --db "$DB" user add sup1 --role supervisor --districts 朝阳 --password-stdin 2>/dev/null
curl -s -c "$T/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d '{"name":"sup1","password":"correct horse battery"}' "$URL/console/api/login"

# The photos on G30 in the household's draft, as "file:hash" lines.
draft_evidence() {
	sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT json FROM drafts WHERE key = 'form:H001'" |
	    python3 -c 'import json,sys
t = sys.stdin.read().strip()
ev = json.loads(t).get("evidence", {}) if t else {}
print(" ".join("%s:%s" % (p["file"], p["hash"]) for p in ev.get("G30", [])) or "none")'
}

# flow TAG COLS ROWS ENV INSPECTOR HOME F5LABEL F5HELP TITLE PICKED ONFORM OUTLINE REVIEW SIGN_Q
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; insp=$5; home=$6; f5label=$7; f5help=$8
	shift 8
	title=$1; picked=$2; onform=$3; outline=$4; review=$5; sign_q=$6
	export FIELDCHECK_HOME="$T/home-$tag"
	cam="$T/cam-$tag"
	mkdir -p "$cam"
	enrolled_device "$FIELDCHECK_HOME" "$insp" 朝阳 || { fail "$tag: an enrolled device"; return; }
	tui_households
	"$FC" config camera-dir "$cam" >/dev/null 2>&1
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$home" >/dev/null || { fail "$tag: home after the PIN"; return; }
	tui_keys /
	tui_type "新华"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait "13800000001" >/dev/null
	tui_keys i
	tui_wait "G00" >/dev/null || { fail "$tag: the gas check opens"; return; }
	tui_expect "$tag: F5 is on the form's key bar" "F5 $f5label"
	tui_keys F1
	tui_expect "$tag: the form's help says what F5 does" "$f5help"
	tui_keys Escape
	tui_wait "G00" >/dev/null
	tui_keys 1 Enter 1 1 1 n y n y n
	tui_wait "G12" >/dev/null
	tui_type 2020; tui_keys Enter
	tui_keys 1 n n n n n y y y y 1
	tui_wait " G30 " >/dev/null || { fail "$tag: G30 is asked"; return; }
	tui_keys n
	tui_wait " G31 " >/dev/null
	tui_keys BTab
	tui_wait " G30 " >/dev/null
	# The camera saves a picture while the check is open.
	head -c 3000 /dev/urandom >"$cam/IMG_0005.jpg"
	hash=$(b2sum -l 256 "$cam/IMG_0005.jpg" | cut -d' ' -f1)
	tui_keys F5
	tui_expect "$tag: F5 opens the camera folder's pictures for the item" "$title"
	tui_expect "$tag: listing the picture taken since the check was opened" "IMG_0005.jpg"
	tui_check_layout "$tag: the photo screen fits the pane"
	tui_keys Space
	tui_expect "$tag: Space picks it" "$picked"
	ls "$FIELDCHECK_HOME/photos" >"$T/photos.txt" 2>&1
	contains "$tag: it is hashed into the photo store at once" "$T/photos.txt" "$hash"
	if [ "$(draft_evidence)" = "IMG_0005.jpg:$hash" ]; then
		pass "$tag: the photo on G30 is in the draft at once"
	else
		fail "$tag: the photo on G30 is in the draft at once" "$(draft_evidence)"
	fi
	tui_keys Escape
	tui_expect "$tag: back on the form, the photo is shown under G30" "$onform"
	tui_check_layout "$tag: the form with a photo on the item fits the pane"
	kill -9 "$(tui_pid)"
	sleep 0.3
	tui_stop

	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type "$PIN"; tui_keys Enter
	tui_wait "H001" >/dev/null
	tui_keys Enter
	tui_wait " G31 " >/dev/null || { fail "$tag: the draft resumes at the open G31"; return; }
	if [ "$(draft_evidence)" = "IMG_0005.jpg:$hash" ]; then
		pass "$tag: after kill -9 the draft still holds the photo on G30"
	else
		fail "$tag: after kill -9 the draft still holds the photo on G30" "$(draft_evidence)"
	fi
	tui_keys F3
	tui_wait "G31" >/dev/null
	tui_expect "$tag: the outline says G30 has a photo" "G30 $outline"
	tui_keys Escape
	tui_wait " G31 " >/dev/null
	tui_keys y
	tui_wait " G32 " >/dev/null
	tui_type 2020; tui_keys Enter
	tui_keys 1 n y Enter 1 Space Enter
	tui_wait " G43 " >/dev/null
	tui_type 2; tui_keys Enter
	tui_wait "G43a" >/dev/null
	tui_type 2; tui_keys Enter
	tui_wait " G70 " >/dev/null
	tui_keys y 1 Enter
	tui_wait " G73 " >/dev/null
	tui_keys Enter
	tui_expect "$tag: the review says the hazard has a photo" "$review"
	tui_check_layout "$tag: the review fits the pane"
	tui_keys F10
	tui_expect "$tag: F10 asks before signing" "$sign_q"
	tui_keys y
	tui_wait "$home" >/dev/null
	tui_keys q
	sleep 0.3
	tui_stop

	id=$("$FC" list --json | python3 -c 'import json,sys
print([r["id"] for r in json.load(sys.stdin) if r.get("type") == "inspection"][0])' 2>/dev/null)
	"$FC" show --json "$id" >"$T/show.json" 2>&1
	if python3 -c 'import json,sys
b = json.load(open(sys.argv[1]))["body"]
p = b["evidence"]["G30"]
sys.exit(0 if len(p) == 1 and p[0]["hash"] == sys.argv[2] and p[0]["file"] == "IMG_0005.jpg"
         and any(x["item"] == "G30" for x in b["hazards"]) else 1)' "$T/show.json" "$hash"; then
		pass "$tag: the signed body holds the photo's hash under the hazard item G30"
	else
		fail "$tag: the signed body holds the photo's hash under the hazard item G30" \
		    "$(head -c 600 "$T/show.json")"
	fi
	"$FC" show "$id" >"$T/show.txt" 2>&1
	if grep -A1 "G30" "$T/show.txt" | grep -q "evidence photos: IMG_0005.jpg"; then
		pass "$tag: fieldcheck show lists the photo under G30"
	else
		fail "$tag: fieldcheck show lists the photo under G30" "$(cat "$T/show.txt")"
	fi
	ok "$tag: the record verifies" "$FC" verify
	dsync "$FIELDCHECK_HOME" >"$T/sync.out" 2>&1
	contains "$tag: the sync sends the photo" "$T/sync.out" "photos sent: 1"
	ok "$tag: the server holds the photo by its hash" cmp "$cam/IMG_0005.jpg" "$SERVER_PHOTOS/$hash"
	# The console's record page: the photo on G30, served through the record.
	curl -s -b "$T/jar" "$URL/console/api/record?id=$id" >"$T/con.json"
	if python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["record"]
ev = r["parsed"]["evidence"]["G30"]
sys.exit(0 if ev[0]["hash"] == sys.argv[2] and any(p["hash"] == sys.argv[2] for p in r["photos"]) else 1)' \
	    "$T/con.json" "$hash"; then
		pass "$tag: the console's record lists the photo under G30 and among its photos"
	else
		fail "$tag: the console's record lists the photo under G30 and among its photos" \
		    "$(head -c 600 "$T/con.json")"
	fi
	curl -s -b "$T/jar" -o "$T/con.jpg" "$URL/console/api/photo/$hash?record=$id"
	ok "$tag: the console serves it through that record" cmp "$cam/IMG_0005.jpg" "$T/con.jpg"

	# A correction starts from the record's photos on items, as from its answers.
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$home" >/dev/null
	tui_keys r
	tui_wait " H001 " >/dev/null
	tui_keys Home Enter
	tui_wait "$id" >/dev/null
	tui_keys c
	tui_wait " G00 " >/dev/null || { fail "$tag: the correction form opens"; return; }
	tui_keys F3
	tui_wait "G00" >/dev/null
	# Down the outline until G30 is on the screen.
	n=0
	while [ $n -lt 40 ] && ! tui_screen | grep -q " G30 "; do
		tui_keys Down
		sleep 0.05
		n=$((n + 1))
	done
	tui_expect "$tag: a correction's outline shows the corrected record's photo on G30" \
	    "G30 $outline"
	tui_keys Escape
	sleep 0.2
	tui_keys Escape
	sleep 0.3
	tui_keys C-c
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" Z01 "今日工作" "照片" "从相机文件夹为本项选取照片" "本项的照片" \
    "已选 1 张：IMG_0005.jpg" "证据照片（1 张）：IMG_0005.jpg" "[照片 1]" \
    "1 张照片作为证据" "现在签名"
flow en40 40 15 "LANGUAGE=en" E01 "Today's work" "photo" "pick photos of this item" "Photos on this item" \
    "Picked (1): IMG_0005.jpg" "Evidence photos (1): IMG_0005.jpg" "[photos: 1]" \
    "1 photo(s) as evidence" "Sign this record now"
flow zh40 40 15 "" Z02 "今日工作" "照片" "从相机文件夹为本项选取照片" "本项的照片" \
    "已选 1 张：IMG_0005.jpg" "证据照片（1 张）：IMG_0005.jpg" "[照片 1]" \
    "1 张照片作为证据" "现在签名"
flow en80 80 24 "LANGUAGE=en" E02 "Today's work" "photo" "pick photos of this item" \
    "Photos on this item" "Picked (1): IMG_0005.jpg" "Evidence photos (1): IMG_0005.jpg" \
    "[photos: 1]" "1 photo(s) as evidence" "Sign this record now"
stop_server
tui_check_stderr "no sanitizer report or error from any TUI run"
