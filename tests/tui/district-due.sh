#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An inspector of two districts, one of which checks homes yearly
# (schema/intervals.json: districts.example-dalian gas.residential 12
# months): a home of that district checked 13 months ago is overdue by its
# own district's rule. The home screen counts it overdue and today's route
# lists it; the route's row must say "overdue" too, not "not due" by the
# default 24 months of the device's first district.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

export FIELDCHECK_HOME="$T/home"
LAST=$(python3 -c 'import datetime
d = datetime.date.today()
y, m = (d.year - 1, d.month - 1) if d.month > 1 else (d.year - 2, 12)
print(datetime.date(y, m, min(d.day, 28)).isoformat())')
cat >"$T/hh.csv" <<CSV
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13900000001,residential,$(date +%Y-%m-%d)
H2,example-dalian,中山路2号,李强,13900000002,residential,$LAST
CSV

tui_start 80 24 LANGUAGE=en
tui_setup "First run" || fail "set-up"
tui_wait "Today's work" >/dev/null || fail "home after set-up"
tui_keys q
sleep 0.3
# The districts an enrolment for "D1,example-dalian" leaves in the device's settings.
sqlite3 "$FIELDCHECK_HOME/store.db" \
    "INSERT OR REPLACE INTO settings (key, value) VALUES ('sync.district', 'D1,example-dalian')" ||
    fail "the device's districts"
"$FC" households import "$T/hh.csv" >/dev/null || fail "registry import"

tui_start 80 24 LANGUAGE=en
tui_wait PIN >/dev/null
tui_type 258036; tui_keys Enter
tui_wait "Today's work" >/dev/null || fail "home after the PIN"
tui_wait "Households overdue" >/dev/null
tui_screen >"$T/home.txt"
ok "the home screen counts the Dalian home overdue (its district's 12 months)" \
    grep -qE 'Households overdue +1( |$)' "$T/home.txt"
tui_keys d
tui_expect "today's route lists it" "中山路2号"
tui_screen >"$T/route.txt"
ok "and its row says overdue, by the household's own district" \
    grep -qE "中山路2号.*$LAST +overdue" "$T/route.txt"
if grep -qE "中山路2号.*not due" "$T/route.txt"; then
	fail "(not \"not due\" by the default interval)" "$(grep 中山路2号 "$T/route.txt")"
else
	pass "(not \"not due\" by the default interval)"
fi
tui_keys Escape
tui_wait "Today's work" >/dev/null
tui_keys q
sleep 0.3
tui_check_stderr "no sanitizer report or error from the TUI"
