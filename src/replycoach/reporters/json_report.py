"""`--format json`: one object, with field names other tools may rely on."""

from __future__ import annotations

import json
from typing import Any

from replycoach.reporters.positions import Locator
from replycoach.reporters.summary import summarize
from replycoach.runner import FileResult


def file_entry(result: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": result.path, "language": result.language}
    if result.draft is not None:
        entry["channel"] = result.draft.channel
        locator = Locator(result.draft)
        entry["findings"] = [locator.finding(f) for f in result.findings]
    else:
        entry["findings"] = []
    if result.error is not None:
        entry["error"] = result.error
    if result.note is not None:
        entry["note"] = result.note
    return entry


def report(results: list[FileResult], failed: bool) -> dict[str, Any]:
    """The `--format json` object, before it is written out."""
    summary = summarize(results)
    summary["failed"] = failed
    return {"files": [file_entry(r) for r in results], "summary": summary}


def render(results: list[FileResult], failed: bool) -> str:
    return json.dumps(report(results, failed), ensure_ascii=False, indent=2)
