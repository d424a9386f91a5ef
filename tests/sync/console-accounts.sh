#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Console accounts on a real server (SQLite, and PostgreSQL when run with
# FC_TEST_DB=pg): `fieldcheck-server user add|passwd|disable|enable|list`,
# passwords kept only as Argon2id strings, login and logout, the session
# cookie's attributes (Secure only through the trusted TLS proxy), the CSRF
# token on state-changing requests, and failed logins slowed per account.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
PW='correct horse battery'

adduser() { printf '%s\n' "${PW2:-$PW}" | "$FCS" --db "$DB" user add "$@" --password-stdin; }

expect_exit 0 "a supervisor account with two districts is added" \
    adduser sup1 --role supervisor --districts D1,新华区
expect_exit 0 "a city account is added" adduser city1 --role city
expect_exit 1 "the same name again is refused" adduser sup1 --role supervisor --districts D2
contains "saying it exists" "$T/err" "account sup1 exists"
expect_exit 2 "a supervisor without districts is refused" adduser sup2 --role supervisor
contains "saying what it needs" "$T/err" "needs --districts"
expect_exit 2 "a bad district id is refused" adduser sup2 --role supervisor --districts 'D1,a b'
expect_exit 2 "an empty district in the list is refused" adduser sup2 --role supervisor --districts 'D1,,D2'
expect_exit 2 "an unknown role is refused" adduser sup2 --role admin --districts D1
expect_exit 2 "a city account with districts is refused" adduser sup2 --role city --districts D1
expect_exit 2 "a bad account name is refused" adduser '../x' --role city
contains "  named as an account name, with the rule" "$T/err" "account name '../x' is refused: it must be 1 to 63 ASCII"
PW2=short expect_exit 2 "a short password is refused" adduser sup2 --role city
contains "saying how long it must be" "$T/err" "needs 10 to 255 characters"
expect_exit 2 "without --password-stdin and no terminal it says how" \
    sh -c "'$FCS' --db '$DB' user add sup3 --role city </dev/null"
contains "naming the option" "$T/err" "--password-stdin"

expect_exit 0 "user list --json lists the accounts" "$FCS" --db "$DB" user list --json
contains "with the supervisor's districts" "$T/out" '"name":"sup1","role":"supervisor","districts":"D1,新华区"'
contains "and the city account's" "$T/out" '"name":"city1","role":"city","districts":"*"'
# The text table lines its columns up by screen width: 新华区 is three
# characters of two columns each, nine bytes.
expect_exit 0 "user list prints a table" "$FCS" --db "$DB" user list
cols=$(python3 -c '
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
	at = max(line.find("status"), line.find("active"), line.find("disabled"))
	print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:at]))
' "$T/out" | sort -u | wc -l)
if [ "$cols" = 1 ] && grep -q '^sup1 .*D1,新华区 .*active$' "$T/out"; then
	pass "  its status column starts at the same screen column on every row"
else
	fail "  its status column starts at the same screen column on every row" "$(cat "$T/out")"
fi
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	hashes=$(pg_sql "SELECT pwhash FROM console_users")
else
	hashes=$(sqlite3 "$DB" "SELECT pwhash FROM console_users")
fi
case "$hashes" in
*"$PW"*) fail "the store keeps no password, only Argon2id strings" "$hashes" ;;
'$argon2id$'*) pass "the store keeps no password, only Argon2id strings" ;;
*) fail "the store keeps no password, only Argon2id strings" "$hashes" ;;
esac

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" --trusted-proxy 127.0.0.1 \
    --web "$FC_ROOT/web" 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
wait_port "$PORT"

# login NAME PASSWORD [CURL ARGS...]: headers in $T/h, body in $T/b, status printed.
login() {
	n=$1 p=$2
	shift 2
	curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$n\",\"password\":\"$p\"}" "$@" "$URL/console/api/login"
}
# get PATH [CURL ARGS...]: body in $T/b, status printed.
get() {
	p=$1
	shift
	curl -s -o "$T/b" -w '%{http_code}' "$@" "$URL$p"
}

ok "a wrong password is refused with 401" test "$(login sup1 'wrong password!')" = 401
contains "with one message for name and password (Chinese by default)" "$T/b" "账号或密码错误。"
ok "an unknown account gets the same answer" test "$(login nobody "$PW")" = 401
ok "a login from a form (not JSON) is refused" test "$(curl -s -o "$T/b" -w '%{http_code}' \
    -d "name=sup1&password=$PW" "$URL/console/api/login")" = 403
ok "a login whose Origin is another site is refused" \
    test "$(login sup1 "$PW" -H 'Origin: https://evil.example')" = 403
ok "the right password logs in" test "$(login sup1 "$PW" -c "$T/jar")" = 200
contains "the session cookie is HttpOnly and SameSite=Strict" "$T/h" "HttpOnly; SameSite=Strict"
if grep -qi '^set-cookie:.*secure' "$T/h"; then
	fail "not Secure over plain HTTP" "$(grep -i set-cookie "$T/h")"
