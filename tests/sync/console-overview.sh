#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The console's overview reads the summary's counters (core/aggregate.h,
# migration 0014), not the ledger's rows; its every figure must still be
# what counting the ledger's rows gives. After inspections, a visit, a rural
# grade, follow-ups (not rectified, then rectified), corrections that
# supersede hazards and turn a visit into an inspection, a catering unit
# without a gas alarm, and registry imports that move a household to another
# district, change households' kinds and add one, the overview of the city
# account and of each district (households overdue each counted once) is
# compared with a recount made here from the
# programmes, hazards, versions and households tables (the catering units
# and their alarms: counters by kind since 0018). Then the counters are
# deleted and marked for a recount, as migrations 0014 and 0018 leave a store
# that kept counters before them: opening the store must bring the same
# overview back, and so must rebuild-aggregates. SQLite, and PostgreSQL with
# FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,2020-01-01
H4,D1,新华路4号,孙丽,13800000005,catering,2020-01-01
H5,D2,和平街5号,钱七,13800000006,catering,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
printf '%s\n' "$PW" | "$FCS" --db "$DB" user add city1 --role city --password-stdin 2>/dev/null
start_server --web "$FC_ROOT/web"
A="$T/a" B="$T/b"
enrolled_device "$A" ana D1
enrolled_device "$B" bob D2
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
curl -s -o /dev/null -c "$T/jar" -H 'Content-Type: application/json' \
    -d "{\"name\":\"city1\",\"password\":\"$PW\"}" "$URL/console/api/login"

