#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Push: unsynced records reach the server verified, exactly once; the device
# marks them synced only as far as the server acknowledges; a tampered record
# is refused by id and reason while the records before it are kept.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server
A="$T/a"
enrolled_device "$A" ana D1

add "$A" 12
ok "twelve records wait to be sent" test "$(unsynced "$A")" = 12
expect_exit 0 "sync sends them" dsync "$A"
contains "sync says how many the server holds" "$T/out" "the server holds 12 from this device"
ok "the server holds twelve records" test "$(server_count records)" = 12
ok "nothing is left unsynced on the device" test "$(unsynced "$A")" = 0
expect_exit 0 "a second sync with nothing new succeeds" dsync "$A"
contains "and sends nothing" "$T/out" "sent 0 records"
ok "the server still holds twelve" test "$(server_count records)" = 12

add "$A" 3
FIELDCHECK_HOME="$A" "$FCH" tamper body 14 2>/dev/null
expect_exit 1 "a sync with a tampered record fails" dsync "$A"
contains "the refusal names the tampered record" "$T/err" "-000014"
contains "and why it was refused" "$T/err" "signature"
ok "the record before it was kept" test "$(server_count records)" = 13
ok "the tampered record and the one after it stay unsynced" test "$(unsynced "$A")" = 2
expect_exit 0 "the server's copy verifies" "$FCS" --db "$DB" verify
contains "verify counts what it checked" "$T/out" "verified 13 records on 1 devices"

B="$T/b"
enrolled_device "$B" ben D1
add "$B" 4
FIELDCHECK_HOME="$B" "$FCH" tamper foreign 2 2>/dev/null
expect_exit 1 "a record signed by another key is refused" dsync "$B"
contains "its id is named" "$T/err" "-000002"
ok "only the record before it was kept" test "$(server_count records)" = 14

# A record lost from the device's store, the next one to send: the server
# could only say "gap"; the device says which record is missing and what to do.
G="$T/g"
enrolled_device "$G" gao D1
add "$G" 4
FIELDCHECK_HOME="$G" "$FCH" tamper delete 1 2>/dev/null
expect_exit 1 "a device whose next record to send is missing from its store fails its sync" dsync "$G"
contains "  naming the missing record and what to do" "$T/err" \
    "record 1 is missing from this device's store, so the records after it cannot be sent; they are kept: run 'fieldcheck verify'"
ok "  and the server holds nothing of it" test "$(server_count records)" = 14

expect_exit 1 "a device with no network says so and keeps its records" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
contains "the message says the server cannot be reached" "$T/err" \
    "cannot reach http://127.0.0.1:1: connection refused; records are kept and will go next time"
expect_exit 1 "with LANGUAGE=zh_CN the same failure is told in Chinese" \
    sh -c "echo $PIN | LANGUAGE=zh_CN FIELDCHECK_HOME='$A' '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
contains "the Chinese message says the records are kept" "$T/err" \
    "无法连接 http://127.0.0.1:1：连接被拒绝；记录已保留，下次同步时发送"

# Someone with the server's database file changes a stored body.
stop_server
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	pg_sql "UPDATE records SET body = convert_to(replace(convert_from(body, 'UTF8'),
	    '\"pass\"', '\"fail\"'), 'UTF8') WHERE seq = 5"
else
	python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
body = db.execute("SELECT body FROM records WHERE seq = 5 LIMIT 1").fetchone()[0]
body = bytes(body).replace(b'"pass"', b'"fail"')
db.execute("UPDATE records SET body = ? WHERE seq = 5", (body,))
db.commit()
PY
fi
expect_exit 1 "the server's verify finds a changed record" "$FCS" --db "$DB" verify
contains "and names it" "$T/err" "-000005"
