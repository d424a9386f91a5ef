#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Today's route (d on home): every household due is on it, however many
# (the old due list stopped at 100 without saying so), in street and
# building order whichever administrative prefix an address was written
# with, numbers by value; End reaches the last stop, Home the first, PgDn
# pages; an inspection signed today marks its stop done (✓) and a visit
# marks it with what it found (!); n jumps to the next stop to do; ? lists
# the keys. At 40x15 in Chinese and 80x24 in English.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

N=130
# Ids run against the street numbers, odd numbers carry the city prefix.
python3 - "$N" "$(date +%Y-%m-%d)" >"$T/route.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("id,district,address,resident,phone,kind,last_check")
for i in range(1, n + 1):
    prefix = "北京市朝阳区" if i % 2 else ""
    print("R%03d,朝阳,%s新华路%d号,住户%d,1390000%04d,residential," % (n + 1 - i, prefix, i, i, i))
# Checked today: not due, not on the route.
print("OK1,朝阳,新华路999号,不到期,13900009999,residential,%s" % sys.argv[2])
PY

A="$FC_ROOT/tests/data/answers"

route_walk() {
	tag=$1; cols=$2; rows=$3; env=$4
	export FIELDCHECK_HOME="$T/home-$tag"
	if [ "$tag" = zh ]; then
		first="首次使用"; home="今日工作"; title="今日路线"; help="帮助：按键"
		done_w="今日已查"; refused_w="拒绝入户"
	else
		first="First run"; home="Today's work"; title="Today's route"; help="Help: keys"
		done_w="done today"; refused_w="refused"
	fi
	tui_start "$cols" "$rows" $env
	tui_setup "$first" || fail "$tag: set-up"
	tui_wait "$home" >/dev/null || fail "$tag: home after set-up"
	tui_keys q
	sleep 0.3
	"$FC" households import "$T/route.csv" >/dev/null || fail "$tag: registry import"
	# Stop 3 (新华路3号, id R128) inspected today, stop 5 (R126) refused today.
	printf '258036\n' | "$FC" record --template gas --household R128 --answers "$A/gas-clean.json" \
	    --pin-stdin >"$T/rec.out" 2>&1 || fail "$tag: an inspection of R128" "$(cat "$T/rec.out")"
	printf '{"G00":"refused","G84":"不方便","G85":"yes"}\n' >"$T/refused.json"
	printf '258036\n' | "$FC" record --template gas --household R126 --answers "$T/refused.json" \
	    --pin-stdin >"$T/rec.out" 2>&1 || fail "$tag: a refusal at R126" "$(cat "$T/rec.out")"

	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null
	tui_type 258036; tui_keys Enter
	tui_wait "$home" >/dev/null || fail "$tag: home after the PIN"
	tui_keys d
	tui_expect "$tag: d opens today's route" "$title"
	if [ "$tag" = zh ]; then
		tui_expect "$tag: all $N due households are on it, none left out" "共${N}站"
		tui_expect "$tag: with the done and visited counts" "✓已查1 !已访1 待查$((N - 2))"
	else
		tui_expect "$tag: all $N due households are on it, none left out" "$N stops"
		tui_expect "$tag: with the done and visited counts" "✓ 1 done, ! 1 visited, $((N - 2)) to go"
	fi
	tui_check_layout "$tag: the route fits the pane"
	tui_screen >"$T/route.txt"
	python3 - "$T/route.txt" >"$T/order.txt" <<'PY'
import re, sys
print(" ".join(re.findall(r"新华路(\d+)号", open(sys.argv[1], encoding="utf-8").read())))
PY
	set -- $(cat "$T/order.txt")
	ok "$tag: stops run 1, 2, 3, 4 along the street, prefix or not ($*)" \
	    [ "${1:-} ${2:-} ${3:-} ${4:-}" = "1 2 3 4" ]
	contains "$tag: the stop inspected today is marked done" "$T/route.txt" "$done_w"
	contains "$tag: the refused stop says so" "$T/route.txt" "$refused_w"
	ok "$tag: the done stop carries the ✓ mark" grep -qE "✓ (R128  )?北京市朝阳区新华路3号" "$T/route.txt"
	ok "$tag: the visited stop carries the ! mark" grep -qE "! (R126  )?北京市朝阳区新华路5号" "$T/route.txt"
	tui_keys End
	tui_expect "$tag: End reaches the last stop, number $N" "新华路${N}号"
	tui_check_layout "$tag: the end of the route fits the pane"
	tui_keys Home
	tui_expect "$tag: Home goes back to the first" "新华路1号"
	tui_keys NPage
	tui_wait "新华路1号" 1 >/dev/null 2>&1 && sleep 0.2
	if tui_screen | grep -qF "新华路1号"; then
		fail "$tag: PgDn pages away from the first stops"
	else
		pass "$tag: PgDn pages away from the first stops"
	fi
	tui_keys Home n
	sleep 0.2
	tui_keys n
	sleep 0.2
	tui_keys Enter
	tui_expect "$tag: n skips the done stop, Enter opens the fourth household" "13900000004"
	tui_keys Escape
	tui_wait "$title" >/dev/null
	tui_keys '?'
	tui_expect "$tag: ? lists the route's keys" "$help"
	tui_keys Escape
	tui_wait "$title" >/dev/null
	tui_keys Escape
	tui_expect "$tag: Esc goes back home" "$home"
	tui_keys q
	sleep 0.3
}

route_walk zh 40 15 ""
route_walk en 80 24 "LANGUAGE=en"
tui_check_stderr "no sanitizer report or error from any TUI run"
