#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The network-fault campaign (`make faults`): devices sync through
# fc-faultproxy, which cuts, truncates, stalls, delays and duplicates
# connections at random, while the server is also killed and restarted
# mid-push now and then. Records are never lost or stored twice, no sync
# hangs (the client's stall timeout ends every stall), and once the network
# is good again one more sync completes the set.
#
#   tests/faults/run.sh [BUILD]        (default build/san)
#
# After every trial: the device store verifies, every record the device marks
# synced is on the server, the server holds no (device, seq) twice, and the
# sync exited 0 or 1 (never hung: a sync taking longer than FC_FAULTS_HANG
# seconds is a hang) without a sanitizer report. Prints "ok - ..." lines and
#   faults: trials T, faults injected F, records checked R, records lost L,
#   duplicates D, crashes found C, hangs H
# Knobs: FC_FAULTS_TRIALS (60) random-fault syncs, FC_FAULTS_STALLS (4) syncs
# through a stalling proxy (each costs the 30 s stall timeout),
# FC_FAULTS_RATE (0.6) share of connections given a fault, FC_FAULTS_SEED.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
BUILD=${1:-build/san}
case $BUILD in /*) ;; *) BUILD="$FC_ROOT/$BUILD" ;; esac
export FC_BUILD="$BUILD" FC_ROOT
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
FPX="$FC_BUILD/tests/fc-faultproxy"
TRIALS=${FC_FAULTS_TRIALS:-60}
STALLS=${FC_FAULTS_STALLS:-4}
RATE=${FC_FAULTS_RATE:-0.6}
SEED=${FC_FAULTS_SEED:-$$}
HANG=${FC_FAULTS_HANG:-200}

trials=0 faults=0 checked=0 lost=0 dups=0 crashes=0 hangs=0 failures=0 restarts=0
note_fail() { failures=$((failures + 1)); fail "$@"; }
sanitizer_report() { grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$@" 2>/dev/null; }

SPORT=$(free_port)
URL="http://127.0.0.1:$SPORT"
SERVER_PID="" PROXY_PID=""
server_up() {
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$SPORT" 2>>"$T/server.log" &
	SERVER_PID=$!
	wait_port "$SPORT"
}
# ended PROGRAM STATUS WANT: the server and the proxy end only when we end
# them (SIGKILL: 137, SIGTERM: 143). Any other end is a crash, and one nobody
# would see otherwise: every sync after it fails cleanly, which a trial allows.
ended() {
	if [ "$2" -ne "$3" ]; then
		crashes=$((crashes + 1))
		note_fail "$1 runs until it is stopped (trial $trials)" "it had ended with status $2"
	fi
}
server_down() {
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		ended "the server" $? 137
	fi
	SERVER_PID=""
}
proxy_up() {
	PPORT=$(free_port)
	PURL="http://127.0.0.1:$PPORT"
	before=$(grep -c '^ready' "$T/proxy.log")
	"$FPX" "$PPORT" "$SPORT" "$@" >>"$T/proxy.log" 2>&1 &
	PROXY_PID=$!
	# Not wait_port: its probe would go through the proxy and draw a fault.
	tries=0
	while [ "$(grep -c '^ready' "$T/proxy.log")" -le "$before" ] && [ $tries -lt 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
}
proxy_down() {
	if [ -n "$PROXY_PID" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		ended "fc-faultproxy" $? 143
	fi
	PROXY_PID=""
}
fc_on_exit 'proxy_down; server_down'
: >"$T/proxy.log"

server_up
DEVS="$T/d1 $T/d2 $T/d3"
n=1
for d in $DEVS; do
	enrolled_device "$d" "insp$n" D1 || { fail "device $n enrols"; exit 1; }
	n=$((n + 1))
done
pass "three devices enrolled with a fresh server"

# check_trial HOME RC ERRFILE: the invariants after one sync attempt.
check_trial() {
	h=$1 rc=$2 errf=$3
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		hangs=$((hangs + 1))
		note_fail "trial $trials: sync finished (it hung for $HANG s)"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		crashes=$((crashes + 1))
		note_fail "trial $trials: sync exits 0 or 1 (exit $rc)" "$(tail -n 3 "$errf")"
	fi
	if sanitizer_report "$errf"; then
		crashes=$((crashes + 1))
		note_fail "trial $trials: no sanitizer report in sync" "$(grep -m2 -E 'ERROR|runtime' "$errf")"
	fi
	if ! FIELDCHECK_HOME="$h" "$FC" verify >/dev/null 2>"$T/v.err"; then
		note_fail "trial $trials: the device store verifies" "$(head -n 2 "$T/v.err")"
	fi
	total=$(FIELDCHECK_HOME="$h" "$FCH" seqs | wc -l)
	unsent=$(unsynced "$h")
	dev=$(sqlite3 "$h/store.db" "select device from device")
	held=$(sqlite3 "$DB" "select count(*) from records r join devices d on d.id = r.device_id where d.device = '$dev'" 2>/dev/null)
	all=$(sqlite3 "$DB" "select count(*) from records")
	distinct=$(sqlite3 "$DB" "select count(distinct device_id || ':' || seq) from records")
	checked=$((checked + total))
	if [ "${all:-0}" != "${distinct:-0}" ]; then
		dups=$((dups + all - distinct))
		note_fail "trial $trials: the server holds no record twice" "$all rows, $distinct distinct"
	fi
	if [ $((total - unsent)) -gt "${held:-0}" ]; then
		lost=$((lost + total - unsent - ${held:-0}))
		note_fail "trial $trials: what the device marks synced is on the server" \
		    "device $dev: synced $((total - unsent)), server holds ${held:-?}"
	fi
}

# One sync of HOME through URL2, bounded, leaving its exit status in $rc.
sync_via() {
	echo "$PIN" | FIELDCHECK_HOME="$1" timeout -k 5 "$HANG" "$FC" sync --server "$2" --pin-stdin \
	    >"$T/sync.out" 2>"$T/sync.err"
	rc=$?
}

# -- random faults, and a server restart every fifth trial -----------------------
proxy_up --rate "$RATE" --seed "$SEED" --no-stall
ok_syncs=0 failed_syncs=0
ti=1
while [ "$ti" -le "$TRIALS" ]; do
	trials=$((trials + 1))
	set -- $DEVS
	k=$(( (ti - 1) % 3 + 1 ))
	eval "h=\${$k}"
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-records $((20 + (ti * 37) % 200)) >/dev/null 2>&1
	if [ $((ti % 5)) -eq 0 ]; then
		sync_via "$h" "$PURL" &
		spid=$!
		sleep "0.$(( (ti * 53) % 9 ))"
		server_down
		restarts=$((restarts + 1))
		server_up
		wait "$spid"
		rc=$?
	else
		sync_via "$h" "$PURL"
	fi
	[ "$rc" -eq 0 ] && ok_syncs=$((ok_syncs + 1)) || failed_syncs=$((failed_syncs + 1))
	check_trial "$h" "$rc" "$T/sync.err"
	ti=$((ti + 1))
done
proxy_down
# A copy of the server's store as it was now, for the rollback below.
sqlite3 "$DB" ".backup '$T/server-snapshot.db'"
pass "random faults: $TRIALS syncs ($ok_syncs completed, $failed_syncs failed cleanly), $restarts server restarts"

# -- stalls: the client's stall timeout must end them -------------------------
ti=1
while [ "$ti" -le "$STALLS" ]; do
	trials=$((trials + 1))
	kind=stall-down
	[ $((ti % 2)) -eq 0 ] && kind=stall-up
	proxy_up --only "$kind" --seed "$((SEED + ti))" --max-at 400
	set -- $DEVS
	h=$1
	echo "$PIN" | FIELDCHECK_HOME="$h" "$FCH" add-records 50 >/dev/null 2>&1
	sync_via "$h" "$PURL"
	[ "$rc" -eq 1 ] && grep -q "records are kept" "$T/sync.err" &&
	    pass "a $kind stall ends in a clean failure that keeps the records" ||
	    note_fail "a $kind stall ends in a clean failure (exit $rc)" "$(head -n 2 "$T/sync.err")"
	check_trial "$h" "$rc" "$T/sync.err"
	proxy_down
	ti=$((ti + 1))
done

# -- latency: slow but whole -----------------------------------------------------
trials=$((trials + 1))
proxy_up --latency 150 --rate 0
set -- $DEVS
h=$2
sync_via "$h" "$PURL"
[ "$rc" -eq 0 ] && pass "a sync through 150 ms of latency per chunk completes" ||
    note_fail "a sync through 150 ms of latency per chunk completes (exit $rc)" "$(head -n 2 "$T/sync.err")"
check_trial "$h" "$rc" "$T/sync.err"
faults=$((faults + 1))
proxy_down

# -- enrolment whose answer is lost --------------------------------------------
# The server spends the code and registers the key, the device never hears
# back: trying the same code again must finish the enrolment (the server
# already holds this very device and key), not demand a new code.
trials=$((trials + 1))
E="$T/enrol-dev"
new_device "$E" late
ecode=$(code late D1)
proxy_up --only cut-down --max-at 100
echo "$PIN" | FIELDCHECK_HOME="$E" timeout "$HANG" "$FC" enroll "$PURL" "$ecode" --pin-stdin \
    >"$T/enrol.out" 2>"$T/enrol.err"
rc=$?
proxy_down
[ "$rc" -eq 1 ] && pass "an enrolment whose answer is cut fails cleanly" ||
    note_fail "an enrolment whose answer is cut fails cleanly (exit $rc)" "$(cat "$T/enrol.err")"
echo "$PIN" | FIELDCHECK_HOME="$E" "$FC" enroll "$URL" "$ecode" --pin-stdin >"$T/enrol.out" 2>"$T/enrol.err"
rc=$?
[ "$rc" -eq 0 ] && pass "enrolling again with the same code then completes" ||
    note_fail "enrolling again with the same code then completes (exit $rc)" "$(cat "$T/enrol.err")"

faults=$((faults + $(grep -c '^fault ' "$T/proxy.log") + restarts))
echo "# faults drawn by kind:"
sed -n 's/^fault [0-9]* \([a-z-]*\) .*/\1/p' "$T/proxy.log" | sort | uniq -c | sed 's/^/#   /'

