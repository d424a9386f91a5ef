#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Who may talk to the server: only an enrolled, unrevoked device, signing
# each request with its own key, within the clock window, with a nonce never
# used before. And what it may push: only its own chain. Each attack below is
# made by tests/helper/fc-attack with real keys against a real server.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
FCA="$FC_BUILD/tests/fc-attack"

start_server
A="$T/a" B="$T/b"
enrolled_device "$A" alice D1 || { fail "device A enrols"; exit 0; }
enrolled_device "$B" bob D1 || { fail "device B enrols"; exit 0; }
add "$A" 5
expect_exit 0 "A syncs its five records" dsync "$A"

# att DESC WANT ARGS...: fc-attack send; passes when the status is WANT.
att() {
	desc=$1 want=$2; shift 2
	echo "$PIN" | "$FCA" send "$URL" "$@" >"$T/att.out" 2>"$T/att.err"
	got=$(sed -n 's/^status //p' "$T/att.out")
	if [ "$got" = "$want" ]; then
		pass "$desc (HTTP $got)"
	else
		fail "$desc (HTTP ${got:-none}, wanted $want)" "$(cat "$T/att.out" "$T/att.err" | head -n 3)"
	fi
}
# refused DESC ARGS...: any 4xx status, or a push answered 200 whose answer
# refuses the record (the protocol keeps the records before a bad one).
refused() {
	desc=$1; shift
	echo "$PIN" | "$FCA" send "$URL" "$@" >"$T/att.out" 2>"$T/att.err"
	got=$(sed -n 's/^status //p' "$T/att.out")
	case $got in
	4??) pass "$desc (HTTP $got: $(sed -n 2p "$T/att.out" | cut -c1-100))" ;;
	200) if grep -q '"refused"' "$T/att.out"; then
		pass "$desc (refused: $(sed -n 's/.*"reason": *"\([^"]*\)".*/\1/p' "$T/att.out" | cut -c1-90))"
	     else
		fail "$desc (HTTP 200 and nothing refused)" "$(head -n 3 "$T/att.out")"
	     fi ;;
	*) fail "$desc (HTTP ${got:-none}, wanted 4xx)" "$(cat "$T/att.out" "$T/att.err" | head -n 3)" ;;
	esac
}

att "a request signed by the device itself is answered" 200 GET /v1/status --home "$A"
refused "an unsigned request is refused" GET /v1/status --home "$A" --unsigned
refused "a signature with one bit changed is refused" GET /v1/status --home "$A" --flip-sig
refused "B's key signing a request that claims to be A is refused" GET /v1/status --home "$B" --as "$A"
refused "a request from 10 minutes ahead is refused" GET /v1/status --home "$A" --time-offset 600
refused "a request from 10 minutes ago is refused" GET /v1/status --home "$A" --time-offset -600

N=0123456789abcdef0123456789abcdef
att "a request with a fresh nonce is answered" 200 GET /v1/status --home "$A" --nonce "$N"
refused "the same request replayed with the same nonce is refused" GET /v1/status --home "$A" --nonce "$N"
refused "a nonce reused on another path is refused" GET /v1/households --home "$A" --nonce "$N"

# A device that was never enrolled.
C="$T/c"
new_device "$C" carol
refused "a device never enrolled is refused" GET /v1/status --home "$C"

# Pushing someone else's chain.
:
    "$FCA" batch "$T/a-batch" --home "$A" >/dev/null
before=$(server_count records)
refused "B pushing A's records (valid signatures, A's chain) is refused" POST /v1/records \
    --home "$B" --body "$T/a-batch" --ctype application/x-fieldcheck-batch
ok "the server stored nothing from that push" test "$(server_count records)" = "$before"
add "$B" 2
"$FCA" batch "$T/b-batch" --home "$B" >/dev/null
att "B pushing its own two records is answered" 200 POST /v1/records --home "$B" \
    --body "$T/b-batch" --ctype application/x-fieldcheck-batch
att "the same batch pushed again (new nonce) is answered" 200 POST /v1/records --home "$B" \
    --body "$T/b-batch" --ctype application/x-fieldcheck-batch
ok "and stores nothing twice" test "$(server_count records)" = $((before + 2))
# A's records pushed by A again, on top of what the server holds.
att "A re-pushing records the server holds is answered" 200 POST /v1/records --home "$A" \
    --body "$T/a-batch" --ctype application/x-fieldcheck-batch
ok "and stores nothing twice" test "$(server_count records)" = $((before + 2))

# A fork: B's store rewritten so seq 2 is a different record with the same
# seq and prev, signed by B's own key: refused and kept as evidence.
sqlite3 "$B/store.db" "delete from records where seq = 2; update records set synced = 0" 2>/dev/null
echo "$PIN" | FIELDCHECK_HOME="$B" "$FCH" add-records 1 >/dev/null 2>&1
"$FCA" batch "$T/fork-batch" --home "$B" --from 2 >/dev/null
refused "a second record 2 from B (a fork) is refused" POST /v1/records --home "$B" \
    --body "$T/fork-batch" --ctype application/x-fieldcheck-batch
ok "the first record 2 is kept, nothing stored over it" test "$(server_count records)" = $((before + 2))
forks=$(server_count forks)
ok "the fork is kept as evidence ($forks)" test "${forks:-0}" -ge 1

# Photo uploads are addressed by hash: a path instead of a hash names no file.
printf 'not a photo' >"$T/photo"
refused "a photo PUT to ../../escaped is refused" PUT /v1/photos/../../escaped --home "$B" \
    --body "$T/photo" --ctype application/octet-stream
refused "a photo PUT to an encoded ..%2F path is refused" PUT "/v1/photos/..%2F..%2Fescaped" \
    --home "$B" --body "$T/photo" --ctype application/octet-stream
ok "no file was written outside the photo store" test ! -e "$T/escaped" -a ! -e "$(dirname "$DB")/escaped"

# Revocation.
"$FCS" --db "$DB" revoke --inspector alice >/dev/null 2>&1
refused "a revoked inspector's device is refused" GET /v1/status --home "$A"
add "$A" 1
expect_exit 1 "and its sync fails saying so" dsync "$A"
no_ctl=$(LC_ALL=C grep -c "$(printf '\033')" "$T/err")
ok "the refusal is printed without control bytes" test "$no_ctl" = 0

expect_exit 0 "the server's store verifies after all attacks" "$FCS" --db "$DB" verify
echo "# figure: records-checked $(server_count records)"
stop_server
