#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The security tests (`make security`): every tests/security/*.sh suite
# against the binaries in BUILD, then one summary line:
#   security: trials T, attacks refused R, records checked C, records lost L,
#   duplicates D, crashes found X
# where a trial is one check, an attack refused is a passing check, and a
# crash is a sanitizer report in any suite's output or server log.
#
#   tests/security/run.sh [BUILD]        (default build/san)
set -u
BUILD=${1:-build/san}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
export FC_BUILD="$BUILD" FC_ROOT="$ROOT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LOGDIR="$BUILD/security-logs"
mkdir -p "$LOGDIR"
. "$ROOT/tests/tally.inc"
pass=0 failn=0 skipn=0 crashes=0 checked=0 lost=0 dups=0
for s in tests/security/*.sh; do
	n=$(basename "$s" .sh)
	[ "$n" = run ] && continue
	log="$LOGDIR/$n.log"
	timeout --kill-after=10 "${FC_SECURITY_TIMEOUT:-600}" sh "$s" >"$log" 2>&1
	rc=$?
	tally script "$log"
	p=$tally_pass f=$tally_fail
	skipn=$((skipn + tally_skip))
	if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$log"; then
		crashes=$((crashes + 1))
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $n exited with status $rc" >>"$log"
	fi
	c=$(sed -n 's/^# figure: records-checked \([0-9]*\)$/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
	l=$(sed -n 's/^# figure: records-lost \([0-9]*\)$/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
	d=$(sed -n 's/^# figure: duplicates \([0-9]*\)$/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
	checked=$((checked + c)) lost=$((lost + l)) dups=$((dups + d))
	grep -E '^(ok|not ok) ' "$log" | sed "s/^\(not ok\|ok\) - /\1 - $n: /"
	grep -E '^# figure: ' "$log" | sed "s/^# figure: /# $n: /"
	pass=$((pass + p)) failn=$((failn + f))
done
echo "security: trials $((pass + failn)), attacks refused $pass, failed $failn, skipped $skipn, records checked $checked, records lost $lost, duplicates $dups, crashes found $crashes"
[ "$failn" -eq 0 ] && [ "$crashes" -eq 0 ]
