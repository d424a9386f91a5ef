#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every list the server answers with comes in an order its data decides,
# never the order the rows happen to lie in the store. A store is filled with
# rows that tie on the first keys of their lists: two devices' records of the
# same day, received in the same second, with the same numbers; two
# follow-ups of one record; the same item's hazard in two programmes of one
# household, found the same day; two forks of one record; households never
# inspected (all due ''). Every list is read (the console's API, the exports,
# the command line's listings, a device's assignments and the summary); then
# every table is written again in reverse physical order (deleted and
# inserted backwards, then VACUUM, or VACUUM FULL on PostgreSQL) and the
# server restarted: each answer must be the same bytes. Ids that collate
# differently from their bytes (Bob before ana, H-3 before H1 before H_4 before
# h2) must come in byte order, as SQLite gives them: on PostgreSQL the
# database is made with ICU's en-US collation, which orders them otherwise.
# Warnings are raised in the byte order of their keys. SQLite, and PostgreSQL
# with FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'

# sql QUERY: rows as "a|b|c" lines, from either backend.
sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		pg_sql "$1"
	else
		sqlite3 -batch "$DB" "$1"
	fi
}

if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	# A collation that is not byte order, as a database made under a
	# production locale (en_US.UTF-8, zh_CN.UTF-8) would have.
	PGPOST="postgresql://fc@127.0.0.1:$PG_PORT/postgres"
	if psql -q -X -v ON_ERROR_STOP=1 "$PGPOST" -c "DROP DATABASE fieldcheck" \
	    -c "CREATE DATABASE fieldcheck TEMPLATE template0 LOCALE_PROVIDER icu \
		ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'" >"$T/icu.out" 2>&1; then
		pass "the PostgreSQL store collates text by ICU's en-US, not by bytes"
	else
		# (A PostgreSQL built without ICU: the lists are still read in both orders.)
		echo "ok - the PostgreSQL store collates text by ICU's en-US, not by bytes" \
		    "# skip: $(tr '\n' ' ' <"$T/icu.out")"
		psql -q -X "$PGPOST" -c "CREATE DATABASE fieldcheck" >/dev/null 2>&1
	fi
fi

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
h2,D1,新华路2号,李强,13800000002,residential,
H-3,D1,新华路3号,周杰,13800000003,residential,
H_4,D1,新华路4号,孙丽,13800000004,catering,
Hc,D1,新华路5号,吴七,13800000007,residential,
H6,D1,新华路6号,郑八,13800000008,residential,
H-6,D1,新华路6号,郑九,13800000009,residential,
Hb,D2,和平街5号,钱七,13800000005,residential,
ha,D2,和平街6号,赵六,13800000006,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "city1 --role city" "Zed --role supervisor --districts D1" \
    "amy --role supervisor --districts D2"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add $a --password-stdin 2>/dev/null
done
# A site's own checklist asking the gas checklist's items: the ledger keys its
# hazards under its id (gasx, no programme of its own), so one item can be a
# hazard in two programmes.
python3 -c 'import json,sys
t = json.load(open(sys.argv[1])); t["id"] = "gasx"; del t["programme"]
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$FC_ROOT/schema/checklists/gas.json" "$T/gasx.json"
expect_exit 0 "the site's checklist gasx is added" "$FCS" --db "$DB" templates add "$T/gasx.json"
start_server --web "$FC_ROOT/web"
A="$T/a" B="$T/b" S="$T/s"
enrolled_device "$A" ana D1
enrolled_device "$B" Bob D1
enrolled_device "$S" sam D1,D2 supervisor
code cy D2 >/dev/null
code Cy D2 >/dev/null
for h in "$A" "$B" "$S"; do dsync "$h" >/dev/null 2>&1; done

