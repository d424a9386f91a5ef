#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Two fieldcheck-server processes over one PostgreSQL database behind one
# nginx (round robin, plain HTTP on loopback; TLS in front is what
# tests/release/nginx-tls.sh checks): devices and copies of them holding the
# same batch all sync through the one address at once; both processes answer
# requests, and every record is stored exactly once. Skipped when nginx is
# not installed (packaging/deps.sh installs it).
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	echo "ok - two servers behind nginx # skip: nginx is not installed (packaging/deps.sh)"
	exit 0
fi
. "$(dirname "$0")/../sync/common.inc"

"$FCS" --db "$DB" status >/dev/null 2>&1
PORT=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>>"$T/server1.log" &
PID1=$!
fc_on_exit "kill $PID1 2>/dev/null; wait $PID1 2>/dev/null"
wait_port "$PORT"
PORT1=$PORT
PORT=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>>"$T/server2.log" &
PID2=$!
fc_on_exit "kill $PID2 2>/dev/null; wait $PID2 2>/dev/null"
wait_port "$PORT"
PORT2=$PORT

# nginx as the packaging's sample proxies /v1/ (packaging/nginx-fieldcheck.conf),
# to both processes, in the foreground, as the user running the test.
N="$T/nginx"
mkdir -p "$N"
NP=$(free_port)
cat >"$N/nginx.conf" <<EOC
daemon off;
master_process off;
pid $N/nginx.pid;
error_log $N/error.log;
events { worker_connections 256; }
http {
	access_log $N/access.log;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	upstream fieldcheck_server {
		server 127.0.0.1:$PORT1;
		server 127.0.0.1:$PORT2;
		keepalive 16;
	}
	server {
		listen 127.0.0.1:$NP;
		client_max_body_size 16m;
		client_body_buffer_size 1m;
		location /v1/ {
			proxy_pass http://fieldcheck_server;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_request_buffering off;
			proxy_buffering off;
		}
		location / { return 404; }
	}
}
EOC
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" 2>>"$N/error.log" &
NGINX_PID=$!
fc_on_exit "kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null"
python3 - "$NP" <<'PY' || fail "nginx listens"
import socket, sys, time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
URL="http://127.0.0.1:$NP"

PIDS=""
# bgsync NAME HOME: sync HOME through nginx in the background; status in $T/NAME.rc.
bgsync() {
	(dsync "$2" --server "$URL" >"$T/$1.out" 2>&1; echo $? >"$T/$1.rc") &
	PIDS="$PIDS $!"
}
wait_jobs() {
	for p in $PIDS; do
		wait "$p"
	done
	PIDS=""
}
all_zero() {
	for n in "$@"; do
		[ "$(cat "$T/$n.rc" 2>/dev/null)" = 0 ] || return 1
	done
}

i=1
while [ $i -le 4 ]; do
	enrolled_device "$T/d$i" "insp$i" D1 || fail "device $i enrolled through nginx"
	add "$T/d$i" 40
	cp -a "$T/d$i" "$T/c$i"
	i=$((i + 1))
done
i=1
while [ $i -le 4 ]; do
	bgsync "a.$i" "$T/d$i"
	bgsync "b.$i" "$T/c$i"
	i=$((i + 1))
done
wait_jobs
ok "four devices and their copies, holding the same batches, sync through nginx at once" \
    all_zero a.1 a.2 a.3 a.4 b.1 b.2 b.3 b.4
ok "every record is stored exactly once (4 x 40)" test "$(server_count records)" = 160
ok "no batch was taken for a fork" test "$(server_count forks)" = 0
ok "server process 1 answered requests" grep -q "/v1/" "$T/server1.log"
ok "server process 2 answered requests" grep -q "/v1/" "$T/server2.log"
expect_exit 0 "every chain verifies" "$FCS" --db "$DB" verify
contains "all of them" "$T/out" "verified 160 records on 4 devices"
if grep -qE 'ERROR: AddressSanitizer|runtime error' "$T/server1.log" "$T/server2.log"; then
	fail "the servers ran without a sanitizer report"
else
	pass "the servers ran without a sanitizer report"
fi
