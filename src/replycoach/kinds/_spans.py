"""The shared body of the phrase, pattern and regex kinds: flag every span found."""

from __future__ import annotations

from collections.abc import Iterator

from replycoach.analysis import Analysis
from replycoach.kinds.base import Hit, Region, inside
from replycoach.matching import SpanFinder


class SpanCheck:
    def __init__(self, finder: SpanFinder) -> None:
        self.finder = finder

    def run(self, analysis: Analysis, regions: list[Region]) -> Iterator[Hit]:
        for span in analysis.spans(self.finder):
            if not inside(regions, span.start):
                continue
            replacement = self.finder.replacements[span.key] if span.key >= 0 else None
            if replacement and span.prefix:
                replacement = span.prefix + replacement  # "وليش" -> "ولماذا", not "لماذا"
            yield Hit(span.start, span.end, {"match": analysis.text[span.start : span.end]},
                      replacement)
