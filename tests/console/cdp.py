# SPDX-License-Identifier: Apache-2.0
"""A small driver for Debian's chromium through its DevTools protocol.

Chromium runs headless with --remote-debugging-pipe: commands go to it on
file descriptor 3 and answers come back on 4, each a JSON message ended by
a NUL byte. No WebSocket, no chromedriver, nothing outside the standard
library. One Browser holds one page (a target attached in flat mode).
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CdpError(Exception):
    pass


class Browser:
    def __init__(self, width=1366, height=768, lang="zh-CN,zh"):
        self.profile = tempfile.mkdtemp(prefix="fc-chromium.")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        exe = find_chromium()
        if exe is None:
            raise CdpError("chromium is not installed")
        args = [exe, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (width, height),
                "--lang=" + lang.split(",")[0], "about:blank"]
        # fds 3 and 4 in the child are the protocol's pipe ends.
        def setup():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        self.proc = subprocess.Popen(args, preexec_fn=setup, pass_fds=(3, 4),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events = []
        self.session = None
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)
        att = self.send("Target.attachToTarget",
                        {"targetId": target["targetId"], "flatten": True}, browser=True)
        self.session = att["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.send("Network.setUserAgentOverride",
                  {"userAgent": "fieldcheck-test", "acceptLanguage": lang})

    def _read_message(self, timeout):
        deadline = time.time() + timeout
        while b"\0" not in self._buf:
            if time.time() > deadline:
                raise CdpError("chromium did not answer in %d s" % timeout)
            chunk = os.read(self._from_child, 65536)
            if not chunk:
                raise CdpError("chromium closed its pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, browser=False, timeout=60):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if self.session and not browser:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message(timeout)
            if m.get("id") == self._id:
                if "error" in m:
                    raise CdpError("%s: %s" % (method, m["error"].get("message")))
                return m.get("result", {})
            self.events.append(m)

    def eval(self, expr, timeout=60):
        r = self.send("Runtime.evaluate", {"expression": expr, "awaitPromise": True,
                                           "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in r:
            raise CdpError("script failed: %s" % r["exceptionDetails"].get("text"))
        return r.get("result", {}).get("value")

    def goto(self, url):
        self.send("Page.navigate", {"url": url})

    def wait(self, expr, timeout=20):
        """Wait until expr is truthy in the page; its value, or None after timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                v = self.eval(expr)
                if v:
                    return v
            except CdpError:
                pass
            time.sleep(0.1)
        return None

    def screenshot(self, path):
        r = self.send("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def cookies(self):
        return self.send("Network.getAllCookies").get("cookies", [])

    def allow_downloads(self, directory):
        self.send("Browser.setDownloadBehavior",
                  {"behavior": "allow", "downloadPath": directory}, browser=True)

    def close(self):
        try:
            self.send("Browser.close", browser=True, timeout=10)
        except (CdpError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
