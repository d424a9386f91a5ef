#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What an administrator's monitoring and tools see: GET /healthz answers
# without credentials and says only whether the store answers, whether its
# migrations are current, and the version; both programs print --version;
# devices name themselves in a User-Agent header.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

start_server

# /healthz with no key and no signature at all.
ok "GET /healthz answers 200 without credentials" \
    sh -c "curl -s -o '$T/health.json' -w '%{http_code}' '$URL/healthz' | grep -qx 200"
python3 - "$T/health.json" "$("$FCS" --version)" >"$T/health.check" 2>&1 <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
want = {"store", "migrations", "schema", "schema_known", "version"}
assert set(h) == want, "keys %s, wanted exactly %s" % (sorted(h), sorted(want))
assert h["store"] == "ok", h
assert h["migrations"] == "current", h
assert h["schema"] == h["schema_known"] and h["schema"] >= 1, h
assert "fieldcheck-server " + h["version"] == sys.argv[2], (h, sys.argv[2])
PY
[ $? -eq 0 ] && pass "/healthz says store ok, migrations current, the version, and nothing else" ||
	fail "/healthz says store ok, migrations current, the version, and nothing else" \
	    "$(cat "$T/health.check" "$T/health.json")"
# Many monitors ask with HEAD: the same status, headers and no body.
curl -s -I -o "$T/head.hdr" "$URL/healthz"
ok "HEAD /healthz answers 200 without credentials, as GET does" \
    sh -c "head -n 1 '$T/head.hdr' | grep -q '^HTTP/1.1 200'"
ok "  with GET's length" sh -c "tr -d '\\r' <'$T/head.hdr' | grep -qix 'content-length: $(wc -c <"$T/health.json")'"
# Then a GET on the same connection: a body sent after HEAD would be read as its answer.
curl -s -I -o /dev/null "$URL/healthz" --next -s -o "$T/after-head.json" "$URL/healthz"
ok "  and no body (the next answer on the connection is whole)" cmp -s "$T/health.json" "$T/after-head.json"
ok "POST /healthz is not answered as a health check" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' -X POST '$URL/healthz' | grep -qvx 200"
ok "/v1/status still needs a signed request" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$URL/v1/status' | grep -qx 401"

expect_exit 0 "fieldcheck-server --version succeeds" "$FCS" --version
contains "fieldcheck-server --version names the program and version" "$T/out" "fieldcheck-server 0."
expect_exit 0 "fieldcheck --version succeeds" "$FC" --version
contains "fieldcheck --version names the program and version" "$T/out" "fieldcheck 0."
ver=$("$FC" --version | sed 's/^fieldcheck //')

# The device's User-Agent, caught by a listener that records the request.
UA_PORT=$(free_port)
python3 - "$UA_PORT" "$T/ua.txt" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        open(sys.argv[2], "w").write(self.headers.get("User-Agent", "(none)"))
        self.send_response(400)
        self.end_headers()
    def log_message(self, *a):
        pass
import os
srv = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
srv.timeout = 20
for _ in range(10):
    if os.path.exists(sys.argv[2]):
        break
    srv.handle_request()
PY
UA_PID=$!
wait_port "$UA_PORT"
new_device "$T/ua-dev" uainsp
echo "$PIN" | FIELDCHECK_HOME="$T/ua-dev" "$FC" enroll "http://127.0.0.1:$UA_PORT" \
    AAAA-BBBB-CCCC --pin-stdin >/dev/null 2>&1
wait "$UA_PID"
[ "$(cat "$T/ua.txt" 2>/dev/null)" = "fieldcheck/$ver" ] &&
	pass "the device sends User-Agent: fieldcheck/$ver" ||
	fail "the device sends User-Agent: fieldcheck/$ver" "got: $(cat "$T/ua.txt" 2>/dev/null)"

