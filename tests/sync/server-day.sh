#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# One "today" for the city: every day the server decides (the summary's
# until and overdue households, the console overview's as-of, overdue cards
# and records synced today, an export's overdue rows and its file's day,
# the warnings' household_overdue) is the local day of the server's machine
# (TZ, else /etc/localtime), the rule of the device's fc_date_today() and of
# a record's own day. A real server runs in a zone whose day differs from the
# UTC day now: a catering unit falls due on the earlier of the two days, so it
# is overdue exactly when "today" is the later one. Etc/GMT-14 (UTC+14: the
# sign of Etc zones is reversed) differs from UTC from 10:00 UTC on,
# Etc/GMT+12 (UTC-12) before 12:00, so the one picked from the hour always
# differs; Asia/Shanghai and America/New_York run when theirs differs too and
# are skipped, saying so, when it does not. No clock is faked: the days are
# read from date(1) in the same zone. SQLite, and PostgreSQL with FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

hour=$(date -u +%H)
if [ "${hour#0}" -ge 12 ]; then
	ZONES="Etc/GMT-14"
else
	ZONES="Etc/GMT+12"
fi
ZONES="$ZONES Asia/Shanghai America/New_York"
printf '%s\n' "$PW" | "$FCS" --db "$DB" user add city1 --role city --password-stdin 2>/dev/null
cat >"$T/warnings.json" <<'EOF'
{"format": 1, "rules": {"household_overdue": {"days": 0}}, "receivers": []}
EOF

n=0
for z in $ZONES; do
	n=$((n + 1))
	U=$(date -u +%F)
	L=$(TZ=$z date +%F)
	if [ "$L" = "$U" ]; then
		pass "$z: the server's day is the local day # skip $z's day is the UTC day at this hour ($U)"
		continue
	fi
	# Due on the earlier day: overdue when today is the later one, the local
	# day ahead of UTC; not yet overdue when the local day is behind.
	if [ "$(echo "$L" | tr -d -)" -gt "$(echo "$U" | tr -d -)" ]; then
		due=$U want=1 word=overdue
	else
		due=$L want=0 word="not overdue"
	fi
	last=$(date -d "$due -12 months" +%F)
	H="C$n" D="D$n"
	printf 'id,district,address,resident,phone,kind,last_check\n%s,%s,新华路%s号,王芳,1380000000%s,catering,%s\n' \
	    "$H" "$D" "$n" "$n" "$last" >"$T/hh$n.csv"
	TZ=$z
	export TZ
	"$FCS" --db "$DB" households import "$T/hh$n.csv" >/dev/null
	start_server --web "$FC_ROOT/web"
	A="$T/a$n" S="$T/s$n"
	enrolled_device "$A" "ana$n" "$D"
	enrolled_device "$S" "sam$n" "$D" supervisor
	dsync "$A" >/dev/null 2>&1
	# A visit made now on the device (nobody home: the due date stays): its
	# day is the device's local day.
	echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --template gas --household "$H" \
	    --answers "$ANS/gas-nobody-home.json" --pin-stdin >/dev/null
	dsync "$A" >/dev/null 2>&1
	FIELDCHECK_HOME="$A" "$FC" list --json >"$T/list$n.json"
	contains "$z: the device's visit is signed on its local day $L" "$T/list$n.json" "\"time\": \"$L"

	# The supervisor's `fieldcheck summary`, as the server counts it.
	echo "$PIN" | FIELDCHECK_HOME="$S" "$FC" summary --json --pin-stdin >"$T/sum$n.json" 2>"$T/err"
	if python3 - "$T/sum$n.json" "$D" "$L" "$want" >"$T/c" 2>&1 <<'PY'; then
