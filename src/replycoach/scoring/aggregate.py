"""Running figures over many scored replies, kept small: no reply is held once counted.

Per group (all replies, each agent): count, mean, min, max, a 10-bin histogram, category
means. Per rule: how often it fired, in how many replies, and a few examples. Scores are kept
as a count per tenth of a point, which gives an exact median in at most 1,001 counters.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from replycoach.scoring.calibration import Calibration
from replycoach.scoring.records import ScoredReply

BINS = 10
# Bands for people: under COACH_BELOW a reply needs coaching; from EXCELLENT_FROM it is a model.
COACH_BELOW = 70
EXCELLENT_FROM = 90
EXAMPLES_PER_RULE = 3
EXAMPLE_CHARS = 120
LOWEST_KEPT = 8


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def bin_of(score: float) -> int:
    return min(int(score // (100 / BINS)), BINS - 1)


@dataclass
class GroupStats:
    count: int = 0
    total: float = 0.0
    low: float = float("inf")
    high: float = float("-inf")
    histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    category_totals: Counter[str] = field(default_factory=Counter)
    category_counts: Counter[str] = field(default_factory=Counter)
    findings: int = 0
    grade_total: float = 0.0
    graded: int = 0

    def add(self, reply: ScoredReply) -> None:
        self.count += 1
        self.total += reply.score
        self.low = min(self.low, reply.score)
        self.high = max(self.high, reply.score)
        self.histogram[bin_of(reply.score)] += 1
        self.findings += len(reply.findings)
        for category, value in reply.categories.items():
            self.category_totals[category] += value
            self.category_counts[category] += 1
        if reply.grade is not None:
            self.grade_total += reply.grade
            self.graded += 1

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    def category_means(self) -> dict[str, float]:
        return {c: round(self.category_totals[c] / n, 1)
                for c, n in self.category_counts.items() if n}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "replies": self.count,
            "mean": round(self.mean, 1),
            "min": self.low if self.count else None,
            "max": self.high if self.count else None,
            "histogram": list(self.histogram),
            "categories": self.category_means(),
            "findings_per_reply": round(self.findings / self.count, 2) if self.count else 0,
        }
        if self.graded:
            data["mean_grade"] = round(self.grade_total / self.graded, 2)
        return data


@dataclass
class RuleStats:
    rule: str
    category: str
    severity: str
    message: str
    count: int = 0
    replies: int = 0
    examples: list[dict[str, str]] = field(default_factory=list)


@dataclass(order=True)
class LowReply:
    """One of the lowest-scoring replies, for the report's 'coach these first' list."""

    sort_key: float
    id: str = field(compare=False)
    agent: str | None = field(compare=False)
    score: float = field(compare=False)
    findings: list[dict[str, str]] = field(compare=False)
    missed: list[str] = field(compare=False)


class Aggregates:
    def __init__(self, categories: tuple[str, ...]) -> None:
        self.categories = categories
        self.overall = GroupStats()
        self.agents: dict[str, GroupStats] = {}
        self.rules: dict[str, RuleStats] = {}
        self.missed: Counter[str] = Counter()
        self.capped: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.notes = 0
        self.tenths: Counter[int] = Counter()
        self.calibration = Calibration(categories)
        self._lowest: list[LowReply] = []  # a max-heap by score (negated), LOWEST_KEPT long

    def add(self, reply: ScoredReply) -> None:
        self.overall.add(reply)
        if reply.agent:
            self.agents.setdefault(reply.agent, GroupStats()).add(reply)
        self.tenths[round(reply.score * 10)] += 1
        self.languages[reply.language or "?"] += 1
        self.notes += reply.note is not None
        self.capped.update(reply.capped_by)
        self.missed.update(m.description for m in reply.missed)
        self.calibration.add(reply)
        for rule in {f.rule for f in reply.findings}:
            if rule in self.rules:
                self.rules[rule].replies += 1
        for finding in reply.findings:
            stats = self.rules.get(finding.rule)
            if stats is None:
                stats = self.rules[finding.rule] = RuleStats(
                    finding.rule, finding.category, finding.severity, finding.message, replies=1)
            stats.count += 1
            stats.category = stats.category or finding.category
            stats.severity = stats.severity or finding.severity
            stats.message = stats.message or finding.message
            example = _clip(finding.text)
            if example and len(stats.examples) < EXAMPLES_PER_RULE and all(
                    e["text"] != example for e in stats.examples):
                stats.examples.append({"id": reply.id, "text": example})
        self._keep_if_low(reply)

    def _keep_if_low(self, reply: ScoredReply) -> None:
        entry = LowReply(-reply.score, reply.id, reply.agent, reply.score,
                         [{"rule": f.rule, "message": f.message, "text": _clip(f.text)}
                          for f in sorted(reply.findings, key=lambda f: -f.points)
                          if f.points > 0][:3],
                         [m.description for m in reply.missed][:3])
        if len(self._lowest) < LOWEST_KEPT:
            heapq.heappush(self._lowest, entry)
        elif entry.sort_key > self._lowest[0].sort_key:
            heapq.heapreplace(self._lowest, entry)

    @property
    def lowest(self) -> list[LowReply]:
        return sorted(self._lowest, key=lambda e: e.score)

    @property
    def median(self) -> float | None:
        count = self.overall.count
        if not count:
            return None
        middle = [(count - 1) // 2, count // 2]
        values, seen = [], 0
        for tenth in sorted(self.tenths):
            n = self.tenths[tenth]
            values.extend(tenth / 10 for index in middle if seen <= index < seen + n)
            seen += n
        return round(sum(values) / len(values), 1)

    @property
    def need_coaching(self) -> int:
        return sum(n for tenth, n in self.tenths.items() if tenth < COACH_BELOW * 10)

    def top_rules(self, limit: int = 12) -> list[RuleStats]:
        return sorted(self.rules.values(), key=lambda r: (-r.count, r.rule))[:limit]

    def summary_json(self) -> dict[str, Any]:
        data = self.overall.to_json()
        data["median"] = self.median
        data["need_coaching"] = self.need_coaching
        data["languages"] = dict(self.languages.most_common())
        data["capped"] = dict(self.capped.most_common())
        data["missed"] = dict(self.missed.most_common())
        data["partial"] = self.notes
        data["rules"] = [{"rule": r.rule, "category": r.category, "severity": r.severity,
                          "count": r.count, "replies": r.replies, "examples": r.examples}
                         for r in self.top_rules(20)]
        return data

    def agents_json(self) -> dict[str, Any]:
        return {name: stats.to_json() for name, stats in sorted(self.agents.items())}
