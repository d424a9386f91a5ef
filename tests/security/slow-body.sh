#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A request nobody has authenticated yet (an enrolment, a console login, a
# request without X-FC-Body-Hash) must send its whole body, not only its
# headers, within the header timeout: trickling its few KiB a byte a second
# kept the connection for an hour before (the idle timeout restarts with
# every byte), so a few addresses could hold every connection the server
# allows. Here the server's header timeout is 3 s and each slow client
# trickles for 12 s; honest enrolments, logins and syncs still work, and a
# long answer to an authenticated request is not cut by the deadline.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
PW='correct horse battery'

printf '%s\n' "$PW" | "$FCS" --db "$DB" user add boss --role city --password-stdin >/dev/null 2>&1 ||
    fail "user add"
start_server --header-timeout 3 --web "$FC_ROOT/web"

for path in /v1/enroll /console/api/login /v1/records; do
	"$FCA" slowbody "$PORT" 5 12 "$path" >"$T/slow.out" 2>&1
	contains "connections trickling a body to $path were made" "$T/slow.out" "connected 5 of 5"
	contains "  and closed by the header deadline, none kept" "$T/slow.out" "open 0 of 5"
done

A="$T/a"
enrolled_device "$A" ana D1 || fail "an honest device enrols"
add "$A" 3
expect_exit 0 "and syncs" dsync "$A"
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"name\":\"boss\",\"password\":\"$PW\"}" "$URL/console/api/login")
ok "an honest console login is answered 200 ($st)" test "$st" = 200
# A push whose body takes longer than the header timeout to arrive, once its
# signature is checked (fc-attack stall: headers and 100 bytes, then nothing
# for 5 s): authenticated, it has the request timeout, not the deadline.
echo "$PIN" | "$FCA" stall "$PORT" 5 --home "$A" >"$T/stall.out" 2>&1
contains "an authenticated push idle past the header timeout is kept open" "$T/stall.out" "open after 5 s"
stop_server
