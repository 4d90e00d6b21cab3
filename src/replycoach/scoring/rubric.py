"""Rubrics (`rubrics/*.yml`): how findings and good habits turn into a 0-100 score.

Each rubric category starts at 100. A finding in it costs the points of its severity (the same
rule at most `repeat_limit` times per reply); a reward the reply could have earned but did not
holds back its points. The overall score is the weighted mean of the categories, capped when a
critical category is hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from replycoach.conditions import parse_conditions
from replycoach.errors import ReplycoachError
from replycoach.fields import Fields
from replycoach.languages import available_languages, load_profile
from replycoach.model import CATEGORIES, SEVERITY_NAMES, Severity
from replycoach.resources import bundled_folder
from replycoach.signals import load_signal_specs
from replycoach.yamlfile import load_yaml

DEFAULT_RUBRIC = "default"
TOP_FIELDS = ("rubric", "description", "combine", "penalties", "repeat_limit", "categories",
              "rewards")
COMBINE = ("geometric", "arithmetic")
CATEGORY_FIELDS = ("weight", "penalties", "critical", "description")
CRITICAL_FIELDS = ("severity", "below", "cap")
REWARD_FIELDS = ("signal", "points", "category", "description", "when", "unless")
# Conditions that need no position in the draft: a reward is about the whole reply.
REWARD_CONDITIONS = ("draft", "context", "has_context", "channel", "locale")
SIGNAL_CONDITIONS = ("draft", "context")
NUMBER = (int, float)


@dataclass(frozen=True)
class Critical:
    """When the category is hit this way, the overall score is at most `cap` (0 zeroes it)."""

    severity: Severity | None  # any finding at least this severe in the category
    below: float | None  # or the category's own score under this
    cap: float


@dataclass(frozen=True)
class RubricCategory:
    name: str
    weight: float
    penalties: dict[Severity, float]
    critical: Critical | None = None
    description: str = ""


@dataclass(frozen=True)
class Reward:
    """Points a reply earns when one of `signals` occurs (and the conditions hold)."""

    index: int
    signals: tuple[str, ...]
    points: float
    category: str
    description: str
    when: dict[str, Any] = field(default_factory=dict)
    unless: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # "rubrics/default.yml:40", for errors found when compiling

    @property
    def condition_signals(self) -> set[str]:
        return {name for conditions in (self.when, self.unless) for key in SIGNAL_CONDITIONS
                for name in _as_list(conditions.get(key))}


@dataclass(frozen=True)
class Rubric:
    name: str
    description: str
    path: str
    categories: tuple[RubricCategory, ...]
    rewards: tuple[Reward, ...]
    repeat_limit: int
    combine: str = "geometric"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    def category(self, name: str) -> RubricCategory | None:
        return next((c for c in self.categories if c.name == name), None)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _number(fields: Fields, key: str, lo: float, hi: float, *, required: bool = False,
            default: float | None = None) -> float | None:
    value = fields.get(key, NUMBER, required=required, default=default)
    if value is not None and not lo <= value <= hi:
        raise fields.error(key, f"{value!r} is not between {lo:g} and {hi:g}")
    return value


def _penalties(fields: Fields, key: str, base: dict[Severity, float]) -> dict[Severity, float]:
    if not fields.has(key):
        return dict(base)
    inner = Fields(fields.get(key, dict), fields.path, f"{fields.where}: field '{key}'",
                   line=fields.line_of(key) or 0)
    inner.reject_unknown(SEVERITY_NAMES)
    result = dict(base)
    for name in SEVERITY_NAMES:
        points = _number(inner, name, 0, 100)
        if points is not None:
            result[Severity.parse(name)] = float(points)
    return result


def _critical(fields: Fields) -> Critical | None:
    if not fields.has("critical"):
        return None
    inner = Fields(fields.get("critical", dict), fields.path, f"{fields.where}: field 'critical'",
                   line=fields.line_of("critical") or 0)
    inner.reject_unknown(CRITICAL_FIELDS)
    severity = inner.get("severity", str, choices=SEVERITY_NAMES)
    below = _number(inner, "below", 0, 100)
    if severity is None and below is None:
        raise inner.error(None, "needs 'severity' (a finding at least this severe) or "
                          "'below' (a category score under this), or both")
    cap = _number(inner, "cap", 0, 100, required=True)
    return Critical(Severity.parse(severity) if severity else None,
                    float(below) if below is not None else None, float(cap or 0))


def _conditions(fields: Fields, key: str, signals: set[str]) -> dict[str, Any]:
    if not fields.has(key):
        return {}
    inner = Fields(fields.get(key, dict), fields.path, f"{fields.where}: field '{key}'",
                   line=fields.line_of(key) or 0)
    inner.reject_unknown(REWARD_CONDITIONS)
    for scope in SIGNAL_CONDITIONS:
        for name in inner.strings(scope):
            if name not in signals:
                raise inner.error(scope, f"unknown signal '{name}' (no language defines it)")
    # The rest (channels, locale facets) is checked as rules check it; signals compile later,
    # per language.
    parse_conditions(fields, key, dict.fromkeys(signals))  # type: ignore[arg-type]
    return dict(inner.data)


def _reward(item: Any, index: int, path: Path, line: int, categories: tuple[str, ...],
            signals: set[str]) -> Reward:
    fields = Fields(item, path, f"reward {index + 1}", line=line)
    fields.reject_unknown(REWARD_FIELDS)
    names = fields.strings("signal", required=True)
    for name in names:
        if name not in signals:
            known = ", ".join(sorted(signals))
            raise fields.error("signal", f"unknown signal '{name}' (no language defines it; "
                               f"known: {known})")
    category = fields.get("category", str, required=True, choices=categories)
    points = _number(fields, "points", 0, 100, required=True)
    return Reward(
        index=index, signals=tuple(names), points=float(points or 0), category=category,
        description=fields.get("description", str, default=" or ".join(names)),
        when=_conditions(fields, "when", signals), unless=_conditions(fields, "unless", signals),
        where=f"{path}:{fields.line}",
    )


@cache
def known_signals() -> frozenset[str]:
    """Signal names defined by at least one language (rules/<lang>/signals.yml)."""
    names: set[str] = set()
    for code in available_languages():
        names.update(load_signal_specs(load_profile(code).folder, code).specs)
    return frozenset(names)


def parse_rubric(data: Any, path: Path, signals: frozenset[str] | set[str]) -> Rubric:
    top = Fields(data, path, "rubric")
    top.reject_unknown(TOP_FIELDS)
    base = _penalties(top, "penalties", {s: 0.0 for s in Severity})
    repeat_limit = top.get("repeat_limit", int, default=2)
    if repeat_limit < 1:
        raise top.error("repeat_limit", f"{repeat_limit!r} must be at least 1")
    raw_categories = top.get("categories", dict, required=True)
    if not raw_categories:
        raise top.error("categories", "name at least one category")
    categories = []
    for name, body in raw_categories.items():
        line = raw_categories.line_of(name) if hasattr(raw_categories, "line_of") else 0
        if name not in CATEGORIES:
            raise Fields(raw_categories, path, "rubric: categories", line=line).error(
                str(name), f"unknown category (expected one of: {', '.join(CATEGORIES)})")
        fields = Fields(body if body is not None else {}, path, f"category '{name}'", line=line)
        fields.reject_unknown(CATEGORY_FIELDS)
        weight = _number(fields, "weight", 0, 1000, required=True)
        categories.append(RubricCategory(
            name=str(name), weight=float(weight or 0),
            penalties=_penalties(fields, "penalties", base),
            critical=_critical(fields), description=fields.get("description", str, default=""),
        ))
    if sum(c.weight for c in categories) <= 0:
        raise top.error("categories", "the weights add up to 0: give some category a weight")
    names = tuple(c.name for c in categories)
    raw_rewards = top.get("rewards", list, default=[])
    rewards = tuple(
        _reward(item, i, path, getattr(item, "line", 0) or (top.line_of("rewards") or 0),
                names, set(signals))
        for i, item in enumerate(raw_rewards))
    return Rubric(
        name=top.get("rubric", str, default=path.stem),
        description=top.get("description", str, default=""),
        path=str(path), categories=tuple(categories), rewards=rewards,
        repeat_limit=repeat_limit,
        combine=top.get("combine", str, default="geometric", choices=COMBINE),
    )


def rubric_path(name_or_path: str | None) -> Path:
    """A rubric file as given, or a bundled one by name (`default`)."""
    name = name_or_path or DEFAULT_RUBRIC
    given = Path(name)
    if given.is_file():
        return given
    folder = bundled_folder("rubrics")
    bundled = folder / f"{name}.yml"
    if given.suffix == "" and bundled.is_file():
        return bundled
    known = ", ".join(sorted(p.stem for p in folder.glob("*.yml")))
    raise ReplycoachError(f"no rubric file '{name}' (bundled rubrics: {known})")


def load_rubric(name_or_path: str | None = None) -> Rubric:
    path = rubric_path(name_or_path)
    return parse_rubric(load_yaml(path), path, known_signals())
