#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The load test's verdict (tests/load/run.sh, `make load`): a sync that fails
# under load fails the run, even when every record arrives in the end. The
# load test runs here, small (one device, a few records, three seconds),
# over a copy of the build folder whose `fieldcheck` sends the device's first
# sync to a port where nothing listens: a real sync, refused for real. Every
# later sync, the last one included, goes to the server as usual, so nothing
# is lost and nothing is twice, and only the failed sync can fail the run.
# The same run with every sync let through passes, so this test can tell.
. "$(dirname "$0")/../lib.sh"
# (the load test keeps its store in SQLite: the sync suites' PostgreSQL
# variable must not reach it.)
unset FC_TEST_DB

# wrapped_build DIR: DIR holds the build folder's contents, its fieldcheck a
# wrapper that turns the first sync of any device whose home ends in "d1"
# into a sync against DEAD_PORT, when FAIL_FIRST_SYNC is 1.
wrapped_build() {
	mkdir -p "$1"
	for f in "$FC_BUILD"/*; do
		ln -s "$f" "$1/$(basename "$f")"
	done
	rm "$1/fieldcheck"
	cat >"$1/fieldcheck" <<EOF
#!/bin/sh
if [ "\${1:-}" = sync ] && [ "\$FAIL_FIRST_SYNC" = 1 ] &&
    [ "\${FIELDCHECK_HOME##*/}" = d1 ] && mkdir "$T/failed-once" 2>/dev/null; then
	shift
	exec "$FC_BUILD/fieldcheck" sync --server "http://127.0.0.1:$DEAD_PORT" "\$@"
fi
exec "$FC_BUILD/fieldcheck" "\$@"
EOF
	chmod +x "$1/fieldcheck"
}

DEAD_PORT=$(free_port)
wrapped_build "$T/build"
export DEAD_PORT
run_load() {
	FC_LOAD_DEVICES=1 FC_LOAD_SECONDS=3 FC_LOAD_BACKLOG=3 FC_LOAD_ADD=1 \
	    sh "$FC_ROOT/tests/load/run.sh" "$T/build" >"$T/load.out" 2>&1
}

FAIL_FIRST_SYNC=0 run_load
ok "with every sync let through the load test passes" test $? -eq 0
contains "  and says all its syncs completed" "$T/load.out" "(0 failed)"
test -d "$T/failed-once" && fail "  (no sync was turned away)" || pass "  (no sync was turned away)"

FAIL_FIRST_SYNC=1 run_load
rc=$?
ok "one sync turned away: the first of the device's syncs was the one" test -d "$T/failed-once"
ok "a failed sync fails the load test (exit status not 0)" test "$rc" -ne 0
ok "  the run says a sync under load failed" grep -q '^not ok - all [0-9]* syncs under load completed' "$T/load.out"
contains "  and counts it" "$T/load.out" "(1 failed)"
ok "  while every record still arrived exactly once (the failed sync alone decides)" \
    grep -q '^ok - the server holds all [0-9]* records of 1 devices exactly once' "$T/load.out"
ok "  and the store verifies" grep -q "^ok - the server's store verifies" "$T/load.out"
contains "  its closing figures name nothing lost and nothing twice" "$T/load.out" \
    "records lost 0, duplicates 0"
if [ "$rc" -eq 0 ]; then
	sed 's/^/#   /' "$T/load.out" | head -n 30
fi
