"""`kind: require`: something (a signal) must be present where the rule looks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from replycoach.analysis import Analysis
from replycoach.fields import Fields
from replycoach.kinds.base import BuildEnv, Hit, Region, first_sentence_in, inside
from replycoach.matching import SpanFinder

FIELDS = ("require", "at")
REQUIRED = ("require",)


@dataclass
class RequireCheck:
    names: list[str]
    finders: list[SpanFinder]
    at_end: bool

    def run(self, analysis: Analysis, regions: list[Region]) -> Iterator[Hit]:
        for name, finder in zip(self.names, self.finders, strict=True):
            spans = analysis.signal_spans(name, finder)
            if any(inside(regions, span.start) for span in spans):
                return
        start, end = first_sentence_in(analysis, regions, last=self.at_end)
        yield Hit(start, end, {"match": analysis.text[start:end]})


def build(fields: Fields, env: BuildEnv) -> RequireCheck:
    names = fields.strings("require", required=True)
    for name in names:
        if name not in env.signals:
            raise fields.error("require", f"unknown signal '{name}'")
    at = fields.get("at", str, default="start", choices=("start", "end"))
    return RequireCheck(names, [env.signals[n] for n in names], at_end=at == "end")
