#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# How long a sync waits for the server: `fieldcheck config sync-timeout S`
# (whole seconds, 1 to 600; unset, 30). A server that accepts the connection
# and then says nothing (SIGSTOP) ends the sync with "no answer within S s"
# once that long has passed without a byte, the records stay on the device, and
# the next sync sends each of them exactly once. Values outside the bounds are
# refused and leave the setting as it was; a value written into the store by
# other means that is not a number of seconds stops the sync with a message
# naming the setting, before anything is sent (a notice, which only names
# the server, is still printed). No assertion is on time.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a"
enrolled_device "$A" ana D1
export FIELDCHECK_HOME="$A"

"$FC" config >"$T/out" 2>&1
contains "config lists sync-timeout" "$T/out" "sync-timeout"
"$FC" config sync-timeout >"$T/out" 2>&1
contains "sync-timeout is unset at first" "$T/out" "(not set)"
for bad in 0 601 -5 2s abc "" 99999999999999999999; do
	expect_exit 2 "config refuses sync-timeout '$bad'" "$FC" config sync-timeout "$bad"
done
contains "the refusal says what is allowed" "$T/err" "number of seconds from 1 to 600"
"$FC" config sync-timeout >"$T/out" 2>&1
contains "a refused value leaves it unset" "$T/out" "(not set)"
expect_exit 0 "config takes sync-timeout 2" "$FC" config sync-timeout 2
contains "and shows it" "$T/out" "sync-timeout 2"
expect_exit 0 "config takes 007 as 7 seconds" "$FC" config sync-timeout 007
contains "kept as 7" "$T/out" "sync-timeout 7"
expect_exit 0 "config takes sync-timeout 2 again" "$FC" config sync-timeout 2

# The server stops answering: connected, but no byte comes.
add "$A" 3
kill -STOP "$SERVER_PID"
expect_exit 1 "a sync to a server that says nothing fails" dsync "$A"
kill -CONT "$SERVER_PID"
contains "with no answer within the 2 s it was given" "$T/err" "no answer within 2 s"
contains "and keeps the records" "$T/err" "records are kept"
ok "the three records are still unsynced" test "$(unsynced "$A")" = 3
expect_exit 0 "the next sync, the server answering, succeeds" dsync "$A"
ok "nothing is left unsynced" test "$(unsynced "$A")" = 0
ok "the server holds each record once" test "$(server_count records)" = 3

# A value put in the store by other means, not a number: named, nothing sent.
rid=$(echo "$PIN" | "$FC" record --template gas --household H1 \
    --answers "$FC_ROOT/tests/data/answers/gas-major.json" --pin-stdin)
sqlite3 "$A/store.db" "UPDATE settings SET value = 'soon' WHERE key = 'sync.stall_seconds'"
expect_exit 1 "a sync with a broken sync-timeout setting stops" dsync "$A"
contains "naming the setting and how to set it" "$T/err" "fieldcheck config sync-timeout"
ok "the record was not sent" test "$(server_count records)" = 3
# What only names the server is not stopped by it: a notice's QR code.
expect_exit 0 "a notice is still printed" "$FC" notice "$rid" --text
contains "with the server's address in its QR code" "$T/out" "$URL/verify/"
expect_exit 0 "config sets it right again" "$FC" config sync-timeout 30
expect_exit 0 "and the sync goes" dsync "$A"
ok "the server holds the fourth record" test "$(server_count records)" = 4
stop_server
