"""Find spans in a Doc by phrases, spaCy token patterns or regular expressions.

Shared by the phrase/pattern/regex kinds and by signals, so all three mean the same thing
wherever they are written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from replycoach.fields import Fields
from replycoach.languages import LanguageProfile
from replycoach.normalize import normalizer
from replycoach.prefilter import required_literals

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MATCH_ATTRS = {"norm": "NORM", "lower": "LOWER", "text": "ORTH", "lemma": "LEMMA"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    key: int = -1  # which phrase matched, for phrase -> replacement mappings
    prefix: str = ""  # the proclitic the draft attached to it ("و" in "وليش"), kept by fixes


def uses_morphology(fields: Fields) -> bool:
    """Does this spec match on MORPH features in a token pattern?"""
    return "MORPH" in repr(fields.data.get("patterns", ""))


def uses_lemmas(fields: Fields) -> bool:
    """Does this spec need lemmas (match: lemma, or LEMMA in a token pattern)?"""
    if fields.data.get("match") == "lemma":
        return True
    return "LEMMA" in repr(fields.data.get("patterns", ""))


class SpanFinder:
    """Compiled `phrases` / `patterns` / `regex` of one rule or signal."""

    def __init__(self, fields: Fields, nlp: Language,
                 profile: LanguageProfile | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.phrase_matcher: PhraseMatcher | None = None
        self.token_matcher: Matcher | None = None
        self.regexes: list[re.Pattern[str]] = []
        self.literals: list[re.Pattern[str] | None] = []  # prefilters, one per regex
        self.phrases: list[str] = []
        self.replacements: list[str | None] = []

        phrases = fields.get("phrases", (list, dict))
        if phrases:
            attr_name = fields.get("match", str, default="norm", choices=list(MATCH_ATTRS))
            attr = MATCH_ATTRS[attr_name]
            self.phrase_matcher = PhraseMatcher(nlp.vocab, attr=attr)
            items = phrases.items() if isinstance(phrases, dict) else ((p, None) for p in phrases)
            # Lemmas and norms come from pipeline components; text and lower case only need
            # the tokenizer.
            make = nlp if attr in ("LEMMA", "NORM") else nlp.make_doc
            proclitics = profile.proclitics if profile and attr in ("NORM", "LOWER") else ()
            for index, (phrase, replacement) in enumerate(items):
                if not isinstance(phrase, str) or not phrase.strip():
                    raise fields.error("phrases", f"expected non-empty text, got {phrase!r}")
                if replacement is not None and not isinstance(replacement, str):
                    raise fields.error("phrases", f"replacement for {phrase!r} must be text")
                self.phrase_matcher.add(f"{index}|", [make(phrase.strip())])
                for proclitic in proclitics:
                    self.phrase_matcher.add(f"{index}|{proclitic}",
                                            [make(proclitic + phrase.strip())])
                self.phrases.append(phrase)
                self.replacements.append(replacement)

        patterns = fields.get("patterns", list)
        normalize = normalizer(profile.normalization) if profile else None
        if patterns:
            self.token_matcher = Matcher(nlp.vocab, validate=True)
            for index, pattern in enumerate(patterns):
                if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
                    raise fields.error(
                        "patterns", f"pattern {index + 1} must be a list of token mappings"
                    )
                try:
                    self.token_matcher.add(f"p{index}", [_plain(pattern, normalize)])
                except (ValueError, KeyError) as exc:
                    reason = str(exc).strip().splitlines()
                    detail = " ".join(line.strip() for line in reason[:4])
                    raise fields.error(
                        "patterns", f"pattern {index + 1} is not a valid spaCy pattern: {detail}"
                    ) from None

        flags = re.MULTILINE
        if not fields.get("case_sensitive", bool, default=False):
            flags |= re.IGNORECASE
        for source in fields.strings("regex"):
            try:
                self.regexes.append(re.compile(source, flags))
            except re.error as exc:
                raise fields.error("regex", f"bad regular expression {source!r}: {exc}") from None
            words = required_literals(source, flags)
            self.literals.append(re.compile("|".join(map(re.escape, words))) if words else None)

        if not (self.phrase_matcher or self.token_matcher or self.regexes):
            raise fields.error(None, "needs at least one of 'phrases', 'patterns' or 'regex'")

    def find(self, doc: Doc, text: str | None = None) -> list[Span]:
        text = doc.text if text is None else text
        found: list[Span] = []
        if self.phrase_matcher is not None:
            for span in self.phrase_matcher(doc, as_spans=True):
                index, prefix = span.label_.split("|", 1)
                found.append(Span(span.start_char, span.end_char, int(index), prefix))
        if self.token_matcher is not None:
            for span in self.token_matcher(doc, as_spans=True):
                found.append(Span(span.start_char, span.end_char))
        lowered = text.lower() if self.regexes else ""
        for regex, literals in zip(self.regexes, self.literals, strict=True):
            if literals is not None and not literals.search(lowered):
                continue
            for match in regex.finditer(text):
                start, end = match.span("flag") if "flag" in regex.groupindex else match.span()
                if end > start:
                    found.append(Span(start, end))
        return _longest_first(found)


def _plain(value: Any, normalize: Callable[[str], str] | None, key: str = "") -> Any:
    """YAML line-tracking dicts back to plain dicts, which spaCy's validator expects; NORM
    values are normalised as the draft's words will be ("nemůžeme" -> "nemuzeme")."""
    if isinstance(value, dict):
        return {k: _plain(v, normalize, key if k in ("IN", "NOT_IN") else k)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, normalize, key) for v in value]
    if key == "NORM" and normalize is not None and isinstance(value, str):
        return normalize(value.lower())
    return value


def _longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans inside a longer overlapping one, so one phrase is reported once."""
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
