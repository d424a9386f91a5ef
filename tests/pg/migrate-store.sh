#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# migrate-store moves a city's SQLite store into PostgreSQL: every table,
# every record byte for byte, checked after the move and verified; the
# devices go on syncing against PostgreSQL from where they were (their
# chains and pull cursors still hold). An occupied PostgreSQL store is
# refused and left as it was.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../sync/common.inc"
. "$(dirname "$0")/pg.inc"
ANS="$FC_ROOT/tests/data/answers"
LITE="$T/city.db"

# A city on SQLite: a registry, a template, two inspectors, records with a
# hazard, a fork kept as evidence.
DB=$LITE
cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,东村2组,李强,13800000002,rural,
H3,D2,和平街4号,周杰,13800000004,residential,TODAY
CSV
# Checked today, so not due (a last_check after today is refused: core/household-csv.c).
sed -i "s/,TODAY\$/,$(date +%Y-%m-%d)/" "$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null 2>&1
"$FCS" --db "$DB" templates add "$FC_ROOT/schema/checklists/rural.json" >/dev/null 2>&1
start_server
A="$T/a" B="$T/b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D2
dsync "$A" >/dev/null 2>&1
add "$A" 20
add "$B" 15
echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --template gas --household H1 \
    --answers "$ANS/gas-major.json" --pin-stdin >/dev/null 2>&1
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
cp -r "$A" "$T/a2"
add "$A" 1
dsync "$A" >/dev/null 2>&1
echo "$PIN" | FIELDCHECK_HOME="$T/a2" "$FC" record --template gas --household H1 \
    --answers "$ANS/gas-clean.json" --pin-stdin >/dev/null 2>&1
dsync "$T/a2" >/dev/null 2>&1
stop_server
ok "the SQLite store holds 37 records" test "$(server_count records)" = 37
ok "and a fork" test "$(server_count forks)" = 1
"$FCS" --db "$LITE" status --json >"$T/lite.json"

pg_start || exit 1
expect_exit 0 "migrate-store moves it into PostgreSQL" \
    "$FCS" migrate-store --from "$LITE" --to "$PG_URI"
contains "every record compared after the move" "$T/out" "37 records on 2 devices are byte for byte the same"
contains "and verified there" "$T/out" "verified 37 records on 2 devices"
"$FCS" --db "$PG_URI" status --json >"$T/pg.json"
# The audit log moves too, and the move adds its own line at the end.
"$FCS" --db "$LITE" audit --csv | sed 1d >"$T/lite-audit.csv"
"$FCS" --db "$PG_URI" audit --csv | sed 1d >"$T/pg-audit.csv"
ok "the audit log moved line for line" \
    test "$(sed '$d' "$T/pg-audit.csv")" = "$(cat "$T/lite-audit.csv")"
ok "the audit log has lines to move" test -s "$T/lite-audit.csv"
contains "the move itself is in the audit log" "$T/pg-audit.csv" ",migrate-store,"
ok "PostgreSQL holds what SQLite held, table for table" cmp "$T/lite.json" "$T/pg.json"
ok "the hazard came along" test "$(pg_sql "SELECT count(*) FROM hazards")" -ge 1
ok "bodies are the same bytes" test "$(pg_sql "SELECT md5(string_agg(body, ''::bytea ORDER BY
    device_id, seq)) FROM records")" = "$(python3 - "$LITE" <<'PY'
import hashlib, sqlite3, sys
h = hashlib.md5()
for (body,) in sqlite3.connect(sys.argv[1]).execute(
        "SELECT body FROM records ORDER BY device_id, seq"):
    h.update(bytes(body))
print(h.hexdigest())
PY
)"

expect_exit 1 "a second move into the now occupied store is refused" \
    "$FCS" migrate-store --from "$LITE" --to "$PG_URI"
contains "saying why" "$T/err" "already holds data"
ok "and it is left as it was" test "$("$FCS" --db "$PG_URI" status --json)" = "$(cat "$T/pg.json")"
expect_exit 2 "migrate-store needs both ends" "$FCS" migrate-store --from "$LITE"

# The devices carry on against PostgreSQL.
DB=$PG_URI
export FIELDCHECK_SERVER_PHOTOS="$T/server-photos"
start_server
add "$A" 5
expect_exit 0 "a device syncs on against the moved store" dsync "$A" --server "$URL"
contains "its chain continues" "$T/out" "the server holds 27 from this device"
"$FCS" --db "$DB" enroll --inspector cat --name Cat --district D1 >/dev/null 2>&1
ok "a new inspector's device gets a fresh id" enrolled_device "$T/c" cat D1
cat >"$T/hh2.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H5,D1,新华路5号,赵敏,13800000006,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh2.csv" >/dev/null 2>&1
ok "households imported after the move get revisions after the old ones" \
    test "$(pg_sql "SELECT rev > (SELECT max(rev) FROM households WHERE id <> 'H5') FROM households WHERE id = 'H5'")" = t
expect_exit 0 "the moved store verifies" "$FCS" --db "$DB" verify
contains "with every record" "$T/out" "verified 42 records on 3 devices"
stop_server
