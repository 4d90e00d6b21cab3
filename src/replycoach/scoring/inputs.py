"""Rows to score, read lazily from CSV, JSON lines, or folders of drafts and `.eml` files.

Every source can be read twice: once to check every row before any scoring starts (a broken
line 90,000 should not cost an hour), counting rows for the progress bar, and once to score.
Neither pass keeps more than one row in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from replycoach.errors import InputError, ReplycoachError
from replycoach.inputs import MAX_CHARS, expand_paths, read_input
from replycoach.model import CATEGORIES
from replycoach.scoring.rows import KNOWN_COLUMNS, TEXT_COLUMNS, Record, Row, column_key, make_row

CSV_SUFFIXES = (".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
DELIMITERS = ",;\t|"
SNIFF_CHARS = 64 * 1024


class Source(Protocol):
    name: str

    def records(self) -> Iterator[Record]: ...


@dataclass
class Survey:
    """What checking every row found: how many, and which optional columns occur."""

    rows: int = 0
    columns: list[str] = field(default_factory=list)  # pass-through columns, first seen first
    graded: int = 0
    grade_categories: list[str] = field(default_factory=list)


def _delimiter_option(value: str | None) -> str | None:
    if value is None:
        return None
    value = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(value, value)
    if len(value) != 1:
        raise ReplycoachError(f"--delimiter must be one character (or 'tab'), got {value!r}")
    return value


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the header into the most known column names; csv.Sniffer
    breaks ties and guesses when no column is known."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    first = sample.splitlines()[0] if sample.strip() else ""
    best, best_known = sniffed, 0
    for candidate in (sniffed, *DELIMITERS):
        header = next(csv.reader(io.StringIO(first), delimiter=candidate), [])
        known = sum(1 for name in header if column_key(name) in KNOWN_COLUMNS)
        if known > best_known:
            best, best_known = candidate, known
    return best


class CsvSource:
    def __init__(self, path: Path, encoding: str | None, delimiter: str | None) -> None:
        self.path = path
        self.name = str(path)
        self.encoding = encoding or "utf-8-sig"
        self.delimiter = _delimiter_option(delimiter) or (
            "\t" if path.suffix.lower() == ".tsv" else None)

    def records(self) -> Iterator[Record]:
        csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_CHARS))
        directory = str(self.path.resolve().parent)
        line = 0
        try:
            with _open(self.path, self.encoding, newline="") as handle:
                delimiter = self.delimiter or sniff_delimiter(handle.read(SNIFF_CHARS))
                handle.seek(0)
                reader = csv.reader(handle, delimiter=delimiter)
                header = next(reader, None)
                if header is None or not any(h.strip() for h in header):
                    raise InputError(self.name, "is empty: no header row")
                _check_header(self.name, header, delimiter)
                line, number = reader.line_num, 0
                for cells in reader:
                    start, line = line + 1, reader.line_num
                    if not any(cell.strip() for cell in cells):
                        continue
                    number += 1
                    where = f"{self.name}:{start}"
                    if len(cells) > len(header):
                        raise InputError(where, f"has {len(cells)} fields but the header has "
                                         f"{len(header)} (a quote left open, or another "
                                         "delimiter? see --delimiter)")
                    values = dict(zip(header, cells, strict=False))
                    yield Record(where, values, directory, default_id=str(number))
        except UnicodeDecodeError as exc:
            hint = "" if self.encoding != "utf-8-sig" else "; pass --encoding (e.g. cp1252)"
            raise InputError(f"{self.name}:{line + 1}",
                             f"is not valid {exc.encoding}{hint}") from None
        except csv.Error as exc:
            raise InputError(f"{self.name}:{line + 1}", f"is not valid CSV: {exc}") from None


def _check_header(name: str, header: list[str], delimiter: str) -> None:
    keys = [column_key(h) for h in header]
    if not any(k in TEXT_COLUMNS for k in keys):
        shown = ", ".join(repr(h) for h in header[:8])
        raise InputError(f"{name}:1", f"no 'text' or 'reply' column (columns: {shown}; "
                         f"delimiter {delimiter!r}, see --delimiter)")
    duplicates = sorted({h for h in keys if keys.count(h) > 1})
    if duplicates:
        raise InputError(f"{name}:1", f"column {duplicates[0]!r} appears twice")


class JsonLinesSource:
    def __init__(self, path: Path, encoding: str | None) -> None:
        self.path = path
        self.name = str(path)
        self.encoding = encoding or "utf-8-sig"

    def records(self) -> Iterator[Record]:
        directory = str(self.path.resolve().parent)
        number = rows = 0
        try:
            with _open(self.path, self.encoding) as handle:
                for number, line in enumerate(handle, 1):  # noqa: B007 - used after the loop
                    if not line.strip():
                        continue
                    rows += 1
                    where = f"{self.name}:{number}"
                    try:
                        values = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(where, f"is not valid JSON ({exc.msg} at column "
                                         f"{exc.colno})") from None
                    if not isinstance(values, dict):
                        raise InputError(where, "must be a JSON object such as "
                                         '{"id": "...", "text": "..."}, got '
                                         f"{type(values).__name__}")
                    yield Record(where, values, directory, default_id=str(rows))
        except UnicodeDecodeError as exc:
            hint = "" if self.encoding != "utf-8-sig" else "; pass --encoding (e.g. cp1252)"
            raise InputError(f"{self.name}:{number + 1}",
                             f"is not valid {exc.encoding}{hint}") from None


class DraftFiles:
    """A folder of drafts (.txt, .md, .eml), or draft files named one by one.

    In a folder, a draft's id is its path inside the folder; a sub-folder's name is the agent
    (`replies/anna/0001.txt` is agent `anna`)."""

    def __init__(self, name: str, encoding: str | None) -> None:
        self.name = name
        self.encoding = encoding

    def records(self) -> Iterator[Record]:
        root = Path(self.name)
        for name in expand_paths([self.name]):
            raw = read_input(name, self.encoding)
            path = Path(name)
            relative = path.relative_to(root) if root.is_dir() else Path(path.name)
            agent = relative.parts[0] if len(relative.parts) > 1 else None
            yield Record(name, {"text": raw.text}, str(raw.directory), suffix=raw.suffix,
                         default_id=relative.as_posix(), default_agent=agent)


def _open(path: Path, encoding: str, newline: str | None = None) -> io.TextIOWrapper:
    try:
        return open(path, encoding=encoding, newline=newline)  # noqa: SIM115 - returned
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except LookupError:
        raise InputError(str(path), f"unknown encoding '{encoding}'") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def open_source(name: str, encoding: str | None = None, delimiter: str | None = None
                ) -> Source:
    """The reader for what the user named: by suffix, or a folder of drafts."""
    path = Path(name)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in (".txt", ".md", ".eml"):
        return DraftFiles(name, encoding)
    if suffix in CSV_SUFFIXES:
        return CsvSource(path, encoding, delimiter)
    if suffix in JSONL_SUFFIXES:
        return JsonLinesSource(path, encoding)
    if not path.exists():
        raise InputError(name, "no such file or folder")
    raise InputError(name, "cannot tell its format: name a .csv, .tsv, .jsonl file, or a "
                     "folder of .txt/.md/.eml drafts")


def read_rows(sources: list[Source]) -> Iterator[Row]:
    for source in sources:
        for record in source.records():
            yield make_row(record)


def survey(sources: list[Source]) -> Survey:
    """Check every row without keeping any; count them and note the optional columns."""
    found = Survey()
    seen_columns: dict[str, None] = {}
    categories: set[str] = set()
    for row in read_rows(sources):
        found.rows += 1
        seen_columns.update(dict.fromkeys(row.columns))
        if row.grade is not None:
            found.graded += 1
        categories.update(row.grades)
    found.columns = list(seen_columns)
    found.grade_categories = [c for c in CATEGORIES if c in categories]
    return found
