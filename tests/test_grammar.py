"""The LanguageTool adapter on LanguageTool's documented /v2/check format: the request it
builds, the matches it reads (offsets in UTF-16 code units turned into string indices), and the
findings they become. The responses under fixtures/languagetool/ follow that format; no
LanguageTool server is needed here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replycoach.config import Config
from replycoach.draft import Draft
from replycoach.grammar.checker import GrammarChoice, settings_for, to_findings
from replycoach.grammar.languagetool import (
    LanguageToolUnavailable,
    Utf16Index,
    build_request,
    check_url,
    parse_response,
)
from replycoach.model import Finding, Severity
from replycoach.policy import Policy

FIXTURES = Path(__file__).parent / "fixtures" / "languagetool"


def fixture(name: str) -> tuple[str, dict]:
    text = (FIXTURES / f"{name}-draft.txt").read_text(encoding="utf-8")
    return text, json.loads((FIXTURES / f"{name}-check.json").read_text(encoding="utf-8"))


def test_utf16_offsets_become_string_indices_after_emoji() -> None:
    text = "a😀b 👍🏽 c"
    index = Utf16Index(text)
    for position, _char in enumerate(text):
        units = len(text[:position].encode("utf-16-le")) // 2
        assert index.to_index(units) == position
    assert index.to_index(len(text.encode("utf-16-le")) // 2) == len(text)


def test_matches_land_on_the_flagged_words_even_after_emoji() -> None:
    text, response = fixture("en-us")
    matches = parse_response(response, text)
    assert [text[m.start:m.end] for m in matches] == ["Sorry for the wait", "an",
                                                      "today today", "Smithh"]
    article = matches[1]
    assert (article.rule_id, article.category_id, article.issue_type) == (
        "EN_A_VS_AN", "MISC", "misspelling")
    assert article.replacements == ("a",) and article.short_message == "Wrong article"


def test_language_tool_categories_map_to_ours() -> None:
    text, response = fixture("en-us")
    matches = {m.rule_id: m for m in parse_response(response, text)}
    assert matches["EN_SORRY_WAIT_STYLE"].category == "clarity"
    assert matches["EN_SORRY_WAIT_STYLE"].severity == Severity.SUGGESTION
    assert matches["EN_A_VS_AN"].category == "correctness"
    assert matches["ENGLISH_WORD_REPEAT_RULE"].severity == Severity.WARNING
    assert matches["MORFOLOGIK_RULE_EN_US"].category == "correctness"  # TYPOS


def test_a_match_outside_the_text_is_dropped_and_garbage_is_refused() -> None:
    bad = {"matches": [{"offset": 500, "length": 3, "message": "x", "rule": {}},
                       {"offset": "2", "length": 1}, "not a match"]}
    assert parse_response(bad, "short text") == []
    with pytest.raises(LanguageToolUnavailable):
        parse_response(["not", "a", "check"], "text")


def test_the_request_names_the_language_and_can_turn_typos_off() -> None:
    assert build_request("Hi", "en", ("TYPOS",)) == {
        "text": "Hi", "language": "en-US", "disabledCategories": "TYPOS"}
    assert build_request("Cześć", "pl")["language"] == "pl-PL"


@pytest.mark.parametrize(("server", "url"), [
    ("http://localhost:8081", "http://localhost:8081/v2/check"),
    ("http://localhost:8081/", "http://localhost:8081/v2/check"),
    ("https://lt.example.com/v2", "https://lt.example.com/v2/check"),
    ("https://lt.example.com/api/v2/", "https://lt.example.com/api/v2/check"),
])
def test_a_server_address_is_read_with_or_without_v2(server: str, url: str) -> None:
    assert check_url(server) == url


def test_a_server_address_that_is_no_url_is_refused() -> None:
    with pytest.raises(ValueError, match="not an http"):
        check_url("localhost:8081")


def draft_of(name: str, language: str) -> Draft:
    text, _ = fixture(name)
    return Draft.whole("draft.txt", text, language=language, channel="email")


def findings_of(name: str, language: str, policy: Policy,
                existing: list[Finding] | None = None) -> list[Finding]:
    draft = draft_of(name, language)
    return to_findings(parse_response(fixture(name)[1], draft.text), draft, policy,
                       existing or [])


def test_matches_become_findings_in_the_prose_but_not_in_the_signature() -> None:
    findings = findings_of("en-us", "en", Policy())
    text = draft_of("en-us", "en").text
    assert [(text[f.start:f.end], f.rule) for f in findings] == [
        ("Sorry for the wait", "en.grammar.EN_SORRY_WAIT_STYLE"),
        ("an", "en.grammar.EN_A_VS_AN"),
        ("today today", "en.grammar.ENGLISH_WORD_REPEAT_RULE"),
    ]  # 'Smithh' is in the signature
    article = findings[1]
    assert article.suggestions == ["a"] and article.message.endswith("(LanguageTool)")
    assert article.fix is not None and article.fix.replacement == "a" and not article.fix.safe
    assert findings[0].fix is None  # two replacements: a person chooses


def test_select_ignore_severity_and_the_team_vocabulary_apply() -> None:
    ignored = findings_of("en-us", "en", Policy(ignore=("clarity",)))
    assert "en.grammar.EN_SORRY_WAIT_STYLE" not in [f.rule for f in ignored]
    louder = findings_of("en-us", "en", Policy(severities=(("en.grammar", Severity.ERROR),)))
    assert {f.severity for f in louder} == {Severity.ERROR}
    accepted = findings_of("en-us", "en", Policy(accept=("today today",)))
    assert "en.grammar.ENGLISH_WORD_REPEAT_RULE" not in [f.rule for f in accepted]


def test_a_span_another_rule_already_flagged_in_the_category_is_not_repeated() -> None:
    draft = draft_of("en-us", "en")
    start = draft.text.index("today today")
    mine = Finding("en.clarity.x", "correctness", Severity.WARNING, "m", start,
                   start + len("today today"))
    rules = [f.rule for f in findings_of("en-us", "en", Policy(), [mine])]
    assert "en.grammar.ENGLISH_WORD_REPEAT_RULE" not in rules


def test_polish_matches_after_an_emoji() -> None:
    findings = findings_of("pl-pl", "pl", Policy())
    text = draft_of("pl-pl", "pl").text
    assert [text[f.start:f.end] for f in findings] == ["paczka", "jutro jutro"]


def test_grammar_is_off_unless_the_config_or_the_command_line_turns_it_on() -> None:
    assert not settings_for(GrammarChoice(), Config()).enabled
    on = settings_for(GrammarChoice(), Config(grammar_enabled=True,
                                              grammar_server="http://lt:8081",
                                              grammar_timeout=2.0))
    assert (on.enabled, on.server, on.timeout) == (True, "http://lt:8081", 2.0)
    assert settings_for(GrammarChoice(server="http://x:1"), Config()).enabled
    assert not settings_for(GrammarChoice(enabled=False),
                            Config(grammar_enabled=True)).enabled
    assert settings_for(GrammarChoice(enabled=True), Config()).server is None  # local
