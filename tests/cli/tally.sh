#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What the runners count (tests/tally.inc, used by tests/run.sh and the pg,
# security and release runners): a skipped check ("ok - ... # skip why" in
# any case, cmocka's SKIPPED) is counted as skipped and never as passed, a
# "not ok" is a failure, and tests/run.sh's last line is "N passed, N
# failed, N skipped", also with a failure among them.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/tally.inc"
cat >"$T/tap.log" <<'LOG'
ok - a check that passed
ok - clang-format # skip: clang-format not installed
ok - fuzz record # SKIP clang libFuzzer not available
ok - the nginx test #skip: nginx is not installed
ok - a check whose name mentions skip but was run
not ok - a check that failed
# a comment line
ok - another pass
LOG
tally script "$T/tap.log"
ok "three passed checks, the one naming 'skip' in its text among them" test "$tally_pass" = 3
ok "three skipped, whatever the case of the directive, none counted as passed" test "$tally_skip" = 3
ok "one failed" test "$tally_fail" = 1
ok "the skipped lines are listed with their reasons" test "$(tally_skips "$T/tap.log" | wc -l)" = 3
# A log with a stray binary byte (a test echoing a raw response) is still
# counted line by line: its skip is a skip and its failure a failure.
printf 'ok - before the byte\nraw \000\001 bytes\nok - fuzz # skip: no fuzzer\nnot ok - broken\n' >"$T/bin.log"
tally script "$T/bin.log"
ok "a log holding a binary byte: 1 passed, 1 skipped, 1 failed" \
    test "$tally_pass $tally_skip $tally_fail" = "1 1 1"
ok "its skipped line is listed" test "$(tally_skips "$T/bin.log" | wc -l)" = 1
cat >"$T/unit.log" <<'LOG'
[==========] Running 4 test(s).
[  PASSED  ] 2 test(s).
[  SKIPPED ] 1 test(s), listed below:
[  SKIPPED ] test_needs_network
[  FAILED  ] 1 test(s), listed below:
[  FAILED  ] test_broken
LOG
tally unit "$T/unit.log"
ok "cmocka: 2 passed, 1 skipped, 1 failed" test "$tally_pass $tally_skip $tally_fail" = "2 1 1"

# tests/run.sh itself, over a build folder holding three tiny "unit tests"
# (one passes, one skips, one fails) and no suites: a copy of the tree's
# runner with only those, so nothing else runs.
mkdir -p "$T/root/tests" "$T/root/b/tests"
cp "$FC_ROOT/tests/run.sh" "$FC_ROOT/tests/tally.inc" "$T/root/tests/"
printf '#!/bin/sh\necho "[  PASSED  ] 3 test(s)."\n' >"$T/root/b/tests/test-pass"
printf '#!/bin/sh\necho "[  PASSED  ] 1 test(s)."\necho "[  SKIPPED ] 2 test(s), listed below:"\necho "[  SKIPPED ] test_a"\necho "[  SKIPPED ] test_b"\n' >"$T/root/b/tests/test-skip"
printf '#!/bin/sh\necho "[  PASSED  ] 1 test(s)."\necho "[  FAILED  ] 1 test(s), listed below:"\necho "[  FAILED  ] test_c"\nexit 1\n' >"$T/root/b/tests/test-fail"
chmod +x "$T/root/b/tests/"test-*
expect_exit 1 "tests/run.sh exits 1 when a check failed" sh "$T/root/tests/run.sh" b
ok "its last line is '5 passed, 1 failed, 2 skipped'" test "$(tail -n 1 "$T/out")" = "5 passed, 1 failed, 2 skipped"
contains "it lists why each was skipped" "$T/out" "test_a"
rm "$T/root/b/tests/test-fail"
expect_exit 0 "and exits 0 when nothing failed, skips or not" sh "$T/root/tests/run.sh" b
ok "last line '4 passed, 0 failed, 2 skipped'" test "$(tail -n 1 "$T/out")" = "4 passed, 0 failed, 2 skipped"
