#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs every suite against the binaries in BUILD and prints one closing line,
# "N passed, N failed, N skipped", totalling them all. Exits 1 when anything
# failed. A skipped check ("ok - ... # skip why", cmocka's SKIPPED) is counted
# as skipped, never as passed; each skip's reason is listed before the total.
#
#   unit   BUILD/tests/test-*        cmocka; counts from its summary lines
#   cli    tests/cli/*.sh            scripts that print "ok - ..." / "not ok - ..."
#   tui    tests/tui/*.sh            the real TUI driven through tmux
#   sync   tests/sync/*.sh           a real fieldcheck-server on 127.0.0.1
#   console tests/console/*.sh       the supervisors' console in headless chromium
#   security tests/security/*.sh     forged requests, limits, PIN lockout, SQL and
#                                    escapes (also `make security`, with its summary)
#   pg     tests/sync/*.sh again with FC_TEST_DB=pg, and tests/pg/*.sh: each
#          starts its own PostgreSQL on a loopback port (tests/pg/pg.inc)
#
# Test programs run FC_TEST_JOBS at a time (default 4: most of a suite's time
# is spent waiting on a terminal, a server or Argon2id, not on a core; with 3
# the two cores were busy 136 % of the run, with 4 152 %, and the suites took
# 319 s instead of 384 s, same checks), the longest (tests/slow.txt) first. Each writes its own log; results are
# printed in a fixed order afterwards. A test
# program that dies without printing its summary (a sanitizer report, a
# crash, a timeout) counts as one failure, and so does one that reports no
# check at all, so nothing fails silently.
set -u
. "$(cd "$(dirname "$0")" && pwd)/tally.inc"
# run_one KIND NAME COMMAND...: run with a time limit; leave NAME.log and
# NAME.res ("pass fail seconds") in LOGDIR.
run_one() {
	kind=$1; name=$2; shift 2
	base="$LOGDIR/$(echo "$name" | tr / -)"
	start=$(date +%s)
	# NAME.cpu: the CPU seconds (user, system) of the test and every process
	# it waited for; make check is CPU-bound on two cores, so this, not the
	# wall time, says which suite costs the run its time.
	/usr/bin/time -f "%U %S" -o "$base.cpu" \
	    timeout --kill-after=10 "${FC_TEST_TIMEOUT:-300}" "$@" >"$base.log" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	tally "$kind" "$base.log"
	p=$tally_pass f=$tally_fail s=$tally_skip
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$base.log"
	elif [ $((p + f + s)) -eq 0 ]; then
		f=1
		echo "not ok - $name reported no check at all" >>"$base.log"
	fi
	echo "$p $f $s $secs" >"$base.res"
}

# xargs calls this script again with --one for each test; LOGDIR is exported.
if [ "${1:-}" = --one ]; then
	shift
	run_one "$@"
	exit 0
fi

# The suites run Debian's programs (packaging/deps.sh installs them) before
# whatever else PATH holds. A version manager's shim in front of python3
# (pyenv's is a bash script that starts a dozen processes) took 0.3 s of CPU a
# call against 0.05 s, about a sixth of all the CPU make check spent.
PATH=/usr/bin:/bin:$PATH
export PATH
BUILD=${1:-build/san}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export FC_BUILD="$ROOT/$BUILD"
export FC_ROOT="$ROOT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LOGDIR="$ROOT/$BUILD/test-logs"
JOBS=${FC_TEST_JOBS:-4}
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