crec() {
	h=$1
	shift
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FC" record "$@" --pin-stdin --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
R1=$(crec "$A" --template gas --household H1 --answers "$ANS/gas-major.json")
crec "$A" --template gasx --household H1 --answers "$ANS/gas-major.json" >/dev/null
crec "$A" --template gas --household H-3 --answers "$ANS/gas-nobody-home.json" >/dev/null
crec "$A" --follows "$R1" --outcome not_rectified >/dev/null
crec "$A" --follows "$R1" --outcome not_rectified >/dev/null
crec "$B" --template gas --household H1 --answers "$ANS/gas-nobody-home.json" >/dev/null
RB=$(crec "$B" --template gas --household h2 --answers "$ANS/gas-major.json")
crec "$B" --template gas --household H_4 --answers "$ANS/gas-major.json" >/dev/null
crec "$B" --corrects "$RB" --answers "$ANS/gas-major.json" >/dev/null
expect_exit 0 "ana's device pushes five records" dsync "$A"
expect_exit 0 "Bob's pushes four" dsync "$B"
# Two forks of ana's sixth record: copies of her device sign two others as number 6.
cp -r "$A" "$A.1"
cp -r "$A" "$A.2"
crec "$A" --template gas --household H-3 --answers "$ANS/gas-clean.json" >/dev/null
dsync "$A" >/dev/null 2>&1
crec "$A.1" --template gas --household H-3 --answers "$ANS/gas-major.json" >/dev/null
crec "$A.2" --template gas --household h2 --answers "$ANS/gas-clean.json" >/dev/null
dsync "$A.1" >/dev/null 2>&1
dsync "$A.2" >/dev/null 2>&1
ok "the server keeps both forks" test "$(server_count forks)" = 2
# Every record received in the same second, so the lists' first keys tie.
sql "UPDATE records SET received_at = (SELECT min(received_at) FROM records)" >/dev/null
"$FCS" --db "$DB" review "$R1" accepted --by Zed >/dev/null
"$FCS" --db "$DB" review "$RB" returned --comment 'the valve' --by amy >/dev/null
printf 'a-long-shared-secret-for-tests-0123\n' >"$T/w.secret"
cat >"$T/warnings.json" <<'EOF'
{
 "format": 1,
 "rules": {"hazard_found": {"severities": ["stop", "major"]}, "device_silent": {"days": 0},
           "fork": {}},
 "receivers": [{"name": "city", "url": "http://127.0.0.1:9/hook", "secret_file": "w.secret"},
               {"name": "Bravo", "url": "http://127.0.0.1:9/hook", "secret_file": "w.secret"},
               {"name": "alpha", "url": "http://127.0.0.1:9/hook", "secret_file": "w.secret"}]
}
EOF
sleep 1.1 # the devices' last sync is now more than 0 days ago: silent by that rule
expect_exit 0 "the rules raise warnings" \
    "$FCS" --db "$DB" warnings run --rules "$T/warnings.json"

login() {
	curl -s -o /dev/null -c "$T/jar" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"city1\",\"password\":\"$PW\"}" "$URL/console/api/login"
}
# capture DIR: every list answer, a file each.
capture() {
	d=$1
	mkdir -p "$d"
	login
	for q in overview records 'records?limit=3' 'records?limit=3&offset=3' \
	    'records?limit=3&offset=6' "record?id=$R1" "record?id=$RB" household?id=H1 \
	    household?id=h2 households?q=H households?q=h inspectors hazards \
	    'hazards?limit=2' 'hazards?limit=2&offset=2' 'hazards?limit=2&offset=4' \
	    'hazards?limit=2&offset=6' reviews warnings 'warnings?limit=4&offset=4'; do
		curl -s -o "$d/api-$(printf '%s' "$q" | tr -c 'A-Za-z0-9_\n-' '_')" -b "$T/jar" \
		    "$URL/console/api/$q"
	done
	for w in "records --programme gas" "records --programme rural" hazards overdue; do
		# shellcheck disable=SC2086
		"$FCS" --db "$DB" export $w --format csv --out "$d/export-$(echo $w | tr ' ' _).csv" \
		    >/dev/null
	done
	"$FCS" --db "$DB" inspectors list --json >"$d/cli-inspectors"
	"$FCS" --db "$DB" devices list --json >"$d/cli-devices"
	"$FCS" --db "$DB" codes list --all --json >"$d/cli-codes"
	"$FCS" --db "$DB" user list --json >"$d/cli-users"
	"$FCS" --db "$DB" reviews --json >"$d/cli-reviews"
	"$FCS" --db "$DB" warnings list --json >"$d/cli-warnings"
	"$FCS" --db "$DB" status --json >"$d/cli-status"
	for by in district inspector; do
		echo "$PIN" | FIELDCHECK_HOME="$S" "$FC" summary --by $by --json --pin-stdin \
		    >"$d/dev-summary-$by"
	done
	for h in "$A" "$S"; do
		dsync "$h" >/dev/null 2>&1
		cp "$h/assignments.json" "$d/dev-assignments-$(basename "$h")"
	done
}
capture "$T/before"

# in_order NAME FILE PYTHON-EXPR: the rows PYTHON-EXPR picks from FILE's JSON (j) are
# in the order of their keys: each row is (key, shown), key a tuple of numbers and of
# strings as bytes (b(s, ...)), so text compares byte by byte.
in_order() {
	if python3 - "$2" "$3" >"$T/order" 2>&1 <<'PY'; then
import json, sys
j = json.load(open(sys.argv[1]))
b = lambda *s: tuple(x.encode() for x in s)
rows = eval(sys.argv[2])
keys = [k for k, _ in rows]
if len(rows) < 2:
    sys.exit("fewer than two rows: %r" % rows)
if keys != sorted(keys):
    sys.exit("got %s" % [s for _, s in rows])
PY
		pass "$1"
	else
		fail "$1" "$(tr '\n' ' ' <"$T/order")"
	fi
}
O="$T/before"
in_order "the console's inspectors: by id, in byte order" "$O/api-inspectors" \
    '[(b(i["id"]), i["id"]) for i in j["inspectors"]]'
in_order "the command line's inspectors: by id" "$O/cli-inspectors" \
    '[(b(i["inspector"]), i["inspector"]) for i in j]'
in_order "its devices: by inspector, then device" "$O/cli-devices" \
    '[(b(d["inspector"], d["device"]), d["inspector"]) for d in j]'
in_order "its codes: by when made, then reference" "$O/cli-codes" \
    '[((c["created_at"],) + b(c["ref"]), c["inspector"]) for c in j]'
in_order "its console accounts: by name" "$O/cli-users" '[(b(u["name"]), u["name"]) for u in j]'
in_order "the hazard ledger: newest found, then household, item, programme" \
    "$O/api-hazards" '[((-int(h["found"].replace("-", "")),) + b(h["household"], h["item"],
    h["programme"]), h["household"] + "/" + h["programme"]) for h in j["hazards"]]'
