#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A right password clears only its own account's failed logins: the failures
# its user made from that address are taken off the address's count, the
# guesses at other accounts stay on it. Someone who holds one account cannot
# log in to it between guesses at the others to win the address's twenty
# free tries back (server/store/accounts.c), on SQLite and, with
# FC_TEST_DB=pg, PostgreSQL. Each part comes from its own loopback address.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
PW='correct horse battery'

for a in mine theirs; do
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add "$a" --role city --password-stdin \
	    >/dev/null 2>&1 || fail "user add $a"
done
start_server --web "$FC_ROOT/web"

# login FROM NAME PASSWORD: the status printed.
login() {
	curl -s -o /dev/null -w '%{http_code}' --interface "$1" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$2\",\"password\":\"$3\"}" "$URL/console/api/login"
}
# guesses FROM N: N wrong passwords, each at a name of its own (so no
# account's five free tries run out); the statuses, space-separated.
guesses() {
	i=0 codes=
	while [ $i -lt "$2" ]; do
		codes="$codes$(login "$1" "other-$1-$i" "guess number $i") "
		i=$((i + 1))
	done
	echo "$codes"
}

# 127.0.0.2: nineteen guesses, one short of the address's twenty free tries.
codes=$(guesses 127.0.0.2 19)
ok "nineteen guesses from one address are each judged wrong" \
    test "$codes" = "$(printf '401 %.0s' $(seq 19))"
ok "the guesser logs in to the account they hold" test "$(login 127.0.0.2 mine "$PW")" = 200
ok "the twentieth guess is still judged (401)" test "$(login 127.0.0.2 other-a 'guess 20')" = 401
ok "after it the address waits: its own login did not clear the guesses (429)" \
    test "$(login 127.0.0.2 other-b 'guess 21')" = 429

# 127.0.0.3: a supervisor mistypes their own password three times, then gets
# it right; those three are forgiven on the address, so it still has twenty.
codes="$(login 127.0.0.3 mine 'mistyped 1') $(login 127.0.0.3 mine 'mistyped 2')"
codes="$codes $(login 127.0.0.3 mine 'mistyped 3') $(login 127.0.0.3 mine "$PW")"
ok "three mistypes, then the right password ($codes)" test "$codes" = "401 401 401 200"
codes=$(guesses 127.0.0.3 20)
ok "the address still has its twenty free tries for others' mistypes" \
    test "$codes" = "$(printf '401 %.0s' $(seq 20))"
ok "and no more (429)" test "$(login 127.0.0.3 other-c 'one more')" = 429

# The account's own count is cleared by its right password, as before.
codes="$(login 127.0.0.4 theirs 'a') $(login 127.0.0.4 theirs 'b')"
ok "an account mistyped from another address ($codes)" test "$codes" = "401 401"
ok "logs in with its password" test "$(login 127.0.0.4 theirs "$PW")" = 200
codes=
for i in 1 2 3 4 5; do codes="$codes$(login 127.0.0.5 theirs "again $i") "; done
ok "and has its five free tries again ($codes)" test "$codes" = "401 401 401 401 401 "
