# SPDX-License-Identifier: Apache-2.0
"""Starting and stopping `remit serve` for the tests (tests/serve/*.py)."""
import http.client
import os
import re
import signal
import subprocess
import threading
import time


class Server:
    """`remit serve` on a free loopback port; its stderr (the request log)
    is collected in self.log."""

    def __init__(self, remit, repo, *args, env=None):
        cmd = [remit, "serve", "--listen", "127.0.0.1:0",
               "--rules", os.path.join(repo, "rules"), *args]
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, env=env)
        self.lines = []
        first = self.proc.stderr.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        if not m:
            self.proc.kill()
            raise SystemExit(f"remit serve did not start: {first!r} "
                             f"{self.proc.stderr.read().decode()!r}")
        self.port = int(m.group(1))
        self.lines.append(first)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line.decode("utf-8", "replace"))

    @property
    def log(self):
        return "".join(self.lines)

    def conn(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None):
        """(status, headers dict with lower-case names, body bytes)."""
        c = self.conn()
        h = dict(headers or {})
        if body is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/json"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends sig and waits; returns the exit status."""
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return rc

    def wait_log(self, text, timeout=5):
        end = time.time() + timeout
        while time.time() < end:
            if text in self.log:
                return True
            time.sleep(0.05)
        return False
