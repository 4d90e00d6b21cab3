"""The MIME structure of a message, with where each part's body sits in the file.

The standard library parses each header block (`email.parser.HeaderParser`: content types,
parameters, RFC 2047/2231); this module only finds the blocks and the boundaries between
them, which the standard library does not report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser

from replycoach.errors import InputError

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_BLANK_LINE = re.compile(r"(?:\r\n|\n)(?:\r\n|\n)")
_HEADER_LINE = re.compile(r"[!-9;-~]+:|[ \t]")  # a field name and colon, or a continuation
MAX_DEPTH = 20  # nested multiparts deeper than this are not a reply


@dataclass
class Part:
    """One MIME entity: its headers and where its body is in the source."""

    headers: Message
    body_start: int
    body_end: int
    children: list[Part] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset()

    @property
    def transfer_encoding(self) -> str:
        return str(self.headers.get("Content-Transfer-Encoding") or "7bit").strip().lower()

    @property
    def is_attachment(self) -> bool:
        return self.headers.get_content_disposition() == "attachment"


def split_headers(source: str, start: int, end: int) -> tuple[Message, int]:
    """Parse the header block at source[start:end]; return it and where the body starts."""
    blank = _BLANK_LINE.search(source, start, end)
    if source.startswith(("\r\n", "\n"), start):  # no headers at all: RFC 2046 defaults
        header_end = start
        body_start = start + (2 if source.startswith("\r\n", start) else 1)
    elif blank is None:
        header_end = body_start = end
    else:
        header_end = blank.start() + (2 if source.startswith("\r\n", blank.start()) else 1)
        body_start = blank.end()
    return HeaderParser().parsestr(source[start:header_end]), body_start


def has_header_block(text: str) -> bool:
    """True when the text starts with header fields followed by a blank line."""
    blank = _BLANK_LINE.search(text)
    if not blank:
        return False
    lines = text[: blank.start()].splitlines()
    return bool(lines) and all(_HEADER_LINE.match(line) for line in lines) \
        and not lines[0][:1].isspace()


def _boundary_lines(source: str, start: int, end: int, boundary: str
                    ) -> list[tuple[int, int, bool]]:
    """(line start, line end incl. break, is the closing delimiter) of each delimiter line."""
    found = []
    delimiter = "--" + boundary
    for match in _LINE.finditer(source, start, end):
        line = match.group().rstrip("\r\n")
        if not line.startswith(delimiter):
            continue
        rest = line[len(delimiter):]
        if rest.strip() == "":
            found.append((match.start(), match.end(), False))
        elif rest.startswith("--") and rest[2:].strip() == "":
            found.append((match.start(), match.end(), True))
            break
        if match.end() >= end:
            break
    return found


def _before_break(source: str, start: int, position: int) -> int:
    """The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1)."""
    if position - 2 >= start and source[position - 2 : position] == "\r\n":
        return position - 2
    if position - 1 >= start and source[position - 1] in "\r\n":
        return position - 1
    return position


def parse_part(path: str, source: str, start: int, end: int, depth: int = 0) -> Part:
    headers, body_start = split_headers(source, start, end)
    part = Part(headers, body_start, end)
    if part.content_type.startswith("multipart/"):
        if depth >= MAX_DEPTH:
            raise InputError(path, f"has MIME parts nested more than {MAX_DEPTH} deep")
        boundary = headers.get_boundary()
        if not boundary:
            raise InputError(path, f"is {part.content_type} without a boundary parameter")
        delimiters = _boundary_lines(source, body_start, end, boundary)
        for (_, after, _closing), (next_start, _, _) in zip(delimiters, delimiters[1:],
                                                            strict=False):
            child_end = _before_break(source, after, next_start)
            part.children.append(parse_part(path, source, after, child_end, depth + 1))
        if delimiters and not delimiters[-1][2]:  # no closing delimiter: take the rest
            part.children.append(parse_part(path, source, delimiters[-1][1], end, depth + 1))
    return part


def parse_message(path: str, source: str, start: int = 0, end: int | None = None) -> Part:
    """The MIME tree of the message at source[start:end]."""
    stop = len(source) if end is None else end
    if not has_header_block(source[start : min(stop, start + 65536)]):
        raise InputError(path, "is not an e-mail message: no header block followed by a "
                         "blank line")
    return parse_part(path, source, start, stop)


def body_part(part: Part) -> Part | None:
    """The part that holds what the sender wrote: text/plain, else text/html; the first
    such part of multipart/mixed, the plain alternative of multipart/alternative."""
    if part.is_attachment:
        return None
    if part.content_type in ("text/plain", "text/html"):
        return part
    if not part.content_type.startswith("multipart/"):
        return None
    if part.content_type == "multipart/alternative":
        candidates = [body_part(child) for child in part.children]
        found = [c for c in candidates if c is not None]
        for wanted in ("text/plain", "text/html"):
            for candidate in found:
                if candidate.content_type == wanted and candidate.body_end > candidate.body_start:
                    return candidate
        return found[0] if found else None
    for child in part.children:
        found_part = body_part(child)
        if found_part is not None:
            return found_part
    return None
