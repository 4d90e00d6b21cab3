"""`replycoach serve` as a real process on 127.0.0.1: start-up, state file, logs, shutdown.

`ServerProcess` (serverprocess.py) starts the servers; the module-scoped `server` fixture is
in conftest.py.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serverprocess import ServerProcess

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="the server extra is not installed (pip install "
                    "'.[serve]')")


def test_server_announces_itself_in_the_state_file(server: ServerProcess):
    data = json.loads(server.state_file.read_text(encoding="utf-8"))
    assert data["url"] == server.url
    assert data["pid"] == server.proc.pid
    assert {"version", "rules", "locales"} <= data.keys()
    assert server.state_file.stat().st_mode & 0o077 == 0, "the state file is private"


def test_server_binds_loopback_only(server: ServerProcess):
    assert server.url.startswith("http://127.0.0.1:")


def test_server_never_logs_draft_text(server: ServerProcess):
    marker = "Zanzibar-marker-7731"
    draft = f"Dear {marker}, we cannot refund sale items."
    for path, body in (("/v1/check", {"text": draft, "context": marker}),
                       ("/v1/score", {"text": draft}),
                       ("/v1/check", {"text": draft, "lang": "xx"}),
                       ("/v1/check", {"text": draft, "channel": marker})):
        httpx.post(server.url + path, json=body, timeout=60)
    httpx.post(server.url + "/v1/check", content=f'{{"text": "{marker}',
               headers={"content-type": "application/json"}, timeout=60)
    time.sleep(0.3)
    log = server.log()
    assert '"POST /v1/check HTTP/1.1" 200' in log, "the access log is on"
    assert marker not in log


def test_sigterm_stops_the_server_and_removes_the_state_file(tmp_path: Path):
    process = ServerProcess(tmp_path).start()
    assert process.state_file.is_file()
    assert process.stop(signal.SIGTERM) == 0
    assert not process.state_file.exists()


def test_a_taken_port_is_a_clear_error_before_any_warm_up(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "replycoach", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=120, check=False,
                              cwd=tmp_path)
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "compiling" not in proc.stderr
    assert time.monotonic() - started < 60


def test_check_help_imports_no_server_or_nlp_library(tmp_path: Path):
    script = (
        "import runpy, sys\n"
        "sys.argv = ['replycoach', 'check', '--help']\n"
        "try:\n    runpy.run_module('replycoach', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('spacy', 'uvicorn', 'fastapi', 'starlette', 'pydantic', 'pygls', "
        "'lsprotocol', 'httpx')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False, cwd=tmp_path)
    assert "--server" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
