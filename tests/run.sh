#!/bin/sh
# Runs every suite against the binaries in BUILD and prints one closing line,
# "N passed, N failed", totalling them all. Exits 1 when anything failed.
#
#   unit   BUILD/tests/test-*        cmocka; counts from its summary lines
#   cli    tests/cli/*.sh            scripts that print "ok - ..." / "not ok - ..."
#   tui    tests/tui/*.sh            the real TUI driven through tmux
#   sync   tests/sync/*.sh           a real fieldcheck-server on 127.0.0.1
#
# A test program that dies without printing its summary (a sanitizer report,
# a crash, a timeout) counts as one failure, so nothing fails silently.
set -u
BUILD=${1:-build/san}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export FC_BUILD="$ROOT/$BUILD"
export FC_ROOT="$ROOT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LOGDIR="$ROOT/$BUILD/test-logs"
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

total_pass=0
total_fail=0
failed_names=""

# run_one NAME LOG KIND COMMAND...: run with a time limit, then count.
run_one() {
	name=$1; log=$2; kind=$3; shift 3
	timeout --kill-after=10 "${FC_TEST_TIMEOUT:-300}" "$@" >"$log" 2>&1
	rc=$?
	if [ "$kind" = unit ]; then
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}; f=${f:-0}
	else
		p=$(grep -c '^ok ' "$log")
		f=$(grep -c '^not ok ' "$log")
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $name"
		echo "FAIL $name ($p passed, $f failed; log: $log)"
		grep -E '^not ok |^\[  FAILED  \] [a-z_]|ERROR: |runtime error' "$log" | head -n 20 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed)"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

echo "== unit"
for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	run_one "unit/$n" "$LOGDIR/unit-$n.log" unit "$t"
done

for suite in cli tui sync; do
	set -- tests/$suite/*.sh
	[ -e "$1" ] || continue
	echo "== $suite"
	for s in "$@"; do
		n=$(basename "$s" .sh)
		run_one "$suite/$n" "$LOGDIR/$suite-$n.log" script sh "$s"
	done
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
