#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pg-bench: push throughput and summary query time of the server over
# PostgreSQL beside SQLite, with one and with two `fieldcheck-server serve`
# processes over the same store (hit directly on two loopback ports, as a
# reverse proxy would spread them). For each backend a fresh store is filled
# with FC_BENCH_PG_RECORDS records first (default 200 000; the province
# target is 1 000 000), then BUILD/bench/pg-store times the summary and a
# push from 8 devices at once, through one server process and then two. PostgreSQL is a private
# cluster started for this run (tests/pg/pg.inc) with its default settings
# except fsync, which is on here: figures are for a durable store.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${FC_BUILD:=$FC_ROOT/build}"
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/pg/pg.inc"
N=${FC_BENCH_PG_RECORDS:-200000}
PGS="$FC_BUILD/bench/pg-store"

if [ ! -x "$PG_BIN/initdb" ]; then
	echo "skipped: no PostgreSQL server programs (apt-get install postgresql)"
	exit 0
fi
if ! pg_start; then
	echo "skipped: PostgreSQL did not start"
	exit 0
fi
# pg.inc starts the cluster with fsync off for tests; the bench wants it on.
psql -q -X "$PG_URI" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null

wait_listen() {
	i=0
	while [ $i -lt 200 ]; do
		curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# fill BACKEND: a fresh store of that backend with N records; sets db.
fill() {
	if [ "$1" = sqlite ]; then
		db="$T/bench.db"
	else
		db=$PG_URI
	fi
	echo "$1: filling the store"
	"$PGS" "$db" "$N" 2>&1 | grep -v '^pg-store: [0-9]* records stored$' | tee "$T/fill-$1"
}

# serve PROCS: PROCS server processes on $db, then pg-store's summary and push.
serve() {
	urls="" pids=""
	p=1
	while [ $p -le "$1" ]; do
		port=$(free_port)
		FIELDCHECK_SERVER_PHOTOS="$T/photos" "$FC_BUILD/fieldcheck-server" --db "$db" \
		    serve --listen "127.0.0.1:$port" 2>/dev/null &
		pids="$pids $!"
		urls="$urls http://127.0.0.1:$port"
		wait_listen "$port"
		p=$((p + 1))
	done
	echo "$1 server process$([ "$1" -gt 1 ] && echo es):"
	# shellcheck disable=SC2086
	"$PGS" "$db" 0 $urls 2>&1 | tee "$T/serve-$1-$backend"
	for pid in $pids; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}

echo "$N records stored before the figures; PostgreSQL $("$PG_BIN/postgres" --version | sed 's/^[^0-9]*\([0-9.]*\).*/\1/'), $(nproc) cores"
# figure FILE PATTERN: the records/s number on FILE's line matching PATTERN.
figure() {
	sed -n "s/.*$2[^0-9]*\([0-9][0-9]*\) records\/s.*/\1/p" "$1" 2>/dev/null | head -n 1
}

# ratio WHAT PATTERN FILE: PostgreSQL's figure over SQLite's, from the same run.
ratio() {
	s=$(figure "$T/$3-sqlite" "$2") p=$(figure "$T/$3-pg" "$2")
	if [ -n "$s" ] && [ -n "$p" ] && [ "$s" -gt 0 ]; then
		echo "  $1: PostgreSQL $p, SQLite $s records/s: $((100 * p / s))% (target >= 80%)"
	else
		echo "  $1: not measured on both backends"
	fi
}

backend=sqlite
fill sqlite
serve 1
serve 2
backend=pg
fill pg
serve 1
serve 2
# PostgreSQL's ceiling is the SQLite figure of the same run (issue 20).
echo "PostgreSQL beside SQLite, both measured in this run:"
ratio "verify + insert, no HTTP" "no HTTP (filling the store)" fill
ratio "push, 8 devices, one server" "over 1 server process" serve-1
ratio "push, 8 devices, one record per request" "one record per request" serve-1
