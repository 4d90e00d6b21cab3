"""Start the server: warm the rules, bind the socket, run uvicorn, tidy up the state file."""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import signal
import socket
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import uvicorn

from replycoach.errors import ReplycoachError
from replycoach.server.app import Limits, create_app
from replycoach.server.limits import LOOPBACK_NAMES
from replycoach.server.service import RequestError, Service, ServiceSettings
from replycoach.server.state import remove_state, write_state

# Every log line goes to standard error; the access log has the request line and status,
# never a body (the API takes drafts only in bodies).
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s",
                    "use_colors": None},
        "access": {"()": "uvicorn.logging.AccessFormatter",
                   "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'},
    },
    "handlers": {
        "default": {"formatter": "default", "class": "logging.StreamHandler",
                    "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler",
                   "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "replycoach.server": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8787
    limits: Limits = field(default_factory=Limits)
    service: ServiceSettings = field(default_factory=ServiceSettings)
    warm: list[str] | None = None  # languages to compile at start-up; None: all
    access_log: bool = True
    log_level: str = "info"
    state_file: bool = True  # tell `replycoach check` where this server is
    max_connections: int = 128  # beyond this, 503 at once


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio then sets TCP_NODELAY on each connection; with proto 0 it
    # does not, and every response waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ReplycoachError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def allowed_hosts(host: str) -> frozenset[str] | None:
    """Loopback: only Host headers naming this machine. Elsewhere: the name it was given,
    or any for a wildcard address (the operator chose to expose it)."""
    if is_loopback(host):
        return LOOPBACK_NAMES
    if host in ("0.0.0.0", "::", "[::]"):
        return None
    return LOOPBACK_NAMES | {host.strip("[]").lower()}


def say(message: str) -> None:
    print(f"replycoach: {message}", file=sys.stderr, flush=True)


def _prepare(settings: ServeSettings) -> uvicorn.Server:
    """Compile the rules and build the application (before the state file announces it)."""
    service = Service(settings.service)
    say("compiling rules for " + ", ".join(settings.warm or service.languages) + " ...")
    service.warm(settings.warm)
    if settings.service.rubric is not None:
        try:
            service.rubric(None)  # a broken --rubric stops the start, not the first request
        except RequestError as exc:
            raise ReplycoachError(exc.message) from None
    # The compiled rules live as long as the server: keep them out of the garbage
    # collector's full passes, which otherwise walk them during requests.
    gc.collect()
    gc.freeze()
    limits = settings.limits
    if limits.allowed_hosts == LOOPBACK_NAMES:
        limits = replace(limits, allowed_hosts=allowed_hosts(settings.host))
    config = uvicorn.Config(
        create_app(service, limits), log_config=LOG_CONFIG, log_level=settings.log_level,
        access_log=settings.access_log, lifespan="on", server_header=False,
        timeout_keep_alive=5, timeout_graceful_shutdown=5,
        limit_concurrency=settings.max_connections, h11_max_incomplete_event_size=16 * 1024)
    return uvicorn.Server(config)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(settings: ServeSettings) -> None:
    sock = bind(settings.host, settings.port)  # a taken port fails at once, before warming
    try:
        server = _prepare(settings)
    except BaseException:
        sock.close()
        raise
    url = url_of(sock)
    state: Path | None = None
    if settings.state_file and is_loopback(settings.host):
        with contextlib.suppress(OSError):
            state = write_state(url)
    if not is_loopback(settings.host):
        say(f"warning: listening on {settings.host}: drafts from other machines are accepted "
            "without authentication")
    say(f"serving on {url} (page: {url}/ , API: {url}/openapi.json); Ctrl+C stops it")
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again: end
    # with SystemExit instead of dying, so the state file below is removed.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_quietly)
    try:
        server.run(sockets=[sock])
    finally:
        if state is not None:
            remove_state()
        sock.close()
