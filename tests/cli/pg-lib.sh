#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libpq is loaded when fieldcheck-server first opens a PostgreSQL store
# (server/store/pq-lib.c), not when it starts: the server does not name it
# among the libraries the loader maps at start, a SQLite store never needs
# it, and a libpq that cannot be used is an error that says which library
# and which package, in the user's language, never a crash.
. "$(dirname "$0")/../lib.sh"

if readelf -d "$FCS" >"$T/needed" 2>&1 && grep -q NEEDED "$T/needed"; then
	if grep -q 'libpq' "$T/needed"; then
		fail "fieldcheck-server does not load libpq at start" "$(grep libpq "$T/needed")"
	else
		pass "fieldcheck-server does not load libpq at start"
	fi
else
	fail "readelf lists fieldcheck-server's libraries" "$(head -n 3 "$T/needed")"
fi

expect_exit 0 "a SQLite store opens" "$FCS" --db "$T/s.db" status
contains "and answers" "$T/out" "inspectors 0"

# A libpq.so.5 without libpq's functions, found first through
# LD_LIBRARY_PATH: the fault a broken or foreign library gives, for real.
mkdir -p "$T/lib"
echo 'int fc_not_pq(void); int fc_not_pq(void) { return 0; }' >"$T/lib/c.c"
if cc -shared -fPIC -o "$T/lib/libpq.so.5" "$T/lib/c.c" 2>"$T/cc.err"; then
	# Port 1 on the loopback: were libpq loaded, it would find nothing listening.
	expect_exit 1 "a PostgreSQL store without a usable libpq fails" \
	    env LD_LIBRARY_PATH="$T/lib" "$FCS" --db postgresql://127.0.0.1:1/x status
	contains "naming the library and its package" "$T/err" "cannot load libpq.so.5, which talks to PostgreSQL (Debian package libpq5)"
	contains "and the function it lacks" "$T/err" "PQconnectdb"
	if grep -q 'Sanitizer\|runtime error' "$T/err"; then
		fail "with no sanitizer report" "$(grep 'Sanitizer\|runtime error' "$T/err" | head -n 3)"
	else
		pass "with no sanitizer report"
	fi
	expect_exit 1 "postgres:// too, for any command" \
	    env LD_LIBRARY_PATH="$T/lib" "$FCS" --db postgres://127.0.0.1:1/x verify
	contains "with the same words" "$T/err" "cannot load libpq.so.5, which talks to PostgreSQL (Debian package libpq5)"
	expect_exit 1 "in Chinese too" env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= \
	    LD_LIBRARY_PATH="$T/lib" "$FCS" --db postgresql://127.0.0.1:1/x status
	contains "the Chinese message names the library and its package" "$T/err" "无法加载连接 PostgreSQL 所需的 libpq.so.5（Debian 软件包 libpq5）"
	expect_exit 0 "a SQLite store still opens beside that libpq" \
	    env LD_LIBRARY_PATH="$T/lib" "$FCS" --db "$T/s.db" status
	contains "and answers" "$T/out" "inspectors 0"
else
	fail "a stand-in libpq.so.5 builds" "$(cat "$T/cc.err")"
fi
