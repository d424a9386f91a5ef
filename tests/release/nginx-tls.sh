#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A device syncs through a real nginx doing TLS in front of a real
# fieldcheck-server on loopback, using the shipped sample configuration
# (packaging/nginx-fieldcheck.conf): with normal certificate checks against a
# test CA the device is given (--cacert), then with the server's key pinned.
# Every kind of request crosses the proxy: enrolment, push, an inspection's
# photo in chunks, the household pull, a supervisor's summary.
# A certificate from another CA, one for another name and a wrong pin are
# each refused with a message that says so, and nothing is sent.
#
# Everything lives in $T: the CA, nginx's configuration, pid, logs and
# temporary files. Nothing under /etc or /var is read or written.
. "$(dirname "$0")/../lib.sh"

for tool in nginx openssl python3; do
	if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
		echo "not ok - $tool is installed (make deps-release)"
		exit 1
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PIN=246813

# --- a test CA, the server's certificate, and the wrong ones -----------------
P="$T/pki"
mkdir -p "$P"
# newkey NAME: a P-256 key in $P/NAME.key.
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/$1.key" 2>/dev/null; }
# newca NAME CN: a self-signed CA certificate $P/NAME.pem.
newca() {
	newkey "$1" &&
	openssl req -x509 -new -key "$P/$1.key" -out "$P/$1.pem" -days 2 -subj "/CN=$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
# newcert NAME CA SAN: a server certificate $P/NAME.pem for SAN, signed by CA.
newcert() {
	newkey "$1" &&
	openssl req -new -key "$P/$1.key" -out "$P/$1.csr" -subj "/CN=fieldcheck test server" 2>/dev/null &&
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$3" >"$P/$1.ext" &&
	openssl x509 -req -in "$P/$1.csr" -CA "$P/$2.pem" -CAkey "$P/$2.key" -CAcreateserial \
	    -out "$P/$1.pem" -days 2 -extfile "$P/$1.ext" 2>/dev/null
}
# pin NAME: libcurl's pinned-key form of NAME.key's public key.
pin() {
	printf 'sha256//%s' "$(openssl pkey -in "$P/$1.key" -pubout -outform DER |
	    openssl dgst -sha256 -binary | openssl base64 -A)"
}

ok "openssl makes a test CA" newca ca "fieldcheck test CA"
ok "openssl makes the server certificate (127.0.0.1, localhost) signed by it" \
    newcert server ca "IP:127.0.0.1,DNS:localhost"
newca rogue "someone else's CA" && newcert rogue-server rogue "IP:127.0.0.1,DNS:localhost" ||
	fail "the rogue CA and certificate"
newcert othername ca "DNS:other.example.org" || fail "the wrong-name certificate"
newcert rekeyed ca "IP:127.0.0.1,DNS:localhost" || fail "the certificate with another key"
openssl verify -CAfile "$P/ca.pem" "$P/server.pem" >/dev/null 2>&1 &&
	pass "the server certificate verifies against the test CA" ||
	fail "the server certificate verifies against the test CA"

# --- the server on loopback, with a household to inspect ---------------------
cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,test,新华路1号,王芳,13800000001,residential,
CSV
"$FCS" --db "$T/server.db" households import "$T/hh.csv" >/dev/null 2>&1 ||
	fail "the server imports a household"
BACK=$(free_port)
"$FCS" --db "$T/server.db" serve --listen "127.0.0.1:$BACK" 2>"$T/server.log" &
SERVER_PID=$!
fc_on_exit 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null'

# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_port() {
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
ok "fieldcheck-server listens on 127.0.0.1" wait_port "$BACK"

# --- nginx: the shipped sample, pointed at $T --------------------------------
N="$T/nginx"
mkdir -p "$N"
PORT=$(free_port)
ROGUE_PORT=$(free_port)
NAME_PORT=$(free_port)
REKEY_PORT=$(free_port)
SAMPLE="$FC_ROOT/packaging/nginx-fieldcheck.conf"
# The sample as an administrator would adapt it: its own address and port
# instead of 443, the test certificate, logs here, the server's test port; the
# port-80 redirect (which needs root) is left out.
sed -e '/^# Plain HTTP only redirects/,/^}/d' \
    -e '/listen \[::\]/d' \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$PORT ssl http2;|" \
    -e "s|/etc/ssl/fieldcheck/fullchain.pem|$P/server.pem|" \
    -e "s|/etc/ssl/fieldcheck/privkey.pem|$P/server.key|" \
    -e "s|/var/log/nginx/|$N/|" \
    -e "s|127.0.0.1:8470|127.0.0.1:$BACK|" \
    "$SAMPLE" >"$N/fieldcheck.conf"
