"""`--resume`: read back the replies an --output file already holds, after cutting off a
reply whose writing was interrupted."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from replycoach.errors import ReplycoachError
from replycoach.scoring.records import CsvLayout, ScoredReply


def complete_length(path: Path, kind: str) -> int:
    """Bytes up to the end of the last complete record: a line break outside quotes (CSV
    fields may hold line breaks inside quotes; JSON lines never do)."""
    end = offset = 0
    open_quote = False
    with path.open("rb") as handle:
        for line in handle:
            offset += len(line)
            if kind == "csv":
                open_quote ^= line.count(b'"') % 2 == 1
            if line.endswith(b"\n") and not open_quote:
                end = offset
    return end


def trim_partial(path: Path, kind: str) -> None:
    if not path.is_file():
        return
    end = complete_length(path, kind)
    if end < path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(end)


def completed(path: Path, kind: str, layout: CsvLayout) -> Iterator[ScoredReply]:
    """The replies already in `path` (none when it does not exist yet)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    trim_partial(path, kind)
    if kind == "jsonl":
        yield from _jsonl(path)
    else:
        yield from _csv(path, layout)


def _jsonl(path: Path) -> Iterator[ScoredReply]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield ScoredReply.from_json(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
                raise ReplycoachError(
                    f"{path}:{number}: not a result written by `replycoach score`; "
                    "cannot --resume into it") from None


def _csv(path: Path, layout: CsvLayout) -> Iterator[ScoredReply]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != layout.header:
            raise ReplycoachError(
                f"{path}: its columns differ from this run's (another rubric or input?); "
                "cannot --resume into it: choose another --output")
        for row in reader:
            try:
                yield layout.read(row)
            except (KeyError, ValueError):
                raise ReplycoachError(f"{path}:{reader.line_num}: not a result written by "
                                      "`replycoach score`; cannot --resume into it") from None
