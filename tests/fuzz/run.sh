#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run every libFuzzer target built in BUILD/fuzz/ for SECONDS each, starting
# from the seeds in tests/fuzz/corpus/<name>/, and print one line per target:
#   ok - fuzz <name>: N runs, no crash
#   not ok - fuzz <name>: <what libFuzzer found> (reproducer: <file>)
# then "fuzz: T targets, R runs, C crashes". Exits 1 when anything crashed.
#
#   tests/fuzz/run.sh [BUILD [SECONDS [TARGET...]]]     (defaults build/fuzz, 60)
#
# New inputs found go to BUILD/corpus/<name>/, so later campaigns start from
# them; the seed directory in the repository is only read. A crash leaves its
# input in BUILD/crashes/; to reproduce: BUILD/fuzz/fuzz-<name> FILE.
# Add a regression seed with: cp FILE tests/fuzz/corpus/<name>/. The shipped
# checklists and the test answer files are seeds too, taken as they are now
# at each run (shipped_seeds), so no copy of them can fall behind.
set -u
BUILD=${1:-build/fuzz}
SECONDS_EACH=${2:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
shift $(($# < 2 ? $# : 2))
if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(for f in tests/fuzz/fuzz-*.c; do basename "$f" .c | sed 's/^fuzz-//'; done)
fi
export FC_ROOT="$ROOT"
# Leaks are bugs too; abort so a finding is one clear report.
export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# shipped_seeds NAME: a folder of the files the repository ships that NAME
# reads (empty for the others): every checklist version for the template
# target; for the answers target each answer file behind the byte that picks
# its template (0 gas, 1 selfbuilt, 2 rural: tests/fuzz/fuzz-answers.c).
shipped_seeds() {
	d="$BUILD/shipped/$1"
	rm -rf "$d" && mkdir -p "$d"
	case $1 in
	template) cp schema/checklists/*.json "$d/" ;;
	answers)
		for f in tests/data/answers/*.json; do
			case $(basename "$f") in
			gas*) b='\000' ;;
			selfbuilt*) b='\001' ;;
			rural*) b='\002' ;;
			*) continue ;;
			esac
			{ printf "$b"; cat "$f"; } >"$d/$(basename "$f" .json)"
		done
		;;
	esac
	echo "$d"
}

targets=0 runs_total=0 crashes=0
mkdir -p "$BUILD/crashes" "$BUILD/logs"
for name in $names; do
	bin="$BUILD/fuzz/fuzz-$name"
	seeds="tests/fuzz/corpus/$name"
	work="$BUILD/corpus/$name"
	log="$BUILD/logs/fuzz-$name.log"
	if [ ! -x "$bin" ]; then
		echo "not ok - fuzz $name: $bin is not built (make fuzz-build)"
		crashes=$((crashes + 1))
		continue
	fi
	mkdir -p "$work" "$seeds"
	targets=$((targets + 1))
	# -timeout: one input taking 10 s is a hang, reported as a finding.
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$BUILD/crashes/$name-" \
	    "$work" "$seeds" "$(shipped_seeds "$name")" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	runs=${runs:-0}
	runs_total=$((runs_total + runs))
	if [ "$rc" -eq 0 ]; then
		echo "ok - fuzz $name: $runs runs, no crash"
	else
		crashes=$((crashes + 1))
		what=$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY' "$log")
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		echo "not ok - fuzz $name: ${what:-exit status $rc} (reproducer: ${art:-none}; log: $log)"
		grep -E '^    #[0-9]+ ' "$log" | head -n 8 | sed 's/^/#   /'
	fi
done
echo "fuzz: $targets targets, $runs_total runs, $crashes crashes"
[ "$crashes" -eq 0 ]