rec() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FC" record "$@" --pin-stdin
}
# sql QUERIES: the rows of each ;-separated query as "a|b|c" lines, from
# either backend, in one client (psql prints every statement's rows only
# when they come on its standard input).
sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		printf '%s\n' "$1" | psql -q -X -A -t -v ON_ERROR_STOP=1 "$PG_URI"
	else
		sqlite3 -batch "$DB" "$1"
	fi
}
# The ledger's rows the recount reads (every column it needs, nothing counted in SQL).
ledger_rows() {
	sql "SELECT 'p', district, programme, due, months, last, grade FROM programmes;
	SELECT 'h', district, severity, status, found FROM hazards;
	SELECT 'v', o.district, o.day, c.kind FROM versions o JOIN versions c ON c.id = o.current WHERE o.id = o.root;
	SELECT 'k', district, id, kind FROM households;
	SELECT 'kp', district, household, programme, last FROM programmes;
	SELECT 'kz', district, household, programme, item, status FROM hazards;
	SELECT 'hp', district, household, due, months FROM programmes;" >"$T/rows"
}
# recount WHEN DISTRICT: the overview (for DISTRICT, '' for all) equals a recount of the rows.
recount() {
	when=$1 d=$2
	curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview?district=$d"
	ledger_rows
	if python3 - "$T/ov.json" "$T/rows" "$d" "$FC_ROOT/schema/checklists/gas.json" \
	    >"$T/diff" 2>&1 <<'PY'; then
import datetime, json, sys
ov = json.load(open(sys.argv[1]))
want = sys.argv[3]
today = datetime.date.fromisoformat(ov["as_of"])
first = datetime.date.fromisoformat(ov["weeks"][0]["week"])
major = {"stop", "major", "serious"}  # core/hazard.c's fc_hazard_is_major()
prog, grades, hz, hzd, weeks_i, weeks_h = {}, {}, {}, {}, 0, 0
hz = {"found": 0, "rectified": 0, "open": 0, "major_open": 0}
by_sev = {}
# The gas checklist's alarm items; each household's kind in the registry.
alarm_items = {i["id"] for s in json.load(open(sys.argv[4]))["sections"] if s["id"] == "alarm"
               for i in s["items"]}
hh_kind = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("|")
    if f[0] == "k":
        hh_kind[f[2]] = f[3]
alarm = {"catering": 0, "inspected": 0, "working": 0}
inspected, unsafe = set(), set()
hh_all, hh_late = set(), set()  # households with an interval, and overdue in any programme
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("|")
    if want and f[1] != want:
        continue
    if f[0] == "k":
        alarm["catering"] += f[3] == "catering"
        continue
    if f[0] == "kp":
        if hh_kind.get(f[2]) == "catering" and f[3] == "gas" and f[4] != "":
            inspected.add(f[2])
        continue
    if f[0] == "hp":
        if int(f[4]) > 0:
            hh_all.add(f[2])
            if f[3] == "" or datetime.date.fromisoformat(f[3]) < today:
                hh_late.add(f[2])
        continue
    if f[0] == "kz":
        if hh_kind.get(f[2]) == "catering" and f[3] == "gas" and f[4] in alarm_items and \
                f[5] == "open":
            unsafe.add(f[2])
        continue
    if f[0] == "p":
        _, dist, pr, due, months, last, grade = f
        if int(months) > 0:
            g = prog.setdefault((dist, pr), {"overdue": 0, "total": 0})
            g["total"] += 1
            if due == "" or datetime.date.fromisoformat(due) < today:
                g["overdue"] += 1
        if last != "":
            g = grades.setdefault((dist, pr), {"inspected": 0, "grades": {}})
            g["inspected"] += 1
            if grade:
                g["grades"][grade] = g["grades"].get(grade, 0) + 1
    elif f[0] == "h":
        _, dist, sev, status, found = f
        d = hzd.setdefault(dist, {"found": 0, "rectified": 0, "open": 0, "major_open": 0})
        if status == "superseded":
            continue
        for x in (hz, d):
            x["found"] += 1
            x["rectified"] += status == "rectified"
            x["open"] += status == "open"
            x["major_open"] += status == "open" and sev in major
        if status == "open":
            by_sev[sev] = by_sev.get(sev, 0) + 1
        if datetime.date.fromisoformat(found) >= first:
            weeks_h += 1
    elif f[0] == "v":
        _, dist, day, kind = f
        if kind == "inspection" and datetime.date.fromisoformat(day) >= first:
            weeks_i += 1
got_prog = {(p["district"], p["programme"]): {"overdue": p["overdue"], "total": p["total"]}
            for p in ov["programmes"]}
bad = []
def same(what, a, b):
    if a != b:
        bad.append("%s: overview %r, recount %r" % (what, a, b))
same("households by programme (overdue, total)", got_prog, prog)
same("households, each once (overdue, total)",
     (ov["households"]["overdue"], ov["households"]["total"]), (len(hh_late), len(hh_all)))
same("ok + soon + overdue = total", [p["ok"] + p["soon"] + p["overdue"] == p["total"]
                                    for p in ov["programmes"]], [True] * len(ov["programmes"]))
same("grades", {(g["district"], g["programme"]): {"inspected": g["inspected"],
                                                  "grades": g["grades"]} for g in ov["grades"]},
     grades)
same("hazards", {k: ov["hazards"][k] for k in hz}, hz)
same("hazards by district", ov["hazards"]["districts"], hzd)
same("open by severity", ov["hazards"]["open_by_severity"], by_sev)
same("open by age, all buckets", sum(a["n"] for a in ov["hazards"]["open_by_age"]), hz["open"])
same("inspections over the weeks", sum(w["inspections"] for w in ov["weeks"]), weeks_i)
same("hazards over the weeks", sum(w["hazards"] for w in ov["weeks"]), weeks_h)
# Catering units inspected in gas whose inspection leaves no alarm item's hazard open.
alarm["inspected"] = len(inspected)
alarm["working"] = len(inspected - unsafe)
same("catering units and their gas alarms", ov["alarm"], alarm)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
		pass "$when: the overview${d:+ of $d} equals a recount of the ledger's rows"
	else
		fail "$when: the overview${d:+ of $d} equals a recount of the ledger's rows" "$(cat "$T/diff")"
	fi
}
every() {
	recount "$1" ""
	recount "$1" D1
	recount "$1" D2
}

every "an empty store"
R1=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-major.json")
R2=$(rec "$A" --template gas --household H1 --answers "$ANS/gas-nobody-home.json")
rec "$A" --template rural --household H2 --answers "$ANS/rural-c.json" >/dev/null
rec "$A" --template gas --household H4 --answers "$ANS/gas-catering-clean.json" >/dev/null
R3=$(rec "$B" --template gas --household H3 --answers "$ANS/gas-major.json")
expect_exit 0 "ana syncs four records" dsync "$A"
expect_exit 0 "bob syncs one" dsync "$B"
every "after inspections, a visit and a rural grade"
curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview"
ok "(the overview counts open hazards, so the recount is not of nothing)" \
    python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["hazards"]["open"] < 2)' "$T/ov.json"
ok "(and a graded rural house)" \
    python3 -c 'import json,sys; sys.exit(not any(g["grades"] for g in json.load(open(sys.argv[1]))["grades"]))' "$T/ov.json"

