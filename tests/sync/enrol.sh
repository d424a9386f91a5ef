#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Enrolment binds a device's key to an inspector with a one-time code: the
# code works once and only before it expires, a code for someone else is
# refused without being spent, and a revoked inspector's device is refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server
# A code that lives one second (the shortest enroll gives), used once it has expired.
old=$("$FCS" --db "$DB" enroll --inspector ben --name Ben --district D1 --expires 1s 2>/dev/null)
old_at=$(date +%s)
A="$T/a" B="$T/b"
new_device "$A" ana
new_device "$B" ben

c=$(code ana D1)
ok "the server prints a code of the form XXXX-XXXX-XXXX" \
    sh -c "echo '$c' | grep -Eq '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'"

expect_exit 1 "a code for another inspector is refused" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "the refusal says whose code it is" "$T/err" "this code is for inspector ana"

expect_exit 0 "enrolling with the code works" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "enroll names the district" "$T/out" "district D1"
ok "the server now knows one device" test "$(server_count devices)" = 1

# A second device of the same inspector (a new key) cannot reuse the code...
new_device "$T/a2" ana
expect_exit 1 "the same code does not work twice" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$T/a2' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "a used code is named as used" "$T/err" "already used"
ok "the refused device was not added" test "$(server_count devices)" = 1
# ...but the device that spent it may ask again: its answer may have been lost
# on a cut connection, and the request is signed by the key it registered.
expect_exit 0 "the enrolled device retrying with its code gets the same answer" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "the retry names the district" "$T/out" "district D1"

[ $(($(date +%s) - old_at)) -ge 2 ] || sleep 2
expect_exit 1 "an expired code is refused" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' enroll '$URL' '$old' --pin-stdin"
contains "an expired code is named as expired" "$T/err" "expired"
expect_exit 1 "a made-up code is refused" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' enroll '$URL' ABCD-EFGH-JKMN --pin-stdin"
contains "an unknown code is named as unknown" "$T/err" "unknown enrolment code"

add "$A" 2
expect_exit 0 "an enrolled device syncs with the URL remembered at enrolment" dsync "$A"
# A code issued before the revocation, not yet spent: revoke voids it.
pre=$(code ana D1)
new_device "$T/a3" ana
expect_exit 0 "the server can revoke an inspector" "$FCS" --db "$DB" revoke --inspector ana
expect_exit 1 "a code issued before the revocation no longer enrols a device" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$T/a3' '$FC' enroll '$URL' '$pre' --pin-stdin"
contains "the refusal says the code was voided by the revocation" "$T/err" "voided by a revocation"
ok "the device with the voided code was not added" test "$(server_count devices)" = 1
add "$A" 1
expect_exit 1 "a revoked inspector's device is refused" dsync "$A"
contains "the refusal says the inspector is revoked" "$T/err" "inspector ana has been revoked"
ok "the record made after revocation is still on the device, unsynced" test "$(unsynced "$A")" = 1

expect_exit 1 "a device that never enrolled is refused" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' sync --server '$URL' --pin-stdin"
contains "the refusal says the device is not enrolled" "$T/err" "is not enrolled"

# Requests made by hand: the checks before any work is done.
c2=$(code ben D1)
echo "$PIN" | FIELDCHECK_HOME="$B" "$FC" enroll "$URL" "$c2" --pin-stdin >"$T/enrol-b.out"
dev=$(sed -n 's/.* on device \([0-9a-f]*\) .*/\1/p' "$T/enrol-b.out")
now=$(date +%s)
# (in English: a request that names no language is answered in Chinese, server-lang.sh)
hdr() {
	curl -s -H "Accept-Language: en" -H "X-FC-Inspector: ben" -H "X-FC-Device: $dev" -H "X-FC-Time: $1" \
	    -H "X-FC-Nonce: 00112233445566778899aabbccddeeff" -H "X-FC-Signature: $2" "$URL/v1/status"
	echo
}
hdr $((now - 3600)) 00 >"$T/skew.out"
contains "a request an hour old is refused for clock skew" "$T/skew.out" \
    "clock skew: the device clock is -360"
contains "naming the window" "$T/skew.out" "(at most 300 allowed)"
hdr "$now" "$(printf '%0128d' 0)" >"$T/badsig.out"
contains "a request with a wrong signature is refused" "$T/badsig.out" "bad request signature"
curl -s -o /dev/null -w '%{http_code}\n' -H "Expect:" --data-binary @/dev/null \
    -H "Content-Length: 9000000" "$URL/v1/records" >"$T/big.out" 2>/dev/null
contains "a body over the limit is refused before it is read" "$T/big.out" "413"
# Bytes that are not UTF-8 in a device call's headers, parameters or body:
# refused by name (400, not a store's fault), in the device's language, and
# the journal's line writes them out as \xNN.
bad() {
	curl -s -w ' %{http_code}' -H "Accept-Language: $1" -H "X-FC-Inspector: $2" \
	    -H "X-FC-Device: $dev" -H "X-FC-Time: $now" -H "X-FC-Nonce: $(printf '%032d' 7)" \
	    -H "X-FC-Signature: 00" "$URL/v1/$3"
}
ok "an inspector header that is not UTF-8 is refused by name" \
    test "$(bad en "$(printf 'b\377n')" status)" = '{"error":"X-FC-Inspector is not UTF-8 text"} 400'
ok "  in the device's language" \
    test "$(bad zh-CN "$(printf 'b\377n')" status)" = '{"error":"X-FC-Inspector 不是 UTF-8 文本"} 400'
ok "a pull's district that is not UTF-8 is refused by name" \
    test "$(bad en ben 'households?district=%FF')" = '{"error":"district is not UTF-8 text"} 400'
ok "an enrolment whose body is not UTF-8 is refused in the device's language" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Language: zh-CN' \
    --data-binary "$(printf '{"code":"\377"}')" "$URL/v1/enroll")" = 400
curl -s -H 'Accept-Language: zh-CN' --data-binary "$(printf '{"code":"\377"}')" \
    "$URL/v1/enroll" >"$T/enrol-bad.out"
contains "  (its words)" "$T/enrol-bad.out" "登记请求的正文不是 JSON"
curl -s -o /dev/null "$URL/verify/%FF%FE"
contains "the journal writes a URL's bytes that are not UTF-8 as \\xNN" "$T/server.log" \
    'GET /verify/\xff\xfe 400'
ok "  and holds no line that is not UTF-8" python3 -c \
    'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/server.log"

expect_exit 2 "enroll without a code is a usage error" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$B' '$FC' enroll '$URL' --pin-stdin"
expect_exit 2 "the server's enroll needs a district" "$FCS" --db "$DB" enroll --inspector x --name X
