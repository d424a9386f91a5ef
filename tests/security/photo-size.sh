#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A photo's size is capped (core/photo.h FC_PHOTO_SIZE_MAX, 32 MiB): the
# device refuses to sign a record with a bigger picture, and the server
# keeps no byte of a photo whose signed size is over the cap. Before, an
# enrolled device could sign one record naming a photo of 10 GiB (or a
# terabyte) and have the server store it 256 KiB at a time, each chunk a
# valid signed request, until its disk was full.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
ANS="$FC_ROOT/tests/data/answers"
FCA="$FC_BUILD/tests/fc-attack"

printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号,王芳,13800000001,residential,\n' >"$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
B="$T/b"
enrolled_device "$B" ben D1 || { fail "the device enrols"; exit 0; }
dsync "$B" >/dev/null 2>&1

# A picture one byte over the cap is refused before anything is signed.
head -c $((32 * 1024 * 1024 + 1)) /dev/zero >"$T/huge.jpg"
sed "s|stove.jpg|$T/huge.jpg|" "$ANS/gas-major.json" >"$T/ans.json"
expect_exit 1 "a record with a photo over 32 MiB is refused on the device" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' record --template gas --household H1 --answers '$T/ans.json' --pin-stdin"
contains "  naming the file and the limit" "$T/err" "huge.jpg: a photo of 33554433 bytes is over the limit of 33554432 bytes"
ok "  and nothing was signed" test "$(FIELDCHECK_HOME="$B" "$FC" list --json | grep -c '"seq"')" = 0
rm -f "$T/huge.jpg"

# A record forged to name a 10 GiB photo (signed by the device's own key).
HASH=$(head -c 64 /dev/urandom | b2sum -l 256 | cut -d' ' -f1)
BIG=10737418240
echo "$PIN" | FIELDCHECK_HOME="$B" "$FCH" add-one inspection H1 photo "$HASH:$BIG" >/dev/null 2>&1 ||
    fail "a record naming a 10 GiB photo is signed"
expect_exit 0 "it is pushed and stored (a record is never refused for its photo)" dsync "$B"
contains "  and the device sends none of the photo, saying why" "$T/out" \
    "(1 over the server's limit of 33554432 bytes are not sent)"
head -c 262144 /dev/urandom >"$T/chunk"
echo "$PIN" | "$FCA" send "$URL" PUT "/v1/photos/$HASH?offset=0&size=$BIG" --home "$B" \
    --body "$T/chunk" --ctype application/octet-stream >"$T/put.out" 2>&1
contains "a chunk of that photo is refused as too large" "$T/put.out" "status 413"
contains "  naming the signed size and the limit" "$T/put.out" "its signed size 10737418240 is over the limit of 33554432 bytes"
ok "  and no byte of it is kept" sh -c "! ls '$SERVER_PHOTOS' 2>/dev/null | grep -q '$HASH'"
stop_server