# The list of tests, one "KIND NAME COMMAND" per line, in the order reported.
LIST="$LOGDIR/list"
: >"$LIST"
for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	echo "unit unit/$(basename "$t") $t" >>"$LIST"
done
for suite in cli tui sync ledger console security; do
	for s in tests/$suite/*.sh; do
		[ -e "$s" ] || continue
		# (tests/security/run.sh is `make security`'s own runner of these.)
		[ "$s" = tests/security/run.sh ] && continue
		echo "script $suite/$(basename "$s" .sh) sh $s" >>"$LIST"
	done
done
# The server store's second backend: the same sync suites over PostgreSQL,
# then the suites only PostgreSQL has (two processes, migrate-store).
for s in tests/sync/*.sh; do
	[ -e "$s" ] || continue
	echo "script pg/sync-$(basename "$s" .sh) env FC_TEST_DB=pg sh $s" >>"$LIST"
done
for s in tests/pg/*.sh; do
	[ -e "$s" ] || continue
	[ "$(basename "$s")" = run.sh ] && continue
	echo "script pg/$(basename "$s" .sh) sh $s" >>"$LIST"
done

# The PostgreSQL suites copy one cluster made for the run (tests/pg/pg.inc);
# as root the clusters belong to nobody, so the folder does too.
FC_PG_TEMPLATE=$(mktemp -d "${TMPDIR:-/tmp}/fc-pg-template.XXXXXX")
export FC_PG_TEMPLATE
[ "$(id -u)" -eq 0 ] && chown nobody "$FC_PG_TEMPLATE"
trap 'rm -rf "$FC_PG_TEMPLATE"' EXIT

# The longest suites first (tests/slow.txt), the rest in the report's order:
# started last, one of them would run alone at the end while a core idles.
ORDER="$LOGDIR/order"
# (A tree without the list, such as tests/cli/tally.sh's, keeps the report's order.)
grep -sv '^#' tests/slow.txt | while read -r slow; do
	awk -v n="$slow" '$2 == n' "$LIST"
done >"$ORDER"
# FILENAME, not NR == FNR: with nothing started first, ORDER is empty.
awk 'FILENAME == ARGV[1] { first[$2] = 1; next } !($2 in first)' "$ORDER" "$LIST" >>"$ORDER"

started=$(date +%s)
# xargs runs the pool; each line's fields become run_one's arguments.
export LOGDIR
xargs -P "$JOBS" -L 1 sh -c '"$0" --one "$@"' "$0" <"$ORDER"

total_pass=0
total_fail=0
total_skip=0
failed_names=""
: >"$LOGDIR/skips"
suite=""
while read -r kind name cmd; do
	this=${name%%/*}
	if [ "$this" != "$suite" ]; then
		suite=$this
		echo "== $suite"
	fi
	base="$LOGDIR/$(echo "$name" | tr / -)"
	if [ -f "$base.res" ]; then
		read -r p f s secs <"$base.res"
	else
		p=0; f=1; s=0; secs=0
		echo "not ok - $name did not run" >>"$base.log"
	fi
	skipped=""
	if [ "$s" -ne 0 ]; then
		skipped=", $s skipped"
		if [ "$kind" = unit ]; then
			grep -a '^\[  SKIPPED \] [a-z_]' "$base.log"
		else
			tally_skips "$base.log"
		fi | sed "s|^|  $name: |" >>"$LOGDIR/skips"
	fi
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $name"
		echo "FAIL $name ($p passed, $f failed$skipped, ${secs}s; log: $base.log)"
		grep -aE '^not ok |^\[  FAILED  \] [a-z_]|ERROR: |runtime error' "$base.log" | head -n 20 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed$skipped, ${secs}s)"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
done <"$LIST"

echo "all suites took $(($(date +%s) - started))s with $JOBS at a time"
# The CPU each test program took (NAME.cpu), in all and the costliest.
for c in "$LOGDIR"/*.cpu; do
	[ -f "$c" ] && printf '%s %s\n' "$(tail -n 1 "$c")" "$(basename "$c" .cpu)"
done | awk '$1 ~ /^[0-9.]+$/ { t = $1 + $2; all += t; print t, $3 } END { printf "all %.0f\n", all }' |
    sort -k1,1nr >"$LOGDIR/cpu"
echo "their CPU: $(sed -n 's/^all //p' "$LOGDIR/cpu")s; the most: $(grep -v '^all' "$LOGDIR/cpu" |
    head -n 5 | awk '{ printf "%s%s %.0fs", (NR > 1 ? ", " : ""), $2, $1 }')"
if [ -s "$LOGDIR/skips" ]; then
	echo "skipped (not counted as passed):"
	cat "$LOGDIR/skips"
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
