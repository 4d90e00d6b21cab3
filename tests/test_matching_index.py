"""One MatchIndex per language runs every rule's and signal's phrases and token patterns over
a Doc at once; each finder must still find exactly what it found with matchers of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from replycoach.analysis import Analysis
from replycoach.draft import Draft
from replycoach.engine import language_rules, lint
from replycoach.fields import Fields
from replycoach.kinds._spans import SpanCheck
from replycoach.matching import MatchIndex, Span, SpanFinder, _longest_first
from replycoach.policy import Policy

REPO = Path(__file__).resolve().parents[1]

# Phrases of different rules that overlap or nest, as agents' drafts make them.
OVERLAPPING_EN = [
    "Unfortunately, as I already said, we can't refund it at this point in time.",
    "We are unable to help; please calm down and read the instructions again.",
    "Obviously, per our policy we cannot offer a refund ASAP, I'm afraid.",
    "As I said before, you failed to follow the steps, which is clearly stated in the FAQ.",
    "I've escalated your ticket to our Tier 2 team; they'll get back to you ASAP!!",
]


def reference_find(finder: SpanFinder, doc: Doc, text: str) -> list[Span]:
    """What a finder found before the index: a PhraseMatcher and a Matcher of its own."""
    found: list[Span] = []
    if finder.phrase_patterns:
        phrases = PhraseMatcher(finder.vocab, attr=finder.attr)
        for pattern in finder.phrase_patterns:
            phrases.add(f"{pattern.index}|{pattern.prefix}", [finder.make_doc(pattern.text)])
        for span in phrases(doc, as_spans=True):
            index, prefix = span.label_.split("|", 1)
            found.append(Span(span.start_char, span.end_char, int(index), prefix))
    if finder.token_patterns:
        tokens = Matcher(finder.vocab)
        for number, pattern in enumerate(finder.token_patterns):
            tokens.add(f"p{number}", [pattern])
        found += [Span(s.start_char, s.end_char) for s in tokens(doc, as_spans=True)]
    for pattern in finder.regexes:
        for match in pattern.regex.finditer(text):
            start, end = match.span("flag") if "flag" in pattern.regex.groupindex else match.span()
            if end > start:
                found.append(Span(start, end))
    return _longest_first(found)


def observable(finder: SpanFinder, spans: list[Span]) -> list[tuple[int, int, str, str | None]]:
    """What a finding shows of a span: where, the proclitic and the rewrite. (Which of two
    phrases with the same rewrite matched is not shown, and spaCy's order among phrases
    matching the same words was its hash order: the index makes it the written order.)"""
    return [(s.start, s.end, s.prefix, finder.replacements[s.key] if s.key >= 0 else None)
            for s in spans]


def corpus_texts(language: str, count: int = 25) -> list[str]:
    data = yaml.safe_load((REPO / "tests" / "corpus" / f"{language}.yml").read_text("utf-8"))
    return [d["text"] for d in data["drafts"][:count]]


def finders_of(language: str) -> list[SpanFinder]:
    rules = language_rules(language)
    finders = list(rules.signals.values())
    finders += [r.check.finder for r in rules.rules if isinstance(r.check, SpanCheck)]
    return finders


def analyse(text: str, language: str) -> Analysis:
    rules = language_rules(language)
    return Analysis.of(Draft.whole("draft.txt", text, language=language), rules.profile,
                       rules.nlp)


@pytest.mark.parametrize("language", ["en", "cs", "pl", "ru", "vi", "ar"])
def test_every_finder_finds_in_the_shared_index_what_it_found_alone(language: str) -> None:
    finders = finders_of(language)
    assert all(f.index is not None for f in finders)
    assert len({f.index for f in finders}) == 1, "one index for the whole language"
    texts = corpus_texts(language) + (OVERLAPPING_EN if language == "en" else [])
    compared = 0
    for text in texts:
        analysis = analyse(text, language)
        for finder in finders:
            expected = observable(finder, reference_find(finder, analysis.doc, text))
            got = observable(finder, analysis.spans(finder))
            assert got == expected, (text, finder.phrases[:3])
            compared += bool(expected)
    assert compared > 20  # the drafts did make the finders find something


def test_overlapping_phrases_of_different_rules_give_the_findings_they_gave_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    upset = "This is ridiculous, I am still waiting for my refund!!"
    drafts = [Draft.whole("draft.txt", text, language="en", channel="email",
                          context=upset if number % 2 else None)
              for number, text in enumerate(OVERLAPPING_EN)]
    combined = [lint(draft, Policy()) for draft in drafts]

    def alone(self: Analysis, finder: SpanFinder, in_context: bool = False) -> list[Span]:
        doc = self.context_doc if in_context else self.doc
        return [] if doc is None else reference_find(finder, doc, doc.text)

    monkeypatch.setattr(Analysis, "spans", alone)
    assert [lint(draft, Policy()) for draft in drafts] == combined
    rules = {f.rule for findings in combined for f in findings}
    assert {"en.blame.as-i-said", "en.clarity.jargon"} <= rules, rules


def test_an_arabic_phrase_keeps_the_proclitic_the_draft_glued_to_it() -> None:
    text = "وليش ما وصلك الطلب؟ ولماذا التأخير؟"
    [finder] = [r.check.finder for r in language_rules("ar").rules
                if r.id == "ar.formality.dialect-words"]
    [span] = analyse(text, "ar").spans(finder)
    assert (text[span.start:span.end], span.prefix) == ("وليش", "و")
    assert finder.phrases[span.key] == "ليش" and finder.replacements[span.key] == "لماذا"
    draft = Draft.whole("draft.txt", text, language="ar", locale="ar-SA", channel="chat")
    [finding] = [f for f in lint(draft, Policy()) if f.rule == "ar.formality.dialect-words"]
    assert finding.fix is not None and finding.fix.replacement == "ولماذا"


def test_where_two_phrases_of_one_finder_match_the_same_words_the_first_written_wins() -> None:
    nlp = language_rules("en").nlp
    profile = language_rules("en").profile
    # "can't" and "cannot" are both the words 'can' + 'not' once normalised.
    first = SpanFinder(Fields({"phrases": {"cannot": "can", "can't": "could"}}, "t.yml", "a"),
                       nlp, profile)
    swapped = SpanFinder(Fields({"phrases": {"can't": "could", "cannot": "can"}}, "t.yml", "b"),
                         nlp, profile)
    MatchIndex([first, swapped])
    text = "Sorry, we can't."
    analysis = analyse(text, "en")
    [a], [b] = analysis.spans(first), analysis.spans(swapped)
    assert text[a.start:a.end] == text[b.start:b.end] == "can't"
    assert first.replacements[a.key] == "can" and swapped.replacements[b.key] == "could"


def test_a_finder_used_alone_matches_with_a_private_index() -> None:
    nlp = language_rules("en").nlp
    finder = SpanFinder(Fields({"phrases": ["refund"], "regex": [r"\bASAP\b"],
                                "patterns": [[{"LOWER": "store"}, {"LOWER": "credit"}]]},
                               "t.yml", "alone"), nlp)
    text = "No refund, but store credit ASAP."
    doc = nlp(text)
    assert finder.index is None
    assert [text[s.start:s.end] for s in finder.find(doc)] == ["refund", "store credit", "ASAP"]


def test_token_patterns_on_lemmas_do_not_fail_on_a_draft_without_words(run_cli) -> None:
    """Russian patterns match lemmas and morphology; '!!! ???' has none of either."""
    result = run_cli("check", "--isolated", "--lang", "ru", "-", input="!!! ???\n")
    assert result.exit_code == 1, result.output
    assert "question-storm" in result.stdout


def test_glued_proclitics_are_found_without_docs_of_their_own() -> None:
    """Arabic's proclitic variants are looked up by the glued word's value (no Doc each):
    over the whole Arabic corpus they must find exactly what variant Docs found."""
    finders = finders_of("ar")
    index = finders[0].index
    assert index is not None and sum(len(v) for t in index._glued.values()
                                     for v in t.values()) > 20_000
    prefixed = 0
    for text in corpus_texts("ar", count=1000):
        analysis = analyse(text, "ar")
        for finder in finders:
            expected = observable(finder, reference_find(finder, analysis.doc, text))
            got = observable(finder, analysis.spans(finder))
            assert got == expected, (text, finder.phrases[:3])
            prefixed += sum(1 for _start, _end, prefix, _fix in expected if prefix)
    assert prefixed > 10, "the corpus did not exercise glued proclitics"


@pytest.mark.parametrize("language", ["en", "cs", "pl", "ru", "vi", "ar"])
def test_rules_skipped_for_having_nothing_to_find_would_have_found_nothing(
        language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """lint() skips a span rule whose finder cannot find anything in the draft (no phrase
    or pattern matched, no regex has its words): running every rule finds the same."""
    drafts = [Draft.whole("draft.txt", text, language=language, channel=channel)
              for text in corpus_texts(language, count=1000) for channel in ("email", "sms")]
    skipping = [lint(draft, Policy()) for draft in drafts]
    monkeypatch.setattr(Analysis, "may_find", lambda self, finder: True)
    assert [lint(draft, Policy()) for draft in drafts] == skipping
    assert any(skipping)
