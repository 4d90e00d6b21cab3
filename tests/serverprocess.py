"""`replycoach serve` as a real process, for the tests that need a running server.

Shared by the `server` fixture in conftest.py and by the page, API, client and process tests
that start servers of their own. It is a plain module, not a test module, so that importing it
never skips or fails: it imports only the standard library. httpx (for the health check) is
imported when a server starts; each test module guards its own optional dependencies (httpx,
uvicorn, playwright) with pytest.importorskip.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT = 240.0  # compiling the English rules on a busy CI machine
SERVING = re.compile(r"serving on (http://127\.0\.0\.1:\d+)")


class ServerProcess:
    """`python -m replycoach serve --port 0 ARGS` with its own state folder and log file.

    A subprocess on a free port (`--port 0`), its state file in a temporary XDG_STATE_HOME,
    its log in a file. Every wait is bounded.
    """

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.state_home = folder / "state"
        self.log_path = folder / "server.log"
        self.env = {**os.environ, "XDG_STATE_HOME": str(self.state_home),
                    "XDG_CONFIG_HOME": str(folder / "config"), **(env or {})}
        self.env.pop("REPLYCOACH_SERVER", None)
        self.args = ["--port", "0", "--warm", "en", *args]
        self.url = ""
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def state_file(self) -> Path:
        return self.state_home / "replycoach" / "server.json"

    def start(self) -> ServerProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "replycoach", "serve", *self.args],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env,
            cwd=self.folder)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            found = SERVING.search(self.log())
            if found:
                self.url = found.group(1)
                self._wait_until_answering(deadline)
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"replycoach serve exited {self.proc.returncode}:\n"
                                     + self.log()[-3000:])
            time.sleep(0.1)
        self.stop()
        raise AssertionError("replycoach serve did not start in time:\n" + self.log()[-3000:])

    def _wait_until_answering(self, deadline: float) -> None:
        import httpx  # not at import time: this module must import without httpx

        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("the server printed its URL but does not answer")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self, signum: int = signal.SIGTERM) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode
