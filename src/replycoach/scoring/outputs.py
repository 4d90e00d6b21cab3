"""Write scored replies as they come: JSON lines or CSV files, or one streamed JSON object.

Each reply is written and flushed on its own, so an interrupted run loses at most the reply
being written, and `--resume` can pick up after the last complete one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Protocol

from replycoach.errors import ReplycoachError
from replycoach.scoring.records import CsvLayout, ScoredReply

OUTPUT_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


class ReplyWriter(Protocol):
    def write(self, reply: ScoredReply) -> None: ...


def output_kind(path: Path) -> str:
    kind = OUTPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ReplycoachError(f"--output {path}: name a .jsonl or .csv file")
    return kind


def reply_json(reply: ScoredReply) -> str:
    return json.dumps(reply.to_json(), ensure_ascii=False)


class JsonLinesWriter:
    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle

    def write(self, reply: ScoredReply) -> None:
        self.handle.write(reply_json(reply) + "\n")
        self.handle.flush()


class CsvWriter:
    def __init__(self, handle: IO[str], layout: CsvLayout, header: bool = True) -> None:
        self.handle = handle
        self.layout = layout
        self.writer = csv.writer(handle, lineterminator="\n")
        if header:
            self.writer.writerow(layout.header)
            handle.flush()

    def write(self, reply: ScoredReply) -> None:
        self.writer.writerow(self.layout.row(reply))
        self.handle.flush()


class JsonStream:
    """`{"replies": [...], ...}` on a stream, one reply at a time; the rest at the end."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.count = 0
        handle.write('{"replies": [')

    def write(self, reply: ScoredReply) -> None:
        self.handle.write(("," if self.count else "") + "\n  " + reply_json(reply))
        self.handle.flush()
        self.count += 1

    def finish(self, rest: dict[str, Any]) -> None:
        tail = json.dumps(rest, ensure_ascii=False, indent=2)
        self.handle.write(("\n" if self.count else "") + "],\n" + tail[1:].lstrip("\n")
                          + "\n")
        self.handle.flush()


def open_output(path: Path, kind: str, layout: CsvLayout, append: bool) -> tuple[IO[str],
                                                                                 ReplyWriter]:
    """The --output file, new or (with --resume) appended to."""
    try:
        existed = append and path.is_file() and path.stat().st_size > 0
        handle = open(path, "a" if append else "w", encoding="utf-8",  # noqa: SIM115
                      newline="")
    except OSError as exc:
        raise ReplycoachError(f"--output {path}: cannot write: {exc.strerror or exc}") from None
    if kind == "csv":
        return handle, CsvWriter(handle, layout, header=not existed)
    return handle, JsonLinesWriter(handle)
