#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Reviews reach the device (docs/review.md): a supervisor returns one of a
# real device's records and accepts another; the inspector's next sync pulls
# both, checks each against the server key the device got at enrolment and
# keeps them; `show` and `list` give the state, the comment and that the
# server's signature verifies, and say a correction is awaited until one is
# made. Another inspector's device gets nothing of it. A review altered in
# the server's store, or signed by another key, is refused by name and not
# kept, and the sync fails; once the review is as signed again, the next sync
# keeps it. A review edited in the device's own file afterwards shows as not
# signed. A device without the key (enrolled before reviews) fetches it once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
H2,D1,新华路19号,李明,13800000002,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
enrolled_device "$T/dev" ana D1
enrolled_device "$T/bob" bob D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
R1=$(echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin)
R2=$(echo "$PIN" | "$FC" record --template gas --household H2 --answers "$A/gas-clean.json" --pin-stdin)
expect_exit 0 "the records are synced" dsync "$T/dev"
contains "  before any review, none is received" "$T/out" "received 0 reviews"

"$FCS" --db "$DB" review "$R1" returned --comment "燃具位置请复核并补拍照片" --by sup01 >/dev/null
"$FCS" --db "$DB" review "$R2" accepted --by sup01 >/dev/null

expect_exit 0 "the inspector's next sync pulls the reviews" dsync "$T/dev"
contains "  both, one waiting for a correction" "$T/out" \
    "received 2 reviews; 1 returned records wait for a correction"
expect_exit 0 "show gives the returned record's review" "$FC" show "$R1"
contains "  its state and reviewer" "$T/out" "review: returned by sup01"
contains "  its comment" "$T/out" "燃具位置请复核并补拍照片"
contains "  that the server's signature verifies" "$T/out" "server signature valid"
contains "  that a correction is awaited, and how to make it" "$T/out" \
    "waiting for your correction: fieldcheck record --corrects $R1"
env LANG=zh_CN.UTF-8 LC_ALL= "$FC" show "$R1" >"$T/zh.out" 2>&1
contains "  in Chinese for a Chinese screen" "$T/zh.out" "审核：退回"
"$FC" show "$R1" --json >"$T/show.json"
"$FC" list --json >"$T/list.json"
python3 - "$T/show.json" "$T/list.json" "$R1" "$R2" >"$T/j.check" 2>&1 <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["awaits_correction"] is True, s
r = s["reviews"]
assert len(r) == 1 and r[0]["state"] == "returned" and r[0]["verified"] is True, r
assert r[0]["comment"] == "燃具位置请复核并补拍照片" and r[0]["record_hash"] == s["hash"], r
l = {x["id"]: x for x in json.load(open(sys.argv[2]))}
assert l[sys.argv[3]]["review"] == "returned" and l[sys.argv[4]]["review"] == "accepted", l
PY
[ $? -eq 0 ] && pass "show --json and list --json carry the reviews, verified" ||
	fail "show --json and list --json carry the reviews, verified" "$(cat "$T/j.check")"
"$FC" show "$R2" >"$T/r2.out"
ok "the accepted record awaits nothing" sh -c "! grep -q 'waiting for' '$T/r2.out'"
contains "  but shows its acceptance" "$T/r2.out" "review: accepted by sup01"

expect_exit 0 "another inspector's device syncs" dsync "$T/bob"
contains "  and receives none of ana's reviews" "$T/out" "received 0 reviews"
expect_exit 0 "a second sync" dsync "$T/dev"
contains "  receives nothing twice and still awaits the correction" "$T/out" \
    "received 0 reviews; 1 returned records wait for a correction"

C1=$(echo "$PIN" | "$FC" record --corrects "$R1" --answers "$A/gas-major.json" --pin-stdin)
expect_exit 0 "the correction is synced" dsync "$T/dev"
contains "  and no return waits any more" "$T/out" "0 returned records wait for a correction"
"$FC" show "$R1" >"$T/r1.out"
ok "show no longer asks for a correction" sh -c "! grep -q 'waiting for' '$T/r1.out'"
"$FCS" --db "$DB" reviews --record "$R1" --json >"$T/answered.json"
contains "the server has the return answered by the correction" "$T/answered.json" \
    "\"answered_by\":\"$C1\""

expect_exit 1 "a return of the version already corrected is refused" \
    "$FCS" --db "$DB" review "$R1" returned --comment "再看一下" --by sup01
contains "  naming the version to review" "$T/err" "corrected by $C1: review the current version"

# A review altered in the server's store after signing (given twice: one is kept).
"$FCS" --db "$DB" review "$C1" returned --comment "再拍一张" --by sup01 >"$T/rv1"
"$FCS" --db "$DB" review "$C1" returned --comment "再拍一张" --by sup01 >"$T/rv2"
ok "the same review again is the one kept" cmp "$T/rv1" "$T/rv2"
server_sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
		psql -qtA "$DB" -c "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}
