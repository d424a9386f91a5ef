#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A request whose URL is long is answered at once: up to FC_URI_MAX (4096
# bytes) as usual; longer, 414 with the usual error body, on every route,
# the console's reads by someone logged in among them (libmicrohttpd left
# those unanswered until the header timeout from about 8 KiB: the answer's
# headers no longer fit beside the URL in the connection's memory); past the
# connection's 32 KiB libmicrohttpd answers 414 or 431 itself, at once too.
# Every curl waits at most 5 s (-m 5), half the header timeout, so a request
# left hanging shows as status 000, never as a slow pass.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
PW='correct horse battery'

printf '%s\n' "$PW" | "$FCS" --db "$DB" user add boss --role city --password-stdin \
    >/dev/null 2>&1 || fail "user add boss"
start_server --web "$FC_ROOT/web"
ok "the supervisor logs in" test "$(curl -s -c "$T/jar" -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' -H "Origin: $URL" \
    -d "{\"name\":\"boss\",\"password\":\"$PW\"}" "$URL/console/api/login")" = 200

# ask PATH N: GET PATH followed by N bytes of 'a', logged in; the status printed.
ask() {
	curl -s -m 5 -b "$T/jar" -H 'Accept-Language: en' -o "$T/body" -w '%{http_code}' \
	    "$URL$1$(head -c "$2" /dev/zero | tr '\0' a)"
}

ok "a console read with a 3 000-byte query is answered (200)" test "$(ask '/console/api/me?x=' 3000)" = 200
for n in 5000 9000 20000 31000; do
	for p in '/console/api/me?x=' '/console/api/records?district=' '/console/x' '/healthz?x=' \
	    '/v1/status?x=' '/verify/' '/nope/'; do
		got=$(ask "$p" $n)
		# (The words in either language: beside a long URL and a session
		# cookie the console's refusal comes in Chinese, Accept-Language: en
		# or not; the status and the body's form are what is checked.)
		if [ "$got" = 414 ] && grep -Eq '^\{"error":"[^"]*4096[^"]*"\}$' "$T/body"; then
			pass "$p and $n bytes: 414 at once, with the usual error body"
		else
			fail "$p and $n bytes: 414 at once, with the usual error body" "got $got: $(head -c 200 "$T/body")"
		fi
	done
done
got=$(ask '/console/api/me?x=' 40000)
ok "past the connection's memory libmicrohttpd answers 414 itself, at once ($got)" test "$got" = 414
ok "the server still answers" test "$(ask '/healthz' 0)" = 200
