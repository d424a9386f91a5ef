#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Revocation one device at a time (a lost handheld) beside the whole
# inspector: a revoked device is refused while the inspector's other device
# works; enrolling again lifts nothing, neither for the device nor for the
# inspector; only `unrevoke` does.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server
A1="$T/a1" A2="$T/a2"
# enrol HOME: enrolled for ana with a fresh code; prints the device id.
enrol() {
	c=$(code ana D1) &&
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" enroll "$URL" "$c" --pin-stdin >"$T/enrol.out" &&
	sed -n 's/.* on device \([0-9a-f]*\) .*/\1/p' "$T/enrol.out"
}
new_device "$A1" ana
new_device "$A2" ana
d1=$(enrol "$A1")
d2=$(enrol "$A2")
ok "two devices of one inspector are enrolled" test -n "$d1" -a -n "$d2" -a "$d1" != "$d2"
add "$A1" 1
add "$A2" 1
expect_exit 0 "the first syncs" dsync "$A1"
expect_exit 0 "the second syncs" dsync "$A2"

expect_exit 0 "the server revokes one device" "$FCS" --db "$DB" revoke --device "$d1"
contains "and says it is refused until unrevoked" "$T/err" "device $d1 revoked"
add "$A1" 1
add "$A2" 1
expect_exit 1 "the revoked device is refused" dsync "$A1"
contains "the refusal names the device" "$T/err" "device $d1 has been revoked"
ok "its new record stays on it, unsynced" test "$(unsynced "$A1")" = 1
expect_exit 0 "the inspector's other device still syncs" dsync "$A2"
ok "and its record arrived" test "$(unsynced "$A2")" = 0

# A new code for the inspector, typed on the revoked handheld.
c=$(code ana D1)
expect_exit 1 "re-enrolling the revoked device with a new code is refused" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A1' '$FC' enroll '$URL' '$c' --pin-stdin"
contains "naming the revocation" "$T/err" "device $d1 has been revoked"
new_device "$T/a3" ana
expect_exit 0 "the same code was not spent: a new handheld enrols with it" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$T/a3' '$FC' enroll '$URL' '$c' --pin-stdin"
add "$T/a3" 1
expect_exit 0 "the new handheld syncs" dsync "$T/a3"
expect_exit 1 "after all that enrolling the revoked device is still refused" dsync "$A1"

expect_exit 0 "unrevoke lifts the device's revocation" "$FCS" --db "$DB" unrevoke --device "$d1"
expect_exit 0 "the device syncs again" dsync "$A1"
ok "with the record made while it was out" test "$(unsynced "$A1")" = 0

# The whole inspector: revoked, not lifted by enrolling, lifted by unrevoke.
before=$(code ana D1)
expect_exit 0 "the server revokes the inspector" "$FCS" --db "$DB" revoke --inspector ana
expect_exit 1 "then the first device is refused" dsync "$A1"
contains "as the inspector's" "$T/err" "inspector ana has been revoked"
expect_exit 1 "and the second" dsync "$A2"
expect_exit 1 "enrolling the revoked inspector again gives no code" \
    "$FCS" --db "$DB" enroll --inspector ana --name "Inspector ana" --district D1
contains "saying how to lift it" "$T/err" "unrevoke --inspector ana"
expect_exit 1 "the inspector's devices are still refused" dsync "$A2"
expect_exit 0 "unrevoke lifts the inspector's revocation" \
    "$FCS" --db "$DB" unrevoke --inspector ana
expect_exit 0 "the first device syncs again" dsync "$A1"
expect_exit 0 "and the second" dsync "$A2"
new_device "$T/a4" ana
expect_exit 1 "a code issued before the revocation stays void after unrevoke" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$T/a4' '$FC' enroll '$URL' '$before' --pin-stdin"
contains "  saying it was voided" "$T/err" "voided by a revocation"

# A device revoked under a revoked inspector stays revoked when the inspector is lifted.
"$FCS" --db "$DB" revoke --device "$d2" 2>/dev/null
"$FCS" --db "$DB" revoke --inspector ana 2>/dev/null
"$FCS" --db "$DB" unrevoke --inspector ana 2>/dev/null
expect_exit 1 "lifting the inspector does not lift one device's revocation" dsync "$A2"
contains "which is named" "$T/err" "device $d2 has been revoked"
expect_exit 0 "while the inspector's other device syncs" dsync "$A1"

expect_exit 1 "revoking a device never enrolled fails" \
    "$FCS" --db "$DB" revoke --device 0000abcd
contains "saying so" "$T/err" "no device 0000abcd"
expect_exit 2 "a malformed device id is bad usage" "$FCS" --db "$DB" revoke --device ZZ/../..
expect_exit 2 "revoke with nothing to revoke is bad usage" "$FCS" --db "$DB" revoke
expect_exit 2 "unrevoke with an unknown option is bad usage" \
    "$FCS" --db "$DB" unrevoke --household H1
expect_exit 1 "unrevoking an unknown inspector fails" "$FCS" --db "$DB" unrevoke --inspector zed
stop_server