if grep -q "listen 127.0.0.1:$PORT ssl" "$N/fieldcheck.conf" &&
    ! grep -v '^[[:space:]]*#' "$N/fieldcheck.conf" | grep -q '/etc/\|/var/'; then
	pass "the sample configuration adapts to the test (port, certificate, logs)"
else
	fail "the sample configuration adapts to the test" "$(grep -n 'listen\|/etc\|/var' "$N/fieldcheck.conf")"
fi
# wrong_vhost PORT CERT: the same proxy with another certificate.
wrong_vhost() {
	cat <<EOC
	server {
		listen 127.0.0.1:$1 ssl;
		ssl_certificate     $P/$2.pem;
		ssl_certificate_key $P/$2.key;
		location /v1/ { proxy_pass http://127.0.0.1:$BACK; }
	}
EOC
}
cat >"$N/nginx.conf" <<EOC
# One process, in the foreground, as the user running the test.
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
$(wrong_vhost "$ROGUE_PORT" rogue-server)
$(wrong_vhost "$NAME_PORT" othername)
$(wrong_vhost "$REKEY_PORT" rekeyed)
}
EOC
ok "nginx -t accepts the configuration" "$NGINX" -t -p "$N" -e "$N/error.log" -c "$N/nginx.conf"
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" 2>>"$N/error.log" &
NGINX_PID=$!
fc_on_exit 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null'
ok "nginx listens on 127.0.0.1 with TLS" wait_port "$PORT"
wait_port "$ROGUE_PORT" && wait_port "$NAME_PORT" && wait_port "$REKEY_PORT" || fail "the wrong-certificate listeners"
URL="https://127.0.0.1:$PORT"

# records_held: how many records the server holds.
records_held() {
	"$FCS" --db "$T/server.db" status --json | sed -n 's/.*"records": *\([0-9]*\).*/\1/p'
}
# device DIR INSPECTOR: a device home with an inspector and 3 signed records.
device() {
	export FIELDCHECK_HOME="$T/$1"
	echo "$PIN" | "$FCH" init-fast "$2" "Inspector $2" >/dev/null &&
	echo "$PIN" | "$FCH" add-records 3 --pin-stdin >/dev/null
}
# code INSPECTOR [ROLE]: a one-time enrolment code for a new inspector.
code() {
	"$FCS" --db "$T/server.db" enroll --inspector "$1" --name "Inspector $1" \
	    --district test --role "${2:-inspector}" 2>/dev/null
}
held_photos() {
	"$FCS" --db "$T/server.db" status --json | sed -n 's/.*"photos": *\([0-9]*\).*/\1/p'
}

# --- 1. normal certificate checks, the CA given to the device ----------------
ok "device A has 3 signed records" device a I1
expect_exit 1 "without the site's CA the device refuses the server" \
    sh -c "echo $PIN | '$FC' enroll '$URL' '$(code I1)' --pin-stdin"
contains "the refusal says the certificate is not trusted" "$T/err" "certificate"
expect_exit 0 "enroll through nginx with --cacert (the test CA)" \
    sh -c "echo $PIN | '$FC' enroll '$URL' '$(code I1)' --cacert '$P/ca.pem' --pin-stdin"
contains "enroll names the TLS URL" "$T/out" "$URL"
expect_exit 0 "sync through nginx with normal certificate checks" \
    sh -c "echo $PIN | '$FC' sync --pin-stdin"
contains "sync reports the 3 records sent" "$T/out" "sent 3 records"
[ "$(records_held)" = 3 ] && pass "the server holds device A's 3 records" ||
	fail "the server holds device A's 3 records" "status says $(records_held)"
grep -q 'POST /v1/records' "$N/fieldcheck.access.log" &&
	pass "the records went through nginx (the sample's access log has the push)" ||
	fail "the records went through nginx" "$(tail -n 5 "$N/fieldcheck.access.log")"
