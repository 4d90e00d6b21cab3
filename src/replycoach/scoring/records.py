"""A scored reply: what the scorer hands to writers and aggregates, and reads back on --resume.

Plain values only, so results cross process boundaries cheaply and turn into JSON or a CSV
row and back without loss of what the summaries need.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CSV_CORE = ("id", "agent", "language", "channel", "score")
CSV_TAIL = ("findings", "rules", "capped_by", "missed", "grade")


@dataclass
class FindingRecord:
    rule: str
    category: str
    severity: str
    message: str
    text: str  # the flagged words
    start: int  # character offsets in the reply text
    end: int
    points: float  # what it cost its category (0 past the repeat limit or outside the rubric)


@dataclass
class MissedReward:
    category: str
    points: float
    description: str


@dataclass
class ScoredReply:
    id: str
    score: float
    categories: dict[str, float]
    findings: list[FindingRecord] = field(default_factory=list)
    earned: list[str] = field(default_factory=list)  # descriptions of the rewards earned
    missed: list[MissedReward] = field(default_factory=list)
    capped_by: list[str] = field(default_factory=list)  # critical categories that capped it
    agent: str | None = None
    language: str | None = None
    channel: str | None = None
    grade: float | None = None
    grades: dict[str, float] = field(default_factory=dict)
    note: str | None = None
    where: str = ""
    columns: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("where")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoredReply:
        return cls(
            id=str(data["id"]),
            score=float(data["score"]),
            categories={k: float(v) for k, v in (data.get("categories") or {}).items()},
            findings=[FindingRecord(**f) for f in data.get("findings") or []],
            earned=list(data.get("earned") or []),
            missed=[MissedReward(**m) for m in data.get("missed") or []],
            capped_by=list(data.get("capped_by") or []),
            agent=data.get("agent"),
            language=data.get("language"),
            channel=data.get("channel"),
            grade=data.get("grade"),
            grades={k: float(v) for k, v in (data.get("grades") or {}).items()},
            note=data.get("note"),
            columns=dict(data.get("columns") or {}),
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str | int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _number(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


@dataclass(frozen=True)
class CsvLayout:
    """The columns of a CSV of results: ours, the rubric's categories, the trainer's grades,
    then the input's own columns (renamed `input.<name>` where one would clash with ours)."""

    categories: tuple[str, ...]
    grade_categories: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    @property
    def ours(self) -> list[str]:
        return [*CSV_CORE, *self.categories, *CSV_TAIL,
                *(f"grade_{c}" for c in self.grade_categories)]

    def column_name(self, name: str) -> str:
        return f"input.{name}" if name in self.ours else name

    @property
    def header(self) -> list[str]:
        return self.ours + [self.column_name(c) for c in self.columns]

    def row(self, reply: ScoredReply) -> list[str]:
        values: dict[str, Any] = {
            "id": reply.id, "agent": reply.agent, "language": reply.language,
            "channel": reply.channel, "score": reply.score,
            "findings": len(reply.findings),
            "rules": " ".join(f.rule for f in reply.findings),
            "capped_by": " ".join(reply.capped_by),
            "missed": "; ".join(m.description for m in reply.missed),
            "grade": reply.grade,
        }
        values.update({c: reply.categories.get(c) for c in self.categories})
        values.update({f"grade_{c}": g for c, g in reply.grades.items()})
        values.update({self.column_name(n): v for n, v in reply.columns.items()})
        return [_cell(values.get(name)) for name in self.header]

    def read(self, row: dict[str, str]) -> ScoredReply:
        """Enough of a reply for the summaries: scores, agent, grades, which rules fired."""
        findings = [FindingRecord(rule, "", "", "", "", 0, 0, 0.0)
                    for rule in (row.get("rules") or "").split()]
        return ScoredReply(
            id=row["id"], score=float(row["score"]),
            categories={c: float(row[c]) for c in self.categories if row.get(c)},
            findings=findings,
            capped_by=(row.get("capped_by") or "").split(),
            agent=row.get("agent") or None,
            language=row.get("language") or None,
            channel=row.get("channel") or None,
            grade=_number(row.get("grade")),
            grades={c: float(row[f"grade_{c}"]) for c in self.grade_categories
                    if row.get(f"grade_{c}")},
        )
