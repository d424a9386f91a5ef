#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Photos are keyed by (hash, size) as the record naming them says, and only a
# device whose own records name a photo may send its bytes, each into its own
# pending upload: another device naming the same hash with a false size
# (smaller or larger) does not block the real upload, an enrolled device whose
# records do not name a photo is refused, and a device that does name it
# cannot write into someone else's pending upload.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
FCA="$FC_BUILD/tests/fc-attack"

printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号,王芳,13800000001,residential,\n' >"$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
A="$T/a" B="$T/b" C="$T/c"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D1
enrolled_device "$C" cal D1
for h in "$A" "$B" "$C"; do dsync "$h" >/dev/null 2>&1; done

# rec HOME FILE: a gas record whose photo answer is FILE.
rec() {
	sed "s|stove.jpg|$2|" "$ANS/gas-major.json" >"$T/ans.json"
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template gas --household H1 \
	    --answers "$T/ans.json" --pin-stdin
}
# forge HOME HASH SIZE: a signed record naming photo HASH with SIZE, whatever the truth.
forge() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FCH" add-one inspection H1 photo "$2:$3"
}
# put HOME PATH BODYFILE: a signed PUT by HOME's device; prints "status N" and the answer.
put() {
	echo "$PIN" | "$FCA" send "$URL" PUT "$2" --home "$1" --body "$3" \
	    --ctype application/octet-stream
}
get() {
	echo "$PIN" | "$FCA" send "$URL" GET "$1" --home "$2"
}

# Two real photos on A: one a forger will name smaller, one larger.
head -c 5000 /dev/urandom >"$T/p1.jpg"
head -c 70000 /dev/urandom >"$T/p2.jpg"
ok "a record with the first photo is made" rec "$A" "$T/p1.jpg"
ok "a record with the second photo is made" rec "$A" "$T/p2.jpg"
h1=$(b2sum -l 256 "$T/p1.jpg" | cut -d' ' -f1)
h2=$(b2sum -l 256 "$T/p2.jpg" | cut -d' ' -f1)
s1=$(wc -c <"$T/p1.jpg")
s2=$(wc -c <"$T/p2.jpg")
ok "both are kept on the device under their hashes" test -s "$A/photos/$h1" -a -s "$A/photos/$h2"

# B reaches the server first, naming both hashes with false sizes.
ok "another device signs a record naming the first hash 100 bytes short" forge "$B" "$h1" $((s1 - 100))
ok "and one naming the second hash 1000 bytes long" forge "$B" "$h2" $((s2 + 1000))
expect_exit 0 "its sync stores them (it holds no such files)" dsync "$B"
ok "the server holds the forger's records" test "$(server_count records)" = 2

expect_exit 0 "the real device's sync still succeeds" dsync "$A"
contains "both real photos are sent" "$T/out" "photos sent: 2"
ok "the server holds both photos" test "$(server_count photos)" = 2
ok "the first byte for byte" cmp "$T/p1.jpg" "$SERVER_PHOTOS/$h1"
ok "the second byte for byte" cmp "$T/p2.jpg" "$SERVER_PHOTOS/$h2"
get "/v1/photos/$h1?size=$((s1 - 100))" "$B" >"$T/false.out"
contains "the false size stays a photo of its own, not complete" "$T/false.out" '"complete":false'
get "/v1/photos/$h1" "$A" >"$T/true.out"
contains "the real one is complete for the device that named it" "$T/true.out" '"complete":true'
expect_exit 0 "the real device has nothing left to send" dsync "$A"
contains "none sent" "$T/out" "photos sent: 0"

# A third photo whose upload A makes by hand, half now and half later.
head -c 90000 /dev/urandom >"$T/p3.jpg"
ok "a record with a third photo is made" rec "$A" "$T/p3.jpg"
h3=$(b2sum -l 256 "$T/p3.jpg" | cut -d' ' -f1)
s3=$(wc -c <"$T/p3.jpg")
half=$((s3 / 2))
rm -f "$A/photos/$h3"
expect_exit 0 "the record reaches the server (its photo left out)" dsync "$A"
head -c "$half" "$T/p3.jpg" >"$T/first"
tail -c +$((half + 1)) "$T/p3.jpg" >"$T/second"
head -c $((s3 - half)) /dev/zero >"$T/junk"
put "$A" "/v1/photos/$h3?offset=0&size=$s3" "$T/first" >"$T/put.out"
contains "the device that named it sends the first half" "$T/put.out" "status 200"
contains "the server holds that half" "$T/put.out" "\"have\":$half"

put "$C" "/v1/photos/$h3?offset=$half&size=$s3" "$T/junk" >"$T/put.out"
contains "a device whose records do not name the photo is refused" "$T/put.out" "status 403"
contains "saying why" "$T/put.out" "only a device whose record names a photo may send it"
put "$C" "/v1/photos/$h3?offset=$half" "$T/junk" >"$T/put.out"
contains "refused without a size too" "$T/put.out" "status 403"
get "/v1/photos/$h3" "$C" >"$T/get.out"
contains "it may not ask about the upload either" "$T/get.out" "status 403"

ok "the forger now names the third photo with its true size too" forge "$B" "$h3" "$s3"
expect_exit 0 "and its record reaches the server" dsync "$B"
put "$B" "/v1/photos/$h3?offset=$half&size=$s3" "$T/junk" >"$T/put.out"
contains "its chunk does not land in the real device's upload" "$T/put.out" "status 409"
contains "its own upload has nothing yet" "$T/put.out" '"have":0'

put "$A" "/v1/photos/$h3?offset=$half&size=$s3" "$T/second" >"$T/put.out"
contains "the real device finishes its upload" "$T/put.out" '"complete":true'
ok "the third photo is kept byte for byte" cmp "$T/p3.jpg" "$SERVER_PHOTOS/$h3"
ok "three photos held" test "$(server_count photos)" = 3
put "$A" "/v1/photos/$h3?offset=0&size=abc" "$T/first" >"$T/put.out"
contains "a size that is not a number is refused" "$T/put.out" "status 400"
stop_server
