#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Certificate and connection errors wholly in the UI's language, against a
# real nginx doing TLS in front of a real fieldcheck-server on 127.0.0.1
# (certificates made here with openssl): a certificate from another CA, one
# for another name, a wrong pinned key, and https to a plain-HTTP server.
# `fieldcheck enroll` in Chinese and the TUI's enrolment screen (80x24 and
# 40x15, Chinese and English) say what is wrong in their language: in
# Chinese no English word of 4+ letters (the URL aside), never libcurl's
# "SSL certificate problem: ...". The enrolment screen then enrols through
# the proxy with the site's CA file and the server's pinned key typed in,
# the options `fieldcheck enroll --cacert/--pinned-key` takes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../sync/common.inc"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$FCS" ] || [ ! -x "$FCH" ] || [ ! -x "$NGINX" ] || ! command -v openssl >/dev/null; then
	echo "ok - TLS errors in the UI's language # skip: no server, helper, nginx or openssl"
	exit 0
fi

P="$T/pki"
mkdir -p "$P"
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/$1.key" 2>/dev/null; }
newca() {
	newkey "$1" &&
	openssl req -x509 -new -key "$P/$1.key" -out "$P/$1.pem" -days 2 -subj "/CN=$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
newcert() {
	newkey "$1" &&
	openssl req -new -key "$P/$1.key" -out "$P/$1.csr" -subj "/CN=fieldcheck test server" 2>/dev/null &&
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$3" >"$P/$1.ext" &&
	openssl x509 -req -in "$P/$1.csr" -CA "$P/$2.pem" -CAkey "$P/$2.key" -CAcreateserial \
	    -out "$P/$1.pem" -days 2 -extfile "$P/$1.ext" 2>/dev/null
}
pin() {
	printf 'sha256//%s' "$(openssl pkey -in "$P/$1.key" -pubout -outform DER |
	    openssl dgst -sha256 -binary | openssl base64 -A)"
}
newca ca "fieldcheck test CA" && newcert server ca "IP:127.0.0.1,DNS:localhost" &&
    newca rogue "someone else's CA" && newcert rogue-server rogue "IP:127.0.0.1" &&
    newcert othername ca "DNS:other.example.org" || { fail "openssl makes the certificates"; exit 0; }

start_server || { fail "the server starts"; exit 0; }
N="$T/nginx"
mkdir -p "$N"
GOOD=$(free_port); ROGUE=$(free_port); NAME=$(free_port)
vhost() {
	cat <<EOC
	server {
		listen 127.0.0.1:$1 ssl;
		ssl_certificate     $P/$2.pem;
		ssl_certificate_key $P/$2.key;
		location /v1/ { proxy_pass http://127.0.0.1:$PORT; }
	}
EOC
}
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
$(vhost "$GOOD" server)
$(vhost "$ROGUE" rogue-server)
$(vhost "$NAME" othername)
}
EOC
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" 2>>"$N/error.log" &
NGINX_PID=$!
fc_on_exit 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null'
tls_up() {
	i=0
	while [ $i -lt 200 ]; do
		curl -s -o /dev/null --cacert "$P/ca.pem" "https://127.0.0.1:$1/" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
tls_up "$GOOD" || { fail "nginx listens with TLS"; exit 0; }

# chinese_only DESC FILE: no English word of 4+ letters once URLs are taken out.
chinese_only() {
	if python3 - "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"https?://\S+?(?=[，。；：（）\s]|$)", " ", text)
allowed = {"fieldcheck", "enroll", "Enter", "Esc"}
words = [w for w in re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])", text)
         if w not in allowed]
if words:
    print("#   English words: %s" % ", ".join(sorted(set(words))))
    sys.exit(1)
PY
	then pass "$1"; else fail "$1"; sed 's/^/#   | /' "$2"; fi
}

# --- fieldcheck enroll, in Chinese --------------------------------------------
export FIELDCHECK_HOME="$T/cli"
new_device "$FIELDCHECK_HOME" C01 || fail "a fresh device"
# cli_case DESC URL WANT [OPTIONS...]: refused, in Chinese, saying WANT.
cli_case() {
	desc=$1; url=$2; want=$3; shift 3
	c=$(code C01 朝阳)
	if echo "$PIN" | LANGUAGE=zh_CN "$FC" enroll "$url" "$c" --pin-stdin "$@" \
	    >"$T/cli.out" 2>"$T/cli.err"; then
		fail "cli: $desc is refused"
		return
	fi
	if grep -qF -- "$want" "$T/cli.err"; then
		pass "cli: $desc: $want"
	else
		fail "cli: $desc: $want" "$(cat "$T/cli.err")"
	fi
	chinese_only "cli: $desc: the message has no English word" "$T/cli.err"
}
cli_case "another CA's certificate" "https://127.0.0.1:$ROGUE" "证书不受信任" --cacert "$P/ca.pem"
cli_case "no CA given for the site's own CA" "https://127.0.0.1:$GOOD" "证书不受信任"
cli_case "a certificate for another name" "https://127.0.0.1:$NAME" "另一个服务器名称" \
    --cacert "$P/ca.pem"
cli_case "a wrong pinned key" "https://127.0.0.1:$GOOD" "与固定的密钥不符" \
    --cacert "$P/ca.pem" --pinned-key "$(pin rogue-server)"
