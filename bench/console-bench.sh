#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# console-bench: the supervisors' console over a large store (issue 17):
# the time of its JSON calls (overview, hazard ledger, records) as a city
# account and as one district's supervisor, and the exports' rate and peak
# memory, printed beside the targets in bench/ceiling.h. For each backend
# (SQLite, and PostgreSQL when its server programs are installed) a fresh
# store is filled with FC_BENCH_CONSOLE_RECORDS records (default 1 000 000;
# the fill takes most of an hour per backend on a shared 2-core machine)
# through bench/pg-store (verified and stored as a push would, 20 devices in
# 7 districts, 100 000 households, each in the registry: one in ten a
# catering unit, one in ten a rural house, so the overview's counts by kind,
# kept as the registry is imported and the records stored, count real
# households). FC_BENCH_CONSOLE_DB=FILE reuses a filled SQLite store
# instead, FC_BENCH_CONSOLE_PG_URI=postgresql://... a filled PostgreSQL one,
# FC_BENCH_CONSOLE_PG=0 leaves PostgreSQL out, FC_BENCH_CONSOLE_EXPORTS=0
# the exports (the calls alone, in minutes at 1 000 000 records).
#
# API times are curl's total over loopback (server time plus a few hundred
# µs), the median of 5 calls after one warm-up; export memory is the
# export process's peak resident set (getrusage). The console's own download
# (GET api/export, written by the server as the command does) is timed too.
# The server's resident set is read from /proc (VmRSS, VmHWM): at start,
# after the two logins (Argon2id takes 64 MiB for a moment, one login at a
# time, server/store/accounts.c), and then, the peak set back to the
# current size first (clear_refs), the peak of the API calls and the peak of
# the download alone: what a download costs the running server.
# Figures only: a bench never passes or fails.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${FC_BUILD:=$FC_ROOT/build}"
. "$FC_ROOT/tests/lib.sh"
N=${FC_BENCH_CONSOLE_RECORDS:-1000000}
FCS="$FC_BUILD/fieldcheck-server"
PGS="$FC_BUILD/bench/pg-store"
. "$FC_ROOT/bench/console.inc"
EXPORT_MIB=$(sed -n 's/^#define FC_BENCH_EXPORT_MIB \([0-9]*\).*/\1/p' "$FC_ROOT/bench/ceiling.h")

# export_line DB WHAT ARGS...: rows, rows per second and peak memory of one export.
export_line() {
	db=$1 what=$2
	shift 2
	python3 - "$FCS" --db "$db" export "$what" --out "$T/export.out" "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
dt = time.time() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
rows = r.stdout.split(": ")[1].split(" ")[0] if r.returncode == 0 else "0"
print("%s %.2f %.1f %d" % (rows, dt, peak, r.returncode))
PY
}
export_lines() {
	edb=$1
	for e in "records --programme gas --format xlsx" "records --programme gas --format csv" \
	    "hazards --format xlsx" "overdue --format csv"; do
		# shellcheck disable=SC2086
		set -- $(export_line "$edb" $e)
		printf '  export %-37s %8s rows %6.1f s %8.0f rows/s  peak %5.1f MiB (target < %s MiB)%s\n' \
		    "$e" "$1" "$2" "$(awk "BEGIN { print ($2 > 0) ? $1 / $2 : 0 }")" "$3" "$EXPORT_MIB" \
		    "$([ "$4" = 0 ] || echo " failed")"
	done
}

# console_export_line JAR PID: the console's CSV download of every gas record, its
# rate, and the server's peak resident set during it alone.
console_export_line() {
	peak_reset "$2"
	before=$(mib "$2" VmRSS)
	set -- "$1" "$2" "$(date +%s.%N)"
	code=$(curl -s -o "$T/console-export.csv" -b "$1" -w '%{http_code}' \
	    "$URL/console/api/export?what=records&programme=gas&format=csv")
	secs=$(awk "BEGIN { print $(date +%s.%N) - $3 }")
	rows=$(($(wc -l <"$T/console-export.csv") - 1))
	printf '  console download, records gas csv %10s rows %6.1f s %8.0f rows/s  server %s MiB, peak during it %s MiB (target < %s MiB)%s\n' \
	    "$rows" "$secs" "$(awk "BEGIN { print ($secs > 0) ? $rows / $secs : 0 }")" \
	    "$before" "$(mib "$2" VmHWM)" "$EXPORT_MIB" \
	    "$([ "$code" = 200 ] || echo " answered $code")"
}

bench_backend() {
	db=$1 label=$2
	console_users "$db" 区01
	PORT=$(free_port)
	URL="http://127.0.0.1:$PORT"
	"$FCS" --db "$db" serve --listen "127.0.0.1:$PORT" --web "$FC_ROOT/web" 2>>"$T/server.log" &
	pid=$!
	i=0
	until curl -s -o /dev/null "$URL/console/" || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
	start="$(mib "$pid" VmRSS) MiB"
	console_login
	held=$("$FCS" --db "$db" status --json 2>/dev/null | sed -n 's/.*"records": *\([0-9]*\).*/\1/p')
	echo "$label, $held records:"
	echo "  server resident at start $start; after two logins $(mib "$pid" VmRSS) MiB, peak $(mib "$pid" VmHWM) MiB (Argon2id)"
	peak_reset "$pid"
	console_calls
	echo "  server peak over the calls above: $(mib "$pid" VmHWM) MiB"
	[ "${FC_BENCH_CONSOLE_EXPORTS:-1}" = 0 ] || console_export_line "$T/benchcity.jar" "$pid"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "${FC_BENCH_CONSOLE_EXPORTS:-1}" = 0 ] || export_lines "$db"
}

if [ -n "${FC_BENCH_CONSOLE_DB:-}" ]; then
	bench_backend "$FC_BENCH_CONSOLE_DB" "SQLite (given store)"
else
	echo "filling a SQLite store with $N records (bench/pg-store)..."
	FC_PG_STORE_REGISTRY=1 "$PGS" "$T/console.db" "$N" >"$T/fill.log" 2>&1 || { tail -3 "$T/fill.log"; exit 0; }
	bench_backend "$T/console.db" "SQLite"
fi
if [ -n "${FC_BENCH_CONSOLE_PG_URI:-}" ]; then
	bench_backend "$FC_BENCH_CONSOLE_PG_URI" "PostgreSQL (given store)"
elif [ "${FC_BENCH_CONSOLE_PG:-1}" != 0 ]; then
	. "$FC_ROOT/tests/pg/pg.inc"
	if [ -x "$PG_BIN/initdb" ] && pg_start; then
		echo "filling a PostgreSQL store with $N records..."
		FC_PG_STORE_REGISTRY=1 "$PGS" "$PG_URI" "$N" >"$T/fill-pg.log" 2>&1 || { tail -3 "$T/fill-pg.log"; exit 0; }
		bench_backend "$PG_URI" "PostgreSQL"
	else
		echo "PostgreSQL: skipped (no server programs, or it did not start)"
	fi
fi
