#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A connection cut at any byte loses nothing and stores nothing twice: a
# proxy cuts the sync after N bytes from the device (request side) or from
# the server (answer side), for many N; after each cut and a retry the
# server holds every record exactly once and both chains verify.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server
A="$T/a"
enrolled_device "$A" ana D1
total=0
bad=""
cuts=0

# one_cut DIRECTION N: two new records, a sync cut after N bytes, a retry.
one_cut() {
	add "$A" 2
	total=$((total + 2))
	start_proxy "$PORT" "--cut-$1" "$2"
	if ! dsync "$A" --server "http://127.0.0.1:$PP" >"$T/cut.out" 2>&1; then
		cuts=$((cuts + 1))
		# The failure must be a plain network message, never a refusal.
		grep -q "cannot reach\|answer is not JSON\|server refused (HTTP 400)" "$T/cut.out" ||
			bad="$bad $1:$2(message: $(head -c 200 "$T/cut.out"))"
	fi
	kill "$PROXY" 2>/dev/null
	wait "$PROXY" 2>/dev/null
	# The retry goes straight to the server: only the first sync is cut.
	if ! dsync "$A" >"$T/retry.out" 2>&1; then
		bad="$bad $1:$2(retry failed: $(head -c 200 "$T/retry.out"))"
	fi
	held=$(server_count records)
	left=$(unsynced "$A")
	[ "$held" = "$total" ] && [ "$left" = 0 ] ||
		bad="$bad $1:$2(server $held of $total, $left unsynced)"
}

for n in 0 1 60 200 400 600 800 1000 1200 1500 1900 2400; do
	one_cut up "$n"
done
for n in 0 1 40 120 220 330 450 600 800 1000 1300 1700; do
	one_cut down "$n"
done
if [ -z "$bad" ]; then
	pass "after every cut and retry the server holds each record exactly once"
else
	fail "after every cut and retry the server holds each record exactly once" "$bad"
fi
ok "the cuts really interrupted syncs (more than ten of them failed)" test "$cuts" -gt 10
expect_exit 0 "the device's chain verifies" sh -c "FIELDCHECK_HOME='$A' '$FC' verify"
expect_exit 0 "the server's chains verify" "$FCS" --db "$DB" verify
contains "with every record" "$T/out" "verified $total records on 1 devices"
stop_server
