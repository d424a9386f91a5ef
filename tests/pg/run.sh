#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the PostgreSQL suites against the binaries in BUILD (`make check-pg`):
# every tests/sync/*.sh again with FC_TEST_DB=pg (each starts its own
# PostgreSQL, tests/pg/pg.inc), then tests/pg/*.sh. Prints "ok"/"not ok"
# lines per suite and one closing line, "N passed, N failed"; exits 1 when
# anything failed. Logs are in BUILD/test-logs-pg/.
set -u
BUILD=${1:-build/san}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
export FC_BUILD="$ROOT/$BUILD"
export FC_ROOT="$ROOT"
. "$ROOT/tests/tally.inc"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LOGDIR="$ROOT/$BUILD/test-logs-pg"
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

passed=0
failed=0
skipped=0
for t in tests/sync/*.sh tests/pg/*.sh; do
	[ "$t" = tests/pg/run.sh ] && continue
	name=$(echo "$t" | sed 's,^tests/,,; s,\.sh$,,')
	log="$LOGDIR/$(echo "$name" | tr / -).log"
	start=$(date +%s)
	FC_TEST_DB=pg timeout --kill-after=10 "${FC_TEST_TIMEOUT:-300}" sh "$t" >"$log" 2>&1 </dev/null
	rc=$?
	tally script "$log"
	p=$tally_pass f=$tally_fail s=$tally_skip
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	elif [ $((p + f + s)) -eq 0 ]; then
		f=1
		echo "not ok - $name reported no check at all" >>"$log"
	fi
	printf '%-28s %3d passed, %d failed, %d skipped  (%ds, pg)\n' "$name" "$p" "$f" "$s" "$(($(date +%s) - start))"
	{ grep '^not ok ' "$log"; tally_skips "$log"; } | sed 's/^/    /'
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
