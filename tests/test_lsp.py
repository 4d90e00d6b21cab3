"""`replycoach lsp` spoken to as an editor would: a real process, JSON-RPC over stdio with
Content-Length framing, every wait bounded."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[serve]')")

TIMEOUT = 180.0  # the first check compiles the English rules
DRAFT = ("Hi Anna,\n\n😀 At this point in time we cannot refund sale items.\n\n"
         "Best regards,\nTom\n")


class LspClient:
    def __init__(self, cwd: Path, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "replycoach", "lsp", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.stderr: list[bytes] = []
        self.next_id = 0
        self.held: list[dict[str, Any]] = []  # notifications read while waiting for a reply
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr or []),
                         daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError("no answer from the language server; stderr:\n"
                                 + b"".join(self.stderr).decode(errors="replace")[-2000:])
        try:
            message = self.inbox.get(timeout=remaining)
        except queue.Empty:
            return self._next(deadline)
        if "method" in message and "id" in message:  # a request to the client: accept it
            self.send({"id": message["id"], "result": None})
            return self._next(deadline)
        return message

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._next(deadline)
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result")
            self.held.append(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list[dict[str, Any]]:
        """The diagnostics published for this version of the document."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.held.pop(0) if self.held else self._next(deadline)
            params = message.get("params") or {}
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and params.get("uri") == uri and params.get("version") == version):
                return params["diagnostics"]

    def initialize(self, encodings: list[str] | None = None, **options: Any) -> dict[str, Any]:
        capabilities: dict[str, Any] = {"textDocument": {"codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}}}
        if encodings is not None:
            capabilities["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": None, "rootUri": None,
                                             "capabilities": capabilities,
                                             "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self.notify("exit", None)
                return self.proc.wait(timeout=20)
            finally:
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        return self.proc.returncode


@pytest.fixture
def lsp(tmp_path: Path):
    client = LspClient(tmp_path)
    yield client
    client.close()


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def open_draft(lsp: LspClient, tmp_path: Path, text: str = DRAFT) -> str:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    lsp.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    return uri


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply TextEdits (UTF-16 positions) the way an editor does, last first."""
    lines = text.split("\n")

    def offset(position: dict[str, int]) -> int:
        before = sum(len(line) + 1 for line in lines[:position["line"]])
        line, count, index = lines[position["line"]], 0, 0
        while count < position["character"]:
            count += utf16(line[index])
            index += 1
        return before + index

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def test_initialize_announces_full_sync_code_actions_and_utf16(lsp: LspClient):
    capabilities = lsp.initialize()["capabilities"]
    assert capabilities["positionEncoding"] == "utf-16"
    assert capabilities["textDocumentSync"]["change"] == 1  # Full
    assert capabilities["textDocumentSync"]["openClose"] is True
    assert "quickfix" in capabilities["codeActionProvider"]["codeActionKinds"]


def test_utf32_is_chosen_when_the_client_offers_it(tmp_path: Path):
    client = LspClient(tmp_path)
    try:
        result = client.initialize(["utf-8", "utf-16", "utf-32"], lang="en")
        assert result["capabilities"]["positionEncoding"] == "utf-32"
        uri = open_draft(client, tmp_path)
        found = {d["code"]: d for d in client.diagnostics(uri, 1)}
        start = found["en.positivity.cannot"]["range"]["start"]
        line = DRAFT.split("\n")[2]
        assert start == {"line": 2, "character": line.index("we cannot")}  # code points
    finally:
        assert client.close() == 0


def test_did_open_and_did_change_publish_diagnostics(lsp: LspClient, tmp_path: Path):
    lsp.initialize(lang="en")
    uri = open_draft(lsp, tmp_path)
    found = {d["code"]: d for d in lsp.diagnostics(uri, 1)}
    assert {"en.positivity.cannot", "en.boilerplate.wordy"} <= found.keys()
    cannot = found["en.positivity.cannot"]
    line = DRAFT.split("\n")[2]
    column = utf16(line[:line.index("we cannot")])
    assert column == line.index("we cannot") + 1, "the emoji is two UTF-16 units"
    assert cannot["range"]["start"] == {"line": 2, "character": column}
    assert cannot["range"]["end"] == {"line": 2, "character": column + len("we cannot refund")}
    assert cannot["severity"] == 2 and cannot["source"] == "replycoach"
    assert "what you can't do" in cannot["message"] or "can do" in cannot["message"]

    changed = DRAFT.replace("we cannot refund sale items", "we will refund the sale items")
    lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                          "contentChanges": [{"text": changed}]})
    after = {d["code"] for d in lsp.diagnostics(uri, 2)}
    assert "en.positivity.cannot" not in after
    assert "en.boilerplate.wordy" in after


def test_a_code_action_applies_a_fix(lsp: LspClient, tmp_path: Path):
    lsp.initialize(lang="en")
    uri = open_draft(lsp, tmp_path)
    wordy = next(d for d in lsp.diagnostics(uri, 1) if d["code"] == "en.boilerplate.wordy")
    actions = lsp.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": wordy["range"],
        "context": {"diagnostics": [wordy]}})
    quick = [a for a in actions if a["kind"] == "quickfix"]
    assert quick and quick[0]["isPreferred"] is True
    assert quick[0]["diagnostics"][0]["code"] == "en.boilerplate.wordy"
    fixed = apply(DRAFT, quick[0]["edit"]["changes"][uri])
    assert "😀 Now we cannot refund" in fixed
    fix_all = [a for a in actions if a["kind"] == "source.fixAll"]
    assert fix_all and "Now we cannot" in apply(DRAFT, fix_all[0]["edit"]["changes"][uri])

    # After the edit, the document is checked again and the finding is gone.
    lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                          "contentChanges": [{"text": fixed}]})
    assert "en.boilerplate.wordy" not in {d["code"] for d in lsp.diagnostics(uri, 2)}


def test_language_is_detected_and_close_clears(lsp: LspClient, tmp_path: Path):
    lsp.initialize()
    uri = open_draft(lsp, tmp_path)
    assert any(d["code"] == "en.positivity.cannot" for d in lsp.diagnostics(uri, 1))
    lsp.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message = lsp._next(deadline)
        if message.get("method") == "textDocument/publishDiagnostics":
            assert message["params"]["diagnostics"] == []
            break


def test_shutdown_and_exit(tmp_path: Path):
    client = LspClient(tmp_path)
    client.initialize()
    assert client.close() == 0


def test_options_select_rules_and_configuration_changes_apply(lsp: LspClient, tmp_path: Path):
    lsp.initialize(lang="en", select=["positivity"])
    uri = open_draft(lsp, tmp_path)
    assert {d["code"] for d in lsp.diagnostics(uri, 1)} == {"en.positivity.cannot"}
    lsp.notify("workspace/didChangeConfiguration",
               {"settings": {"replycoach": {"select": "en.boilerplate"}}})
    assert {d["code"] for d in lsp.diagnostics(uri, 1)} == {"en.boilerplate.wordy"}
