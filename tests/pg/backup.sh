#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/operating.md's backup and restore of a PostgreSQL store, done for real
# on a private cluster: `fieldcheck-server backup` dumps the live store with
# pg_dump while a device syncs, reads the archive back whole, and names it
# only then; a dump cut short is refused and leaves no name behind. The store
# is then lost and restored as the page says (the damaged database renamed
# aside, an empty one created, pg_restore, verify before the server starts),
# and the devices' next syncs send again exactly what the restored store lacks.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../sync/common.inc"
. "$(dirname "$0")/pg.inc"

pg_start || exit 1
DB=$PG_URI
SERVER_PHOTOS="$T/server-photos"
export FIELDCHECK_SERVER_PHOTOS="$SERVER_PHOTOS"
BK="$T/backups"
mkdir -p "$BK"
# The cluster's admin database, for what `sudo -u postgres` does on a real server.
PG_ADMIN="postgresql://fc@127.0.0.1:$PG_PORT/postgres"

start_server
A="$T/a" B="$T/b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D1
add "$A" 5
ok "device A syncs 5 records" dsync "$A"
add "$B" 200

# Back up while B's sync writes to the store.
dsync "$B" >"$T/b-sync.log" 2>&1 &
B_PID=$!
expect_exit 0 "fieldcheck-server backup dumps the live PostgreSQL store" \
    "$FCS" --db "$DB" backup "$BK" --keep 14
copy=$(sed -n 's/^backed up to //p' "$T/out")
wait "$B_PID" && pass "device B's sync, running while the dump was made, finished" ||
	fail "device B's sync finished during the backup" "$(cat "$T/b-sync.log")"
ok "the dump is named server-<UTC time>.dump" \
    sh -c "basename '$copy' | grep -Eqx 'server-[0-9]{8}T[0-9]{6}Z\.dump'"
ok "it is a pg_dump archive pg_restore can list" sh -c "pg_restore --list '$copy' | grep -q 'TABLE DATA public records'"
ok "no unfinished dump is left beside it" test "$(ls -A "$BK")" = "$(basename "$copy")"
"$FCS" --db "$DB" audit --csv >"$T/audit.csv"
contains "the backup is in the live store's audit log" "$T/audit.csv" "verified copy $copy"

# The connection settings reach pg_dump in its environment, never in its
# arguments (which ps shows): a password in the URI included. A pg_dump on
# PATH that notes what it was given, then runs the real one.
mkdir -p "$T/spy"
real_dump=$(command -v pg_dump)
cat >"$T/spy/pg_dump" <<SH
#!/bin/sh
printf '%s\n' "\$*" >'$T/spy/args'
env | grep '^PG' >'$T/spy/env'
exec '$real_dump' "\$@"
SH
chmod +x "$T/spy/pg_dump"
secret_uri="postgresql://fc:s3cret-pw@127.0.0.1:$PG_PORT/fieldcheck"
sleep 1.1
expect_exit 0 "a backup with a password in the URI" \
    env PATH="$T/spy:$PATH" "$FCS" --db "$secret_uri" backup "$BK"
ok "pg_dump's arguments hold no password" sh -c "! grep -q s3cret '$T/spy/args'"
ok "nor the database's address" sh -c "! grep -q '127.0.0.1' '$T/spy/args'"
contains "it has the password in its environment" "$T/spy/env" "PGPASSWORD=s3cret-pw"
contains "and the host" "$T/spy/env" "PGHOST=127.0.0.1"
contains "and the database" "$T/spy/env" "PGDATABASE=fieldcheck"
rm -f "$(sed -n 's/^backed up to //p' "$T/out")"

# A dump that cannot complete: a pg_dump that fails half way (a stand-in on
# PATH, the one fault here that cannot be produced for real) is refused,
# and nothing gets a name.
mkdir -p "$T/bin"
cat >"$T/bin/pg_dump" <<'SH'
#!/bin/sh
for a; do case $a in --file=*) printf 'PGDMP' >"${a#--file=}";; esac; done
echo "pg_dump: error: connection to server lost" >&2
exit 1
SH
chmod +x "$T/bin/pg_dump"
sleep 1.1
expect_exit 1 "a failing pg_dump fails the backup" \
    env PATH="$T/bin:$PATH" "$FCS" --db "$DB" backup "$BK"
contains "saying pg_dump failed" "$T/err" "pg_dump failed"
ok "and leaves only the good dump" test "$(ls -A "$BK")" = "$(basename "$copy")"

# Work goes on after the backup; then the store is lost.
add "$A" 4
ok "device A syncs 4 more records after the backup" dsync "$A"
total=$(server_count records)
ok "the live store holds 209 records" test "$total" = 209
stop_server

# Restore as docs/operating.md says, one block at a time.
aside="fieldcheck_damaged_$(date +%Y%m%d_%H%M%S)"
ok "the damaged database is renamed aside" \
    psql -q -X -v ON_ERROR_STOP=1 "$PG_ADMIN" -c "ALTER DATABASE fieldcheck RENAME TO $aside"
ok "an empty database takes its name" \
    psql -q -X -v ON_ERROR_STOP=1 "$PG_ADMIN" \
    -c "CREATE DATABASE fieldcheck TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
expect_exit 0 "pg_restore loads the dump into it" \
    pg_restore --no-owner --exit-on-error -d "$DB" "$copy"
expect_exit 0 "the restored store verifies before the server starts" "$FCS" --db "$DB" verify
contains "every signature and chain in it" "$T/out" "every signature and chain is intact"
restored=$(server_count records)
ok "it holds what the dump held: A's 5 and part or all of B's 200 ($restored)" \
    sh -c "[ '$restored' -ge 5 ] && [ '$restored' -le 205 ]"
ok "the damaged database is kept" \
    sh -c "psql -X -A -t '$PG_ADMIN' -c 'SELECT datname FROM pg_database' | grep -qx '$aside'"

# The same server again, on a new port here: the devices are told where.
start_server
ok "device A syncs against the restored store" dsync "$A" --server "$URL"
ok "device B syncs against the restored store" dsync "$B" --server "$URL"
ok "every record is back: 209" test "$(server_count records)" = 209
expect_exit 0 "and the store verifies" "$FCS" --db "$DB" verify
contains "with all 209" "$T/out" "verified 209 records"
stop_server