cli_case "https to a plain-HTTP server" "https://127.0.0.1:$PORT" "无法建立安全连接"
cli_case "a closed port" "https://127.0.0.1:$(free_port)" "连接被拒绝"

# --- the TUI's enrolment screen ------------------------------------------------
# expect_joined DESC TEXT: the screen shows TEXT, perhaps wrapped over lines
# (blanks left out on both sides); waits for it as tui_expect does.
expect_joined() {
	i=0
	while [ $i -lt 300 ]; do
		tui_screen >"$T/joined.txt"
		if python3 - "$T/joined.txt" "$2" <<'PY'
import sys
screen = "".join(open(sys.argv[1], encoding="utf-8").read().split())
sys.exit(0 if "".join(sys.argv[2].split()) in screen else 1)
PY
		then
			pass "$1"
			return
		fi
		sleep 0.1; i=$((i + 1))
	done
	fail "$1" "not on screen: $2"
	sed 's/^/#   | /' "$T/joined.txt"
}

# message FILE: the enrolment screen's message (from "Not enrolled" to the
# blank line after it): the fields above hold what the inspector typed.
message() {
	tui_screen | sed -n '/未能登记\|Not enrolled/,/^ *$/p' >"$1"
}

# try URL CODE CA PINNED: fill the enrolment screen and enrol.
try() {
	tui_keys e
	tui_wait PIN >/dev/null
	tui_type "$1"; tui_keys Enter
	tui_type "$2"; tui_keys Enter
	[ -n "$3" ] && tui_type "$3"
	tui_keys Enter
	[ -n "$4" ] && tui_type "$4"
	tui_keys Enter
	tui_type "$PIN"; tui_keys Enter
}

# flow TAG COLS ROWS ENV HOME NOT_TRUSTED OTHER_NAME ENROLLED SYNCED
flow() {
	tag=$1; cols=$2; rows=$3; env=$4; home=$5; untrusted=$6; othername=$7; enrolled=$8
	export FIELDCHECK_HOME="$T/tui-$tag"
	new_device "$FIELDCHECK_HOME" "T$tag" || { fail "$tag: a fresh device"; return; }
	tui_start "$cols" "$rows" $env
	tui_wait PIN >/dev/null || { fail "$tag: unlock"; return; }
	tui_type "$PIN"; tui_keys Enter
	tui_wait "$home" >/dev/null || { fail "$tag: home"; return; }

	try "https://127.0.0.1:$ROGUE" "$(code "T$tag" 朝阳)" "$P/ca.pem" ""
	expect_joined "$tag: another CA's certificate: not trusted" "$untrusted"
	tui_check_layout "$tag: not trusted: the screen fits the pane"
	message "$T/screen.txt"
	[ "$tag" = "${tag#zh}" ] ||
	    chinese_only "$tag: not trusted: no English word on the screen" "$T/screen.txt"
	if [ ! -s "$T/screen.txt" ] || grep -q "SSL" "$T/screen.txt"; then
		fail "$tag: libcurl's text is not shown"
	else
		pass "$tag: libcurl's text is not shown"
	fi
	tui_keys Escape
	tui_wait "$home" >/dev/null

	try "https://127.0.0.1:$NAME" "$(code "T$tag" 朝阳)" "$P/ca.pem" ""
	expect_joined "$tag: a certificate for another name says so" "$othername"
	tui_check_layout "$tag: another name: the screen fits the pane"
	message "$T/screen.txt"
	[ "$tag" = "${tag#zh}" ] ||
	    chinese_only "$tag: another name: no English word on the screen" "$T/screen.txt"
	tui_keys Escape
	tui_wait "$home" >/dev/null

	# The site's CA file and the server's pinned key, typed in: enrolled.
	try "https://127.0.0.1:$GOOD" "$(code "T$tag" 朝阳)" "$P/ca.pem" "$(pin server)"
	tui_expect "$tag: with the CA file and the pinned key it enrols" "$enrolled" 30
	got=$(sqlite3 "$FIELDCHECK_HOME/store.db" \
	    "SELECT value FROM settings WHERE key = 'sync.pinned_key'" 2>/dev/null)
	if [ "$got" = "$(pin server)" ] && [ -s "$FIELDCHECK_HOME/ca.pem" ]; then
		pass "$tag: the device keeps the pinned key and a copy of the CA file"
	else
		fail "$tag: the device keeps the pinned key and a copy of the CA file" "pinned: $got"
	fi
	tui_keys s
	tui_expect "$tag: and syncs through the proxy" "$9" 30
	tui_keys q
	sleep 0.3
	tui_stop
}

flow zh80 80 24 "" "今日工作" "证书不受信任" "另一个服务器名称" "已在 https://127.0.0.1:$GOOD 登记" \
    "同步完成"
flow zh40 40 15 "" "今日工作" "证书不受信任" "另一个服务器名称" "已在 " "同步完成"
flow en80 80 24 "LANGUAGE=en" "Today's work" "server's certificate is not trusted" "made for another server name" \
    "Enrolled with https://127.0.0.1:$GOOD" "Synced:"
flow en40 40 15 "LANGUAGE=en" "Today's work" "server's certificate is not trusted" "made for another server name" \
    "Enrolled with" "Synced:"
tui_check_stderr "no sanitizer report or error from any TUI run"
stop_server
