#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Photos from the camera folder (`fieldcheck config camera-dir`): at the gas
# check's photo item G72 the TUI lists the pictures saved there since the
# check was opened, newest first with time and size, and not an older one
# nor a file that is no picture; Space picks one and it is hashed into the
# photo store at once; a typed name that does not exist is refused at once in
# the screen's language, and a typed name found in the camera folder is
# taken (the fallback); the signed body holds the picked photos' hashes.
# In Chinese and English, at 80x24 and 40x15.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

PIN=258036
if [ ! -x "$FCH" ]; then
	echo "ok - camera photos # skip: no test helper built"
	exit 0
fi

# camera_flow TAG COLS ROWS ENV
camera_flow() {
	tag=$1; cols=$2; rows=$3; env=$4
	if [ "$tag" = zh ]; then
		home="今日工作"; find="查找住户"; signed="已签名"; sign_q="现在签名"
		missing="G72: nothere.jpg：没有此文件"; picked="已选 1 张：IMG_0002.jpg"
		picked2="已选 2 张"
	else
		home="Today's work"; find="Find a household"; signed="Signed"; sign_q="Sign this record now"
		missing="G72: nothere.jpg: no such file"; picked="Picked (1): IMG_0002.jpg"
		picked2="Picked (2)"
	fi
	t="$tag $cols""x$rows"
	export FIELDCHECK_HOME="$T/home-$tag-$cols"
	cam="$T/cam-$tag-$cols"
	mkdir -p "$cam"
	echo "$PIN" | "$FCH" init-fast T01 "张检查" >/dev/null || fail "$t: a set-up device"
	tui_households
	"$FC" config camera-dir "$cam" >"$T/config.out" 2>&1
	contains "$t: config camera-dir remembers the folder" "$T/config.out" "$cam"
	# Saved an hour before the check: not one of its photos.
	head -c 5000 /dev/urandom >"$cam/OLD_0001.jpg"
	touch -d '1 hour ago' "$cam/OLD_0001.jpg"

	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$home" >/dev/null || fail "$t: home after the PIN"
	tui_keys /
	tui_wait "$find" >/dev/null
	tui_type "新华"
	tui_wait "张三" >/dev/null
	tui_keys Enter
	tui_wait "13800000001" >/dev/null || fail "$t: the household opens"
	tui_keys i
	tui_wait "G00" >/dev/null || fail "$t: the check opens"
	# Taken after the check was opened: the camera writes two files.
	head -c 3000 /dev/urandom >"$cam/IMG_0002.jpg"
	echo "not a picture" >"$cam/notes.txt"
	tui_keys 1 Enter 1 1 1 n y n y n
	tui_wait "G12" >/dev/null
	tui_type 2020; tui_keys Enter
	tui_keys 1 n n n n n y y y y 1 n y
	tui_wait "G32" >/dev/null
	tui_type 2020; tui_keys Enter
	tui_keys 1 n y Enter 1 Space Enter
	tui_wait "G43" >/dev/null
	tui_type 2; tui_keys Enter
	tui_wait "G43a" >/dev/null
	tui_type 2; tui_keys Enter
	tui_wait "G70" >/dev/null
	tui_keys y 1
	tui_expect "$t: G72 lists the picture taken since the check was opened" "IMG_0002.jpg"
	tui_screen >"$T/g72.txt"
	if grep -q "OLD_0001" "$T/g72.txt"; then fail "$t: a picture from before the check is not listed"; else pass "$t: a picture from before the check is not listed"; fi
	if grep -q "notes.txt" "$T/g72.txt"; then fail "$t: a file that is no picture is not listed"; else pass "$t: a file that is no picture is not listed"; fi
	contains "$t: with its local time" "$T/g72.txt" "$(date -r "$cam/IMG_0002.jpg" +%H:%M:%S)"
	contains "$t: and its size" "$T/g72.txt" "2 KB"
	tui_check_layout "$t: the photo item fits the pane"
	# Taken while the item is open: it shows up, on top, and the highlight
	# stays on the picture it was on (a Space meant for it picks it).
	head -c 2000 /dev/urandom >"$cam/IMG_0003.png"
	touch -d '+2 seconds' "$cam/IMG_0003.png"
	tui_expect "$t: a picture taken meanwhile shows up" "IMG_0003.png"
	tui_keys Space
	tui_expect "$t: Space picks the highlighted picture" "$picked"
	ls "$FIELDCHECK_HOME/photos" >"$T/photos.txt" 2>&1
	h2=$(b2sum -l 256 "$cam/IMG_0002.jpg" | cut -d' ' -f1)
	contains "$t: it is hashed into the photo store at once" "$T/photos.txt" "$h2"
	tui_type "nothere.jpg"; tui_keys Enter
	tui_expect "$t: a typed name that is not there is refused at once" "$missing"
	tui_check_layout "$t: the message fits the pane"
	tui_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	# The fallback: a name typed, found in the camera folder (an older picture).
	tui_type "OLD_0001.jpg"; tui_keys Enter
	tui_expect "$t: a typed name from the camera folder is taken and the check goes on" "G73"
	tui_keys Up
	tui_expect "$t: both photos are the answer" "$picked2"
	tui_keys Enter
	tui_wait "G73" >/dev/null
	tui_keys Enter
	tui_keys F10
	tui_expect "$t: F10 asks before signing" "$sign_q"
	tui_keys y
	tui_expect "$t: the check is signed" "$signed"
	tui_keys q
	sleep 0.3
	tui_stop
	"$FC" list >"$T/list.txt" 2>&1
	id=$(awk '/inspection/ { print $2; exit }' "$T/list.txt")
	"$FC" show --json "$id" >"$T/show.json" 2>&1
	contains "$t: the signed body holds the picked photo's hash" "$T/show.json" "$h2"
	contains "$t: and the typed one's" "$T/show.json" \
	    "$(b2sum -l 256 "$cam/OLD_0001.jpg" | cut -d' ' -f1)"
	expect_exit 0 "$t: fieldcheck verify accepts the record" "$FC" verify
}

camera_flow zh 80 24 ""
camera_flow en 40 15 "LANGUAGE=en"
camera_flow zh 40 15 ""
camera_flow en 80 24 "LANGUAGE=en"

# With no folder set the item says how to set one.
export FIELDCHECK_HOME="$T/home-none"
echo "$PIN" | "$FCH" init-fast T01 "张检查" >/dev/null
"$FC" config >"$T/config.out" 2>&1
contains "config lists the setting unset" "$T/config.out" "(not set)"
expect_exit 1 "config refuses a folder that does not exist" "$FC" config camera-dir "$T/nowhere"
expect_exit 2 "config refuses an unknown setting" "$FC" config colour blue
tui_check_stderr "no sanitizer report or error from any TUI run"
