"""Findings as positions in the input file: line, column and character offsets."""

from __future__ import annotations

import unicodedata
from typing import Any

from replycoach.draft import Draft, LineIndex
from replycoach.model import Finding


class Locator:
    """Maps draft offsets of one file to file offsets and (line, column)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.lines = LineIndex(draft.source)

    def place(self, draft_offset: int) -> dict[str, int]:
        offset = self.draft.source_offset(draft_offset)
        line, column = self.lines.position(offset)
        return {"offset": offset, "line": line, "column": column}

    def _flagged_text(self, finding: Finding, start: int, end: int) -> str:
        """The file's own characters (decomposed accents stay decomposed), unless the file
        encodes them (quoted-printable, base64, HTML): then the decoded words."""
        linted = self.draft.text[finding.start : finding.end]
        given = self.draft.source[start:end]
        return given if unicodedata.normalize("NFC", given) == linted else linted

    def finding(self, finding: Finding) -> dict[str, Any]:
        start, end = self.place(finding.start), self.place(finding.end)
        fix = None
        if finding.fix is not None:
            fix_start, fix_end = self.place(finding.fix.start), self.place(finding.fix.end)
            fix = {
                "start": fix_start["offset"], "end": fix_end["offset"],
                "line": fix_start["line"], "column": fix_start["column"],
                "replacement": finding.fix.replacement, "safety": finding.fix.safety,
            }
        return {
            "rule": finding.rule,
            "category": finding.category,
            "severity": finding.severity.label,
            "message": finding.message,
            "line": start["line"],
            "column": start["column"],
            "end_line": end["line"],
            "end_column": end["column"],
            "start": start["offset"],
            "end": end["offset"],
            "text": self._flagged_text(finding, start["offset"], end["offset"]),
            "suggestions": list(finding.suggestions),
            "fix": fix,
        }