# -- the network is good again: everything arrives exactly once -------------------
total_want=0
for h in $DEVS; do
	trials=$((trials + 1))
	sync_via "$h" "$URL"
	[ "$rc" -eq 0 ] || note_fail "a last sync without faults completes ($h, exit $rc)" "$(head -n 3 "$T/sync.err")"
	check_trial "$h" "$rc" "$T/sync.err"
	total_want=$((total_want + $(FIELDCHECK_HOME="$h" "$FCH" seqs | wc -l)))
	ok "$(basename "$h"): nothing is left unsynced" test "$(unsynced "$h")" = 0
done
held=$(sqlite3 "$DB" "select count(*) from records")
if [ "$held" = "$total_want" ]; then
	pass "the server holds all $total_want records exactly once"
else
	lost=$((lost + total_want - held))
	note_fail "the server holds all $total_want records exactly once" "it holds $held"
fi

# -- the server loses its newest records (power loss, a backup restored) ----------
# Devices have marked them synced, but every push starts from what the server
# says it holds, so the next sync sends them again.
trials=$((trials + 1))
server_down
cp "$T/server-snapshot.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
faults=$((faults + 1))
server_up
rolled=$(sqlite3 "$DB" "select count(*) from records")
for h in $DEVS; do
	sync_via "$h" "$URL"
	[ "$rc" -eq 0 ] || note_fail "a sync after the rollback completes ($h, exit $rc)" "$(head -n 3 "$T/sync.err")"
	check_trial "$h" "$rc" "$T/sync.err"
done
held=$(sqlite3 "$DB" "select count(*) from records")
if [ "$held" = "$total_want" ]; then
	pass "after a rollback to $rolled records the devices send the rest again: $held, exactly once"
else
	lost=$((lost + total_want - held))
	note_fail "after a rollback to $rolled records the devices send the rest again" "it holds $held of $total_want"
fi
server_down
expect_exit 0 "the server's store verifies after the campaign" "$FCS" --db "$DB" verify
if sanitizer_report "$T/server.log" "$T/proxy.log"; then
	crashes=$((crashes + 1))
	note_fail "no sanitizer report in the server or proxy" "$(grep -m3 -E 'ERROR|runtime error' "$T/server.log")"
fi
echo "faults: trials $trials, faults injected $faults, records checked $checked, records lost $lost, duplicates $dups, crashes found $crashes, hangs $hangs"
[ "$failures" -eq 0 ] && [ "$lost" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
