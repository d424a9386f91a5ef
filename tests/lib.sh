# SPDX-License-Identifier: Apache-2.0
# Shared by the shell suites (cli, tui, sync). Each script sources this, runs
# its checks with ok/check, and prints "ok - ..." or "not ok - ..." per check,
# which tests/run.sh counts.
#
#   FC_BUILD   the build directory (set by tests/run.sh)
#   FC         the fieldcheck binary, FCS the server, FCH the test helper
#   T          a fresh private directory, removed at exit
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${FC_BUILD:=$FC_ROOT/build/san}"
FC="$FC_BUILD/fieldcheck"
FCS="$FC_BUILD/fieldcheck-server"
FCH="$FC_BUILD/tests/fc-test-helper"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# Debian's programs first, as tests/run.sh sets it, for a script run alone.
export PATH="/usr/bin:/bin:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/fc-test.XXXXXX")
export FIELDCHECK_HOME="$T/home"
# A settings file on the machine (/etc/fieldcheck/server.conf) must not reach the tests.
export FIELDCHECK_SERVER_CONFIG=/dev/null
_fc_cleanup_hooks=""
fc_on_exit() { _fc_cleanup_hooks="$_fc_cleanup_hooks
$1"; }
_fc_cleanup() {
	eval "$_fc_cleanup_hooks"
	rm -rf "$T"
}
trap _fc_cleanup EXIT
trap 'exit 1' INT TERM

# Leak checks once, where they tell something. LeakSanitizer's scan at exit
# costs about 25 ms of CPU a program (make check starts thousands, on two
# cores). It stays on for every program but these, which still run under
# ASan and UBSan:
#   - the test helper, the suites' own tool for making keys and records in
#     bulk (what it calls, the record and store code, is leak-checked in
#     the programs that ship it);
#   - the device program when the sync suites run again over PostgreSQL
#     (FC_TEST_DB=pg): it does there exactly what it did in their SQLite
#     run, which checked it; the server, whose store code differs, is checked.
# Each is a two-line script that execs the real program, same arguments.
fc_no_leak_check() {
	mkdir -p "$T/bin"
	printf '#!/bin/sh\nASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" exec "%s" "$@"\n' \
	    "$1" >"$T/bin/$(basename "$1")"
	chmod +x "$T/bin/$(basename "$1")"
	echo "$T/bin/$(basename "$1")"
}
FCH=$(fc_no_leak_check "$FCH")
[ "${FC_TEST_DB:-sqlite}" = pg ] && FC=$(fc_no_leak_check "$FC")

# ok DESCRIPTION COMMAND...: passes when the command exits 0.
ok() {
	_fc_desc=$1; shift
	if "$@" >"$T/.last.out" 2>"$T/.last.err"; then
		echo "ok - $_fc_desc"
	else
		echo "not ok - $_fc_desc"
		sed 's/^/#   /' "$T/.last.out" "$T/.last.err" | head -n 20
	fi
}

# check DESCRIPTION CONDITION...: like ok, for a test expression already run.
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; [ $# -gt 1 ] && printf '#   %s\n' "$2"; return 0; }

# expect_exit CODE DESCRIPTION COMMAND...: passes when the exit status is CODE.
# The command's stdout and stderr are left in $T/out and $T/err.
# (POSIX sh has no local variables: the _fc_ names keep callers' own safe.)
expect_exit() {
	_fc_want=$1; _fc_desc=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	_fc_got=$?
	if [ "$_fc_got" -eq "$_fc_want" ]; then
		echo "ok - $_fc_desc"
	else
		echo "not ok - $_fc_desc (exit $_fc_got, wanted $_fc_want)"
		sed 's/^/#   /' "$T/out" "$T/err" | head -n 20
	fi
}

# contains DESCRIPTION FILE TEXT: passes when FILE contains TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1 (no '$3' in $(basename "$2"))"
		sed 's/^/#   /' "$2" | head -n 20
	fi
}

# free_port: a TCP port on 127.0.0.1 nothing listens on now, chosen at random
# below the kernel's ephemeral range: a port the kernel handed out could be
# given again, as the source port of some test's client connection, before
# our server binds it (PostgreSQL then failed with "Address already in use").
free_port() {
	python3 - <<'PY' 2>/dev/null || echo $((20000 + $$ % 10000))
import random, socket
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        first = int(f.read().split()[0])
except (OSError, ValueError, IndexError):
    first = 32768
lo, hi = 10000, first - 1
for _ in range(200 if hi - lo > 1000 else 0):
    port = random.randint(lo, hi)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()
PY
}

# rec ANSWERS HOUSEHOLD TEMPLATE PATCH: record tests/data/answers/ANSWERS.json
# patched with PATCH (JSON; null removes an answer) under PIN 258036; on success
# prints the stored record (show --json), the signed body included.
rec() {
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a.update(json.loads(sys.argv[2]))
a={k:v for k,v in a.items() if v is not None}; json.dump(a, open(sys.argv[3], "w"), ensure_ascii=False)' \
		"$FC_ROOT/tests/data/answers/$1.json" "$4" "$T/a.json"
	_rec=$(sh -c "echo 258036 | '$FC' record --template $3 --household $2 --answers '$T/a.json' --pin-stdin --json")
	_rc=$?
	[ "$_rc" -eq 0 ] || return "$_rc"
	"$FC" show "$(printf '%s' "$_rec" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')" --json
}
