#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The console behind nginx doing TLS with the shipped sample configuration
# (packaging/nginx-fieldcheck.conf), the server trusting the proxy
# (--trusted-proxy 127.0.0.1): /console redirects to /console/, pages, the
# served Chart.js and the JSON come through; the session cookie is Secure
# through the proxy (and not on a plain direct connection), HttpOnly and
# SameSite=Strict; a POST without the CSRF token is refused through the
# proxy; an export downloads whole through the unbuffered location; the
# console's security headers arrive; every route but /healthz is proxied
# (a notice's /verify/ too). Everything lives in $T.
. "$(dirname "$0")/../lib.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$NGINX" openssl curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "not ok - $tool is installed (packaging/deps.sh)"
		exit 1
	fi
done
PW='correct horse battery'

P="$T/pki"
mkdir -p "$P"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -keyout "$P/server.key" -out "$P/server.pem" -subj "/CN=fieldcheck console test" \
    -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
ok "a self-signed test certificate for 127.0.0.1" test -s "$P/server.pem"

DB="$T/server.db"
printf '%s\n' "$PW" | "$FCS" --db "$DB" user add sup1 --role supervisor --districts D1 \
    --password-stdin >/dev/null 2>&1
BACK=$(free_port)
"$FCS" --db "$DB" serve --listen "127.0.0.1:$BACK" --trusted-proxy 127.0.0.1 \
    --web "$FC_ROOT/web" 2>"$T/server.log" &
SERVER_PID=$!
fc_on_exit 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null'
wait_tcp() {
	python3 - "$1" <<'PY'
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
}
ok "fieldcheck-server listens on 127.0.0.1" wait_tcp "$BACK"

N="$T/nginx"
mkdir -p "$N"
PORT=$(free_port)
# The sample as an administrator adapts it (tests/release/nginx-tls.sh does the same).
sed -e '/^# Plain HTTP only redirects/,/^}/d' \
    -e '/listen \[::\]/d' \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$PORT ssl http2;|" \
    -e "s|/etc/ssl/fieldcheck/fullchain.pem|$P/server.pem|" \
    -e "s|/etc/ssl/fieldcheck/privkey.pem|$P/server.key|" \
    -e "s|/var/log/nginx/|$N/|" \
    -e "s|127.0.0.1:8470|127.0.0.1:$BACK|" \
    "$FC_ROOT/packaging/nginx-fieldcheck.conf" >"$N/fieldcheck.conf"
cat >"$N/nginx.conf" <<EOC
daemon off;
master_process off;
pid $N/nginx.pid;
error_log $N/error.log info;
events { worker_connections 64; }
http {
	access_log $N/access.log;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	include $N/fieldcheck.conf;
}
EOC
ok "nginx -t accepts the sample" "$NGINX" -t -p "$N" -e "$N/error.log" -c "$N/nginx.conf"
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" 2>>"$N/error.log" &
NGINX_PID=$!
fc_on_exit 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null'
ok "nginx listens with TLS" wait_tcp "$PORT"
URL="https://127.0.0.1:$PORT"
C="curl -s --cacert $P/server.pem"

$C -o /dev/null -w '%{http_code} %{redirect_url}' "$URL/console" >"$T/redirect"
ok "/console redirects to /console/ on the same port" grep -q "^301 $URL/console/\$" "$T/redirect"
ok "the console's page comes through" test "$($C -o "$T/index.html" -D "$T/h-index" -w '%{http_code}' "$URL/console/")" = 200
contains "(its HTML)" "$T/index.html" 'src="app.js"'
ok "with the console's Content-Security-Policy" grep -qi "^content-security-policy: default-src 'self'" "$T/h-index"
ok "the proxy does not name its release (server_tokens off)" \
    sh -c "grep -qi '^server: nginx' '$T/h-index' && ! grep -qi '^server: nginx/' '$T/h-index'"
ok "Debian's Chart.js is served through the proxy" \
    test "$($C -o "$T/chart.js" -w '%{http_code}' "$URL/console/lib/chart.min.js")" = 200
contains "(Chart.js itself)" "$T/chart.js" "Chart.js v"

