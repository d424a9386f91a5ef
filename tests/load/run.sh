#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The load test (`make load`): many simulated devices against one server for
# a bounded time. Each device starts with a backlog of signed records, then
# loops: sync (push everything pending, pull), add a few records, until the
# time is up. Prints records per second the server took in, the p50/p99 of a
# whole `fieldcheck sync` as a device sees it, the server's memory before and
# after, and checks that after a last sync the server holds every record of
# every device exactly once and verifies. Figures, not assertions, except
# nothing lost, nothing twice and no sync failed; any of those exits 1.
#
#   tests/load/run.sh [BUILD]      (default build; an optimised build gives
#                                   the meaningful figures)
# Knobs: FC_LOAD_DEVICES (50), FC_LOAD_SECONDS (30), FC_LOAD_BACKLOG (100
# records per device before the start), FC_LOAD_ADD (10 records per loop).
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD="$FC_ROOT/$BUILD" ;; esac
export FC_BUILD="$BUILD" FC_ROOT
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
export ASAN_OPTIONS=detect_leaks=0
DEVICES=${FC_LOAD_DEVICES:-50}
SECS=${FC_LOAD_SECONDS:-30}
BACKLOG=${FC_LOAD_BACKLOG:-100}
ADD=${FC_LOAD_ADD:-10}
lost=0 dups=0 crashes=0 lastfail=0

start_server
mem() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$SERVER_PID/status"; }

# Devices, enrolled one by one, backlogs made ten at a time.
d=1
while [ $d -le "$DEVICES" ]; do
	enrolled_device "$T/d$d" "load$d" "D$((d % 5))" >/dev/null 2>&1 || { fail "device $d enrols"; exit 1; }
	d=$((d + 1))
done
# (wait names its children: a bare wait would also wait for the server.)
d=1
pids=""
while [ $d -le "$DEVICES" ]; do
	add "$T/d$d" "$BACKLOG" &
	pids="$pids $!"
	if [ $((d % 10)) -eq 0 ]; then
		wait $pids
		pids=""
	fi
	d=$((d + 1))
done
[ -n "$pids" ] && wait $pids
pass "$DEVICES devices enrolled, $BACKLOG records each waiting"
rss0=$(mem VmRSS)
held0=$(server_count records)

# device_loop N END: sync, add, repeat until END (epoch seconds); one line of
# sync milliseconds per sync in $T/lat.N, exit codes in $T/rc.N.
device_loop() {
	h="$T/d$1"
	while [ "$(date +%s)" -lt "$2" ]; do
		t0=$(date +%s%N)
		echo "$PIN" | FIELDCHECK_HOME="$h" "$FC" sync --pin-stdin >/dev/null 2>>"$T/err.$1"
		rc=$?
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000000 )) >>"$T/lat.$1"
		echo "$rc" >>"$T/rc.$1"
		echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-records "$ADD" >/dev/null 2>&1
	done
}
start=$(date +%s%N)
end=$(( $(date +%s) + SECS ))
d=1
pids=""
while [ $d -le "$DEVICES" ]; do
	device_loop $d $end &
	pids="$pids $!"
	d=$((d + 1))
done
# Memory at half time too: growth that keeps on in the second half is a leak,
# growth that stops is caches and threads warming up.
sleep $((SECS / 2))
rss_mid=$(mem VmRSS)
wait $pids
stop=$(date +%s%N)
held1=$(server_count records)
rss1=$(mem VmRSS)
hwm1=$(mem VmHWM)
ms=$(( (stop - start) / 1000000 ))

cat "$T"/lat.* | sort -n >"$T/lat"
syncs=$(wc -l <"$T/lat")
p50=$(awk -v n="$syncs" 'NR == int(n * 0.50 + 0.999) { print; exit }' "$T/lat")
p99=$(awk -v n="$syncs" 'NR == int(n * 0.99 + 0.999) { print; exit }' "$T/lat")
failed=$(cat "$T"/rc.* | grep -vc '^0$')
rate=$(( (held1 - held0) * 1000 / (ms > 0 ? ms : 1) ))
if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$T"/err.* "$T/server.log" 2>/dev/null; then
	crashes=$((crashes + 1))
fi

# Last sync of every device: everything there, exactly once.
total_want=0
d=1
while [ $d -le "$DEVICES" ]; do
	echo "$PIN" | FIELDCHECK_HOME="$T/d$d" "$FC" sync --pin-stdin >/dev/null 2>>"$T/err.last" ||
	    { fail "device $d's last sync completes" "$(tail -n 2 "$T/err.last")"; lastfail=$((lastfail + 1)); }
	total_want=$((total_want + $(FIELDCHECK_HOME="$T/d$d" "$FCH" seqs | wc -l)))
	d=$((d + 1))
done
held=$(server_count records)
distinct=$(sqlite3 "$DB" "select count(distinct device_id || ':' || seq) from records")
[ "$held" = "$distinct" ] || dups=$((held - distinct))
[ "$held" -lt "$total_want" ] && lost=$((total_want - held))
[ "$held" = "$total_want" ] && pass "the server holds all $total_want records of $DEVICES devices exactly once" ||
    fail "the server holds all $total_want records exactly once" "it holds $held ($distinct distinct)"
expect_exit 0 "the server's store verifies" "$FCS" --db "$DB" verify
[ "$_fc_got" -eq 0 ] || lastfail=$((lastfail + 1))
# A sync that fails under load is a failure of the server, not noise: the
# devices are honest and the server has to take them all.
if [ "$failed" -eq 0 ] && [ "$syncs" -gt 0 ]; then
	pass "all $syncs syncs under load completed"
else
	fail "all $syncs syncs under load completed" "$failed failed; first errors: $(cat "$T"/err.* 2>/dev/null | head -n 3)"
fi
stop_server

echo "# load: $DEVICES devices, ${SECS} s: $((held1 - held0)) records taken in $ms ms = $rate records/s"
echo "# load: $syncs syncs ($failed failed), sync p50 ${p50:-?} ms, p99 ${p99:-?} ms"
echo "# load: server RSS ${rss0} kB before, ${rss_mid} kB at half time, ${rss1} kB after ($(( rss1 - rss0 )) kB growth, $(( rss1 - rss_mid )) kB in the second half), peak ${hwm1} kB"
echo "load: trials $syncs, faults injected 0, records checked $total_want, records lost $lost, duplicates $dups, crashes found $crashes, records/s $rate, sync p50 ${p50:-?} ms, p99 ${p99:-?} ms, server RSS growth $(( rss1 - rss0 )) kB"
[ "$lost" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$syncs" -gt 0 ] && [ "$lastfail" -eq 0 ]
