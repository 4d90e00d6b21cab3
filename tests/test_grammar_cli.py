"""`replycoach check` with grammar: a LanguageTool server on this machine's loopback that
answers with recorded responses, one that is not there, one too slow, and a real one when
REPLYCOACH_LANGUAGETOOL_URL names it."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from stubserver import QuietHandler, serving

FIXTURES = Path(__file__).parent / "fixtures" / "languagetool"
RESPONSES = {"en-US": "en-us-check.json", "pl-PL": "pl-pl-check.json"}


@pytest.fixture(autouse=True)
def no_warm_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check here, not through a `replycoach serve` some other process left running."""
    monkeypatch.setenv("REPLYCOACH_SERVER", "off")


@dataclass
class FakeLanguageTool:
    url: str
    requests: list[dict[str, str]] = field(default_factory=list)
    delay: float = 0.0
    # Set when the test ends: a delayed answer stops waiting, so no handler outlives its
    # test (a later test's captured stderr would get its broken-pipe report).
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def language_tool() -> Iterator[FakeLanguageTool]:
    """A LanguageTool stand-in on 127.0.0.1: POST /v2/check answers with the recorded
    response for the request's language."""
    state = FakeLanguageTool("")

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", 0))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
            state.requests.append(form)
            state.release.wait(state.delay)
            if self.path != "/v2/check" or form.get("language") not in RESPONSES:
                self.send_error(400, "unsupported")
                return
            self.answer(200, (FIXTURES / RESPONSES[form["language"]]).read_bytes())

    with serving(Handler) as state.url:
        try:
            yield state
        finally:
            state.release.set()  # before the server joins the handlers


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def draft(tmp_path: Path, name: str = "en-us") -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text((FIXTURES / f"{name}-draft.txt").read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


def rules_of(output: str) -> list[str]:
    return [f["rule"] for f in json.loads(output)["files"][0]["findings"]]


def test_grammar_is_off_by_default_and_nothing_is_sent(run_cli, tmp_path, language_tool):
    result = run_cli("check", "--isolated", "--lang", "en", "--format", "json",
                     draft(tmp_path))
    assert not [r for r in rules_of(result.stdout) if ".grammar." in r]
    assert language_tool.requests == []


def test_grammar_server_adds_findings_with_our_categories(run_cli, tmp_path, language_tool):
    path = draft(tmp_path)
    result = run_cli("check", "--isolated", "--lang", "en", "--format", "json",
                     "--grammar-server", language_tool.url, path)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    grammar = {f["rule"]: f for f in findings if ".grammar." in f["rule"]}
    assert set(grammar) == {"en.grammar.EN_SORRY_WAIT_STYLE", "en.grammar.EN_A_VS_AN",
                            "en.grammar.ENGLISH_WORD_REPEAT_RULE"}
    article = grammar["en.grammar.EN_A_VS_AN"]
    assert (article["text"], article["category"], article["suggestions"]) == (
        "an", "correctness", ["a"])
    assert grammar["en.grammar.EN_SORRY_WAIT_STYLE"]["category"] == "clarity"
    # Only the draft went out, with our spelling in charge of typos.
    [sent] = language_tool.requests
    assert sent["language"] == "en-US" and sent["disabledCategories"] == "TYPOS"
    assert sent["text"] == path.read_text(encoding="utf-8")
    assert result.stderr == ""


def test_the_config_turns_grammar_on(run_cli, tmp_path, language_tool):
    (tmp_path / ".replycoach.yml").write_text(
        f"grammar:\n  enabled: true\n  server: {language_tool.url}\n", encoding="utf-8")
    result = run_cli("check", "--lang", "pl", "--format", "json", draft(tmp_path, "pl-pl"))
    assert {"pl.grammar.PL_WORD_REPEAT", "pl.grammar.UPPERCASE_SENTENCE_START"} <= set(
        rules_of(result.stdout))
    off = run_cli("check", "--no-grammar", "--lang", "pl", "--format", "json",
                  draft(tmp_path, "pl-pl"))
    assert not [r for r in rules_of(off.stdout) if ".grammar." in r]


def test_an_unreachable_server_is_one_line_and_the_other_checks_still_run(run_cli,
                                                                         tmp_path):
    first, second = draft(tmp_path), draft(tmp_path, "pl-pl")
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_cli("check", "--isolated", "--format", "json", "--grammar-server", url,
                     first, second)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert f"LanguageTool at {url} could not be reached" in lines[0]
    assert "the other checks ran" in lines[0]
    files = json.loads(result.stdout)["files"]
    assert all(f["findings"] for f in files)  # spelling and the rest still found things


def test_a_server_that_does_not_answer_in_time_does_not_hang_the_check(run_cli, tmp_path,
                                                                       language_tool):
    language_tool.delay = 5
    (tmp_path / ".replycoach.yml").write_text(
        f"grammar: {{enabled: true, server: '{language_tool.url}', timeout: 0.5}}\n",
        encoding="utf-8")
    started = time.monotonic()
    result = run_cli("check", "--lang", "en", "--format", "json", draft(tmp_path))
    assert time.monotonic() - started < 4
    assert "no answer within 0.5 s" in result.stderr
    assert rules_of(result.stdout), "the other findings are reported"


def test_czech_and_vietnamese_say_languagetool_has_no_such_language(run_cli, tmp_path,
                                                                    language_tool):
    path = tmp_path / "cs.txt"
    path.write_text("Dobrý den, zásilku jsme odeslali včera.\n", encoding="utf-8")
    result = run_cli("check", "--isolated", "--lang", "cs", "--grammar-server",
                     language_tool.url, path, path)
    assert result.stderr.splitlines() == [
        "replycoach: note: LanguageTool has no Czech: grammar is not checked in Czech drafts "
        "(spelling is)"]
    assert language_tool.requests == []


def test_a_bad_grammar_setting_names_the_file_and_line(run_cli, tmp_path):
    (tmp_path / ".replycoach.yml").write_text("grammar:\n  timeout: -1\n", encoding="utf-8")
    result = run_cli("check", "--lang", "en", draft(tmp_path))
    assert result.exit_code == 2
    assert ".replycoach.yml:2" in result.stderr and "timeout" in result.stderr


REAL_SERVER = os.environ.get("REPLYCOACH_LANGUAGETOOL_URL")


@pytest.mark.skipif(not REAL_SERVER, reason="no LanguageTool to talk to: set "
                    "REPLYCOACH_LANGUAGETOOL_URL=http://host:8081 to run this test")
def test_a_real_languagetool_finds_an_article_error_after_an_emoji(run_cli, tmp_path):
    path = tmp_path / "real.txt"
    text = "Thanks for waiting 🙏 We will send you an replacement tomorrow.\n"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--isolated", "--lang", "en", "--format", "json",
                     "--grammar-server", REAL_SERVER, path)
    found = [(f["text"], f["category"]) for f in json.loads(result.stdout)["files"][0][
        "findings"] if ".grammar." in f["rule"]]
    assert ("an", "correctness") in found, (found, result.stderr)


def test_a_local_languagetool_that_cannot_start_is_one_line(run_cli, tmp_path, monkeypatch):
    import language_tool_python

    def offline(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("no route to the download server")

    monkeypatch.setattr(language_tool_python, "LanguageTool", offline)
    result = run_cli("check", "--isolated", "--lang", "en", "--grammar", draft(tmp_path))
    assert result.stderr.splitlines() == [
        "replycoach: warning: a local LanguageTool could not be started (ConnectionError: no "
        "route to the download server; it needs Java 17 and, the first time, internet access "
        "to download LanguageTool): grammar is not checked; the other checks ran"]
    assert "3 findings in 1 file" in result.stdout  # the other checks' findings stand
