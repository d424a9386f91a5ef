#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make bench-scale`: the server at a province's size (issue 20), on SQLite
# and on PostgreSQL. FC_BENCH_SCALE_RECORDS signed records (default
# 10 000 000) from FC_BENCH_SCALE_DEVICES devices (default one per 5 000
# records: 2 000) over FC_BENCH_SCALE_HOUSEHOLDS registry households
# (default one per 5 records: 2 000 000), dated over two years
# (bench/scale-shape.h). They are signed once, every core at it
# (bench/gen-records: many devices' keys and chains at once, each push
# deflated as a device sends it), and loaded into each backend in turn:
# the registry through `fieldcheck-server households import` (the CSV of
# bench/gen-households), the inspectors and their devices enrolled as the
# server enrols them, then the pushes through the server's own ingest path
# (bench/scale-load: fc_server_store_batch, as a push over HTTP, one push in
# hand per core). At FC_BENCH_SCALE_CHECKPOINT records (default 1 000 000)
# and at the end it prints, for each backend: the ingest rate and CPU per
# record beside the ceiling measured in the same run (PostgreSQL's own CPU
# beside it), the store's size, the supervisors' summary by district and by
# inspector (over everything and the last 30 days, beside an indexed read
# of the counters it sums), pushes from 8 devices at once through HTTP
# (bench/pg-store; they add about 22 000 records), the console's JSON calls
# (bench/console.inc, as bench/console-bench.sh makes them), the peak
# memory of the loader and of the server, and the machine's load (the
# figures of a shared machine move with it). FC_BENCH_SCALE_BACKENDS picks
# the backends ("sqlite pg" by default). Not part of `make bench` or
# `make check`; it prints figures and never passes or fails.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${FC_BUILD:=$FC_ROOT/${1:-build}}"
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/pg/pg.inc"
FCS="$FC_BUILD/fieldcheck-server"
. "$FC_ROOT/bench/console.inc"
B="$FC_BUILD/bench"
N=${FC_BENCH_SCALE_RECORDS:-10000000}
D=${FC_BENCH_SCALE_DEVICES:-$((N / 5000 > 8 ? N / 5000 : 8))}
H=${FC_BENCH_SCALE_HOUSEHOLDS:-$((N / 5 > D ? N / 5 : D))}
CHECK=${FC_BENCH_SCALE_CHECKPOINT:-1000000}
JOBS=$(nproc)
HZ=$(getconf CLK_TCK)

load() { cut -d' ' -f1-3 /proc/loadavg; }
# timed OUT CMD...: CMD under /usr/bin/time; OUT gets "peak-KiB wall user system".
timed() {
	o=$1
	shift
	/usr/bin/time -f "%M %e %U %S" -o "$o" "$@"
}
# us_per CPU-SECONDS COUNT: µs per item.
us_per() { awk "BEGIN { printf \"%.1f\", (($2) > 0 ? 1e6 * ($1) / ($2) : 0) }"; }
# per_s SECONDS COUNT: items per second.
per_s() { awk "BEGIN { printf \"%.0f\", (($1) > 0 ? ($2) / ($1) : 0) }"; }

echo "bench-scale: $N records from $D devices over $H households, figures at" \
    "$CHECK and $N; $(nproc) cores, load $(load) (1, 5, 15 min)"

# The registry and the records, made once for both backends.
timed "$T/t-hh" sh -c "'$B/gen-households' '$H' >'$T/households.csv'"
read -r rss wall user sys <"$T/t-hh"
echo "registry CSV of $H households: $wall s ($user s CPU), $(($(wc -c <"$T/households.csv") / 1048576)) MiB"
timed "$T/t-gen" "$B/gen-records" "$T/rec" "$N" "$D" "$H" "$JOBS" || {
	echo "the records could not be made"
	exit 0
}
read -r rss wall user sys <"$T/t-gen"
FILES=$(i=0; while [ $i -lt "$JOBS" ]; do printf '%s ' "$T/rec.$i"; i=$((i + 1)); done)
# shellcheck disable=SC2086
echo "signed $N records in $JOBS processes: $wall s wall, $(us_per "$user + $sys" "$N") us" \
    "CPU a record, $(per_s "$wall" "$N") records/s; $(($(cat $FILES | wc -c) / 1048576))" \
    "MiB deflated; load now $(load)"

