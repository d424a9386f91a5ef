#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/operating.md's backup and restore, done for real: a live server's
# SQLite database is copied with `fieldcheck-server backup` and with
# sqlite3's VACUUM INTO while devices sync; each copy passes integrity_check and
# `fieldcheck-server verify`; the server is restored from the older copy,
# and the devices' next sync sends again exactly the records the restored
# server lacks (they follow the server's high-water mark), so nothing is lost.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "not ok - sqlite3 is installed (make deps-release)"
	exit 1
fi
PIN=135782
DB="$T/srv/server.db"
mkdir -p "$T/srv" "$T/backups"

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
SERVER_PID=
start_server() {
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>>"$T/server.log" &
	SERVER_PID=$!
	python3 - "$PORT" <<'PY'
import socket, sys, time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}
stop_server() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}
fc_on_exit 'stop_server'

held() { "$FCS" --db "$1" status --json | sed -n 's/.*"records": *\([0-9]*\).*/\1/p'; }
# device DIR INSPECTOR N: a device home, enrolled, with N signed records.
device() {
	export FIELDCHECK_HOME="$T/$1"
	code=$("$FCS" --db "$DB" enroll --inspector "$2" --name "Inspector $2" --district d1 2>/dev/null)
	echo "$PIN" | "$FCH" init-fast "$2" "Inspector $2" >/dev/null &&
	echo "$PIN" | "$FC" enroll "$URL" "$code" --pin-stdin >/dev/null &&
	echo "$PIN" | "$FCH" add-records "$3" --pin-stdin >/dev/null
}
sync_dev() { FIELDCHECK_HOME="$T/$1" sh -c "echo $PIN | '$FC' sync --pin-stdin"; }

ok "the server starts" start_server
ok "device A is enrolled with 5 records" device a I1 5
ok "device A syncs" sync_dev a
ok "device B is enrolled with 200 records" device b I2 200

# Back up while B's sync writes to the database.
sync_dev b >"$T/b-sync.log" 2>&1 &
B_PID=$!
ok "fieldcheck-server backup copies the live database" sh -c "'$FCS' --db '$DB' backup '$T/backups' >'$T/backup.out'"
cp "$(sed -n 's/^backed up to //p' "$T/backup.out")" "$T/backups/online.db"
ok "VACUUM INTO copies the live database" sqlite3 "$DB" "VACUUM INTO '$T/backups/vacuum.db'"
wait "$B_PID" && pass "device B's sync, running while the copies were made, finished" ||
	fail "device B's sync finished during the backups" "$(cat "$T/b-sync.log")"

for copy in online vacuum; do
	f="$T/backups/$copy.db"
	[ "$(sqlite3 "$f" 'PRAGMA integrity_check')" = ok ] &&
		pass "the $copy copy passes integrity_check" || fail "the $copy copy passes integrity_check"
	expect_exit 0 "fieldcheck-server verify passes on the $copy copy" "$FCS" --db "$f" verify
	contains "the $copy copy verifies records" "$T/out" "every signature and chain is intact"
done
before=$(held "$T/backups/online.db")
[ "$before" -ge 5 ] && pass "the online copy holds at least device A's 5 records ($before)" ||
	fail "the online copy holds at least device A's 5 records" "it holds $before"

# Work goes on after the backup, then the database is lost.
export FIELDCHECK_HOME="$T/a"
echo "$PIN" | "$FCH" add-records 4 --pin-stdin >/dev/null
ok "device A syncs 4 more records after the backup" sync_dev a
ok "device B syncs whatever it had left" sync_dev b
[ "$(held "$DB")" = 209 ] && pass "the server holds 209 records before the loss" ||
	fail "the server holds 209 records before the loss" "it holds $(held "$DB")"
stop_server
rm -f "$DB" "$DB-wal" "$DB-shm"

# Restore: the copy in place (never beside an old -wal), verify, serve.
cp "$T/backups/online.db" "$DB"
expect_exit 0 "the restored database verifies" "$FCS" --db "$DB" verify
[ "$(held "$DB")" = "$before" ] && pass "the restored server holds what the backup held ($before)" ||
	fail "the restored server holds what the backup held" "it holds $(held "$DB")"
ok "the server starts on the restored database" start_server
ok "device A syncs against the restored server" sync_dev a
ok "device B syncs against the restored server" sync_dev b
[ "$(held "$DB")" = 209 ] && pass "the devices sent again what the backup lacked: 209 records, none lost" ||
	fail "the devices sent again what the backup lacked" "the server holds $(held "$DB") of 209"
expect_exit 0 "fieldcheck-server verify passes after the devices caught up" "$FCS" --db "$DB" verify
contains "209 records on 2 devices" "$T/out" "verified 209 records on 2 devices"
