#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make bench`: run every benchmark against the optimised build and print its
# figures. Benchmarks print; they never pass or fail on a number.
#   BUILD/bench/bench-*   compiled benchmarks (bench/bench-*.c)
#   bench/*-bench.sh      benchmarks that drive a whole program (the TUI in tmux)
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export FC_BUILD="$ROOT/$BUILD" FC_ROOT="$ROOT"
echo "fieldcheck benchmarks on $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d)"
for b in "$BUILD"/bench/bench-*; do
	[ -x "$b" ] || continue
	echo
	echo "== $(basename "$b")"
	"$b" || echo "($(basename "$b") exited with status $?)"
done
for s in bench/*-bench.sh; do
	[ -e "$s" ] || continue
	echo
	echo "== $(basename "$s" .sh)"
	sh "$s" || echo "($(basename "$s") exited with status $?)"
done
