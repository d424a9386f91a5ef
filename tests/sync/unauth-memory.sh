#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Memory without logging in: 200 connections each announce an 8 MiB - 1 byte
# push in an enrolled device's name with a made-up signature (half with
# X-FC-Body-Hash, half without) and push as much body as the server takes.
# The server authenticates from the headers before keeping a body byte, so
# it stays under 64 MiB resident (VmRSS sampled from /proc every 0.2 s) while
# an honest device syncs. Measured on a server built without sanitizers (in
# build/plain, at -O0: two thirds of the CPU of -O2 to compile on a clean
# checkout, where this build is most of the suite's CPU; the heap it measures
# is the same), as a sanitizer build's own bookkeeping would be measured too.
# Then the per-IP limit: one address cannot hold more than 64 connections,
# and a device from another address still syncs.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
OPT="$FC_ROOT/build/plain/fieldcheck-server"
# make itself decides whether anything changed since the last build. The
# SQLite and PostgreSQL runs of this suite may start together: one builds
# while the other waits for the lock (two makes in one folder race).
mkdir -p "$FC_ROOT/build"
flock "$FC_ROOT/build/.plain.lock" make -C "$FC_ROOT" --no-print-directory -j2 BUILD=build/plain \
    SAN=0 OPT="-O0 -g0" build/plain/fieldcheck-server >"$T/build.log" 2>&1 ||
    { fail "the server without sanitizers builds" "$(tail -n 3 "$T/build.log")"; exit 0; }
SAN_FCS=$FCS
FCS=$OPT

# start_opt ARGS...: the server without sanitizers, with serve ARGS.
start_opt() {
	PORT=$(free_port)
	URL="http://127.0.0.1:$PORT"
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" "$@" 2>>"$T/server.log" &
	SERVER_PID=$!
	fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	wait_port "$PORT"
}
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status"; }

# The attackers come from 127.0.0.2 and may all connect: this part measures
# memory, not the per-IP limit.
start_opt --per-ip-limit 1000
A="$T/a"
enrolled_device "$A" alice D1 || { fail "device A enrols"; exit 0; }
DEV=$(sed -n 's/.*"device": *"\([0-9a-f]*\)".*/\1/p' "$A/key.json")
add "$A" 20
rss0=$(rss)
FC_ATTACK_FROM=127.0.0.2 "$FCA" holdbody "$PORT" 200 12 "$DEV" alice >"$T/hold.out" 2>&1 &
hold=$!
: >"$T/rss"
( while kill -0 $hold 2>/dev/null; do rss >>"$T/rss"; sleep 0.2; done ) &
sampler=$!
sleep 2
t0=$(date +%s%N)
timeout 60 sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --pin-stdin" >"$T/out" 2>"$T/err"
rc=$?
t1=$(date +%s%N)
[ $rc -eq 0 ] && pass "an honest device syncs while 200 unauthenticated 8 MiB pushes are held" ||
    fail "an honest device syncs while 200 unauthenticated 8 MiB pushes are held (exit $rc)" "$(cat "$T/err")"
contains "and its records arrive" "$T/out" "the server holds 20 from this device"
wait $hold
wait $sampler
peak=$(sort -n "$T/rss" | tail -n 1)
echo "# figure: unauth-200x8MiB server RSS ${rss0} kB before, peak ${peak} kB ($(wc -l <"$T/rss") samples); sync $(( (t1 - t0) / 1000000 )) ms; attack: $(cat "$T/hold.out")"
[ -n "$peak" ] && [ "$peak" -lt 65536 ] && pass "the server stays under 64 MiB resident (peak $((peak / 1024)) MiB)" ||
    fail "the server stays under 64 MiB resident" "peak ${peak:-?} kB"
grep -q "sent" "$T/hold.out" && pass "the attack ran ($(cat "$T/hold.out"))" || fail "the attack ran" "$(cat "$T/hold.out")"
grep -c " 401 " "$T/server.log" >"$T/n401"
[ "$(cat "$T/n401")" -ge 100 ] && pass "the forged pushes were answered 401 ($(cat "$T/n401"))" ||
    fail "the forged pushes were answered 401" "$(cat "$T/n401") in the log"
kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null

# The default per-IP limit (64): 100 slow connections from 127.0.0.2 hold
# only 64; a device on 127.0.0.1 is not counted against them.
start_opt
FC_ATTACK_FROM=127.0.0.2 "$FCA" slow "$PORT" 100 6 >"$T/slow.out" 2>&1 &
slow=$!
sleep 2
add "$A" 2
expect_exit 0 "a device syncs while one address tries to hold 100 connections" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --server '$URL' --pin-stdin"
wait $slow
open=$(sed -n 's/^open \([0-9]*\) of.*/\1/p' "$T/slow.out")
[ -n "$open" ] && [ "$open" -le 64 ] && pass "one address holds at most 64 connections ($open of 100 kept)" ||
    fail "one address holds at most 64 connections" "$(cat "$T/slow.out")"
FCS=$SAN_FCS
expect_exit 0 "the server's store verifies" "$FCS" --db "$DB" verify
