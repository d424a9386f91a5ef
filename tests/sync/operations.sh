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
