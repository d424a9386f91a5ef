#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Photos travel after their records, addressed by hash: the server keeps a
# file only when its bytes match the hash in the signed body, a refused or
# cut upload is sent again at the next sync, and a photo missing on the
# device is reported rather than blocking the sync. A server restored from a
# backup gets again the photos of the records the device sends again, and
# the photos it lacks of records it kept (the server names them).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"

printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号,王芳,13800000001,residential,\n' >"$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a"
enrolled_device "$A" ana D1
dsync "$A" >/dev/null 2>&1
rec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template gas --household H1 \
	    --answers "$ANS/gas-major.json" --pin-stdin
}
ok "a record with a photo is made" rec "$A"
photo=$(ls "$A/photos")
ok "its photo is kept under its hash" test -s "$A/photos/$photo"

# Same size, other bytes: what a file damaged after signing looks like.
size=$(wc -c <"$A/photos/$photo")
head -c "$size" /dev/zero >"$A/photos/$photo"
expect_exit 1 "a photo that does not match its signed hash is refused" dsync "$A"
contains "saying so" "$T/err" "do not match the hash in the signed record"
ok "the record itself reached the server" test "$(server_count records)" = 1
ok "the damaged photo was not kept" test "$(server_count photos)" = 0

cp "$ANS/stove.jpg" "$A/photos/$photo"
expect_exit 0 "with the right file back the next sync sends it" dsync "$A"
contains "one photo sent" "$T/out" "photos sent: 1"
ok "the server holds it" test "$(server_count photos)" = 1
ok "byte for byte" cmp "$ANS/stove.jpg" "$SERVER_PHOTOS/$photo"
expect_exit 0 "the next sync has no photo left to send" dsync "$A"
contains "none sent" "$T/out" "photos sent: 0"

ok "another record with the same photo is made" rec "$A"
rm -f "$A/photos/$photo"
expect_exit 0 "a photo already on the server is not needed again" dsync "$A"

# A follow-up's evidence: the photo of the rectification sits in the results,
# not the answers, and travels all the same.
insp=$(rec "$A")
printf 'rectified stove' >"$T/fix.jpg"
cat >"$T/fix.json" <<'JSON'
{"results": {"G04": {"result": "rectified", "note": "moved", "photo": ["fix.jpg"]}},
 "answers": {"G04": "kitchen"}}
JSON
ok "a follow-up with a photo in its result is made" sh -c "echo $PIN | FIELDCHECK_HOME='$A' \
    '$FC' record --follows '$insp' --answers '$T/fix.json' --pin-stdin"
fix=$(b2sum -l 256 "$T/fix.jpg" | cut -d' ' -f1)
expect_exit 0 "the next sync sends the follow-up" dsync "$A"
contains "and its result's photo" "$T/out" "photos sent: 1"
ok "the server holds the rectification's photo byte for byte" cmp "$T/fix.jpg" "$SERVER_PHOTOS/$fix"

B="$T/b"
enrolled_device "$B" ben D1
dsync "$B" >/dev/null 2>&1
printf 'x' >"$T/other.jpg"
sed "s|stove.jpg|$T/other.jpg|" "$ANS/gas-major.json" >"$T/other.json"
ok "a record with another photo is made" sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' record \
    --template gas --household H1 --answers '$T/other.json' --pin-stdin"
