"""`kind: metric`: measure sentences or the whole reply against limits that depend on channel."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from replycoach import readability
from replycoach.analysis import Analysis
from replycoach.fields import Fields
from replycoach.kinds.base import BuildEnv, Hit, Region, inside
from replycoach.model import CHANNELS

FIELDS = ("metric", "max", "min", "min_words", "scale_by_language")
REQUIRED = ("metric",)
PER_SENTENCE = ("sentence_words",)
PER_REPLY = ("reply_words", "readability", "exclamations", "emoji")
METRICS = PER_SENTENCE + PER_REPLY

# Pictographs and symbols that render as emoji (faces, hands, hearts, objects, flags).
_EMOJI = re.compile(
    "[\U0001F1E6-\U0001F1FF\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2764\u263A]"
)


def _readability(analysis: Analysis, text: str) -> float | None:
    formula = analysis.profile.readability
    return readability.score(formula, text) if formula else None


@dataclass
class Limit:
    """A number, or a number per channel with an optional `default`."""

    per_channel: dict[str, float]

    def for_channel(self, channel: str) -> float | None:
        return self.per_channel.get(channel, self.per_channel.get("default"))


def _limit(fields: Fields, key: str) -> Limit | None:
    value = fields.get(key, (int, float, dict))
    if value is None:
        return None
    if not isinstance(value, dict):
        return Limit({"default": float(value)})
    for channel, number in value.items():
        if channel not in (*CHANNELS, "default"):
            raise fields.error(key, f"unknown channel '{channel}' (expected {', '.join(CHANNELS)}"
                               " or default)")
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise fields.error(key, f"limit for '{channel}' must be a number, got {number!r}")
    return Limit({str(k): float(v) for k, v in value.items()})


@dataclass
class MetricCheck:
    metric: str
    maximum: Limit | None
    minimum: Limit | None
    min_words: int
    scale_by_language: bool = False

    def _breaks(self, value: float, channel: str, scale: float = 1.0) -> float | None:
        """The limit that `value` breaks, if any (word limits times the language's scale)."""
        high = self.maximum.for_channel(channel) if self.maximum else None
        if high is not None and value > round(high * scale):
            return round(high * scale)
        low = self.minimum.for_channel(channel) if self.minimum else None
        if low is not None and value < round(low * scale):
            return round(low * scale)
        return None

    def run(self, analysis: Analysis, regions: list[Region]) -> Iterator[Hit]:
        if not regions:
            return
        channel = analysis.draft.channel
        scale = analysis.profile.word_scale if self.scale_by_language else 1.0
        if self.metric in PER_SENTENCE:
            for start, end in analysis.sentences:
                if not inside(regions, start):
                    continue
                value = analysis.word_count(start, end)
                limit = self._breaks(value, channel, scale)
                if limit is not None:
                    text = analysis.text[start:end].rstrip()
                    yield Hit(start, start + len(text), _values(value, limit, text))
            return
        start, end = regions[0][0], regions[-1][1]
        # Several rules measure the same regions (emoji and exclamations per channel and
        # per culture): each number is worked out once per draft.
        key = tuple(regions)
        words = analysis.memo(("words", key), lambda: sum(
            analysis.word_count(lo, hi) for lo, hi in regions))
        if words < self.min_words:
            return
        value = analysis.memo((self.metric, key),
                              lambda: _measure(self.metric, analysis, regions, words))
        if value is None:
            return
        if self.metric != "reply_words":
            scale = 1.0
        limit = self._breaks(value, channel, scale)
        if limit is not None:
            stripped = analysis.text[start:end]
            start += len(stripped) - len(stripped.lstrip())
            end -= len(stripped) - len(stripped.rstrip())
            yield Hit(start, end, _values(value, limit, analysis.text[start:end]))


def _measure(metric: str, analysis: Analysis, regions: list[Region], words: int
             ) -> float | None:
    """A per-reply metric over the regions (`words`: the words they hold)."""
    if metric == "reply_words":
        return words
    text = "".join(analysis.text[lo:hi] for lo, hi in regions)
    if metric == "readability":
        return _readability(analysis, text)
    if metric == "exclamations":
        # ASCII, fullwidth (Chinese, Japanese) and Latin retroflex-click lookalike marks.
        return sum(text.count(c) for c in "!\uFF01\u01C3")
    return len(_EMOJI.findall(text))  # emoji


def _values(value: float, limit: float, text: str) -> dict[str, object]:
    shown = int(value) if float(value).is_integer() else round(value, 1)
    return {"value": shown, "limit": int(limit) if float(limit).is_integer() else limit,
            "match": text}


def build(fields: Fields, env: BuildEnv) -> MetricCheck:
    metric = fields.get("metric", str, required=True, choices=METRICS)
    maximum, minimum = _limit(fields, "max"), _limit(fields, "min")
    if maximum is None and minimum is None:
        raise fields.error(None, "a metric rule needs 'max' or 'min'")
    scale = fields.get("scale_by_language", bool, default=False)
    if scale and metric not in ("sentence_words", "reply_words"):
        raise fields.error("scale_by_language", "only word counts scale by language")
    return MetricCheck(metric, maximum, minimum, fields.get("min_words", int, default=0), scale)
