#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# At 40x15 a list row whose address is too long for one line wraps onto a
# second line instead of being cut with "…": the search results and today's
# route, in Chinese and English. A short row stays on one line, and the
# form's input hint is whole. A household found by its phone shows it. The
# open hazards list and the records list say where, a long address whole. Every line stays within the pane.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

LONG="北京市朝阳区长安街道建国门外大街甲十二号院三号楼二单元"
cat >"$T/long.csv" <<CSV
id,district,address,resident,phone,kind,last_check
L001,朝阳,$LONG,张长,13700000001,residential,2020-01-01
L002,朝阳,北京市朝阳区长安街1号,李短,13700000002,residential,2020-01-01
CSV

# The screen holds the whole of text ($2) across two consecutive lines, with
# no "…" on either (the side border and list margin aside).
two_lines() {
	tui_screen >"$T/two.txt"
	if python3 - "$2" "$T/two.txt" <<'PY'
import sys
want = sys.argv[1]
lines = [l.strip(" │|") for l in open(sys.argv[2], encoding="utf-8").read().split("\n")]
for a, b in zip(lines, lines[1:]):
    if want not in a and (want in a + b or want in a + " " + b) and "…" not in a + b:
        sys.exit(0)
print("#   not whole across two lines: " + want)
for l in lines:
    print("#   | " + l)
sys.exit(1)
PY
	then pass "$1"; else fail "$1"; fi
}

long_walk() {
	tag=$1; env=$2
	export FIELDCHECK_HOME="$T/home-$tag"
	if [ "$tag" = zh ]; then
		first="首次使用"; home="今日工作"; title="今日路线"; found="找到 2 户"
		late="逾期"; hazards="最早的在前"; records="条未同步"
	else
		first="First run"; home="Today's work"; title="Today's route"; found="2 found"
		late="overdue"; hazards="oldest first"; records="not synced"
	fi
	tui_start 40 15 $env
	tui_setup "$first" || fail "$tag: set-up"
	tui_wait "$home" >/dev/null || fail "$tag: home after set-up"
	tui_keys q
	sleep 0.3
	"$FC" households import "$T/long.csv" >/dev/null || fail "$tag: registry import"
	tui_start 40 15 $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "$home" >/dev/null || fail "$tag: home after the PIN"

	tui_keys /
	tui_type "长安"
	tui_expect "$tag: search finds both" "$found"
	tui_wait "李短" >/dev/null
	two_lines "$tag: search: the long address is whole over two lines" "$LONG 张长"
	ok "$tag: search: the short row stays one line, its due state beside it" \
	    grep -qE "北京市朝阳区长安街1号 李短 +$late" "$T/two.txt"
	tui_check_layout "$tag: search: no line wider than 40 columns"
	# Found by part of the phone: the row shows the phone (it showed
	# nothing the inspector had typed); found by the address it does not.
	tui_keys C-u
	tui_type "0000002"
	tui_expect "$tag: search by phone: the row shows the phone matched" "李短 13700000002"
	tui_check_layout "$tag: search by phone: no line wider than 40 columns"
	tui_keys C-u
	tui_type "长安"
	tui_wait "李短" >/dev/null
	tui_keys Down
	sleep 0.2
	two_lines "$tag: search: the long row is whole when not selected" "$LONG 张长"
	tui_keys Up
	sleep 0.2
	tui_keys Enter
	tui_expect "$tag: search: Enter on the long row opens it" "13700000001"
	if [ "$tag" = en ]; then
		tui_keys i
		tui_wait "G00" >/dev/null || fail "$tag: the form opens"
		two_lines "$tag: form: the choice hint is whole" \
		    "1-9 or Up/Down, Enter picks; Del clears"
		# An option too long for the width wraps under itself, uncut, once
		# the cursor is on it (the first Down shows the cursor); the others
		# keep a line each.
		tui_screen >"$T/opts.txt"
		ok "$tag: form: every option shows, a line each, before the cursor moves" \
		    grep -q "4 ( ) unable to inspect (vacant/" "$T/opts.txt"
		tui_keys Down Down Down Down
		sleep 0.3
		tui_screen >"$T/opt.txt"
		ok "$tag: form: the option before it still shows" grep -q "entry refused" "$T/opt.txt"
		ok "$tag: form: a long option is whole over its lines" python3 - "$T/opt.txt" <<'PY'
import sys
lines = [l.strip(" │|") for l in open(sys.argv[1], encoding="utf-8").read().split("\n")]
want = "unable to inspect (vacant/disconnected/wrong address)"
ok = any(want in " ".join(lines[i:i + n]) and "…" not in " ".join(lines[i:i + n])
         for i in range(len(lines)) for n in (2, 3))
if not ok:
    print("#   not whole: " + want)
    for l in lines:
        print("#   | " + l)
sys.exit(0 if ok else 1)
PY
		tui_check_layout "$tag: form: no line wider than 40 columns"
		tui_keys Escape
		sleep 0.3
		tui_screen | grep -qF "discard" && tui_keys d
		sleep 0.3
	fi
	tui_keys Escape
	sleep 0.2
	tui_keys Escape
	tui_wait "$home" >/dev/null || fail "$tag: back home"

	tui_keys d
	tui_expect "$tag: d opens today's route" "$title"
	tui_wait "李短" >/dev/null
	two_lines "$tag: route: the long address is whole over two lines" "$LONG"
	ok "$tag: route: the short address stays one line" grep -qE "北京市朝阳区长安街1号 *$" "$T/two.txt"
	tui_check_layout "$tag: route: no line wider than 40 columns"
	tui_keys End
	sleep 0.2
	tui_keys Home
	sleep 0.2
	two_lines "$tag: route: whole again after End and Home" "$LONG"
	tui_keys Escape
	tui_wait "$home" >/dev/null
	tui_keys q
	sleep 0.3

	# Open hazards of the long-address household: each row says where
	# whole (the address was cut to seven characters with "…").
	printf '258036\n' | "$FC" record --template gas --household L001 \
	    --answers "$T/major.json" --pin-stdin >/dev/null 2>&1 || fail "$tag: a record with hazards"
	tui_start 40 15 $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "$home" >/dev/null
	tui_keys h
	tui_wait "$hazards" >/dev/null
	two_lines "$tag: hazards: the long address is whole over two lines" "L001 $LONG"
	tui_check_layout "$tag: hazards: no line wider than 40 columns"
	tui_keys Escape
	tui_wait "$home" >/dev/null
	# So does the records list, under each record's time and kind.
	tui_keys r
	tui_wait "$records" >/dev/null
	two_lines "$tag: records: the long address is whole over two lines" "L001 $LONG"
	tui_check_layout "$tag: records: no line wider than 40 columns"
	tui_keys Escape
	tui_wait "$home" >/dev/null
	tui_keys q
	sleep 0.3
}

A="$FC_ROOT/tests/data/answers"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"

long_walk zh ""
long_walk en "LANGUAGE=en"
tui_check_stderr "no sanitizer report or error from any TUI run"
