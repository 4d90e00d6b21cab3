"""ASGI middleware in front of the API: what a request may be before any route sees it.

* `RequestLimits`: a POST under /v1/ must say `Content-Type: application/json` (415; this
  also keeps other web pages from posting to the local server without a CORS preflight,
  which the server never grants); its body is read whole, at most `max_body` bytes (413,
  before reading when Content-Length says so) within `read_timeout` seconds (408).
* `LocalHostOnly`: the Host header must name this machine (421), so a web page on another
  site cannot reach the server through DNS rebinding.

Responses are JSON `{"error": "..."}`; no request body is ever logged or echoed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


async def send_error(send: Send, status: int, message: str, close: bool = False) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if close:  # the body was not read: the connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/")
                                          and kind.endswith("+json"))


class RequestLimits:
    def __init__(self, app: ASGIApp, max_body: int, read_timeout: float,
                 prefix: str = "/v1/") -> None:
        self.app = app
        self.max_body = max_body
        self.read_timeout = read_timeout
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.prefix) and not is_json(
                _header(scope, b"content-type")):
            await send_error(send, 415, "send the request as JSON, with "
                             "'Content-Type: application/json'", close=True)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_body:
            await send_error(send, 413, self._too_large(), close=True)
            return
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.read_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body:
                        await send_error(send, 413, self._too_large(), close=True)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await send_error(send, 408, f"the request body did not arrive within "
                             f"{self.read_timeout:g} s", close=True)
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_body:,} bytes"


class LocalHostOnly:
    def __init__(self, app: ASGIApp, allowed: frozenset[str] = LOOPBACK_NAMES) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(_header(scope, b"host")) not in self.allowed:
            await send_error(send, 421, "this server answers only requests addressed to "
                             "this machine (Host: 127.0.0.1 or localhost)", close=True)
            return
        await self.app(scope, receive, send)


def host_name(host: str | None) -> str:
    """`127.0.0.1:8787` -> `127.0.0.1`; `[::1]:8787` -> `::1`."""
    if not host:
        return ""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
