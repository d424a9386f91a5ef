#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# PIN brute force against the key file's lockout: three wrong PINs are
# forgiven, then the key locks for a doubling delay (30 s, 60 s, ... capped at
# an hour); while locked even the right PIN is not tried; each attempt is a
# fresh process, so the count survives restarts. The figure printed is how
# long guessing every 4-digit PIN would take under this policy.
. "$(dirname "$0")/../lib.sh"

printf '2468\n' >"$T/pin"
"$FCH" init-fast P1 测试员 <"$T/pin" >/dev/null 2>&1 || { fail "init-fast"; exit 0; }
KEY="$FIELDCHECK_HOME/key.json"

# try PIN: one unlock in a new process (the helper appends one record).
try() { printf '%s\n' "$1" | "$FCH" add-records 1 --pin-stdin; }
field() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p" "$KEY"; }
# Let the lock run out, as time passing would: keep the count, clear the time.
expire() { sed -i 's/"locked_until": *[0-9]*/"locked_until": 1/' "$KEY"; }

expect_exit 1 "a wrong PIN is refused" try 1111
contains "and counted: 1 of 3" "$T/err" "wrong PIN (1 of 3 before a lockout)"
expect_exit 1 "a second wrong PIN is refused" try 1112
contains "and counted: 2 of 3" "$T/err" "wrong PIN (2 of 3 before a lockout)"
expect_exit 1 "the third wrong PIN locks the key" try 1113
contains "for 30 seconds" "$T/err" "the key is locked for 30 seconds"
expect_exit 1 "while locked, the right PIN is refused" try 2468
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
expect_exit 0 "after the lock runs out the right PIN opens the key" try 2468
ok "and the count starts again at zero" test "$(field failures)" = 0

# The clock set far ahead by an attacker cannot be used to skip a lock: the
# lock is a time stored in the file, checked against now. A clock set back
# must not lock the inspector out for longer than the policy allows.
try 1 >/dev/null 2>&1; try 2 >/dev/null 2>&1; try 3 >/dev/null 2>&1
sed -i 's/"locked_until": *[0-9]*/"locked_until": 99999999999/' "$KEY"
expect_exit 1 "a lock far in the future is still a lock" try 2468
contains "but never longer than the policy's delay" "$T/err" "try again in 30 seconds"

# Brute force under this policy: 3 free tries, then 30 s doubling to 3600 s.
days=$(awk 'BEGIN { s = 0; l = 30; for (k = 3; k <= 10000; k++) { s += l; if (l < 3600) l *= 2; if (l > 3600) l = 3600 } printf "%.0f", s / 86400 }')
pass "guessing all 10000 four-digit PINs takes at least $days days of lockout"
echo "# figure: pin-bruteforce-days $days"
