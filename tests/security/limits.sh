#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Limits hold before memory is spent, and slow clients do not block others:
# an announced 64 MiB body is refused (413) without the server keeping it; a
# small body that inflates to 1 GiB stops at the batch limit; a batch header
# claiming more records than allowed, or than its bytes can hold, is refused
# before anything is allocated; and while hundreds of connections trickle a
# byte a second, a real device still syncs. Server memory is measured around
# the attacks (VmHWM, the peak resident size).
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
SLOW=${FC_SLOWLORIS:-300}

start_server
A="$T/a"
enrolled_device "$A" alice D1 || { fail "device A enrols"; exit 0; }
add "$A" 3
expect_exit 0 "A syncs" dsync "$A"
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status"; }
rss0=$(hwm)

expect_exit 0 "an announced 64 MiB body can be sent at the server" "$FCA" bigpost "$PORT" 64
contains "and is refused as too large" "$T/out" "413"
rss1=$(hwm)
ok "the server's peak memory grew by less than 16 MiB ($(( (rss1 - rss0) / 1024 )) MiB)" \
    test $((rss1 - rss0)) -lt 16384
echo "# figure: server-peak-growth-64MiB-post-kB $((rss1 - rss0))"

"$FCA" bomb "$T/bomb" 1024 >"$T/bomb.out"
echo "$PIN" | "$FCA" send "$URL" POST /v1/records --home "$A" --body "$T/bomb" \
    --ctype application/x-fieldcheck-batch >"$T/out" 2>"$T/err"
contains "a $(cut -d' ' -f1 "$T/bomb.out")-byte body inflating to 1 GiB is refused" "$T/out" "status 4"
contains "at the inflate limit" "$T/out" "limit"
rss2=$(hwm)
ok "the server's peak memory stayed far below the 1 GiB (under 128 MiB more: $(( (rss2 - rss0) / 1024 )) MiB)" \
    test $((rss2 - rss0)) -lt 131072
echo "# figure: server-peak-growth-1GiB-bomb-kB $((rss2 - rss0))"

"$FCA" claim "$T/claim" 4000000000
echo "$PIN" | "$FCA" send "$URL" POST /v1/records --home "$A" --body "$T/claim" \
    --ctype application/x-fieldcheck-batch >"$T/out" 2>"$T/err"
contains "a batch claiming four billion records is refused" "$T/out" "status 4"
contains "naming the limit" "$T/out" "over the limit"
"$FCA" claim "$T/claim2" 1000
echo "$PIN" | "$FCA" send "$URL" POST /v1/records --home "$A" --body "$T/claim2" \
    --ctype application/x-fieldcheck-batch >"$T/out" 2>"$T/err"
contains "a batch claiming 1000 records in 8 bytes is refused" "$T/out" "status 4"
contains "  as a push's fault, after a translated push: (docs/protocol.md)" "$T/out" \
    "push: batch claims 1000 records in 8 bytes"
rss3=$(hwm)
echo "# figure: server-peak-growth-claims-kB $((rss3 - rss2))"

# Slowloris: many connections that never finish their headers.
# From 127.0.0.2: another client than the device, as the per-IP limit sees it.
FC_ATTACK_FROM=127.0.0.2 "$FCA" slow "$PORT" "$SLOW" 20 >"$T/slow.out" 2>&1 &
slow_pid=$!
sleep 3
add "$A" 5
t0=$(date +%s%N)
timeout 60 sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --pin-stdin" >"$T/out" 2>"$T/err"
rc=$?
t1=$(date +%s%N)
# A figure, not an assertion: the slow clients hold on for 20 s in all.
echo "# figure: sync-ms-under-slowloris-$SLOW $(( (t1 - t0) / 1000000 ))"
[ $rc -eq 0 ] && pass "a device syncs while one address tries to hold $SLOW slow connections" ||
    fail "a device syncs while one address tries to hold $SLOW slow connections (exit $rc)" "$(cat "$T/err")"
contains "and its records arrive" "$T/out" "the server holds 8 from this device"
wait $slow_pid
sed 's/^/# slowloris: /' "$T/slow.out"

expect_exit 0 "the server's store verifies" "$FCS" --db "$DB" verify
echo "# figure: records-checked 8"
stop_server
