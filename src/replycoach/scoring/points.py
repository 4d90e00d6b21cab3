"""The rubric's arithmetic, apart from any language work: findings and rewards -> scores."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from replycoach.model import Finding
from replycoach.scoring.rubric import Reward, Rubric

FULL = 100.0
GEOMETRIC_FLOOR = 1.0


@dataclass
class Tally:
    """A reply's scores under a rubric, with what each finding cost."""

    score: float
    categories: dict[str, float]
    costs: list[float]  # per finding, in the order given
    missed: list[Reward] = field(default_factory=list)
    earned: list[Reward] = field(default_factory=list)
    capped_by: list[str] = field(default_factory=list)


def combine(rubric: Rubric, scores: dict[str, float]) -> float:
    """The weighted mean of the category scores: arithmetic (each category adds its share),
    or geometric (a weak category pulls the score down more than strong ones lift it; a
    category at 0 counts as 1 so one zero does not zero everything)."""
    total = sum(c.weight for c in rubric.categories)
    if rubric.combine == "arithmetic":
        return sum(c.weight * scores[c.name] for c in rubric.categories) / total
    log_mean = sum(c.weight * math.log(max(scores[c.name], GEOMETRIC_FLOOR))
                   for c in rubric.categories) / total
    return math.exp(log_mean)


def tally(rubric: Rubric, findings: list[Finding], rewards: list[tuple[Reward, bool]]
          ) -> Tally:
    """`rewards`: the rubric's rewards that apply to this reply, each with whether it was
    earned. Categories start at 100; unearned rewards and findings take points off."""
    raw = {c.name: FULL for c in rubric.categories}
    earned = [reward for reward, got in rewards if got]
    missed = [reward for reward, got in rewards if not got]
    for reward in missed:
        raw[reward.category] -= reward.points
    seen: Counter[str] = Counter()
    costs = []
    for finding in findings:
        category = rubric.category(finding.category)
        seen[finding.rule] += 1
        if category is None or seen[finding.rule] > rubric.repeat_limit:
            costs.append(0.0)
            continue
        cost = category.penalties.get(finding.severity, 0.0)
        raw[category.name] -= cost
        costs.append(cost)
    scores = {name: round(min(max(value, 0.0), FULL), 1) for name, value in raw.items()}
    overall = combine(rubric, scores)
    capped_by = []
    for category in rubric.categories:
        critical = category.critical
        if critical is None:
            continue
        hit = critical.below is not None and scores[category.name] < critical.below
        if critical.severity is not None:
            hit = hit or any(f.category == category.name and f.severity >= critical.severity
                             for f in findings)
        if hit:
            capped_by.append(category.name)
            overall = min(overall, critical.cap)
    return Tally(round(overall, 1), scores, costs, missed, earned, capped_by)
