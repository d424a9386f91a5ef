#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The settings file (/etc/fieldcheck/server.conf, here --config FILE): a real
# server started with no options takes its address, store and limits from
# it (a 64 KiB body limit answers 413 where the default would not, two
# connections per address, a one-second idle timeout, the public_url devices
# and notices are given), the command line
# overrides it, and a bad line stops the server naming FILE:LINE. With
# FC_TEST_DB=pg the store named in the file is PostgreSQL.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

C="$T/server.conf"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
cat >"$C" <<EOF
# a comment, then settings with and without blanks
listen = 127.0.0.1:$PORT
database=$DB
  max_body = 64K
per_ip_limit = 2
header_timeout = 1
public_url = https://check.example.org/fc/
EOF

ok "the packaged settings file is accepted" "$FCS" --config "$FC_ROOT/debian/server.conf" --db "$DB" status
ok "enroll takes the store from the settings" sh -c "'$FCS' --config '$C' enroll --inspector ana --name Ana --district D1 >'$T/code' 2>/dev/null"
"$FCS" --config "$C" serve 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
ok "the server listens where the settings say" wait_port "$PORT"
contains "the start line names the store from the settings" "$T/server.log" "(store $DB"
curl -s "$URL/v1/server-key" >"$T/key.json"
contains "/v1/server-key names the settings' public_url, without the final /" "$T/key.json" \
    '"public_url":"https://check.example.org/fc"'

# A device enrolled with the code from the settings' store: the same store.
new_device "$T/a" ana
ok "a device enrols with the code" sh -c "echo $PIN | FIELDCHECK_HOME='$T/a' '$FC' enroll '$URL' \$(cat '$T/code') --pin-stdin"

head -c 100000 /dev/zero | tr '\0' 'x' >"$T/big"
st=$(curl -s -o "$T/big.out" -w '%{http_code}' -H 'Accept-Language: en' -H 'Content-Type: application/json' --data-binary @"$T/big" "$URL/v1/records")
ok "a 100 000-byte body is over the settings' 64K limit: 413" test "$st" = 413
contains "the refusal names the limit from the settings" "$T/big.out" "65536 bytes"

# per_ip_limit = 2: two idle connections, and a third request is turned away.
# idle_then PORT N: hold N idle connections, then ask /healthz. The settings
# close an idle connection after 1 s (header_timeout): on a loaded machine the
# held ones can be gone before the question is asked, and then the answer
# proves nothing, so it is asked again (up to five times) until the held
# connections were still open after it.
idle_then() {
	python3 - "$1" "$2" <<'PY'
import socket, sys, time, urllib.request
port, hold = int(sys.argv[1]), int(sys.argv[2])

def still_open(s):
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False

for attempt in range(5):
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(hold)]
    time.sleep(0.2)
    try:
        urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=3).read()
        result = "answered"
    except Exception:
        result = "refused"
    alive = all(still_open(s) for s in held)
    for s in held:
        s.close()
    if alive:
        break
    time.sleep(1.2)  # the server's count of this address's connections drains
print(result)
PY
}
r=$(idle_then "$PORT" 2)
ok "with two connections held, a third from the same address is refused ($r)" test "$r" = refused
ok "with one held, the next is answered" test "$(idle_then "$PORT" 1)" = answered

# header_timeout = 1: an idle connection is closed after about a second (default 10).
closed_after() {
	python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(6)
t = time.time()
try:
    data = s.recv(1)
except OSError:
    data = b""
print(round(time.time() - t))
PY
}
secs=$(closed_after)
ok "an idle connection is closed after the settings' 1 s, not the default 10 s ($secs s)" test "$secs" -le 4
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null

# The command line overrides the file.
P2=$(free_port)
"$FCS" --config "$C" serve --listen "127.0.0.1:$P2" --per-ip-limit 0 2>>"$T/server2.log" &
PID2=$!
fc_on_exit "kill $PID2 2>/dev/null; wait $PID2 2>/dev/null"
ok "--listen overrides the settings' address" wait_port "$P2"
ok "--per-ip-limit 0 overrides the settings' 2" test "$(idle_then "$P2" 3)" = answered
kill "$PID2"
wait "$PID2" 2>/dev/null
ok "--db overrides the settings' store" sh -c "'$FCS' --config '$C' --db '$T/other.db' status >/dev/null && test -f '$T/other.db'"

# Without the file, the same body is not refused for its size.
P3=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$P3" 2>>"$T/server3.log" &
PID3=$!
fc_on_exit "kill $PID3 2>/dev/null; wait $PID3 2>/dev/null"
wait_port "$P3"
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$T/big" "http://127.0.0.1:$P3/v1/records")
ok "without the settings the default 8 MiB limit holds (answered $st, not 413)" test "$st" != 413
kill "$PID3"
wait "$PID3" 2>/dev/null

