"""How well replycoach's scores agree with a trainer's grades: Spearman rank correlation.

Ranks make the grades' scale irrelevant (1-5 stars, 0-10 or percentages all work). Ties get
the average of the ranks they span, as in the textbook definition; Spearman's rho is then the
Pearson correlation of the two rank lists.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from typing import Any

from replycoach.scoring.records import ScoredReply

MIN_PAIRS = 3  # below this a correlation says nothing


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they occupy."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        shared = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = shared
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None  # one side gives every reply the same value: no ranking to compare
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho with average ranks for ties; None when undefined (too few pairs, or
    one side constant)."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs two sequences of the same length")
    if len(xs) < MIN_PAIRS:
        return None
    return pearson(average_ranks(xs), average_ranks(ys))


def percentiles(values: Sequence[float]) -> list[float]:
    """Each value's place from 0 (lowest) to 100 (highest), ties sharing one place."""
    if len(values) < 2:
        return [50.0] * len(values)
    return [(r - 1) / (len(values) - 1) * 100 for r in average_ranks(values)]


class Calibration:
    """Keeps (score, grade) pairs only: two floats and an id per graded reply."""

    def __init__(self, categories: Sequence[str]) -> None:
        self.ids: list[str] = []
        self.scores = array("d")
        self.grades = array("d")
        self.categories: dict[str, tuple[array[float], array[float]]] = {
            c: (array("d"), array("d")) for c in categories}

    def add(self, reply: ScoredReply) -> None:
        if reply.grade is not None:
            self.ids.append(reply.id)
            self.scores.append(reply.score)
            self.grades.append(reply.grade)
        for category, grade in reply.grades.items():
            pair = self.categories.get(category)
            if pair is not None and category in reply.categories:
                pair[0].append(reply.categories[category])
                pair[1].append(grade)

    @property
    def graded(self) -> int:
        return len(self.ids)

    def disagreements(self, top: int = 10) -> list[dict[str, Any]]:
        """The replies whose place among the scores is furthest from their place among the
        trainer's grades."""
        if self.graded < MIN_PAIRS:
            return []
        ours, theirs = percentiles(self.scores), percentiles(self.grades)
        gaps = sorted(range(self.graded), key=lambda i: -abs(ours[i] - theirs[i]))
        return [{"id": self.ids[i], "score": self.scores[i], "grade": self.grades[i],
                 "score_percentile": round(ours[i], 1), "grade_percentile": round(theirs[i], 1)}
                for i in gaps[:top] if abs(ours[i] - theirs[i]) > 0]

    def report(self, top: int = 10) -> dict[str, Any] | None:
        """The `calibration` object of the JSON output; None when nothing was graded."""
        per_category = {
            category: {"graded": len(scores), "spearman": _round(spearman(scores, grades))}
            for category, (scores, grades) in self.categories.items() if len(scores)}
        if not self.graded and not per_category:
            return None
        return {
            "graded": self.graded,
            "spearman": _round(spearman(self.scores, self.grades)),
            "categories": per_category,
            "disagreements": self.disagreements(top),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