in_order "the household search: by id" "$O/api-households_q_H" \
    '[(b(h["id"]), h["id"]) for h in j["households"]]'
in_order "the console's warnings: newest first, then receiver" "$O/api-warnings" \
    '[((-w["id"],) + b(w["receiver"]), w["receiver"]) for w in j["warnings"]]'
in_order "the warnings listed: by id, then receiver" "$O/cli-warnings" \
    '[((w["id"],) + b(w["receiver"]), w["receiver"]) for w in j]'
in_order "warnings are raised in the byte order of their keys" "$O/cli-warnings" \
    '[(b(w["dedup"]), w["dedup"]) for w in sorted(j, key=lambda w: w["id"])
    if w["receiver"] == "city"]'
in_order "a device's assignments: due, then household, programme" "$O/dev-assignments-a" \
    '[(b(d["due"], d["household"], d["programme"]), d["household"]) for d in j["due"]]'
in_order "over two districts too" "$O/dev-assignments-s" \
    '[(b(d["due"], d["household"], d["programme"]), d["household"]) for d in j["due"]]'
in_order "the open hazards assigned: found, then record, item, household, programme" \
    "$O/dev-assignments-a" '[(b(h["day"], h["record"], h["item"], h["household"],
    h["programme"]), h["household"] + "/" + h["programme"]) for h in j["hazards"]]'

# reorder: every table written again backwards, then compacted.
reorder() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		tables=$(pg_sql "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
		{
			echo "SET session_replication_role = replica; BEGIN;"
			for t in $tables; do
				echo "CREATE TEMP TABLE t AS SELECT * FROM $t; DELETE FROM $t;"
				echo "INSERT INTO $t SELECT * FROM t ORDER BY ctid DESC; DROP TABLE t;"
			done
			echo "COMMIT; VACUUM FULL;"
		} >"$T/reorder.sql"
		psql -q -X -v ON_ERROR_STOP=1 "$PG_URI" -f "$T/reorder.sql"
	else
		# audit refuses deletes (append-only): it is read by id, its key, anyway.
		tables=$(sqlite3 -batch "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
		    AND name NOT LIKE 'sqlite_%' AND name <> 'audit'")
		{
			echo "BEGIN;"
			for t in $tables; do
				echo "CREATE TEMP TABLE t AS SELECT * FROM $t; DELETE FROM $t;"
				echo "INSERT INTO $t SELECT * FROM t ORDER BY rowid DESC; DROP TABLE t;"
			done
			echo "COMMIT; VACUUM;"
		} >"$T/reorder.sql"
		sqlite3 -batch "$DB" <"$T/reorder.sql"
	fi
}
stop_server
expect_exit 0 "every table is written again in reverse order" reorder
SAME_PORT=1 start_server --web "$FC_ROOT/web"
capture "$T/after"

# same NAME A B: the two answers are the same bytes; else what differs.
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		for f in "$2" "$3"; do
			python3 -m json.tool "$f" >"$f.pretty" 2>/dev/null || cp "$f" "$f.pretty"
		done
		fail "$1" "$(diff "$2.pretty" "$3.pretty" | head -n 20 | tr '\n' ' ')"
	fi
}
for f in "$T/before"/*; do
	n=$(basename "$f")
	same "$n: the same answer after the tables were reordered" "$f" "$T/after/$n"
done

# Raised again from the reordered store: the same warnings, in the same order.
sql "DELETE FROM deliveries" >/dev/null
sql "DELETE FROM warnings" >/dev/null
"$FCS" --db "$DB" warnings run --rules "$T/warnings.json" >/dev/null
"$FCS" --db "$DB" warnings list --json >"$T/again.json"
if python3 - "$T/before/cli-warnings" "$T/again.json" >"$T/w.diff" 2>&1 <<'PY'; then
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
key = lambda j: [(w["dedup"], w["receiver"]) for w in j]
sys.exit(0 if key(a) == key(b) else "%s\n%s" % (key(a), key(b)))
PY
	pass "warnings raised again from the reordered store come in the same order"
else
	fail "warnings raised again from the reordered store come in the same order" \
	    "$(tr '\n' ' ' <"$T/w.diff")"
fi
stop_server