rec "$A" --follows "$R1" --outcome not_rectified >/dev/null
expect_exit 0 "a follow-up (not rectified) is synced" dsync "$A"
every "after a follow-up that rectified nothing"
rec "$A" --follows "$R1" --outcome rectified >/dev/null
expect_exit 0 "a follow-up (rectified) is synced" dsync "$A"
every "after a follow-up that rectified everything"
curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview?district=D1"
ok "(D1's hazards are counted rectified)" \
    python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["hazards"]["rectified"] < 1)' "$T/ov.json"

# H5, a catering unit of D2, has no gas alarm: a major hazard on an alarm item.
python3 -c 'import json,sys
a=json.load(open(sys.argv[1])); a["G50"]="no"; del a["G51"]
m=json.load(open(sys.argv[2])); a.update({k: m[k] for k in m if k in ("G70", "G71", "G72", "G73")})
json.dump(a,open(sys.argv[3],"w"))' \
    "$ANS/gas-catering-clean.json" "$ANS/gas-major.json" "$T/no-alarm.json"
cp "$ANS/stove.jpg" "$T/"
rec "$B" --template gas --household H5 --answers "$T/no-alarm.json" >/dev/null
expect_exit 0 "bob syncs a catering unit without a gas alarm" dsync "$B"
every "after a catering unit without a gas alarm"
curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview"
ok "(the overview counts two catering units inspected, one without a working alarm)" \
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["alarm"]
sys.exit(a != {"catering": 2, "inspected": 2, "working": 1})' "$T/ov.json"

rec "$B" --corrects "$R3" --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a correction with no hazards now is synced" dsync "$B"
every "after a correction that supersedes hazards"
rec "$A" --corrects "$R2" --answers "$ANS/gas-clean.json" >/dev/null
expect_exit 0 "a correction turning a visit into an inspection is synced" dsync "$A"
every "after a correction that turns a visit into an inspection"

sed 's/^H4,D1,/H4,D2,/' "$T/hh.csv" >"$T/hh2.csv"
"$FCS" --db "$DB" households import "$T/hh2.csv" >/dev/null
every "after the registry moved H4 to D2"
# H3 (inspected in D2) becomes a catering unit, H5 (no alarm) a business; a new unit H6 in D1.
sed -e 's/^\(H3,.*\),residential,/\1,catering,/' -e 's/^\(H5,.*\),catering,/\1,business,/' \
    "$T/hh2.csv" >"$T/hh3.csv"
echo 'H6,D1,新华路6号,赵六,13800000007,catering,' >>"$T/hh3.csv"
"$FCS" --db "$DB" households import "$T/hh3.csv" >/dev/null
every "after the registry changed two households' kinds and added a catering unit"
curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview?district=D2"
ok "(D2's catering units are H3 and H4 now, both inspected, both alarms working)" \
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["alarm"]
sys.exit(a != {"catering": 2, "inspected": 2, "working": 2})' "$T/ov.json"

# same_json NAME A B: the two answers are the same bytes; else what differs.
same_json() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		python3 -m json.tool "$2" >"$T/a.pretty" 2>&1
		python3 -m json.tool "$3" >"$T/b.pretty" 2>&1
		fail "$1" "$(diff "$T/a.pretty" "$T/b.pretty" | head -n 20 | tr '\n' ' ')"
	fi
}

# A store that kept counters before 0014 (none of the overview's): recounted when opened.
curl -s -o "$T/good.json" -b "$T/jar" "$URL/console/api/overview"
stop_server
sql "DELETE FROM aggregates WHERE metric IN ('prog_due', 'prog_grade', 'haz_state', 'open_found', 'kind_hh', 'kind_done', 'kind_open')" >/dev/null
sql "INSERT INTO aggregates_pending (what) VALUES ('all')" >/dev/null
start_server --web "$FC_ROOT/web"
curl -s -o /dev/null -c "$T/jar" -H 'Content-Type: application/json' \
    -d "{\"name\":\"city1\",\"password\":\"$PW\"}" "$URL/console/api/login"
curl -s -o "$T/again.json" -b "$T/jar" "$URL/console/api/overview"
same_json "a store whose counters lack the overview's is recounted when opened: the same overview" \
    "$T/good.json" "$T/again.json"
every "after that recount"
expect_exit 0 "the kept counters equal a recount from the records" \
    "$FCS" --db "$DB" rebuild-aggregates --check
expect_exit 0 "rebuild-aggregates recounts them" "$FCS" --db "$DB" rebuild-aggregates
curl -s -o "$T/rebuilt.json" -b "$T/jar" "$URL/console/api/overview"
same_json "and the overview after it is the same" "$T/good.json" "$T/rebuilt.json"
every "after rebuild-aggregates"
stop_server
