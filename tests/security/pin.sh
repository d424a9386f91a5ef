#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# PIN brute force against the key file's lockout: three wrong PINs are
# forgiven, then the key locks for a doubling delay (30 s, 60 s, ... capped at
# an hour); while locked even the right PIN is not tried; each attempt is a
# fresh process, so the count survives restarts; the count edited by hand in
# key.json reads as the longest lock, not as none. The figure printed is how
# long guessing every 6-digit PIN would take under this policy.
. "$(dirname "$0")/../lib.sh"

printf '246813\n' >"$T/pin"
"$FCH" init-fast P1 测试员 <"$T/pin" >/dev/null 2>&1 || { fail "init-fast"; exit 0; }
KEY="$FIELDCHECK_HOME/key.json"

# try PIN: one unlock in a new process (the helper appends one record).
try() { printf '%s\n' "$1" | "$FCH" add-records 1 --pin-stdin; }
field() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p" "$KEY"; }
# Let the lock run out, as time passing would: the helper's clock moves on
# an hour (editing locked_until would now count as tampering).
OFFSET=0
expire() { OFFSET=$((OFFSET + 3700)); export FC_TEST_CLOCK_OFFSET=$OFFSET; }

# An empty line (Enter pressed by mistake, a script's unset PIN) is no guess.
expect_exit 1 "an empty line is refused" try ""
contains "  as no PIN" "$T/err" "no PIN given (an empty line); nothing was counted"
ok "  and is not counted" test "$(field failures)" = 0
printf '\n' >"$T/empty"
expect_exit 2 "fieldcheck's own unlock refuses an empty line as bad usage" \
	sh -c "'$FC' enroll http://127.0.0.1:9 CODE --pin-stdin <'$T/empty'"
contains "  saying so" "$T/err" "no PIN given (an empty line); nothing was counted"
ok "  and counts nothing either" test "$(field failures)" = 0
# A command line that cannot run is refused before the PIN: a wrong PIN typed
# for it is never tried, so never counted.
printf '111111\n' >"$T/wrong"
expect_exit 2 "enroll without its code is refused before the PIN" \
	sh -c "'$FC' enroll http://127.0.0.1:9 --pin-stdin <'$T/wrong'"
contains "  as bad usage" "$T/err" "enroll needs the server URL and the code"
expect_exit 2 "enroll with a URL that is not http(s) is refused before the PIN" \
	sh -c "'$FC' enroll ftp://127.0.0.1 CODE --pin-stdin <'$T/wrong'"
contains "  naming the URL" "$T/err" "server URL ftp://127.0.0.1 must start with http:// or https://"
ok "  and the wrong PIN was not counted" test "$(field failures)" = 0
expect_exit 1 "a wrong PIN is refused" try 1111
contains "and counted: 1 of 3" "$T/err" "wrong PIN (1 of 3 before a lockout)"
expect_exit 1 "a second wrong PIN is refused" try 1112
contains "and counted: 2 of 3" "$T/err" "wrong PIN (2 of 3 before a lockout)"
expect_exit 1 "the third wrong PIN locks the key" try 1113
contains "for 30 seconds" "$T/err" "the key is locked for 30 seconds"
expect_exit 1 "while locked, the right PIN is refused" try 246813
contains "with the time left" "$T/err" "the key is locked after 3 wrong PINs; try again in"
ok "a refused try while locked is not counted" test "$(field failures)" = 3
ok "nothing was signed while locked" test "$("$FCH" seqs | wc -l)" = 0

# The delay doubles with every further failure, up to an hour.
want=60
n=4
while [ $n -le 12 ]; do
	expire
	try 9$n$n$n >/dev/null 2>"$T/err"
	if [ $want -gt 3600 ]; then want=3600; fi
	if ! grep -qF "the key is locked for $want seconds" "$T/err"; then
		fail "failure $n locks for $want seconds" "$(cat "$T/err")"
		break
	fi
	want=$((want * 2))
	n=$((n + 1))
done
[ $n -gt 12 ] && pass "each further failure doubles the lock (60 s ... capped at 3600 s)"

# The count survives: a new process still sees it, and only the right PIN clears it.
ok "the count is kept in the key file across processes" test "$(field failures)" = 12
expire
expect_exit 0 "after the lock runs out the right PIN opens the key" try 246813
ok "and the count starts again at zero" test "$(field failures)" = 0

# The state edited by hand: the count reset, or a lock moved far ahead, does
# not match the tag that binds it to the sealed box, so the key locks for the
# longest time instead, and says why.
expire
try 1 >/dev/null 2>&1; try 2 >/dev/null 2>&1; try 3 >/dev/null 2>&1
sed -i 's/"failures": *[0-9]*/"failures": 0/; s/"locked_until": *[0-9]*/"locked_until": 0/' "$KEY"
expect_exit 1 "a count reset by editing key.json does not open the key" try 246813
contains "it says the count was changed" "$T/err" "the wrong-PIN count was changed outside fieldcheck"
contains "and locks for the longest time" "$T/err" "locked for 3600 seconds"
sed -i 's/"locked_until": *[0-9]*/"locked_until": 99999999999/' "$KEY"
expect_exit 1 "a lock moved far ahead is still a lock" try 246813
contains "and it is the longest lock from now, not from then" "$T/err" "locked for 3600 seconds"
expire
expect_exit 0 "after that lock runs out the right PIN opens the key" try 246813
ok "and the state is clean again" test "$(field failures)" = 0

# Brute force under this policy: 3 free tries, then 30 s doubling to 3600 s,
# over the 10^6 six-digit PINs (less the few dozen the policy refuses).
days=$(awk 'BEGIN { s = 0; l = 30; for (k = 3; k <= 1000000; k++) { s += l; if (l < 3600) l *= 2; if (l > 3600) l = 3600 } printf "%.0f", s / 86400 }')
pass "guessing all six-digit PINs through the program takes at least $days days of lockout"
echo "# figure: pin-bruteforce-days $days"
