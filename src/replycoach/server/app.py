"""The FastAPI application: routes, JSON errors, linting in a bounded thread pool.

Errors are `{"error": "one line", "detail": [...]}` and never contain the draft's text:
validation details name the field and the problem, not the value sent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from replycoach import __version__
from replycoach.server.limits import LOOPBACK_NAMES, LocalHostOnly, RequestLimits
from replycoach.server.schemas import (
    CheckRequest,
    CheckResponse,
    ErrorResponse,
    MetaResponse,
    ScoreRequest,
    ScoreResponse,
)
from replycoach.server.service import RequestError, Service

log = logging.getLogger("replycoach.server")
T = TypeVar("T")
PAGE = Path(__file__).with_name("page.html")
# The page may run its own inline script and talk to this server; nothing else.
PAGE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")

DESCRIPTION = """\
A local, warm replycoach: the rules are compiled once, so a check takes milliseconds.

* `POST /v1/check` checks one draft (`text`) or many (`drafts`, up to 1,000) and answers what
  `replycoach check --format json` prints for them.
* `POST /v1/score` scores replies against a rubric, as `replycoach score --format json`.
* `GET /v1/meta` lists languages, customer locales, channels, categories and rubrics.

Send `Content-Type: application/json`. Errors are `{"error": "..."}` with status 400 (bad JSON,
unknown language or locale), 413 (body or text too large), 415 (not JSON), 422 (a field is
wrong), 503 (too slow or too busy). Draft text is never logged.
"""


@dataclass(frozen=True)
class Limits:
    max_body: int = 1024 * 1024  # bytes
    timeout: float = 10.0  # seconds for one check or score
    read_timeout: float = 10.0  # seconds to receive a request body
    threads: int = 4  # checks that run at once
    allowed_hosts: frozenset[str] | None = LOOPBACK_NAMES  # None: any Host header


def error_response(status: int, message: str, detail: list[dict[str, Any]] | None = None
                   ) -> JSONResponse:
    content: dict[str, Any] = {"error": message}
    if detail is not None:
        content["detail"] = detail
    return JSONResponse(content, status_code=status)


def validation_response(exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "JSON decode error")
            where = error.get("loc", ("body", None))[-1]
            at = f" at character {where}" if isinstance(where, int) else ""
            return error_response(400, f"the request body is not valid JSON: {reason}{at}")
    detail = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body",
               "message": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
    if any(d["field"] == "body" and d["type"] == "missing" for d in detail):
        return error_response(400, "the request body is empty: send a JSON object such as "
                              '{"text": "..."}')
    if any(d["field"] == "body" and d["type"] in ("model_attributes_type", "dict_type")
           for d in detail):
        return error_response(422, "the request body must be a JSON object", detail)
    problems = [_problem(d) for d in detail] or ["the request is invalid"]
    return error_response(422, "; ".join(problems), detail)


def _problem(detail: dict[str, str]) -> str:
    field, kind = detail["field"], detail["type"]
    if kind == "missing":
        return f"'{field}' is required"
    if kind == "extra_forbidden":
        return f"'{field}' is not a known field"
    if kind == "value_error" and field == "body":  # the request as a whole (CheckRequest)
        return detail["message"].removeprefix("Value error, ")
    return f"'{field}': {detail['message']}"


@cache
def page_html() -> bytes:
    return PAGE.read_bytes()


def create_app(service: Service, limits: Limits | None = None) -> Any:
    """The ASGI application: FastAPI wrapped in the request limits."""
    limits = limits or Limits()
    state: dict[str, anyio.CapacityLimiter] = {}  # made in the server's event loop
    app = FastAPI(title="replycoach", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")

    async def answer(work: Callable[..., str], *args: Any) -> Response:
        """The JSON `work` returns, with its time in a Server-Timing header."""
        started = time.perf_counter()
        body = await in_thread(work, *args)
        took = (time.perf_counter() - started) * 1000
        return Response(body, media_type="application/json",
                        headers={"server-timing": f"{work.__name__};dur={took:.2f}"})

    async def in_thread(work: Callable[..., T], *args: Any) -> T:
        limiter = state.get("limiter")
        if limiter is None:
            limiter = state["limiter"] = anyio.CapacityLimiter(limits.threads)
        try:
            with anyio.fail_after(limits.timeout):
                return await anyio.to_thread.run_sync(work, *args, limiter=limiter,
                                                      abandon_on_cancel=True)
        except TimeoutError:
            raise RequestError(503, f"the request took longer than {limits.timeout:g} s "
                               "(the server is busy, or the text is very long)") from None
        except RequestError:
            raise
        except Exception as exc:  # a bug: its type only; its message may hold draft text
            log.error("internal error (%s) in %s", type(exc).__name__, work.__name__)
            raise RequestError(500, f"internal error ({type(exc).__name__})") from None

    @app.exception_handler(RequestError)
    async def request_error(_: Request, exc: RequestError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))

    errors: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorResponse, "description": text} for status, text in (
            (400, "Bad JSON, or an unknown language, locale or rubric"),
            (413, "The body or the text is too large"),
            (415, "The body is not JSON"),
            (422, "A field is missing or wrong"),
            (503, "The check took too long, or the server is too busy"))}

    @app.post("/v1/check", response_model=CheckResponse, responses=errors,
              summary="Check draft replies")
    async def check(request: CheckRequest) -> Response:
        """Lint one draft (`text`) or many (`drafts`) as `replycoach check --format json`
        does."""
        return await answer(service.check, request)

    @app.post("/v1/score", response_model=ScoreResponse, responses=errors,
              summary="Score replies against a rubric")
    async def score(request: ScoreRequest) -> Response:
        """Score one reply (`text`) or many (`rows`) as `replycoach score --format json`."""
        return await answer(service.score, request)

    meta = {**service.meta(), "max_body_bytes": limits.max_body,
            "timeout_seconds": limits.timeout}

    @app.get("/v1/meta", response_model=MetaResponse, summary="Languages, locales, rubrics")
    async def get_meta() -> dict[str, Any]:
        return meta

    @app.get("/v1/health", summary="Is the server up")
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> Response:
        return Response(page_html(), media_type="text/html; charset=utf-8",
                        headers={"content-security-policy": PAGE_CSP,
                                 "x-content-type-options": "nosniff",
                                 "cache-control": "no-cache"})

    wrapped: Any = RequestLimits(app, limits.max_body, limits.read_timeout)
    if limits.allowed_hosts is not None:
        wrapped = LocalHostOnly(wrapped, limits.allowed_hosts)
    return wrapped
