#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The settings file's keys that tests/sync/conf.sh does not already show in
# effect: a server started with --config alone keeps photos in the folder
# `photos` names, serves the console's files from `web`, believes
# X-Forwarded-For only from `trusted_proxy`, holds no more than
# `max_connections` connections in all, and gives a request that has
# authenticated `request_timeout` idle seconds (not header_timeout's), while
# header_timeout is a deadline for the headers, even for a client that never
# idles (a byte a second). The
# timeouts are shown with wide margins (a 2 s timeout closes within 20 s, a
# 120 s one keeps the connection for 5 s), never measured closely. With FC_TEST_DB=pg the store named in
# the file is PostgreSQL.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
# The settings file names the photo folder; the environment would override it.
unset FIELDCHECK_SERVER_PHOTOS
ANS="$FC_ROOT/tests/data/answers"
C="$T/server.conf"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
mkdir -p "$T/web" "$T/photos-here"
cp -a "$FC_ROOT/web/." "$T/web/"
printf '<!doctype html><title>from the settings</title><p>web-dir-from-settings</p>\n' >"$T/web/index.html"
cat >"$C" <<EOF2
listen = 127.0.0.1:$PORT
database = $DB
photos = $T/photos-here
web = $T/web
trusted_proxy = 127.0.0.1
per_ip_limit = 0
max_connections = 3
EOF2
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号,王芳,13800000001,residential,\n' >"$T/hh.csv"
"$FCS" --config "$C" households import "$T/hh.csv" >/dev/null
"$FCS" --config "$C" serve 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
ok "the server listens where the settings say" wait_port "$PORT"

# photos: a record with a photo, synced; the photo lands in the settings' folder.
enrolled_device "$T/a" ana D1
dsync "$T/a" >/dev/null 2>&1
ok "a record with a photo" sh -c "echo $PIN | FIELDCHECK_HOME='$T/a' '$FC' record --template gas --household H1 --answers '$ANS/gas-major.json' --pin-stdin"
expect_exit 0 "it syncs" dsync "$T/a"
contains "its photo is sent" "$T/out" "photos sent: 1"
photo=$(ls "$T/a/photos")
ok "the photo is in the folder the settings name" cmp "$ANS/stove.jpg" "$T/photos-here/$photo"
ok "and not beside the store" test ! -e "$DB-photos/$photo"

# web: the console's page is the one in the settings' folder.
curl -s "$URL/console/" >"$T/console.html"
contains "the console's files come from the settings' web folder" "$T/console.html" "web-dir-from-settings"

# trusted_proxy: the peer is 127.0.0.1, so its X-Forwarded-For is believed.
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.9, 198.51.100.23' "$URL/healthz"
ok "the log names the address the trusted proxy added" \
    grep -q "GET /healthz 200 .* from=198.51.100.23 rid=" "$T/server.log"

# max_connections = 3: with three held, a fourth is turned away; with two, it is answered.
# hold_then N: hold N connections, each kept open after one answered request
# (so the server has surely taken it), then ask /healthz on a new one.
hold_then() {
	python3 - "$PORT" "$1" <<'PY'
import socket, sys, urllib.request
port, hold = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(hold):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    got = b""
    while b"\r\n\r\n" not in got:
        got += s.recv(4096)
    held.append(s)
try:
    urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=3).read()
    print("answered")
except Exception:
    print("refused")
PY
}
r=$(hold_then 3)
ok "with 3 connections held, a fourth is refused ($r)" test "$r" = refused
r=$(hold_then 2)
ok "with 2 held, the third is answered ($r)" test "$r" = answered
stop_server

# Without the settings' max_connections the same four are answered.
PORT=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" --per-ip-limit 0 2>>"$T/server2.log" &
P2=$!
fc_on_exit "kill $P2 2>/dev/null; wait $P2 2>/dev/null"
wait_port "$PORT"
r=$(hold_then 3)
ok "without the settings, a fourth connection is answered ($r)" test "$r" = answered
kill "$P2"
wait "$P2" 2>/dev/null

# request_timeout: a push signed for real whose body stops after 100 bytes.
# serve_conf FILE-LINES...: a server on a new port with those settings.
serve_conf() {
	PORT=$(free_port)
	printf 'listen = 127.0.0.1:%s\ndatabase = %s\n' "$PORT" "$DB" >"$T/t.conf"
	printf '%s\n' "$@" >>"$T/t.conf"
	"$FCS" --config "$T/t.conf" serve 2>>"$T/server3.log" &
	SERVER_PID=$!
	fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	wait_port "$PORT"
}
FCA="$FC_BUILD/tests/fc-attack"
serve_conf "header_timeout = 1" "request_timeout = 120"
r=$(echo "$PIN" | "$FCA" stall "$PORT" 5 --home "$T/a")
ok "header_timeout = 1 does not cut a request that has authenticated ($r)" test "$r" = "open after 5 s"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
serve_conf "header_timeout = 600" "request_timeout = 2"
r=$(echo "$PIN" | "$FCA" stall "$PORT" 20 --home "$T/a")
ok "request_timeout = 2 closes the stalled authenticated push ($r)" sh -c "echo '$r' | grep -q '^closed after'"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
# header_timeout is also a deadline for the headers, not only an idle time:
# a client sending a header byte every second is never idle, and is cut.
serve_conf "header_timeout = 2"
r=$(python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
t0 = time.time()
try:
    while time.time() - t0 < 20:
        s.send(b"GET /healthz HTTP/1.1\r\nX-Slow: "[:1] if time.time() - t0 < 1 else b"a")
        time.sleep(1)
    print("open after 20 s")
except OSError:
    print("closed after %d s" % (time.time() - t0))
PY
)
ok "header_timeout = 2 cuts a client trickling its headers a byte a second ($r)" \
    sh -c "echo '$r' | grep -q '^closed after'"
ok "  while a whole request is answered" curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
ok "the stalled pushes were authenticated: logged under the inspector, cut (status 0)" \
    test "$(grep -c '^<3>[^ ]* ana POST /v1/records 0 ' "$T/server3.log")" = 2
# libmicrohttpd's own line about the client that hung up mid-request is a
# journal line with a priority too (it was written bare).
ok "every line of that log has a priority prefix, libmicrohttpd's too" \
    sh -c "test -s '$T/server3.log' && ! grep -v '^<[0-7]>' '$T/server3.log'"
ok "  libmicrohttpd's are warnings" grep -q '^<4>fieldcheck-server: ' "$T/server3.log"
