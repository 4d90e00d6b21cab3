"""Counts over all checked files, shared by the text and JSON reporters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from replycoach.model import Severity
from replycoach.runner import FileResult


def summarize(results: list[FileResult]) -> dict[str, Any]:
    severities = Counter(f.severity for r in results for f in r.findings)
    return {
        "files": len(results),
        "checked": sum(1 for r in results if r.error is None),
        "unreadable": sum(1 for r in results if r.error is not None),
        "partial": sum(1 for r in results if r.note is not None),
        "findings": sum(severities.values()),
        "errors": severities[Severity.ERROR],
        "warnings": severities[Severity.WARNING],
        "suggestions": severities[Severity.SUGGESTION],
    }
