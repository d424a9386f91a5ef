#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make bench-scale`: the server at a province's size (issue 20), on SQLite
# and on PostgreSQL. For each backend a fresh store is filled with
# FC_BENCH_SCALE_RECORDS signed records (default 1 000 000; 10 000 000 is the
# province) through the server's own ingest path (BUILD/bench/pg-store:
# verify, chain, insert, ledger and summary counters, batches of 500, dated
# over two years, 100 000 households), then the supervisors' summary is timed
# over the whole store and over the last 30 days, and one server process
# takes pushes from 8 devices at once. Printed beside each figure: the
# ceiling of this machine measured in the same run, the store's size, the
# peak memory of the loader and of the server, and the machine's load (the
# figures of a shared machine move with it). FC_BENCH_SCALE_BACKENDS picks
# the backends ("sqlite pg" by default). Not part of `make bench` or
# `make check`; it prints figures and never passes or fails.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${FC_BUILD:=$FC_ROOT/${1:-build}}"
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/pg/pg.inc"
N=${FC_BENCH_SCALE_RECORDS:-1000000}
PGS="$FC_BUILD/bench/pg-store"
FCS="$FC_BUILD/fieldcheck-server"

load() { cut -d' ' -f1-3 /proc/loadavg; }
mib() { echo $(($1 / 1024)); }

echo "bench-scale: $N records per backend, $(nproc) cores, load $(load) (1, 5, 15 min)"

wait_listen() {
	i=0
	while [ $i -lt 200 ]; do
		curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# size: bytes the store takes now.
size() {
	if [ "$backend" = sqlite ]; then
		du -cb "$db" "$db-wal" 2>/dev/null | tail -n 1 | cut -f1
	else
		psql -q -X -A -t "$PG_URI" -c "SELECT pg_database_size(current_database())"
	fi
}

run() {
	backend=$1
	echo
	echo "== $backend"
	if [ "$backend" = sqlite ]; then
		db="$T/scale.db"
	else
		db=$PG_URI
	fi
	t0=$(date +%s)
	/usr/bin/time -f "%M %e %U %S" -o "$T/time-$backend" "$PGS" "$db" "$N" 2>&1 |
	    grep -v '^pg-store: [0-9]* records stored$'
	read -r rss wall user sys <"$T/time-$backend"
	echo "  filled in $wall s wall ($user s user, $sys s system, PostgreSQL's own CPU not" \
	    "counted); loader peak memory $(mib "$rss") MiB; load now $(load)"
	echo "  store size: $(($(size) / 1048576)) MiB for $N records"
	port=$(free_port)
	FIELDCHECK_SERVER_PHOTOS="$T/photos" "$FCS" --db "$db" serve \
	    --listen "127.0.0.1:$port" 2>/dev/null &
	spid=$!
	wait_listen "$port"
	"$PGS" "$db" 0 "http://127.0.0.1:$port" 2>&1 | grep -v '^  ceiling, measured'
	hwm=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$spid/status")
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	echo "  server peak memory $(mib "${hwm:-0}") MiB; $(($(date +%s) - t0)) s for" \
	    "this backend; load now $(load)"
}

BACKENDS=${FC_BENCH_SCALE_BACKENDS:-sqlite pg}
case " $BACKENDS " in *" sqlite "*)
	run sqlite
	rm -f "$T/scale.db" "$T/scale.db-wal" "$T/scale.db-shm"
	;;
esac
case " $BACKENDS " in *" pg "*) ;; *) exit 0 ;; esac
if [ ! -x "$PG_BIN/initdb" ]; then
	echo "PostgreSQL: skipped, no server programs (apt-get install postgresql)"
elif ! pg_start; then
	echo "PostgreSQL: skipped, it did not start"
else
	# pg.inc starts the cluster with fsync off for tests; the figures are for a durable store.
	psql -q -X "$PG_URI" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" \
	    >/dev/null
	run pg
fi
