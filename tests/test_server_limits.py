"""Time limits and failures of the server, with a stand-in service (no spaCy) behind the real
FastAPI app, served by uvicorn in a thread on 127.0.0.1."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from replycoach.server.app import Limits, create_app  # noqa: E402
from replycoach.server.limits import host_name, is_json  # noqa: E402

SECRET = "Secret-Draft-Words-5150"


class StandIn:
    """Behaves like server.service.Service, slowly or badly on request."""

    def meta(self) -> dict[str, Any]:
        return {"version": "0", "languages": [], "locales": [], "channels": [],
                "categories": [], "rubrics": []}

    def check(self, request: Any) -> str:
        if request.text == "slow":
            time.sleep(3)
        if request.text == "bug":
            raise KeyError(f"something about {SECRET}")
        return '{"files": [], "summary": {}}'

    score = check


@pytest.fixture
def served() -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    app = create_app(StandIn(), Limits(max_body=4096, timeout=0.3, read_timeout=0.5,
                                       threads=2))  # type: ignore[arg-type]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def test_a_check_that_takes_too_long_is_503(served: str):
    started = time.monotonic()
    answer = httpx.post(served + "/v1/check", json={"text": "slow"}, timeout=10)
    assert answer.status_code == 503
    assert "longer than 0.3 s" in answer.json()["error"]
    assert time.monotonic() - started < 2.5, "the answer does not wait for the check"
    assert httpx.post(served + "/v1/check", json={"text": "fine"}, timeout=10).status_code == 200


def test_a_body_that_does_not_arrive_is_408(served: str):
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\"")
        answer = _read_until_closed(raw).decode()
    assert answer.startswith("HTTP/1.1 408"), answer[:200]
    assert "did not arrive within 0.5 s" in answer


def _read_until_closed(raw: socket.socket) -> bytes:
    """The whole answer: it may come in several packets, before the server hangs up."""
    received = b""
    with contextlib.suppress(TimeoutError):
        while chunk := raw.recv(4096):
            received += chunk
    return received


def test_a_bug_is_500_with_its_type_only(served: str, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.INFO):
        answer = httpx.post(served + "/v1/check", json={"text": "bug"}, timeout=10)
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error (KeyError)"}
    assert "KeyError" in caplog.text
    assert SECRET not in caplog.text


def test_the_body_limit_is_configurable(served: str):
    answer = httpx.post(served + "/v1/check", json={"text": "a" * 5000}, timeout=10)
    assert answer.status_code == 413
    assert "4,096 bytes" in answer.json()["error"]


@pytest.mark.parametrize("header, name", [
    ("127.0.0.1:8787", "127.0.0.1"), ("localhost", "localhost"), ("[::1]:8787", "::1"),
    ("LOCALHOST:1", "localhost"), ("", ""), ("evil.example", "evil.example")])
def test_host_names(header: str, name: str):
    assert host_name(header) == name


@pytest.mark.parametrize("value, ok", [
    ("application/json", True), ("application/json; charset=utf-8", True),
    ("application/problem+json", True), ("text/plain", False), (None, False),
    ("application/x-www-form-urlencoded", False)])
def test_json_content_types(value: str | None, ok: bool):
    assert is_json(value) is ok
