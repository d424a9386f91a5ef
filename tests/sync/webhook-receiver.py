#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A test receiver for warnings (docs/warnings.md) on 127.0.0.1: checks each
# POST's X-Fieldcheck-Signature (HMAC-SHA-256 of "timestamp.body" under the
# secret) and appends one JSON line per request to LOG: the warning id, the
# delivery header, whether the signature held, and the status it answered.
# The answer is read from MODE-FILE at each request: "ok" (200), "fail"
# (500), "stall" (sleep 5 s, then 200) or "slow" (sleep 1.5 s, then 200).
#   webhook-receiver.py PORT SECRET-FILE LOG MODE-FILE
import hashlib, hmac, json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, secret_file, log, mode_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
secret = open(secret_file, "rb").read().rstrip(b"\r\n")


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ts = self.headers.get("X-Fieldcheck-Timestamp", "")
        want = "sha256=" + hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        good = hmac.compare_digest(want, self.headers.get("X-Fieldcheck-Signature", ""))
        mode = open(mode_file).read().strip()
        status = 200 if mode in ("ok", "stall", "slow") and good else (401 if not good else 500)
        try:
            wid = json.loads(body)["id"]
        except Exception:
            wid = None
        with open(log, "a") as f:
            f.write(json.dumps({"id": wid, "delivery": self.headers.get("X-Fieldcheck-Delivery"),
                                "signed": good, "status": status, "mode": mode,
                                "body": body.decode("utf-8", "replace")}, ensure_ascii=False) + "\n")
        if mode in ("stall", "slow"):
            time.sleep(5 if mode == "stall" else 1.5)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
