#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libcurl is loaded when a program first talks HTTP (sync/curl-lib.c), not
# when it starts: neither program names it among the libraries the loader
# maps at start, a sync still reaches the network through it, and a libcurl
# that cannot be used is an error that says which library and which package,
# with the records kept.
. "$(dirname "$0")/../lib.sh"

for b in "$FC" "$FCS"; do
	if readelf -d "$b" >"$T/needed" 2>&1 && grep -q NEEDED "$T/needed"; then
		if grep -q 'libcurl' "$T/needed"; then
			fail "$(basename "$b") does not load libcurl at start" "$(grep libcurl "$T/needed")"
		else
			pass "$(basename "$b") does not load libcurl at start"
		fi
	else
		fail "readelf lists $(basename "$b")'s libraries" "$(head -n 3 "$T/needed")"
	fi
done
readelf -d "$FC" | grep NEEDED >"$T/needed.fc"
if grep -q 'libpq\|libmicrohttpd\|libxlsxwriter' "$T/needed.fc"; then
	fail "the device program loads none of the server's libraries" "$(cat "$T/needed.fc")"
else
	pass "the device program loads none of the server's libraries"
fi

echo 258036 | "$FCH" init-fast I1 "张三" >/dev/null
echo 258036 | "$FCH" add-records 2 >/dev/null

# Port 1 on the loopback: nothing listens, so libcurl itself reports it.
expect_exit 1 "a sync with libcurl loaded reaches the network" \
    sh -c "echo 258036 | '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
contains "and says the server cannot be reached" "$T/err" "cannot reach http://127.0.0.1:1"

# A libcurl.so.4 without libcurl's functions, found first through
# LD_LIBRARY_PATH: the fault a broken or foreign library gives, for real.
mkdir -p "$T/lib"
echo 'int fc_not_curl(void); int fc_not_curl(void) { return 0; }' >"$T/lib/c.c"
if cc -shared -fPIC -o "$T/lib/libcurl.so.4" "$T/lib/c.c" 2>"$T/cc.err"; then
	expect_exit 1 "a sync without a usable libcurl fails" \
	    sh -c "echo 258036 | LD_LIBRARY_PATH='$T/lib' '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
	contains "naming the library and its package" "$T/err" "cannot load libcurl.so.4, which talks to the network (Debian package libcurl4)"
	contains "and the function it lacks" "$T/err" "curl_global_init"
	expect_exit 0 "the records are all still there" "$FC" list --unsynced --json
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out" 2>/dev/null)
	[ "$n" = 2 ] && pass "both records wait to be sent" || fail "both records wait to be sent" "got $n"
	expect_exit 1 "in Chinese too" env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= \
	    sh -c "echo 258036 | LD_LIBRARY_PATH='$T/lib' '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
	contains "the Chinese message names the library and its package" "$T/err" "无法加载联网所需的 libcurl.so.4（Debian 软件包 libcurl4）"
else
	fail "a stand-in libcurl.so.4 builds" "$(cat "$T/cc.err")"
fi
