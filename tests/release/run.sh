#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The release checks (`make check-release`), kept out of `make check` because
# they need the cross toolchain, qemu-user and nginx:
#
#   arm64    CROSS_BUILD/tests/test-* (built by `make cross`) run under
#            qemu-user with the target's libraries; counted like tests/run.sh
#   release  tests/release/*.sh against the native NATIVE_BUILD (the nginx TLS
#            sync test, backup and restore) and the packages in build/deb
#            (operating.sh); "ok - ..." / "not ok - ..." lines
#
# usage: tests/release/run.sh CROSS_BUILD QEMU TRIPLET NATIVE_BUILD
# Prints the arm64 wall time, then "N passed, N failed"; exits 1 on a failure.
set -u
CROSS_BUILD=${1:?usage: run.sh CROSS_BUILD QEMU TRIPLET NATIVE_BUILD}
QEMU=${2:?}
TRIPLET=${3:?}
NATIVE=${4:?}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
LOGDIR="$ROOT/$CROSS_BUILD/release-logs"
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

. "$ROOT/tests/tally.inc"
total_pass=0
total_skip=0
total_fail=0
failed_names=""

# count NAME LOG KIND RC: add a finished run's results to the totals.
count() {
	name=$1; log=$2; kind=$3; rc=$4
	tally "$kind" "$log"
	p=$tally_pass f=$tally_fail
	total_skip=$((total_skip + tally_skip))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $name"
		echo "FAIL $name ($p passed, $f failed; log: $log)"
		grep -E '^not ok |^\[  FAILED  \] [a-z_]|ERROR' "$log" | head -n 20 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed)"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

now_ms() { date +%s%3N; }

echo "== $TRIPLET unit tests under $QEMU"
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "not ok - $QEMU is not installed (make deps-release)"
	total_fail=$((total_fail + 1))
	failed_names="$failed_names qemu"
else
	# The loader and libc are the target's multiarch ones (libc6:arm64, which
	# deps-release.sh installs with libc6-dev:arm64), as on a real device,
	# beside the other libraries. Not the cross toolchain's copy in
	# /usr/$TRIPLET: Debian 12 updates libc6 but not that copy, and its
	# loader with the multiarch libc.so.6 (which it finds through
	# /etc/ld.so.cache) hangs in the first pthread_create.
	unset QEMU_LD_PREFIX
	loader=$(readelf -l "$CROSS_BUILD/fieldcheck" 2>/dev/null |
	    sed -n 's/.*interpreter: \([^]]*\)].*/\1/p')
	if [ -z "$loader" ] || [ ! -e "$loader" ]; then
		echo "not ok - the target's loader ${loader:-(unknown)} is installed (make deps-release)"
		total_fail=$((total_fail + 1))
		failed_names="$failed_names loader"
	fi
	start=$(now_ms)
	n=0
	for t in "$CROSS_BUILD"/tests/test-*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		log="$LOGDIR/unit-$name.log"
		timeout --kill-after=10 "${FC_TEST_TIMEOUT:-600}" "$QEMU" "$t" >"$log" 2>&1
		count "$TRIPLET/$name" "$log" unit $?
		n=$((n + 1))
	done
	end=$(now_ms)
	if [ "$n" -eq 0 ]; then
		echo "not ok - no unit tests in $CROSS_BUILD/tests (run make cross first)"
		total_fail=$((total_fail + 1))
	fi
	ms=$((end - start))
	printf '%s unit tests: %d programs in %d.%03d s under %s\n' "$TRIPLET" "$n" \
	    $((ms / 1000)) $((ms % 1000)) "$QEMU" | tee "$LOGDIR/time.txt"
fi

echo "== release suites"
export FC_BUILD="$ROOT/$NATIVE" FC_ROOT="$ROOT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for s in tests/release/*.sh; do
	name=$(basename "$s" .sh)
	[ "$name" = run ] && continue
	log="$LOGDIR/release-$name.log"
	timeout --kill-after=10 "${FC_TEST_TIMEOUT:-300}" sh "$s" >"$log" 2>&1
	count "release/$name" "$log" script $?
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
