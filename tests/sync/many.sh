#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Many devices at once: 24 devices, each with its own key and records, push
# at the same moment; nothing is lost and nothing is stored twice. Twice the
# store handles a server opens (SERVER_STORES_OPEN_MAX, 12), so half the
# pushes wait for a handle another push gives back. (It was 50: the setup of
# each device, five programs under the sanitizers, was most of the suite's
# CPU, on each backend.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

DEVICES=24
PER=4
start_server

# Set up in parallel groups so the suite stays quick under sanitizers.
# (wait names its jobs: a bare wait would wait for the server too.)
i=1
pids=""
while [ $i -le $DEVICES ]; do
	(enrolled_device "$T/d$i" "insp$i" "D$((i % 5))" && add "$T/d$i" "$PER") \
	    >"$T/setup$i.log" 2>&1 &
	pids="$pids $!"
	if [ $((i % 10)) -eq 0 ]; then
		wait $pids
		pids=""
	fi
	i=$((i + 1))
done
# The last group, when DEVICES is not a multiple of ten.
[ -n "$pids" ] && wait $pids
ok "all $DEVICES devices are enrolled" test "$(server_count devices)" = "$DEVICES"

i=1
pids=""
while [ $i -le $DEVICES ]; do
	dsync "$T/d$i" >"$T/sync$i.log" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
wait $pids
failed=""
i=1
while [ $i -le $DEVICES ]; do
	grep -q "sent $PER records" "$T/sync$i.log" || failed="$failed d$i:$(head -c 160 "$T/sync$i.log")"
	i=$((i + 1))
done
if [ -z "$failed" ]; then
	pass "every device's sync succeeded at once"
else
	fail "every device's sync succeeded at once" "$failed"
fi
ok "the server holds every record exactly once" \
    test "$(server_count records)" = $((DEVICES * PER))
left=0
i=1
while [ $i -le $DEVICES ]; do
	left=$((left + $(unsynced "$T/d$i")))
	i=$((i + 1))
done
ok "no device has anything left unsynced" test "$left" = 0
expect_exit 0 "every chain on the server verifies" "$FCS" --db "$DB" verify
contains "all of them" "$T/out" "verified $((DEVICES * PER)) records on $DEVICES devices"
stop_server
