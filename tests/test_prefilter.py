"""The words a regex needs (prefilter.py) must never skip a draft the regex matches, and the
token patterns' gate (matching.TokenGate) must never skip a Doc the Matcher matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from spacy.matcher import Matcher

from replycoach.engine import language_rules
from replycoach.kinds._spans import SpanCheck
from replycoach.matching import SpanFinder, TokenGate, _required_values
from replycoach.prefilter import required_literals

REPO = Path(__file__).resolve().parents[1]
FLAGS = re.IGNORECASE | re.MULTILINE
LANGUAGES = ["en", "cs", "pl", "ru", "vi", "ar"]


@pytest.mark.parametrize(("pattern", "groups"), [
    # Every match has a word of each group; the most telling group comes first.
    (r"\bunable to (help|assist)\b", (("unable to ",), ("assist", "help"))),
    (r"\byou\s+did\s+not\s+(?:read|follow)\b", (("follow", "read"), ("did",), ("not",),
                                                ("you",))),
    # Runs of punctuation are rare in prose: two marks are worth looking for, one is not.
    (r"(?<!!)!!(?!!)", (("!!",),)),
    (r"!{3,}", (("!!!",),)),
    (r"\?{2,}|[?!]*(?:\?!|!\?)[?!]*", (("!?", "?!", "??"),)),
    (r"!", None),
    # Too short to filter, or optional: nothing known.
    (r"a(b|c)", None),
    (r"x{2,}y", None),
    (r"(?:sorry)?\s*thanks?", (("thank",),)),
    (r"(?:sorry)*", None),
])
def test_required_groups(pattern: str, groups: tuple[tuple[str, ...], ...] | None) -> None:
    assert required_literals(pattern, FLAGS) == groups


def corpus_texts(language: str) -> list[str]:
    data = yaml.safe_load((REPO / "tests" / "corpus" / f"{language}.yml").read_text("utf-8"))
    texts = [d["text"] for d in data["drafts"]] + [str(s) for s in data.get("one_sentence", [])]
    return texts + [d["context"] for d in data["drafts"] if d.get("context")]


def finders_of(language: str) -> list[SpanFinder]:
    rules = language_rules(language)
    return list(rules.signals.values()) + [
        r.check.finder for r in rules.rules if isinstance(r.check, SpanCheck)]


def has_groups(groups: tuple[frozenset[str], ...] | None, text: str) -> bool:
    lowered = text.lower()
    return all(any(word in lowered for word in group) for group in groups or ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_regex_never_matches_a_text_without_its_words(language: str) -> None:
    texts = corpus_texts(language)
    checked = 0
    for finder in finders_of(language):
        for pattern in finder.regexes:
            for text in texts:
                if pattern.regex.search(text):
                    assert has_groups(pattern.required, text), (pattern.source, text)
                    checked += 1
    assert checked > 20


def test_the_token_gate_never_skips_a_doc_the_matcher_matches() -> None:
    """Over every language's token patterns (Czech's rules have none) and its corpus."""
    checked = 0
    for language in LANGUAGES:
        rules = language_rules(language)
        texts = corpus_texts(language)
        docs = [rules.nlp(text) for text in texts]
        for number, pattern in enumerate(p for f in finders_of(language) for p in f.token_patterns):
            gate = TokenGate()
            gate.add(pattern, rules.nlp.vocab.strings)
            matcher = Matcher(rules.nlp.vocab)
            matcher.add(f"p{number}", [pattern])
            for text, doc in zip(texts, docs, strict=True):
                if matcher(doc, allow_missing=True):
                    assert gate.may_match(doc), (language, pattern, text)
                    checked += 1
    assert checked > 20


def test_the_token_gate_picks_the_rarest_plain_required_token() -> None:
    pattern = [{"NORM": {"IN": ["i", "we"]}}, {"NORM": "can"}, {"NORM": "not"},
               {"LOWER": {"IN": ["really", "just"]}, "OP": "?"}]
    assert _required_values(pattern) == ("NORM", frozenset({"not"}))
    # Optional, negated and pattern-matched tokens say nothing; nor do non-text values.
    assert _required_values([{"LOWER": "x", "OP": "*"}, {"NORM": {"REGEX": "^a"}},
                             {"LOWER": {"NOT_IN": ["b"]}}, {"LENGTH": 3}]) is None
    nlp = language_rules("en").nlp
    gate = TokenGate()
    gate.add(pattern, nlp.vocab.strings)
    assert gate.may_match(nlp("Sorry, we cannot do that."))
    assert not gate.may_match(nlp("Sorry, we can do that."))
    gate.add([{"NORM": {"REGEX": "^x"}}], nlp.vocab.strings)
    assert gate.may_match(nlp("Sorry, we can do that.")), "a pattern it cannot read: always"


@pytest.mark.parametrize("language", LANGUAGES)
def test_required_words_are_found_as_a_plain_search_finds_them(language: str) -> None:
    """RequiredWords looks for a word only in texts holding its anchor: it must find just
    what `word in text` finds, first time and from its memory of words met."""
    index = language_rules(language).index
    assert index is not None
    required = index._required
    words = list(required.patterns_of)
    texts = corpus_texts(language) + ["He/she said: why?! No!!!", "S/HE", "unable to\nhelp"]
    for _ in range(2):
        for text in texts:
            lowered = text.lower()
            assert required.found_in(lowered) == {w for w in words if w in lowered}, text
