"""`replycoach check` through a warm server: the same findings and output, without start-up.

The client reads the drafts, the context and the config files itself, exactly as a local run
would, and sends each draft with the settings (config layers) that apply to it; the server
answers with the `--format json` entry and the draft it linted (`with_draft`), from which the
client rebuilds the FileResult a local run would have made: every reporter and later pass
(grammar) then works unchanged. Only the standard library talks to the server (http.client),
so no spaCy, no web framework is imported on the way.

Which server: `--server URL` (or REPLYCOACH_SERVER); `auto` (the default) uses a server that
`replycoach serve` announced in its state file when it answers within 50 ms and was started
with the same version, rules and locales; `off` never uses one. A server that cannot be
reached means a local run: silently when it was discovered, with a note when it was named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import click

from replycoach.config import Config, config_for
from replycoach.draft import Draft, Piece
from replycoach.errors import InputError, ReplycoachError
from replycoach.inputs import RawInput, expand_paths, read_input
from replycoach.model import Finding, Fix, Severity
from replycoach.runner import CheckOptions, FileResult, check_input, read_context

OFF = ("off", "no", "none", "false", "0")
DISCOVERED_CONNECT_TIMEOUT = 0.05  # a local server that is up answers in well under this
NAMED_CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 60.0
# One request's drafts: about 0.1 s of work on a warm server, well under its body limit.
BATCH_DRAFTS = 64
BATCH_CHARS = 128_000


class ServerUnavailable(Exception):
    """The server could not be reached or failed: check locally instead."""


def choose_server(value: str | None) -> tuple[str | None, bool]:
    """(URL or None, named explicitly) for a --server / REPLYCOACH_SERVER value."""
    choice = (value or "auto").strip()
    if choice.lower() in OFF:
        return None, False
    if choice.lower() == "auto":
        from replycoach.server.state import discovered_url

        return discovered_url(), False
    parts = urlsplit(choice if "://" in choice else f"http://{choice}")
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise click.BadParameter(f"{value!r} is not an http:// URL (or 'auto' or 'off')",
                                 param_hint="--server")
    return parts.geturl(), True


class Connection:
    """One keep-alive HTTP connection to the server."""

    def __init__(self, url: str, connect_timeout: float) -> None:
        import http.client  # only when there is a server to talk to

        parts = urlsplit(url)
        self.base = parts.path.rstrip("/")
        kind = (http.client.HTTPSConnection if parts.scheme == "https"
                else http.client.HTTPConnection)
        self.url = url
        try:
            self.http = kind(parts.hostname or "127.0.0.1", parts.port, timeout=connect_timeout)
            self.http.connect()
        except OSError as exc:
            raise ServerUnavailable(f"cannot connect ({exc.strerror or exc})") from None
        assert self.http.sock is not None
        self.http.sock.settimeout(READ_TIMEOUT)

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        import http.client

        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        for attempt in (1, 2):  # the server may have closed an idle keep-alive connection
            try:
                self.http.request("POST", self.base + path, body=body, headers=headers)
                response = self.http.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.http.close()
                if attempt == 2:
                    raise ServerUnavailable("the connection was closed") from None
            except (OSError, http.client.HTTPException) as exc:
                raise ServerUnavailable(f"{type(exc).__name__}") from None
        try:
            return response.status, json.loads(data)
        except ValueError:
            raise ServerUnavailable(f"HTTP {response.status} without JSON") from None

    def close(self) -> None:
        self.http.close()


def config_payload(config: Config) -> list[Any]:
    """The config files a local run applies, in order, as the API's `config` layers: the
    server parses them as this process did, whatever keys they hold."""
    from replycoach.yamlfile import load_yaml

    return [load_yaml(path) for path in config.files]


class OldServer(Exception):
    """The server's answer lacks what this client needs (`with_draft`): check locally."""


def result_from_entry(raw: RawInput, entry: dict[str, Any], fail_on: str,
                      context: str | None) -> FileResult:
    """The FileResult a local run would have made, from the server's entry for `raw`."""
    result = FileResult(raw.path, raw=raw, fail_on=fail_on, error=entry.get("error"))
    if "channel" not in entry:  # the draft could not be built
        return result
    data = entry.get("draft")
    if not isinstance(data, dict):
        raise OldServer("no 'draft' in the answer")
    result.draft = Draft(
        path=raw.path, source=raw.text, text=data["text"],
        pieces=[Piece(start, source_start, length)
                for start, source_start, length in data["pieces"]],
        channel=entry["channel"], language=entry.get("language"), locale=data.get("locale"),
        context=context, verbatim=data["verbatim"], note=entry.get("note"))
    for item in data["findings"]:
        fix = item.get("fix")
        result.findings.append(Finding(
            item["rule"], item["category"], Severity.parse(item["severity"]), item["message"],
            item["start"], item["end"], list(item["suggestions"]),
            Fix(fix["start"], fix["end"], fix["replacement"], fix["safe"]) if fix else None))
    return result


