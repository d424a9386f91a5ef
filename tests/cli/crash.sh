#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A record acknowledged is a record kept: kill -9 the writer at many different
# points while it appends records (durable commit, then "acked <seq>"), and
# each time the store still opens, `fieldcheck verify` passes, every
# acknowledged record is there, and the store takes new records afterwards.
. "$(dirname "$0")/../lib.sh"

ROUNDS=${FC_CRASH_ROUNDS:-40}
PIN=246813
printf '%s\n' "$PIN" >"$T/pin"

# Argon2id at minimum cost (the helper's init-fast): the key is unlocked once
# per round and the rounds are about the store, not the KDF.
if ! "$FCH" init-fast I1 张三 <"$T/pin" >"$T/init.out" 2>&1; then
	fail "init-fast makes a home" "$(cat "$T/init.out")"
	exit 0
fi
cp -a "$FIELDCHECK_HOME" "$T/fresh"

open_fail=0 verify_fail=0 lost=0 killed=0 acked_total=0 first_err=""
i=1
while [ "$i" -le "$ROUNDS" ]; do
	# A fresh home every 10 rounds keeps each verify short under sanitizers.
	if [ $((i % 10)) -eq 1 ] && [ "$i" -gt 1 ]; then
		rm -rf "$FIELDCHECK_HOME"
		cp -a "$T/fresh" "$FIELDCHECK_HOME"
	fi
	"$FCH" add-records 1000 --pin-stdin <"$T/pin" >"$T/acked" 2>"$T/add.err" &
	pid=$!
	# 0 to 0.39 s in uneven steps: during unlock, open, and mid-stream.
	sleep "0.$(printf '%02d' $(( (i * 37) % 40 )))"
	if kill -9 "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$pid" 2>/dev/null

	if ! "$FCH" seqs >"$T/seqs" 2>"$T/seqs.err"; then
		open_fail=$((open_fail + 1))
		[ -z "$first_err" ] && first_err="round $i: store: $(cat "$T/seqs.err")"
	fi
	if ! "$FC" verify >"$T/v.out" 2>"$T/v.err"; then
		verify_fail=$((verify_fail + 1))
		[ -z "$first_err" ] && first_err="round $i: verify: $(cat "$T/v.err")"
	fi
	missing=$(awk 'NR == FNR { have[$1] = 1; next }
	    /^acked / { n++; if (!($2 in have)) { print $2; exit } }' "$T/seqs" "$T/acked")
	if [ -n "$missing" ]; then
		lost=$((lost + 1))
		[ -z "$first_err" ] && first_err="round $i: acked record $missing is not in the store"
	fi
	acked_total=$((acked_total + $(grep -c '^acked ' "$T/acked")))
	i=$((i + 1))
done

[ "$open_fail" -eq 0 ] && pass "the store opened after each of $ROUNDS kills" ||
    fail "the store did not open after $open_fail kills" "$first_err"
[ "$verify_fail" -eq 0 ] && pass "verify passed after each kill" ||
    fail "verify failed after $verify_fail kills" "$first_err"
[ "$lost" -eq 0 ] && pass "no acknowledged record was lost ($acked_total acknowledged)" ||
    fail "acknowledged records were lost in $lost rounds" "$first_err"
# The test means something only if most kills landed while the writer ran.
[ "$killed" -ge $((ROUNDS / 2)) ] && pass "$killed of $ROUNDS kills hit a running writer" ||
    fail "only $killed of $ROUNDS kills hit a running writer"

# After all that, the store still takes records and the chain still holds.
before=$(wc -l <"$T/seqs")
expect_exit 0 "the killed store accepts new records" "$FCH" add-records 5 --pin-stdin <"$T/pin"
contains "the next record follows the last one kept" "$T/out" "acked $((before + 5))"
expect_exit 0 "verify passes after the new records" "$FC" verify
contains "verify counts every record" "$T/out" "$((before + 5)) records verified"