else
	pass "not Secure over plain HTTP"
fi
contains "the answer has the CSRF token" "$T/b" '"csrf":'
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$T/b")
# The same token with its last digit changed: always wrong, never by chance right.
case "$CSRF" in *0) BAD="${CSRF%?}1" ;; *) BAD="${CSRF%?}0" ;; esac
ok "through the trusted TLS proxy the cookie is Secure" \
    test "$(login city1 "$PW" -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 10.0.0.9')" = 200
contains "(Secure set)" "$T/h" "SameSite=Strict; Secure"
grep -i '^set-cookie' "$T/h" >"$T/cookie-line"
contains "the cookie is limited to /console/" "$T/cookie-line" "Path=/console/"

ok "the session answers who is logged in" test "$(get /console/api/me -b "$T/jar")" = 200
contains "with the account's districts" "$T/b" '"districts":"D1,新华区"'
ok "no cookie, no session (401)" test "$(get /console/api/me)" = 401
ok "a made-up cookie is no session" test "$(get /console/api/me -b 'fc_session=00ff')" = 401
ok "logout without the CSRF token is refused (403)" \
    test "$(get /console/api/logout -X POST -b "$T/jar")" = 403
contains "saying the token is missing" "$T/b" "缺少页面的防伪令牌（CSRF）"
ok "logout with a wrong CSRF token is refused" \
    test "$(get /console/api/logout -X POST -b "$T/jar" -H "X-CSRF-Token: $BAD")" = 403
ok "the session still works after the refused logouts" test "$(get /console/api/me -b "$T/jar")" = 200
ok "logout with the token ends the session" \
    test "$(get /console/api/logout -X POST -b "$T/jar" -H "X-CSRF-Token: $CSRF")" = 200
ok "the old cookie no longer works" test "$(get /console/api/me -b "$T/jar")" = 401

ok "log in again" test "$(login sup1 "$PW" -c "$T/jar")" = 200
expect_exit 0 "user disable takes the account away" "$FCS" --db "$DB" user disable sup1
ok "its open session ends at once" test "$(get /console/api/me -b "$T/jar")" = 401
ok "and it cannot log in" test "$(login sup1 "$PW")" = 401
expect_exit 0 "user enable gives it back" "$FCS" --db "$DB" user enable sup1
ok "it logs in again" test "$(login sup1 "$PW" -c "$T/jar")" = 200
expect_exit 0 "user passwd sets a new password" \
    sh -c "printf 'a new passphrase\n' | '$FCS' --db '$DB' user passwd sup1 --password-stdin"
ok "which ends the open session" test "$(get /console/api/me -b "$T/jar")" = 401
ok "the old password no longer works" test "$(login sup1 "$PW")" = 401
ok "the new one does" test "$(login sup1 'a new passphrase')" = 200
expect_exit 1 "user passwd of an unknown account fails" \
    sh -c "printf 'whatever12345\n' | '$FCS' --db '$DB' user passwd nobody --password-stdin"
contains "naming it" "$T/err" "no console account nobody"

# Five failures are free; then the account waits, even for the right password.
i=0
while [ $i -lt 5 ]; do
	login city1 "wrong $i password" >/dev/null
	i=$((i + 1))
done
ok "after five failures the next attempt is slowed (429)" test "$(login city1 "$PW")" = 429
contains "saying how long to wait" "$T/b" '"wait":'
contains "with Retry-After" "$T/h" "Retry-After:"
ok "another account from the same address is not locked by it" test "$(login sup1 'a new passphrase')" = 200

expect_exit 0 "the audit log can be read" "$FCS" --db "$DB" audit --json
contains "it has the console logins" "$T/out" "console login"
contains "the refused ones" "$T/out" "console login refused"
contains "and the logouts" "$T/out" "console logout"
login 'city1 admin' "wrong password" >/dev/null
login "$(printf '%0126d' 0)王王" "wrong password" >/dev/null
expect_exit 0 "the audit log can be read as CSV" "$FCS" --db "$DB" audit --csv
contains "a refused login names the account as typed, blank and all" "$T/out" \
    "city1 admin,console login refused"
if grep -q ',0\{126\},console login refused' "$T/out" && iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null; then
	pass "  a very long name is cut at the actor's length, never inside a character"
else
	fail "  a very long name is cut at the actor's length, never inside a character" "$(grep 00000 "$T/out")"
fi
ok "the login page is served" test "$(get /console/)" = 200
contains "as the console's page" "$T/b" "<html"
ok "a path outside web/ is refused" test "$(get /console/..%2f..%2fetc%2fpasswd)" = 404
ok "Chart.js comes from this server" test "$(get /console/lib/chart.min.js)" = 200
contains "(Debian's libjs-chart.js)" "$T/b" "Chart.js v"
stop_server