server_sql "UPDATE reviews SET body = replace(body, '再拍一张', '不用改了') WHERE record_id = '$C1'"
expect_exit 1 "a review altered on the server is refused" dsync "$T/dev"
contains "  naming it and saying it was not kept" "$T/err" "does not verify against the server key"
contains "  and that it was not kept" "$T/err" "not kept"
"$FC" show "$C1" >"$T/c1.out"
ok "  nothing of it is on the device" sh -c "! grep -q '不用改了' '$T/c1.out' && ! grep -q 'review:' '$T/c1.out'"
server_sql "UPDATE reviews SET body = replace(body, '不用改了', '再拍一张') WHERE record_id = '$C1'"
expect_exit 0 "once it is as signed again, the next sync keeps it" dsync "$T/dev"
contains "  one review, one return waiting" "$T/out" "received 1 reviews; 1 returned records wait"

# A review signed by another key than the device's: the device keeps the key it enrolled with.
OTHER=$(python3 -c 'import os; print(os.urandom(32).hex())')
sqlite3 "$T/dev/store.db" "UPDATE settings SET value = '$OTHER' WHERE key = 'sync.server_key';
 DELETE FROM reviews; UPDATE settings SET value = '0' WHERE key = 'sync.reviews_cursor'"
expect_exit 1 "reviews not signed by the key the device keeps are refused" dsync "$T/dev"
contains "  saying so" "$T/err" "does not verify against the server key"
ok "  and none is kept" sh -c "test \"\$(sqlite3 '$T/dev/store.db' 'SELECT count(*) FROM reviews')\" = 0"

# A device without the key fetches it from /v1/server-key once and keeps it.
KEY=$(curl -s "$URL/v1/server-key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])')
sqlite3 "$T/dev/store.db" "DELETE FROM settings WHERE key = 'sync.server_key'"
expect_exit 0 "a device without the server key syncs" dsync "$T/dev"
contains "  and keeps every review again" "$T/out" "received 3 reviews"
ok "  having kept the published key" sh -c \
    "test \"\$(sqlite3 '$T/dev/store.db' \"SELECT value FROM settings WHERE key = 'sync.server_key'\")\" = '$KEY'"

# A review edited in the device's own file is shown as not signed.
sqlite3 "$T/dev/store.db" "UPDATE reviews SET comment = '不用改了' WHERE record = '$C1'"
"$FC" show "$C1" >"$T/c1.out"
contains "a review edited on the device shows as not signed by the server" "$T/c1.out" \
    "server signature NOT signed by the server's key"
# verify checks every review's copied columns against its signed body, as it
# checks the ledger rows: an edited copy is a verification failure naming it.
RV=$(sqlite3 "$T/dev/store.db" "SELECT id FROM reviews WHERE record = '$C1' ORDER BY id DESC LIMIT 1")
expect_exit 1 "verify fails on a review whose comment was edited in the store" "$FC" verify
contains "  naming the review, its record and the column" "$T/err" "review $RV of record $C1: its comment"
sqlite3 "$T/dev/store.db" "UPDATE reviews SET comment = '再拍一张' WHERE record = '$C1'"
expect_exit 0 "with the comment as signed again, verify passes" "$FC" verify
contains "  counting the reviews it checked" "$T/out" "reviews match their server signatures"
for col in "reviewer = 'boss99'" "time = '2020-01-01T00:00:00Z'" "state = 'accepted'" \
    "record_hash = '$(printf '0%.0s' $(seq 64))'"; do
	name=${col%% *}
	old=$(sqlite3 "$T/dev/store.db" "SELECT $name FROM reviews WHERE id = $RV")
	sqlite3 "$T/dev/store.db" "UPDATE reviews SET $col WHERE id = $RV"
	"$FC" show "$C1" >"$T/c1.out" 2>&1
	contains "a review whose $name was edited shows as not signed" "$T/c1.out" \
	    "NOT signed by the server's key"
	expect_exit 1 "  and verify fails" "$FC" verify
	contains "  naming the column" "$T/err" "review $RV of record $C1: its $name"
	sqlite3 "$T/dev/store.db" "UPDATE reviews SET $name = '$old' WHERE id = $RV"
done
sqlite3 "$T/dev/store.db" "UPDATE reviews SET body = replace(body, '再拍一张', '不用改了') WHERE id = $RV"
expect_exit 1 "a review whose signed body was edited fails verify" "$FC" verify
contains "  as not signed by the server's key" "$T/err" "review $RV of record $C1: it is not signed by the server's key"
sqlite3 "$T/dev/store.db" "UPDATE reviews SET body = replace(body, '不用改了', '再拍一张') WHERE id = $RV"
expect_exit 0 "restored, verify passes" "$FC" verify
stop_server
