#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Failed console logins are forgotten a day after the last one
# (server/store/accounts.c, ACC_FAIL_FORGET), on SQLite and, with
# FC_TEST_DB=pg, PostgreSQL. The server has no test clock: old failures are
# written into the store as a month-old mistype or a night of made-up names
# would have left them, then the server is asked. An account someone mistyped
# into two days ago has its five free tries again, counted from one; failures
# of the last minutes still slow it; and the rows of names and addresses
# not tried for a day are deleted, not kept for ever.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
PW='correct horse battery'

sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then pg_sql "$1"; else sqlite3 "$DB" "$1"; fi
}
for a in boss sup1 city1; do
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add "$a" --role city --password-stdin \
	    >/dev/null 2>&1 || fail "user add $a"
done
NOW=$(date +%s)
OLD=$((NOW - 2 * 86400))
RECENT=$((NOW - 60))
sql "INSERT INTO console_failures (key, count, last_at) VALUES
    ('u:boss', 40, $OLD), ('a:127.0.0.1', 200, $OLD), ('u:sup1', 12, $RECENT),
    ('u:ghost-1', 3, $OLD), ('u:ghost-2', 1, $((NOW - 40 * 86400))),
    ('a:203.0.113.9', 25, $OLD), ('u:fresh-1', 2, $RECENT)"
start_server --web "$FC_ROOT/web"

# login NAME PASSWORD: the status printed, the body in $T/b.
login() {
	curl -s -o "$T/b" -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$URL/console/api/login"
}
left() { sql "SELECT key FROM console_failures WHERE key IN ($1) ORDER BY key" | tr '\n' ' '; }

ok "twelve failures a minute ago still slow the account, even for the right password (429)" \
    test "$(login sup1 "$PW")" = 429
gone=$(left "'u:ghost-1', 'u:ghost-2', 'a:203.0.113.9', 'u:boss', 'a:127.0.0.1'")
ok "after a login, the rows of names and addresses not tried for a day are deleted ($gone)" \
    test -z "$gone"
ok "those tried within the day are kept" test "$(left "'u:fresh-1', 'u:sup1'")" = "u:fresh-1 u:sup1 "

# boss: forty failures two days ago. Its five free tries are back, then it waits.
i=0 codes=
while [ $i -lt 5 ]; do
	codes="$codes$(login boss "wrong guess $i") "
	i=$((i + 1))
done
ok "an account last mistyped two days ago has its five free tries ($codes)" \
    test "$codes" = "401 401 401 401 401 "
ok "the sixth attempt waits, as for any account (429)" test "$(login boss "$PW")" = 429
contains "saying how long" "$T/b" '"wait":'

# city1: an old row written after this process has pruned; it is forgotten
# when the login reads it, and the count starts again from one.
sql "INSERT INTO console_failures (key, count, last_at) VALUES ('u:city1', 30, $OLD)"
ok "an old row is forgotten when it is read: a wrong password is judged (401)" \
    test "$(login city1 'wrong guess a')" = 401
ok "and so is the next one (401)" test "$(login city1 'wrong guess b')" = 401
ok "the account's count started again (2, not 32)" \
    test "$(sql "SELECT count FROM console_failures WHERE key = 'u:city1'")" = 2
ok "the right password logs in" test "$(login city1 "$PW")" = 200
ok "and clears the account's failures" test -z "$(left "'u:city1'")"
stop_server