# size: bytes the store takes now.
size() {
	if [ "$backend" = sqlite ]; then
		du -cb "$db" "$db-wal" 2>/dev/null | tail -n 1 | cut -f1
	else
		psql -q -X -A -t "$PG_URI" -c "SELECT pg_database_size(current_database())"
	fi
}

# pg_cpu: CPU seconds PostgreSQL's processes took so far: each live one's own
# (utime, stime) and the ended ones' through their parent's (cutime, cstime);
# 0 on SQLite. With "pid (comm) " cut off, /proc/PID/stat's field N is $(N-2):
# utime 14 is $12. (Reading $14 to $17, as this did, counted only the ended
# ones, plus the postmaster's priority and nice: a live backend's work, the
# WAL writer's and the checkpointer's were left out.)
pg_cpu() {
	[ "$backend" = pg ] || { echo 0; return; }
	pm=$(head -n 1 "$PG_DIR/data/postmaster.pid")
	for p in $pm $(ps --ppid "$pm" -o pid=); do
		sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null |
		    awk '{ print $12 + $13 + $14 + $15 }' 2>/dev/null
	done | awk -v hz="$HZ" '{ s += $1 } END { printf "%.2f", s / hz }'
}

wait_listen() {
	i=0
	while [ $i -lt 200 ]; do
		curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# fill FROM TO: the pushes of records FROM to TO into the store.
fill() {
	p0=$(pg_cpu)
	# shellcheck disable=SC2086
	timed "$T/t-load" "$B/scale-load" "$db" load "$1" "$2" $FILES 2>&1 |
	    grep -v '^scale-load: [0-9]* records stored$'
	read -r rss wall user sys <"$T/t-load"
	p1=$(pg_cpu)
	echo "  loader: $wall s wall, $user s user, $sys s system; peak memory" \
	    "$((rss / 1024)) MiB; load now $(load)"
	[ "$backend" = pg ] && echo "  PostgreSQL's own CPU: $(awk "BEGIN { print $p1 - $p0 }") s," \
	    "$(us_per "$p1 - $p0" "$(($2 - $1))") us a record"
}

# figures: the store as it is now, read by the summary, HTTP and the console.
figures() {
	echo "  store size: $(($(size) / 1048576)) MiB"
	port=$(free_port)
	URL="http://127.0.0.1:$port"
	FIELDCHECK_SERVER_PHOTOS="$T/photos" "$FCS" --db "$db" serve \
	    --listen "127.0.0.1:$port" --web "$FC_ROOT/web" 2>/dev/null &
	spid=$!
	wait_listen "$port"
	"$B/pg-store" "$db" 0 "$URL" 2>&1 | grep -v '^  ceiling, measured'
	console_login
	console_calls
	echo "  server peak memory $(mib "$spid" VmHWM) MiB; load now $(load)"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}

run() {
	backend=$1
	echo
	echo "== $backend"
	[ "$backend" = sqlite ] && db="$T/scale.db" || db=$PG_URI
	t0=$(date +%s)
	p0=$(pg_cpu)
	timed "$T/t-reg" "$FCS" --db "$db" households import "$T/households.csv" >/dev/null
	read -r rss wall user sys <"$T/t-reg"
	echo "  registry import of $H households: $wall s wall ($(per_s "$wall" "$H")/s)," \
	    "$user s user, $sys s system, PostgreSQL's $(awk "BEGIN { print $(pg_cpu) - $p0 }") s;" \
	    "peak memory $((rss / 1024)) MiB"
	"$B/scale-load" "$db" enrol "$D" "$H"
	console_users "$db" 新华区
	if [ "$CHECK" -lt "$N" ]; then
		echo "-- $backend, first $CHECK records"
		fill 0 "$CHECK"
		figures
		echo "-- $backend, to $N records"
		fill "$CHECK" "$N"
	else
		fill 0 "$N"
	fi
	figures
	echo "  $(($(date +%s) - t0)) s for this backend"
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
