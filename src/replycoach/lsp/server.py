"""`replycoach lsp`: a Language Server over stdio (pygls) with findings as diagnostics.

* Documents are synchronised whole (TextDocumentSyncKind.Full): drafts are short, and the
  server never has to apply edits with position arithmetic of its own.
* Checks run on one worker thread, `debounce` seconds after the last change, and only the
  newest version of a document is published.
* Positions: pygls agrees on an encoding with the client (utf-32 when the client offers it,
  see `Protocol`), and positions.py converts code-point offsets into it.
* Nothing goes to stdout but the protocol: anything else printed goes to stderr. Draft text is
  never logged.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from replycoach import __version__
from replycoach.config import CONFIG_NAMES, find_project_config, load_config_file
from replycoach.errors import ReplycoachError
from replycoach.lsp.diagnostics import Linted, LspSettings, code_actions, lint_document
from replycoach.lsp.positions import UTF16

log = logging.getLogger("replycoach.lsp")


class Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Any:
        """Prefer utf-32 (code points, what Python counts) when the client offers it."""
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = list(general.position_encodings)
            if types.PositionEncodingKind.Utf32 in offered:
                offered.remove(types.PositionEncodingKind.Utf32)
                general.position_encodings = [types.PositionEncodingKind.Utf32, *offered]
        return (yield from super().lsp_initialize(params))


class ReplycoachServer(LanguageServer):
    def __init__(self, settings: LspSettings | None = None) -> None:
        super().__init__("replycoach", __version__, protocol_cls=Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.settings = settings or LspSettings()
        self.documents: dict[str, tuple[int | None, str]] = {}
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replycoach-lint")
        self.reported: set[str] = set()  # error messages already shown to the user

    @property
    def encoding(self) -> str:
        try:
            chosen = self.workspace.position_encoding or UTF16
        except RuntimeError:  # not initialised yet
            return UTF16
        return str(getattr(chosen, "value", chosen))  # PositionEncodingKind.Utf32 -> "utf-32"

    def schedule(self, uri: str, delay: float) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._check(uri, delay))

    async def _check(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if uri not in self.documents:
            return
        version, text = self.documents[uri]
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(self.worker, lint_document, uri, version, text,
                                                self.settings, self.encoding)
        except ReplycoachError as exc:  # a broken config or rule pack: say it once
            self._report(str(exc))
            return
        except Exception as exc:  # a bug: its type only, never the text
            log.error("internal error (%s) while checking a document", type(exc).__name__)
            self._report(f"internal error ({type(exc).__name__})")
            return
        if self.documents.get(uri, (None, None))[0] != version:
            return  # a newer version is on its way
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=linted.diagnostics))

    def _report(self, message: str) -> None:
        if message in self.reported:
            return
        self.reported.add(message)
        self.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Error, message=f"replycoach: {message}"))


def is_config(uri: str) -> bool:
    return uri.rsplit("/", 1)[-1] in CONFIG_NAMES


def create_server(settings: LspSettings | None = None) -> ReplycoachServer:
    server = ReplycoachServer(settings)

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReplycoachServer, params: types.InitializeParams) -> None:
        ls.settings = ls.settings.merged(params.initialization_options)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReplycoachServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if is_config(document.uri):
            return
        ls.documents[document.uri] = (document.version, document.text)
        ls.schedule(document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReplycoachServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not params.content_changes or uri not in ls.documents:
            return
        change = params.content_changes[-1]  # full sync: the last one is the whole text
        if not isinstance(change, types.TextDocumentContentChangeWholeDocument):
            log.warning("ignoring an incremental change: this server syncs whole documents")
            return
        ls.documents[uri] = (params.text_document.version, change.text)
        ls.schedule(uri, ls.settings.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReplycoachServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config(uri):  # a config edited in the editor: read it again
            load_config_file.cache_clear()
            find_project_config.cache_clear()
            ls.reported.clear()
            for open_uri in list(ls.documents):
                ls.schedule(open_uri, 0.0)
        elif uri in ls.documents:
            ls.schedule(uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReplycoachServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.pop(uri, None)
        ls.linted.pop(uri, None)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri,
                                                                            diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
    def code_action(ls: ReplycoachServer, params: types.CodeActionParams
                    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = ls.linted.get(uri)
        current = ls.documents.get(uri)
        if linted is None or current is None or current[1] != linted.text:
            return []  # not checked yet, or edited since: the next check brings new ones
        only = [str(k) for k in params.context.only] if params.context.only else None
        return code_actions(linted, params.range, only)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: ReplycoachServer,
                                 params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("replycoach"), dict):
            settings = settings["replycoach"]
        ls.settings = ls.settings.merged(settings)
        for uri in list(ls.documents):
            ls.schedule(uri, 0.0)

    return server


def run(settings: LspSettings | None = None) -> None:
    """Serve on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="replycoach lsp: %(levelname)s %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    create_server(settings).start_io(stdin, stdout)