# The log: a request id echoed in X-Request-Id and logged; the client address;
# X-Forwarded-For believed only from the configured proxy.
curl -s -D "$T/hdr" -o /dev/null -H 'X-Forwarded-For: 198.51.100.7' "$URL/healthz"
rid=$(tr -d '\r' <"$T/hdr" | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: *//p')
ok "the answer carries an X-Request-Id of 16 hex digits" \
    sh -c "echo '$rid' | grep -Eqx '[0-9a-f]{16}'"
ok "the log line of that request names its id and the peer's address (no trusted proxy)" \
    grep -q "GET /healthz 200 .* from=127.0.0.1 rid=$rid\$" "$T/server.log"
P2=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$P2" --trusted-proxy 127.0.0.1 2>>"$T/server2.log" &
S2=$!
fc_on_exit "kill $S2 2>/dev/null; wait $S2 2>/dev/null"
wait_port "$P2"
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.9, 198.51.100.7' "http://127.0.0.1:$P2/healthz"
ok "behind the trusted proxy the log names the address the proxy added" \
    grep -q "GET /healthz 200 .* from=198.51.100.7 rid=" "$T/server2.log"

# SIGHUP: the server goes on answering.
kill -HUP "$S2"
sleep 0.3
ok "after SIGHUP the server still answers" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:$P2/healthz' | grep -qx 200"
ok "the hangup is logged" grep -q "hangup" "$T/server2.log"
kill "$S2"; wait "$S2" 2>/dev/null
contains "a stop is logged at notice priority" "$T/server2.log" "<5>fieldcheck-server: stopping"

# Text from a request can neither start a line of its own nor forge a
# priority: a URL with encoded line ends, an enrolment whose inspector holds one.
curl -s -o /dev/null "$URL/x%0a<3>forged%0d%20line"
curl -s -o /dev/null -X POST -d '{"code":"x","inspector":"a\n<3>b","device":"0123abcd","pk":"00"}' \
    "$URL/v1/enroll"
ok "a URL's encoded line ends and space are logged as \\xNN on the request's own line" \
    grep -q '^<5>.* - GET /x\\x0a<3>forged\\x0d\\x20line 404 ' "$T/server.log"
ok "so is a line end in an enrolment's inspector" \
    grep -q '^<5>.* a\\x0a<3>b POST /v1/enroll 400 ' "$T/server.log"
ok "no line of the log starts with the forged text" sh -c "! grep -q '^<3>forged\|^<3>b' '$T/server.log'"

# A damaged message catalogue: serve goes on in English and says so, as a
# warning the journal files under its priority (a bad option then stops it).
mkdir -p "$T/badloc/zh_CN/LC_MESSAGES"
echo damaged >"$T/badloc/zh_CN/LC_MESSAGES/fieldcheck.mo"
FIELDCHECK_LOCALEDIR="$T/badloc" timeout 20 "$FCS" --db "$DB" serve \
    --listen "127.0.0.1:$(free_port)" --header-timeout 0 2>"$T/badloc.err"
ok "serve's word about a damaged catalogue is a warning (<4>)" \
    sh -c "head -n 1 '$T/badloc.err' | grep -q '^<4>fieldcheck-server: .*answered in English'"

# Every line the server wrote carries an sd-daemon(3) priority prefix.
for f in "$T/server.log" "$T/server2.log"; do
	n=$(wc -l <"$f")
	bad=$(grep -cv '^<[0-7]>' "$f")
	[ "$n" -gt 3 ] && [ "$bad" -eq 0 ] &&
		pass "all $n lines of $(basename "$f") start with a priority prefix" ||
		fail "every line of $(basename "$f") starts with a priority prefix" \
		    "$(grep -v '^<[0-7]>' "$f" | head -n 3)"
done
ok "a 200 answer is logged at priority info <6>" grep -q '^<6>.* GET /healthz 200 ' "$T/server.log"
ok "a refused request is logged at priority notice <5>" grep -q '^<5>.* GET /v1/status 401 ' "$T/server.log"

# backup DIR --keep N: a checked, dated copy of the live store (SQLite: a
# verified copy; PostgreSQL: a pg_dump archive read back whole).
mkdir -p "$T/bk"
ext=db
[ "${FC_TEST_DB:-}" = pg ] && ext=dump
enrolled_device "$T/bk-dev" bkinsp D1
add "$T/bk-dev" 7
ok "a device syncs 7 records" dsync "$T/bk-dev"
# (an administrator's shell: a umask that lets everyone read new files)
umask 022
expect_exit 0 "backup copies the live store" "$FCS" --db "$DB" backup "$T/bk" --keep 2
first=$(sed -n 's/^backed up to //p' "$T/out")
ok "the copy (the server's key and password hashes in it) is readable by its owner only" \
    test "$(stat -c %a "$first")" = 600
ok "the copy is named server-<UTC time>.$ext" \
    sh -c "basename '$first' | grep -Eqx 'server-[0-9]{8}T[0-9]{6}Z\.$ext'"
if [ "$ext" = db ]; then
	contains "backup verifies the copy before naming it" "$T/out" "verified 7 records on 1 devices"
	expect_exit 0 "the copy verifies on its own" "$FCS" --db "$first" verify
	contains "the copy holds the 7 records" "$T/out" "verified 7 records"
else
	# The restore and its verification: tests/pg/backup.sh.
	expect_exit 0 "pg_restore lists the dump" pg_restore --list "$first"
	contains "the dump holds the records table's data" "$T/out" "TABLE DATA public records"
fi
sleep 1.1
"$FCS" --db "$DB" backup "$T/bk" --keep 2 >/dev/null 2>&1
sleep 1.1
expect_exit 0 "a third backup with --keep 2" "$FCS" --db "$DB" backup "$T/bk" --keep 2
contains "it removes the oldest copy" "$T/out" "removed the old copy $first"
ok "two copies are kept" test "$(ls "$T/bk" | grep -c "^server-.*\.$ext\$")" = 2
ok "no unfinished copy is left" test -z "$(ls -A "$T/bk" | grep -v "^server-.*\.$ext\$")"
# A backup killed before its end leaves its .part (and SQLite's files beside
# it): the next backup into the folder removes them.
stale=".server-20260101T000000Z.$ext.part"
printf 'half a copy' >"$T/bk/$stale"
printf 'x' >"$T/bk/$stale-journal"
sleep 1.1
expect_exit 0 "a backup after one that was killed" "$FCS" --db "$DB" backup "$T/bk" --keep 2
contains "  says it removed what that one left" "$T/out" \
    "removed $T/bk/$stale, left by a backup that did not finish"
ok "  and no unfinished copy is left" test -z "$(ls -A "$T/bk" | grep -v "^server-.*\.$ext\$")"
# (flock(1) holds the folder as a running backup does.)
expect_exit 1 "a backup into a folder another backup holds is refused" \
    flock "$T/bk" "$FCS" --db "$DB" backup "$T/bk"
contains "  saying so" "$T/err" "another backup into $T/bk is running; wait for it to end"
if [ "$ext" = db ]; then
	# A copy that does not verify is not kept, and neither is its .part.
	sqlite3 "$DB" ".backup '$T/tampered.db'"
	sqlite3 "$T/tampered.db" "UPDATE records SET body = CAST('{}' AS BLOB) WHERE seq = 3"
	mkdir "$T/bk-bad"
	expect_exit 1 "a backup whose copy does not verify fails" \
	    "$FCS" --db "$T/tampered.db" backup "$T/bk-bad"
	ok "  and leaves nothing in the folder" test -z "$(ls -A "$T/bk-bad")"
fi
expect_exit 2 "backup without a folder is a usage error" "$FCS" --db "$DB" backup
expect_exit 1 "backup into a missing folder fails" "$FCS" --db "$DB" backup "$T/none"
contains "  saying how to make it" "$T/err" "$T/none: no such backup folder"
contains "  (the command)" "$T/err" "install -d -m 0700 $T/none"
expect_exit 1 "backup into a file fails" "$FCS" --db "$DB" backup "$T/out"
contains "  saying it is no folder" "$T/err" "is not a folder"
if [ "${FC_TEST_DB:-}" != pg ]; then
	expect_exit 1 "backup of a store that is not there fails" "$FCS" --db "$T/typo.db" backup "$T/bk"
	contains "  saying so" "$T/err" "$T/typo.db: no store there, nothing was backed up"
	ok "  and makes no empty store" test ! -e "$T/typo.db"
fi
# Under systemd (the backup timer's service) standard error is the journal,
# named by $JOURNAL_STREAM: the error gets priority err (<3>), so journalctl -p
# err finds a failed backup; on a terminal it stays plain.
ok "on a terminal the error has no prefix" grep -q '^fieldcheck-server: ' "$T/err"
js=$(stat -c '%d:%i' "$T/err")
JOURNAL_STREAM=$js "$FCS" --db "$DB" backup "$T/none" 2>>"$T/err"
ok "with standard error the journal's stream, the same error starts with <3>" \
    test "$(grep -c '^<3>fieldcheck-server: ' "$T/err")" = 1
JOURNAL_STREAM=1:1 "$FCS" --db "$DB" backup "$T/none" 2>"$T/err2"
ok "a JOURNAL_STREAM naming another file leaves it plain" grep -q '^fieldcheck-server: ' "$T/err2"

# A store that does not answer (PostgreSQL stopped under a running server):
# /healthz says so with 503 and still nothing else, and is well again once
# the database is back, with no restart of the server.
if [ "${FC_TEST_DB:-}" = pg ]; then
	$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
	ok "with PostgreSQL stopped /healthz answers 503" \
	    sh -c "curl -s -o '$T/down.json' -w '%{http_code}' '$URL/healthz' | grep -qx 503"
	ok "  saying only that the store is unreachable, and the version" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))
assert set(h) == {"store", "version"} and h["store"] == "unreachable", h' "$T/down.json"
	ok "  logged at priority err (<3>)" grep -q '^<3>.* GET /healthz 503 ' "$T/server.log"
	$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
	    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1
	ok "PostgreSQL back: /healthz answers 200 again, the server never restarted" \
	    sh -c "curl -s -o /dev/null -w '%{http_code}' '$URL/healthz' | grep -qx 200"
	expect_exit 0 "  and a device syncs" dsync "$T/bk-dev"
fi
