#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# How the code reads is part of the contract: every C file is laid out by the
# project's .clang-format and cppcheck finds nothing (make lint). Skips, saying
# so, when a tool is missing rather than failing a machine without it.
. "$(dirname "$0")/../lib.sh"
cd "$FC_ROOT" || exit 1

if command -v clang-format >/dev/null 2>&1; then
	bad=""
	for f in core/*.[ch] cli/*.[ch] sync/*.[ch] server/*.[ch] server/store/*.[ch] tui/*.[ch] tests/unit/*.c tests/helper/*.c \
	    tests/fuzz/*.c bench/*.[ch]; do
		[ -e "$f" ] || continue
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
	done
	if [ -z "$bad" ]; then pass "every C file follows .clang-format"; else fail "every C file follows .clang-format" "run clang-format -i on:$bad"; fi
else
	echo "ok - every C file follows .clang-format # skip: clang-format not installed"
fi

if command -v cppcheck >/dev/null 2>&1; then
	ok "cppcheck finds nothing (make lint)" make --no-print-directory lint
else
	echo "ok - cppcheck finds nothing # skip: cppcheck not installed"
fi