class RemoteRun:
    """The results of a run through the server: FileResults as a local run makes them, so
    every reporter (and any later pass over them) works unchanged.

    Drafts that share their config files go in one request (`drafts`), up to BATCH_DRAFTS
    of them or BATCH_CHARS of text: one request per draft would cost more in HTTP than the
    check itself. A batch the server refuses as a whole is sent again draft by draft."""

    def __init__(self, connection: Connection, names: list[str], options: CheckOptions,
                 context: str | None, named: bool) -> None:
        self.connection: Connection | None = connection
        self.names = names
        self.options = options
        self.context = context
        self.named = named
        self._payloads: dict[tuple[str, ...], list[Any]] = {}

    def __iter__(self) -> Iterator[FileResult]:
        batch: list[tuple[RawInput, Config]] = []
        chars = 0
        try:
            for name in expand_paths(self.names):
                try:
                    raw = read_input(name, self.options.encoding)
                    config = config_for(raw.directory, self.options.config,
                                        self.options.isolated)
                except InputError as exc:
                    yield from self._check_batch(batch)
                    batch, chars = [], 0
                    yield FileResult(name, error=str(exc))
                    continue
                except ReplycoachError:  # a broken config file: the drafts before it first
                    yield from self._check_batch(batch)
                    raise
                if batch and (config.files != batch[0][1].files or len(batch) >= BATCH_DRAFTS
                              or chars + len(raw.text) > BATCH_CHARS):
                    yield from self._check_batch(batch)
                    batch, chars = [], 0
                batch.append((raw, config))
                chars += len(raw.text)
            yield from self._check_batch(batch)
        finally:
            if self.connection is not None:
                self.connection.close()

    def _payload(self, config: Config, **fields: Any) -> dict[str, Any]:
        options = self.options
        if config.files not in self._payloads:  # parsed once per set of config files
            self._payloads[config.files] = config_payload(config)
        return {**fields, "context": self.context, "lang": options.language,
                "locale": options.locale, "channel": options.channel,
                "select": list(options.select), "ignore": list(options.ignore),
                "config": self._payloads[config.files], "with_draft": True}

    def _check_batch(self, batch: list[tuple[RawInput, Config]]) -> Iterator[FileResult]:
        if len(batch) > 1 and self.connection is not None:
            config = batch[0][1]
            drafts = [{"text": raw.text, "path": raw.path, "encoding": raw.encoding}
                      for raw, _ in batch]
            try:
                status, answer = self.connection.post("/v1/check",
                                                      self._payload(config, drafts=drafts))
                if status == 200:
                    entries = answer["files"]
                    if len(entries) != len(batch):
                        raise OldServer(f"{len(entries)} answers for {len(batch)} drafts")
                    fail_on = config.fail_on or "warning"
                    # All rebuilt before any is yielded: a bad answer falls back whole.
                    results = [result_from_entry(raw, entry, fail_on, self.context)
                               for (raw, _), entry in zip(batch, entries, strict=True)]
                    yield from results
                    return
                # 400: a draft's error, which a local run reports after the drafts before
                # it; 413: too large for this server; 422: a server without `drafts`.
                if status not in (400, 413, 422):
                    self._give_up(f"HTTP {status}")
            except (ServerUnavailable, OldServer) as exc:
                self._give_up(str(exc))
            except (KeyError, TypeError, ValueError) as exc:
                self._give_up(f"an answer this client does not understand ({exc!r})")
        for raw, config in batch:
            yield self._check(raw, config)

    def _check(self, raw: RawInput, config: Config) -> FileResult:
        options = self.options
        if self.connection is not None:
            payload = self._payload(config, text=raw.text, path=raw.path,
                                    encoding=raw.encoding)
            try:
                status, answer = self.connection.post("/v1/check", payload)
                if status == 200:
                    return result_from_entry(raw, answer["files"][0],
                                             config.fail_on or "warning", self.context)
                if status == 400 and isinstance(answer, dict) and "error" in answer:
                    raise ReplycoachError(answer["error"])  # what a local run would say
                if status != 413:  # 413: too large for this server, so check it here
                    self._give_up(f"HTTP {status}")
            except (ServerUnavailable, OldServer) as exc:
                self._give_up(str(exc))
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                self._give_up(f"an answer this client does not understand ({exc!r})")
        return check_input(raw, config, options, self.context)  # here, as a local run

    def _give_up(self, reason: str) -> None:
        if self.named and self.connection is not None:
            click.echo(f"replycoach: note: the server at {self.connection.url} failed "
                       f"({reason}); checking locally", err=True)
        if self.connection is not None:
            self.connection.close()
        self.connection = None


def remote_check(server: str | None, names: list[str], options: CheckOptions
                 ) -> RemoteRun | None:
    """A run through the server, or None to check locally (no server, or it is down)."""
    url, named = choose_server(server)
    if url is None:
        return None
    try:
        connection = Connection(url, NAMED_CONNECT_TIMEOUT if named
                                else DISCOVERED_CONNECT_TIMEOUT)
    except ServerUnavailable as exc:
        if named:
            click.echo(f"replycoach: note: no server at {url} ({exc}); checking locally",
                       err=True)
        return None
    except ValueError:  # http.client.InvalidURL: a bad port
        return None
    # Settings a local run refuses before reading anything: let it say so.
    from replycoach.languages import available_languages
    from replycoach.locales import find_locale

    try:
        if options.language is not None and options.language not in available_languages():
            raise ReplycoachError(options.language)
        if options.locale is not None:
            find_locale(options.locale)
    except ReplycoachError:
        connection.close()
        return None
    return RemoteRun(connection, names, options, read_context(options), named)