login() {
	$C -o /dev/null -D "$2" -c "$3" -w '%{http_code}' -H 'Content-Type: application/json' \
	    -d "{\"name\":\"sup1\",\"password\":\"$PW\"}" "$1/console/api/login"
}
ok "login through nginx" test "$(login "$URL" "$T/h-login" "$T/jar")" = 200
# A browser names the page's origin, port and all: the proxy passes the Host it was asked for.
ok "a browser's login through nginx on a port of its own (Origin: $URL)" \
    test "$($C -o "$T/origin.json" -w '%{http_code}' -H "Origin: $URL" -H 'Content-Type: application/json' \
	-d "{\"name\":\"sup1\",\"password\":\"$PW\"}" "$URL/console/api/login")" = 200
ok "and another site's Origin is still refused through it" \
    test "$($C -o /dev/null -w '%{http_code}' -H "Origin: https://evil.example:$PORT" -H 'Content-Type: application/json' \
	-d "{\"name\":\"sup1\",\"password\":\"$PW\"}" "$URL/console/api/login")" = 403
ok "the session cookie is Secure, HttpOnly and SameSite=Strict through TLS" \
    sh -c "grep -i '^set-cookie: fc_session=' '$T/h-login' | grep -i 'secure' | grep -i 'httponly' | grep -qi 'samesite=strict'"
ok "a direct plain connection gets no Secure cookie (the proxy's word counts only from it)" \
    test "$(login "http://127.0.0.1:$BACK" "$T/h-direct" "$T/jar-direct")" = 200
ok "(no Secure)" sh -c "grep -i '^set-cookie: fc_session=' '$T/h-direct' | grep -vqi 'secure'"
ok "a JSON call with the cookie comes through" \
    test "$($C -b "$T/jar" -o "$T/ov.json" -w '%{http_code}' "$URL/console/api/overview")" = 200
contains "(the overview)" "$T/ov.json" '"programmes"'
ok "another district is 403 through the proxy too" \
    test "$($C -b "$T/jar" -o /dev/null -w '%{http_code}' "$URL/console/api/overview?district=D2")" = 403
ok "a POST without the CSRF token is refused through the proxy" \
    test "$($C -b "$T/jar" -o /dev/null -w '%{http_code}' -X POST "$URL/console/api/logout")" = 403
ok "an export downloads through the proxy" \
    test "$($C -b "$T/jar" -o "$T/hz.xlsx" -D "$T/h-export" -w '%{http_code}' "$URL/console/api/export?what=hazards&format=xlsx")" = 200
ok "as an attachment" grep -qi '^content-disposition: attachment' "$T/h-export"
ok "(a whole workbook)" python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml')" "$T/hz.xlsx"
ok "the console's requests went through nginx (its access log)" \
    grep -q 'GET /console/api/overview' "$N/fieldcheck.access.log"

# Every route the server answers reaches it through the sample, /healthz
# aside (local checks only): nginx's own 404 page means the sample lacks a
# location. /verify/ is what the QR code on every printed notice leads to.
routes=$(sed -n 's/^ *\[FC_ROUTE_[A-Z_]*\] = {"[A-Z]*", "\([^"]*\)".*/\1/p' "$FC_ROOT/sync/routes.c" | sort -u)
unproxied=""
for path in $routes; do
	[ "$path" = /healthz ] && continue
	$C -o "$T/route" "$URL$path" 2>/dev/null
	grep -q '<center>nginx' "$T/route" && unproxied="$unproxied $path"
done
[ -n "$routes" ] && [ -z "$unproxied" ] &&
	pass "every route of sync/routes.c but /healthz reaches the server through the sample" ||
	fail "every route of sync/routes.c but /healthz reaches the server through the sample" \
	    "answered by nginx itself:$unproxied"
H=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ok "a notice's /verify/ URL gets the server's answer through nginx" \
    test "$($C -o "$T/verify.json" -w '%{http_code}' "$URL/verify/$H")" = 404
contains "(the server's JSON: no record with that hash)" "$T/verify.json" '"found":false'
ok "a phone's browser gets the server's page through nginx" \
    test "$($C -H 'Accept: text/html' -o /dev/null -D "$T/h-verify" -w '%{http_code}' "$URL/verify/$H")" = 404
ok "(with the page's Content-Security-Policy and the proxy's HSTS)" \
    sh -c "grep -qi \"^content-security-policy: default-src 'none'\" '$T/h-verify' &&
	grep -qi '^strict-transport-security: max-age=' '$T/h-verify'"
