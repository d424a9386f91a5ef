#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A few seconds of every libFuzzer target (tests/fuzz/fuzz-*.c) on each
# `make check`: every parser of outside input (household CSV, templates,
# answer files, member counts, record bodies, key files, the sync wire
# format, pushed batches, registry snapshots, settings, intervals, warning
# rules, server.conf) runs from its seed corpus under ASan and UBSan and must
# not crash, leak or hang; the seeds found defects are kept among them. The
# long campaign is `make fuzz`. Without clang's libFuzzer the suite skips.
. "$(dirname "$0")/../lib.sh"

SECS=${FC_FUZZ_SHORT_SECONDS:-2}
# Its own build, at -O0: compiling every library with clang for it is most of
# this suite's CPU on a clean checkout, and -O0 takes a third less; `make
# fuzz` keeps -O1 in build/fuzz.
FUZZ_BUILD=build/fuzz-check
names=$(for f in "$FC_ROOT"/tests/fuzz/fuzz-*.c; do basename "$f" .c | sed 's/^fuzz-//'; done)

skip_all() {
	for n in $names; do
		echo "ok - fuzz $n # skip: $1"
	done
	exit 0
}

command -v clang >/dev/null 2>&1 || skip_all "clang libFuzzer not available"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$T/probe.c"
clang -fsanitize=fuzzer,address,undefined -o "$T/probe" "$T/probe.c" >/dev/null 2>&1 ||
    skip_all "clang libFuzzer not available"

if ! make -C "$FC_ROOT" --no-print-directory FUZZ_BUILD="$FUZZ_BUILD" FUZZ_OPT=-O0 fuzz-build >"$T/build.log" 2>&1; then
	fail "the fuzz targets build (make fuzz-build)" "$(tail -n 5 "$T/build.log")"
	exit 0
fi
pass "the fuzz targets build with clang, libFuzzer, ASan and UBSan"

# One line per target from the runner; its summary line is a comment here.
"$FC_ROOT/tests/fuzz/run.sh" "$FUZZ_BUILD" "$SECS" | sed 's/^fuzz: /# fuzz: /'
