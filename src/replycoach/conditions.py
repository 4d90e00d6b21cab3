"""`when` / `unless` conditions: where a signal must (or must not) occur for a finding to stand."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from replycoach.analysis import Analysis
from replycoach.fields import Fields
from replycoach.locales import FACETS
from replycoach.matching import Span, SpanFinder
from replycoach.model import CHANNELS

SIGNAL_SCOPES = ("same_sentence", "preceding", "nearby", "draft", "context")
CONDITION_KEYS = (*SIGNAL_SCOPES, "has_context", "channel", "explained", "locale")

Test = Callable[[Analysis, int, int], bool]


def _outside(span: Span, start: int, end: int) -> bool:
    return span.end <= start or span.start >= end


def _signal_test(scope: str, names: list[str], finders: list[SpanFinder]) -> Test:
    def test(analysis: Analysis, start: int, end: int) -> bool:
        if scope == "context":
            return any(analysis.signal_spans(n, f, in_context=True)
                       for n, f in zip(names, finders, strict=True))
        index = analysis.sentence_index(start)
        sentences = analysis.sentences
        if scope == "nearby":
            lo = sentences[max(index - 1, 0)][0]
            hi = sentences[min(index + 1, len(sentences) - 1)][1]
        elif scope == "draft":
            lo, hi = 0, len(analysis.text)
        else:
            lo, hi = sentences[index] if sentences else (0, len(analysis.text))
        if scope == "preceding":
            hi = start
        for name, finder in zip(names, finders, strict=True):
            for span in analysis.signal_spans(name, finder):
                if lo <= span.start < hi and _outside(span, start, end):
                    return True
        return False

    return test


@dataclass
class Conditions:
    """A conjunction (`when`) or disjunction (`unless`) of tests."""

    tests: list[Test]

    def all_hold(self, analysis: Analysis, start: int, end: int) -> bool:
        return all(test(analysis, start, end) for test in self.tests)

    def any_holds(self, analysis: Analysis, start: int, end: int) -> bool:
        return any(test(analysis, start, end) for test in self.tests)


def parse_conditions(fields: Fields, key: str, signals: dict[str, SpanFinder]) -> Conditions:
    raw = fields.get(key, dict, default={})
    inner = Fields(raw, fields.path, f"{fields.where}: field '{key}'",
                   line=fields.line_of(key) or 0)
    inner.reject_unknown(CONDITION_KEYS)
    tests: list[Test] = []
    for scope in SIGNAL_SCOPES:
        if inner.has(scope):
            names = inner.strings(scope)
            for name in names:
                if name not in signals:
                    raise inner.error(scope, f"unknown signal '{name}'")
            tests.append(_signal_test(scope, names, [signals[n] for n in names]))
    if inner.has("has_context"):
        wanted = inner.get("has_context", bool)
        tests.append(lambda a, s, e: (a.draft.context is not None) == wanted)
    if inner.has("channel"):
        channels = inner.strings("channel")
        for channel in channels:
            if channel not in CHANNELS:
                raise inner.error("channel", f"unknown channel '{channel}'")
        tests.append(lambda a, s, e: a.draft.channel in channels)
    if inner.has("locale"):
        tests.append(_locale_test(inner))
    if inner.has("explained"):
        wanted = inner.get("explained", bool)
        tests.append(lambda a, s, e: _explained(a.text, a.text[s:e]) == wanted)
    return Conditions(tests)


def _explained(text: str, term: str) -> bool:
    """Is the term spelled out in the draft: 'Return Authorization (RMA)' or 'RMA (Return ...)'?"""
    escaped = re.escape(term)
    return bool(re.search(rf"\(\s*{escaped}\s*\)|(?<!\w){escaped}\s*\(\s*\w", text))


def _locale_test(conditions: Fields) -> Test:
    """`locale: {register: formal, emoji: [none, low]}`: every facet has one of the values."""
    facets = Fields(conditions.get("locale", dict), conditions.path,
                    f"{conditions.where}: field 'locale'", line=conditions.line_of("locale") or 0)
    facets.reject_unknown(FACETS)
    wanted: dict[str, set[str]] = {}
    for facet in facets.data:
        raw = facets.get(facet, (str, bool, list))
        values = {str(v).lower() for v in (raw if isinstance(raw, list) else [raw])}
        unknown = values - set(FACETS[facet])
        if unknown:
            raise facets.error(facet, f"{sorted(unknown)} not among: {', '.join(FACETS[facet])}")
        wanted[facet] = values

    def test(analysis: Analysis, start: int, end: int) -> bool:
        locale = analysis.locale
        return locale is not None and all(
            locale.facet(facet) in values for facet, values in wanted.items())

    return test
