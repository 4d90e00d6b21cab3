"""What every kind of check shares: its input (an Analysis and regions) and its output (Hits)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from replycoach.analysis import Analysis
from replycoach.fields import Fields
from replycoach.languages import LanguageProfile
from replycoach.matching import SpanFinder

if TYPE_CHECKING:
    from spacy.language import Language

Region = tuple[int, int]


@dataclass
class Hit:
    """Where a check fired (draft offsets) and the values its message may use."""

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    replacement: str | None = None
    # Ranked alternatives a check found itself (spelling), shown after the rule's own.
    alternatives: tuple[str, ...] = ()


class Check(Protocol):
    def run(self, analysis: Analysis, regions: list[Region]) -> Iterable[Hit]: ...


@dataclass
class BuildEnv:
    """What a kind may need to compile a rule: the language's pipeline and signals."""

    nlp: Language
    signals: dict[str, SpanFinder]
    profile: LanguageProfile
    # Every finder built here, so the language can match them all in one index.
    finders: list[SpanFinder] = field(default_factory=list)

    def span_finder(self, fields: Fields) -> SpanFinder:
        finder = SpanFinder(fields, self.nlp, self.profile)
        self.finders.append(finder)
        return finder


def inside(regions: list[Region], start: int) -> bool:
    return any(lo <= start < hi for lo, hi in regions)


def first_sentence_in(analysis: Analysis, regions: list[Region], last: bool = False) -> Region:
    """A short span to point at: the first (or last) sentence of the regions."""
    if not regions:
        regions = analysis.regions(("greeting", "body", "closing")) or [(0, len(analysis.text))]
    sentences = [
        (max(s, regions[0][0]), min(e, regions[-1][1]))
        for s, e in analysis.sentences
        if inside(regions, s) or any(s <= lo < e for lo, _ in regions)
    ]
    sentences = [(s, e) for s, e in sentences if analysis.text[s:e].strip()]
    if not sentences:
        return regions[0]
    start, end = sentences[-1] if last else sentences[0]
    text = analysis.text[start:end]
    # Point at the words, not at surrounding blank lines.
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return start, end

