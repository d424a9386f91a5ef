#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A push's request nonce is spent in the transaction that stores its records
# (server/store/nonce.c): one durable commit holds both. So a push recorded
# on the wire and replayed after the server was killed (no clean shutdown)
# and started again is refused as a replay, and stores nothing; a request
# with a fresh nonce still goes through. Both backends (FC_TEST_DB=pg).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server
A="$T/a"
enrolled_device "$A" ana D1
add "$A" 2
expect_exit 0 "a device syncs two records" dsync "$A"

PP=$(free_port)
"$FCP" "$PP" "$PORT" --record "$T/sent.bin" >/dev/null &
PROXY=$!
fc_on_exit "kill $PROXY 2>/dev/null"
wait_port "$PP"
add "$A" 1
expect_exit 0 "its next record is pushed through a proxy that records it" \
    dsync "$A" --server "http://127.0.0.1:$PP"
ok "the server holds three records" test "$(server_count records)" = 3

# The push alone out of what the sync sent: its headers and Content-Length bytes.
python3 - "$T/sent.bin" "$T/push.bin" <<'PY'
import sys
data, out = open(sys.argv[1], "rb").read(), None
while data:
    head, _, rest = data.partition(b"\r\n\r\n")
    n = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            n = int(v)
    if head.startswith(b"POST /v1/records "):
        out = head + b"\r\n\r\n" + rest[:n]
    data = rest[n:]
open(sys.argv[2], "wb").write(out or b"")
PY
ok "the recording holds the push" test -s "$T/push.bin"

kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SAME_PORT=1 start_server
"$FCP" replay "$PORT" "$T/push.bin" >"$T/replay.out"
contains "the push replayed after the server was killed and restarted is refused" \
    "$T/replay.out" "request replayed"
contains "with a conflict" "$T/replay.out" "409"
ok "and nothing more is stored" test "$(server_count records)" = 3
add "$A" 1
expect_exit 0 "a new push (its own nonce) is stored" dsync "$A"
ok "the server holds four records" test "$(server_count records)" = 4
stop_server