# Bad files: nothing starts, and the message names the file and the line.
bad() {
	printf '%b' "$2" >"$T/bad.conf"
	# timeout: a value not checked as it is read would let the server start.
	expect_exit 1 "$1: refused" timeout 20 "$FCS" --config "$T/bad.conf" serve --listen "127.0.0.1:$(free_port)"
	contains "$1: named as $3" "$T/err" "$T/bad.conf:$3"
}
bad "an unknown setting" "listen = 127.0.0.1:1\n# fine\ncolour = blue\n" "3: unknown setting 'colour'"
contains "  beside the settings there are" "$T/err" "the settings are listen, database, photos,"
expect_exit 1 "  in the administrator's language" env LANGUAGE=zh_CN "$FCS" --config "$T/bad.conf" status
contains "  (Chinese)" "$T/err" "$T/bad.conf:3：未知设置“colour”；可用的设置有 listen"
bad "a line without =" "listen 127.0.0.1:1\n" "1: expected 'key = value'"
bad "a size out of range" "max_body = 10x\n" "1: max_body must be a whole number from 65536"
expect_exit 1 "  in the administrator's language" env LANGUAGE=zh_CN "$FCS" --config "$T/bad.conf" status
contains "  (Chinese)" "$T/err" "max_body 必须是 65536 到 67108864 之间的整数"
# Saved by a Windows editor: a byte-order mark and CRLF line ends.
printf '\357\273\277database = %s\r\nheader_timeout = 7\r\n' "$DB" >"$T/bom.conf"
expect_exit 0 "a settings file beginning with a byte-order mark is read" "$FCS" --config "$T/bom.conf" status
contains "  its first key included (the database it names)" "$T/out" "inspectors"
bad "a limit out of range" "\nmax_body = 9G\n" "2: max_body must be"
bad "a negative number" "per_ip_limit = -1\n" "1: per_ip_limit must be"
bad "a key given twice" "header_timeout = 5\nheader_timeout = 6\n" "2: header_timeout is already set on line 1"
bad "an empty value" "database =\n" "1: database has no value"
bad "a public_url that is no web address" "public_url = check.example.org\n" \
    "1: public_url check.example.org: expected an http:// or https:// address"
# Values serve checks when it starts are checked as the file is read: the
# line is named, not an option nobody typed.
bad "a public_url with a blank" "public_url = http://check.example.org/a b\n" \
    "1: public_url http://check.example.org/a b: no blanks"
bad "a listen address without a port" "\nlisten = 127.0.0.1\n" "2: listen 127.0.0.1: expected ADDR:PORT"
ok "  not blamed on --listen" sh -c "! grep -q -- '--listen' '$T/err'"
bad "a listen address that is no address" "listen = fieldcheck.example.org:8470\n" \
    "1: listen fieldcheck.example.org:8470: 'fieldcheck.example.org' is not an IPv4 address"
expect_exit 1 "  in the administrator's language" env LANGUAGE=zh_CN "$FCS" --config "$T/bad.conf" status
contains "  (Chinese)" "$T/err" "$T/bad.conf:1：listen fieldcheck.example.org:8470：“fieldcheck.example.org”不是 IPv4 地址"
bad "a trusted_proxy that is a name, never equal to a peer's address" "trusted_proxy = localhost\n" \
    "1: trusted_proxy localhost: not an IP address"
expect_exit 2 "serve --trusted-proxy with a name is bad usage" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$(free_port)" --trusted-proxy localhost:80
contains "  naming the option" "$T/err" "--trusted-proxy localhost:80: not an IP address"
# A web directory that is not the console's: the server would start and its
# console answer every supervisor 404.
bad "a web directory that does not exist" "web = $T/nonexistent\n" \
    "1: web $T/nonexistent: no such directory"
mkdir "$T/empty-web"
bad "a web directory without the console's files" "\nweb = $T/empty-web\n" \
    "2: web $T/empty-web: the console's files are not there (no readable index.html)"
expect_exit 2 "serve --web naming no console is bad usage" \
    timeout 20 "$FCS" --db "$DB" serve --listen "127.0.0.1:$(free_port)" --web "$T/empty-web"
contains "  naming the option" "$T/err" "--web $T/empty-web: the console's files are not there"
printf 'web = %s\n' "$FC_ROOT/web" >"$T/web.conf"
expect_exit 0 "the console's own directory is accepted" "$FCS" --config "$T/web.conf" --db "$DB" status
expect_exit 1 "a settings file named but missing is refused" "$FCS" --config "$T/none.conf" status
contains "the message names the missing file" "$T/err" "$T/none.conf"
expect_exit 1 "commands other than serve read the settings too" "$FCS" --config "$T/bad.conf" status
