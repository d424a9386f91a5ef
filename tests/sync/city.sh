#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make city, small (docs/city.md): a city of 575 households and 8 inspectors
# replayed through the real programs (fieldcheck init, enroll, record --batch,
# sync; fieldcheck-server serve, review, revoke) agrees with what it
# generated in every figure of the console's overview; the plan is decided by
# the seed alone. The devices' keys are sealed at Argon2id 1:8, as the other
# suites' are: at init's 3:64 each of the fifty-odd unlocks cost a fifth of a
# second of CPU under the sanitizers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
CITY="$FC_ROOT/tools/city.py"

python3 "$CITY" --build "$FC_BUILD" --work "$T/p" --scale 0.005 --seed 11 --plan-only >"$T/plan1"
python3 "$CITY" --build "$FC_BUILD" --work "$T/p" --scale 0.005 --seed 11 --plan-only >"$T/plan2"
python3 "$CITY" --build "$FC_BUILD" --work "$T/p" --scale 0.005 --seed 12 --plan-only >"$T/plan3"
ok "the same seed plans the same year" cmp -s "$T/plan1" "$T/plan2"
ok "another seed another" sh -c "! cmp -s '$T/plan1' '$T/plan3'"
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	set -- --db "$DB"
else
	set --
fi
expect_exit 0 "a small city is replayed and its overview matches what was generated" \
    python3 "$CITY" --build "$FC_BUILD" --work "$T/city" --scale 0.005 --seed 11 --no-screenshots \
    --kdf 1:8 "$@"
contains "  it says so" "$T/out" "every figure matches what was generated"
contains "  it prints the server's CPU time and store size" "$T/out" "server CPU time"
contains "  the hazards found are checked" "$T/out" "hazards found"
contains "  and the households overdue" "$T/out" "households overdue"
contains "  three forks were made and kept" "$T/out" "forks kept as evidence                            3"
ok "no figure disagrees" sh -c "! grep -q MISMATCH '$T/out'"
if grep -qE 'ERROR: AddressSanitizer|runtime error|LeakSanitizer' "$T/city/server.log"; then
	fail "the city's server ran without a sanitizer report" "$(grep -E 'ERROR|runtime error' "$T/city/server.log" | head -n 3)"
else
	pass "the city's server ran without a sanitizer report"
fi
