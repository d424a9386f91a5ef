#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Console password guessing in parallel: an account allows five failed
# logins before its waits begin, and guesses sent at once on many
# connections get no more than that. Each login is judged after the failures
# of those before it are counted, so a burst of 40 wrong passwords fired
# together is answered "wrong password" five times and "too many failed
# logins" (429) for the rest. (Five is below the server's twelve open store
# handles, so all five are judged at once, whatever Argon2id costs here.)
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
PW='correct horse battery'
N=40

for a in boss; do
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add "$a" --role city --password-stdin \
	    >/dev/null 2>&1 || fail "user add $a"
done
start_server --web "$FC_ROOT/web"

# burst NAME-PREFIX FROM: N wrong logins from address FROM on N connections at
# once (curl --parallel); the statuses, one a line, into $T/statuses.
# NAME-PREFIX "=" names boss every time.
burst() {
	: >"$T/cfg"
	i=0
	while [ $i -lt $N ]; do
		if [ "$1" = "=" ]; then n=boss; else n="$1$i"; fi
		{
			printf 'next\nurl = "%s/console/api/login"\n' "$URL"
			printf 'header = "Content-Type: application/json"\n'
			printf 'data = "{\\"name\\":\\"%s\\",\\"password\\":\\"guess number %d\\"}"\n' "$n" "$i"
			printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\ninterface = "%s"\n' "$2"
		} >>"$T/cfg"
		i=$((i + 1))
	done
	curl -s --parallel --parallel-immediate --parallel-max $N -K "$T/cfg" >"$T/statuses" 2>/dev/null
}
count() { grep -c "^$1\$" "$T/statuses"; }

burst = 127.0.0.1
ok "all $N guesses at one account were answered ($(wc -l <"$T/statuses"))" test "$(wc -l <"$T/statuses")" = $N
ok "five were judged wrong (401: $(count 401))" test "$(count 401)" = 5
ok "the other $((N - 5)) were told to wait (429: $(count 429))" test "$(count 429)" = $((N - 5))
stop_server