expect_exit 0 "a second sync sends nothing twice" sh -c "echo $PIN | '$FC' sync --pin-stdin"
[ "$(records_held)" = 3 ] && pass "the server still holds 3 records" || fail "the server still holds 3 records"
# A real inspection with a photo: the record, then the photo in chunks (PUT),
# through the proxy's unbuffered request bodies.
expect_exit 0 "the household pulled through nginx is inspected, with a photo" \
    sh -c "echo $PIN | '$FC' record --template gas --household H1 --answers '$FC_ROOT/tests/data/answers/gas-major.json' --pin-stdin"
expect_exit 0 "sync sends the inspection and its photo through nginx" sh -c "echo $PIN | '$FC' sync --pin-stdin"
contains "sync reports the photo sent" "$T/out" "photos sent: 1"
[ "$(records_held)" = 4 ] && [ "$(held_photos)" = 1 ] &&
	pass "the server holds the inspection and its photo" ||
	fail "the server holds the inspection and its photo" "records $(records_held), photos $(held_photos)"

# --- 2. the server's key pinned ---------------------------------------------
ok "device B has 3 signed records" device b I2
expect_exit 0 "enroll with the server's key pinned" \
    sh -c "echo $PIN | '$FC' enroll '$URL' '$(code I2)' --cacert '$P/ca.pem' --pinned-key '$(pin server)' --pin-stdin"
expect_exit 0 "sync with the pinned key" sh -c "echo $PIN | '$FC' sync --pin-stdin"
[ "$(records_held)" = 7 ] && pass "the server holds 7 records (A and B)" ||
	fail "the server holds 7 records" "status says $(records_held)"

# A supervisor's summary through the proxy, with the CA given at enrolment.
export FIELDCHECK_HOME="$T/s"
echo "$PIN" | "$FCH" init-fast S1 "Supervisor S1" >/dev/null
expect_exit 0 "a supervisor enrols through nginx" \
    sh -c "echo $PIN | '$FC' enroll '$URL' '$(code S1 supervisor)' --cacert '$P/ca.pem' --pin-stdin"
expect_exit 0 "the supervisor's summary comes through nginx" \
    sh -c "echo $PIN | '$FC' summary --json --pin-stdin"
contains "the summary counts inspections" "$T/out" "\"inspections\""

# --- 3. wrong certificates are refused, nothing is sent ----------------------
ok "device C has 3 signed records" device c I3
expect_exit 1 "a certificate from another CA is refused" \
    sh -c "echo $PIN | '$FC' enroll 'https://127.0.0.1:$ROGUE_PORT' '$(code I3)' --cacert '$P/ca.pem' --pin-stdin"
contains "the message says the certificate is not trusted" "$T/err" "certificate"
cp "$T/err" "$T/err-rogue"
expect_exit 1 "a certificate for another name is refused" \
    sh -c "echo $PIN | '$FC' enroll 'https://127.0.0.1:$NAME_PORT' '$(code I3)' --cacert '$P/ca.pem' --pin-stdin"
contains "the message names the host that did not match" "$T/err" "127.0.0.1"
expect_exit 1 "a wrong pinned key is refused" \
    sh -c "echo $PIN | '$FC' enroll '$URL' '$(code I3)' --cacert '$P/ca.pem' --pinned-key '$(pin rogue-server)' --pin-stdin"
contains "the message says the key does not match the pin" "$T/err" "does not match the pinned key"
# Device B (pinned) meets a certificate from the right CA but with another
# key: the CA alone would accept it; the pin refuses it.
export FIELDCHECK_HOME="$T/b"
echo "$PIN" | "$FCH" add-records 1 --pin-stdin >/dev/null
expect_exit 1 "a pinned device refuses a CA-valid certificate with another key" \
    sh -c "echo $PIN | '$FC' sync --server 'https://127.0.0.1:$REKEY_PORT' --pin-stdin"
contains "the message says the key does not match the pin" "$T/err" "does not match the pinned key"
[ "$(records_held)" = 7 ] && pass "no record reached the server through a refused certificate" ||
	fail "no record reached the server through a refused certificate" "status says $(records_held)"
for f in "$T/err-rogue" "$T/err"; do sed 's/^/# message: /' "$f"; done

expect_exit 0 "fieldcheck-server verify passes on what came through nginx" \
    "$FCS" --db "$T/server.db" verify
contains "verify counts 7 records on 3 devices (the supervisor's has none)" "$T/out" "verified 7 records on 3 devices"