rm -f "$B"/photos/*
expect_exit 0 "a photo lost on the device does not block the sync" dsync "$B"
contains "it is reported" "$T/out" "1 named by records are missing on this device"
cp "$T/other.jpg" "$B/photos/$(b2sum -l 256 "$T/other.jpg" | cut -d' ' -f1)"
expect_exit 0 "the photo found again on the device is sent at the next sync" dsync "$B"
contains "though the photo cursor has moved past its record" "$T/out" "photos sent: 1"
ok "the server holds it, byte for byte" \
    cmp "$T/other.jpg" "$SERVER_PHOTOS/$(b2sum -l 256 "$T/other.jpg" | cut -d' ' -f1)"
expect_exit 0 "and is not asked for again" dsync "$B"
contains "none sent" "$T/out" "photos sent: 0"
ok "nothing reported missing" sh -c "! grep -q 'missing on this device' '$T/out'"

# The server's store is lost and restored from a backup taken before a record
# with a photo arrived (docs/operating.md, "Restore"): the device sends the
# record again, and its photo too, though it had sent that photo once. A
# household, a checklist and a review added after the backup had moved the
# device's pull cursors past what the restored store holds: those added after
# the restore must still reach it (revisions and ids never handed out twice).
# A record whose photo was not on the device when it synced: the backup
# holds the record, not the photo, which arrives after the backup.
printf 'found after the backup' >"$T/gap.jpg"
gap=$(b2sum -l 256 "$T/gap.jpg" | cut -d' ' -f1)
sed "s|stove.jpg|$T/gap.jpg|" "$ANS/gas-major.json" >"$T/gap.json"
ok "a record is synced without its photo" sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' record \
    --template gas --household H1 --answers '$T/gap.json' --pin-stdin >/dev/null && \
    rm '$A/photos/$gap' && echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --pin-stdin"
mkdir -m 0700 "$T/bk"
expect_exit 0 "the server's store is backed up" "$FCS" --db "$DB" backup "$T/bk"
copy=$(ls "$T"/bk/server-*)
before=$(server_count records)
hh() {
	printf 'id,district,address,resident,phone,kind,last_check\n%s,D1,新华路%s号,王芳,13800000001,residential,\n' \
	    "$1" "$1" >"$T/$1.csv"
	"$FCS" --db "$DB" households import "$T/$1.csv" >/dev/null
}
python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
t["version"] = 2
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$FC_ROOT/tests/data/checklists/manhole.json" "$T/manhole-v2.json"
hh H2
"$FCS" --db "$DB" templates add "$FC_ROOT/tests/data/checklists/manhole.json" 2>/dev/null
"$FCS" --db "$DB" review "$insp" accepted --by sup >/dev/null
cp "$T/gap.jpg" "$A/photos/$gap"
ok "its photo reaches the server after the backup" sh -c "echo $PIN | FIELDCHECK_HOME='$A' \
    '$FC' sync --pin-stdin && test -s '$SERVER_PHOTOS/$gap'"
printf 'after the backup' >"$T/late.jpg"
late=$(b2sum -l 256 "$T/late.jpg" | cut -d' ' -f1)
sed "s|stove.jpg|$T/late.jpg|" "$ANS/gas-major.json" >"$T/late.json"
ok "a record with a photo is made and synced after the backup" sh -c "echo $PIN | \
    FIELDCHECK_HOME='$A' '$FC' record --template gas --household H1 \
    --answers '$T/late.json' --pin-stdin && echo $PIN | FIELDCHECK_HOME='$A' '$FC' sync --pin-stdin"
ok "the server holds its photo" test -s "$SERVER_PHOTOS/$late"
stop_server
rm -f "$SERVER_PHOTOS/$late" "$SERVER_PHOTOS/$gap"
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	admin="postgresql://fc@127.0.0.1:$PG_PORT/postgres"
	psql -q -X "$admin" -c "DROP DATABASE fieldcheck" -c "CREATE DATABASE fieldcheck" &&
	    pg_restore --no-owner --exit-on-error -d "$DB" "$copy"
else
	rm -f "$DB" "$DB-wal" "$DB-shm" && cp "$copy" "$DB"
fi
ok "the store is restored from the backup, without that record" \
    test "$(server_count records)" = "$before"
hh H3
"$FCS" --db "$DB" templates add "$T/manhole-v2.json" 2>/dev/null
"$FCS" --db "$DB" review "$insp" returned --comment "photo of the meter" --by sup >/dev/null
SAME_PORT=1 start_server
expect_exit 0 "the device syncs with the restored server" dsync "$A"
contains "sending the record again" "$T/out" "sent 1 records"
contains "and its photo, and the photo that arrived after the backup" "$T/out" "photos sent: 2"
ok "the server holds that photo again, byte for byte" cmp "$T/late.jpg" "$SERVER_PHOTOS/$late"
ok "and the one of the record the backup holds" cmp "$T/gap.jpg" "$SERVER_PHOTOS/$gap"
ok "a household imported after the restore reaches the device" \
    test "$(sqlite3 "$A/store.db" "SELECT count(*) FROM households WHERE id IN ('H2', 'H3')")" = 2
ok "and so does a checklist added after it" \
    test -s "$A/templates/manhole-v1.json" -a -s "$A/templates/manhole-v2.json"
ok "and a review made after it" sh -c "FIELDCHECK_HOME='$A' '$FC' list | grep '$insp' | grep -q returned"
stop_server
