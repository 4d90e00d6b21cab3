"""The plain values that flow between stages: severities, categories, findings and fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

CATEGORIES: tuple[str, ...] = (
    "positivity",
    "ownership",
    "tone",
    "clarity",
    "empathy",
    "acknowledgement",
    "formality",
    "structure",
    "correctness",
    "inclusivity",
)

CHANNELS: tuple[str, ...] = ("email", "chat", "social", "sms")

SEGMENTS: tuple[str, ...] = ("greeting", "body", "closing", "signature")


class Severity(IntEnum):
    """Ordered so that `finding.severity >= fail_on` reads naturally."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.strip().upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


SEVERITY_NAMES: tuple[str, ...] = tuple(s.label for s in Severity)
FAIL_ON_CHOICES: tuple[str, ...] = (*SEVERITY_NAMES, "never")


@dataclass(frozen=True)
class Fix:
    """Replace draft text[start:end] (draft offsets) by `replacement`."""

    start: int
    end: int
    replacement: str
    safe: bool

    @property
    def safety(self) -> str:
        return "safe" if self.safe else "unsafe"


@dataclass
class Finding:
    """One thing a rule found. `start`/`end` are offsets in the draft's text."""

    rule: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None