import json, sys
s = json.load(open(sys.argv[1]))
g = [x for x in s["groups"] if x["key"] == sys.argv[2]]
assert s["until"] == sys.argv[3], ("until", s["until"])
assert g and g[0]["households_overdue"] == int(sys.argv[4]), g
PY
		pass "$z: the summary runs until $L and counts $H $word (due $due)"
	else
		fail "$z: the summary runs until $L and counts $H $word (due $due)" "$(cat "$T/c")"
	fi

	# The console's overview and export, as the city account sees them.
	curl -s -o /dev/null -c "$T/jar$n" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"city1\",\"password\":\"$PW\"}" "$URL/console/api/login"
	curl -s -o "$T/ov$n.json" -b "$T/jar$n" "$URL/console/api/overview?district=$D"
	if python3 - "$T/ov$n.json" "$D" "$L" "$want" >"$T/c" 2>&1 <<'PY'; then
import json, sys
o = json.load(open(sys.argv[1]))
assert o["as_of"] == sys.argv[3], ("as_of", o["as_of"])
p = [x for x in o["programmes"] if x["district"] == sys.argv[2] and x["programme"] == "gas"]
assert p and p[0]["overdue"] == int(sys.argv[4]), p
assert o["synced_today"]["records"] == 1, o["synced_today"]
PY
		pass "$z: the overview is as of $L, $H $word, the record synced today"
	else
		fail "$z: the overview is as of $L, $H $word, the record synced today" "$(cat "$T/c")"
	fi
	# Recounted from the records, each arrival falls on the same local day.
	expect_exit 0 "$z: the kept counters equal a recount from the records" \
	    "$FCS" --db "$DB" rebuild-aggregates --check
	"$FCS" --db "$DB" rebuild-aggregates >/dev/null 2>&1
	curl -s -o "$T/ov$n-b.json" -b "$T/jar$n" "$URL/console/api/overview?district=$D"
	ok "  and after rebuild-aggregates the record is still synced today" python3 -c \
	    'import json,sys; assert json.load(open(sys.argv[1]))["synced_today"]["records"] == 1' \
	    "$T/ov$n-b.json"
	# The console's pages show the device's last sync (an instant) in the
	# browser's zone, the city's: on the day the overview counts it under.
	curl -s -o "$T/in$n.json" -b "$T/jar$n" "$URL/console/api/inspectors?district=$D"
	synced=$(python3 -c 'import json,sys; print([d["last_sync"] for i in json.load(open(sys.argv[1]))["inspectors"] for d in i["devices"] if i["id"] == sys.argv[2]][0])' "$T/in$n.json" "ana$n")
	if command -v node >/dev/null 2>&1; then
		shown=$(node --input-type=module -e "import { date } from '$FC_ROOT/web/ui.js'; console.log(date($synced))" 2>/dev/null)
		case $shown in
		"$L "*) pass "  the console shows the last sync on $L ($shown)" ;;
		*) fail "  the console shows the last sync on $L" "shown '$shown' for $synced" ;;
		esac
	else
		pass "  the console shows the last sync on $L # skip node is not installed"
	fi
	code=$(curl -s -D "$T/hd$n" -o "$T/ex$n.csv" -w '%{http_code}' -b "$T/jar$n" \
	    "$URL/console/api/export?what=overdue&format=csv&district=$D")
	ok "$z: the console exports the overdue households" test "$code" = 200
	contains "  in a file named for $L" "$T/hd$n" "-$L.csv"
	if [ "$(grep -c "$H" "$T/ex$n.csv")" -eq "$want" ]; then
		pass "  with $H $word"
	else
		fail "  with $H $word" "$(cat "$T/ex$n.csv")"
	fi

	# The warnings, run in the same zone.
	"$FCS" --db "$DB" warnings run --rules "$T/warnings.json" >/dev/null 2>&1
	"$FCS" --db "$DB" warnings list --json >"$T/w$n.json"
	if [ "$(python3 -c 'import json,sys; print(sum(1 for w in json.load(open(sys.argv[1])) if w["dedup"].startswith("household_overdue:" + sys.argv[2] + "/")))' "$T/w$n.json" "$H")" -eq "$want" ]; then
		pass "$z: the warnings find $H $word as well"
	else
		fail "$z: the warnings find $H $word as well" "$(cat "$T/w$n.json")"
	fi
	stop_server
	unset TZ
	if [ "$(date -u +%F)" != "$U" ]; then
		pass "$z: checked within one UTC day # skip the UTC day changed during the check"
	fi
done
