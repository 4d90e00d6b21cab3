"""Compiler-style lines for people: `path:line:col: severity category rule message`."""

from __future__ import annotations

from collections.abc import Iterator

import click

from replycoach.model import Severity
from replycoach.reporters.positions import Locator
from replycoach.reporters.summary import summarize
from replycoach.runner import FileResult

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def file_lines(result: FileResult) -> Iterator[str]:
    if result.draft is None:
        return
    locator = Locator(result.draft)
    for finding in result.findings:
        where = locator.finding(finding)
        severity = click.style(finding.severity.label, fg=COLOURS[finding.severity], bold=True)
        location = click.style(f"{result.path}:{where['line']}:{where['column']}:", bold=True)
        rule = click.style(finding.rule, dim=True)
        yield f"{location} {severity} {finding.category} {rule} {finding.message}"
        for suggestion in finding.suggestions:
            yield f"    {click.style('suggestion:', fg='green')} {suggestion}"


def summary_line(results: list[FileResult]) -> str:
    counts = summarize(results)
    files = _plural(counts["checked"], "file")
    if counts["findings"] == 0:
        line = f"No findings in {files}."
    else:
        parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning"),
                 _plural(counts["suggestions"], "suggestion")]
        line = f"{_plural(counts['findings'], 'finding')} in {files}: {', '.join(parts)}."
    if counts["partial"]:
        line += (f" {_plural(counts['partial'], 'file')} in a language without rule packs got "
                 "only the language-neutral checks.")
    if counts["unreadable"]:
        line += f" {_plural(counts['unreadable'], 'file')} could not be checked."
    return line
