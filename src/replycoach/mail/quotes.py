"""Split an e-mail body into what the sender wrote and what they quoted or signed.

Works line by line on a `MappedText`, so the sender's words keep their places in the file.
The patterns are data (patterns.yml), covering en, cs, pl, ru, vi and ar and the usual
clients: `>` quotes, "On ... wrote:" attributions, Outlook "From: / Sent:" header blocks,
forward separators, `-- ` signatures and "Sent from my phone" footers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from replycoach.mail.mapped import MappedText

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_QUOTED = re.compile(r"^[ \t]*>")
_SIGNATURE_SEPARATOR = re.compile(r"^--[ \t]?$")
ATTRIBUTION_MAX_LINES = 3
HEADER_WINDOW = 6
_SENTENCE_END = (".", "!", "?", "\u061f")  # a wrapped attribution never ends a line so
MAX_DEPTH = 3  # how deep to look for the customer's own words inside quotes


@dataclass(frozen=True)
class Patterns:
    attribution: tuple[re.Pattern[str], ...]
    separator: tuple[re.Pattern[str], ...]
    footer: tuple[re.Pattern[str], ...]
    header_from: re.Pattern[str]
    header_other: re.Pattern[str]


def _compile(items: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(item, re.IGNORECASE) for item in items)


def _field(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"^\*?(?:{alternatives})\*?[ \t]*:(?:\*|[ \t]|$)", re.IGNORECASE)


@cache
def patterns() -> Patterns:
    data = yaml.safe_load(resources.files("replycoach.mail").joinpath("patterns.yml")
                          .read_text(encoding="utf-8"))
    fields = data["header_fields"]
    return Patterns(
        attribution=_compile([p for items in data["attribution"].values() for p in items]),
        separator=_compile(data["separator"]),
        footer=_compile(data["footer"]),
        header_from=_field(fields["from"]),
        header_other=_field(fields["date"] + fields["to"] + fields["subject"]),
    )


@dataclass(frozen=True)
class Reply:
    """The sender's own text (mapped into the file) and the earlier message they answer."""

    text: MappedText
    context: str | None


def _clean(line: str) -> str:
    return _BIDI.sub("", line).strip()


def is_quoted(line: str) -> bool:
    return bool(_QUOTED.match(line))


def _matches(found: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.search(line) for p in found)


def _attribution_length(lines: list[str], index: int) -> int:
    """How many lines (1-3) from `index` form an "On ... wrote:" line; 0 if none."""
    joined = ""
    for length in range(1, ATTRIBUTION_MAX_LINES + 1):
        if index + length > len(lines):
            break
        line = _clean(lines[index + length - 1])
        if not line or is_quoted(lines[index + length - 1]) or joined.endswith(_SENTENCE_END):
            break
        joined = f"{joined} {line}".strip()
        if joined.endswith(":") and _matches(patterns().attribution, joined):
            return length
    return 0


def _header_block_at(lines: list[str], index: int) -> bool:
    """An Outlook-style "From: ... Sent: ... To: ... Subject:" block starts here."""
    if not patterns().header_from.match(_clean(lines[index])):
        return False
    window = lines[index + 1 : index + 1 + HEADER_WINDOW]
    return sum(1 for line in window if patterns().header_other.match(_clean(line))) >= 2


def _next_filled(lines: list[str], index: int) -> int | None:
    for position in range(index, len(lines)):
        if lines[position].strip():
            return position
    return None


def _unquote(line: str) -> str:
    return re.sub(r"^[ \t]*> ?", "", line, count=1)


def _skip_headers(lines: list[str]) -> list[str]:
    """An earlier message without its separator and header block lines."""
    position = 0
    if position < len(lines) and _matches(patterns().separator, _clean(lines[position])):
        position += 1
    start = _next_filled(lines, position)
    if start is not None and patterns().header_from.match(_clean(lines[start])):
        position = start + 1
        while position < len(lines) and (
                patterns().header_other.match(_clean(lines[position]))
                or lines[position][:1] in (" ", "\t") and lines[position].strip()):
            position += 1
    elif start is not None and _attribution_length(lines, start):
        position = start + _attribution_length(lines, start)
    return lines[position:]


def _own_words(text: str, depth: int) -> str:
    """The customer's own words in a quoted message (their quotes and signature cut)."""
    if depth >= MAX_DEPTH:
        return text.strip()
    return split_reply(MappedText.verbatim(text), depth + 1).text.text.strip()


def split_reply(body: MappedText, depth: int = 0) -> Reply:
    """The sender's lines of a body, and the quoted message (one level of quotes, or the
    message under an Outlook header block or forward separator) as context."""
    mapped_lines = body.lines()
    lines = [line.text for line in mapped_lines]
    own: list[int] = []
    quoted_blocks: list[list[str]] = []
    history: list[str] = []
    in_signature = False
    index = 0
    while index < len(lines):
        line = lines[index]
        clean = _clean(line)
        if is_quoted(line):
            if not quoted_blocks or index == 0 or not is_quoted(lines[index - 1]):
                quoted_blocks.append([])
            quoted_blocks[-1].append(_unquote(line))
            index += 1
            continue
        if clean and (_matches(patterns().separator, clean) or _header_block_at(lines, index)):
            history = lines[index:]
            break
        attribution = _attribution_length(lines, index) if clean else 0
        if attribution:
            following = _next_filled(lines, index + attribution)
            if following is not None and is_quoted(lines[following]):
                index += attribution
                continue
            history = lines[index:]
            break
        if _SIGNATURE_SEPARATOR.match(line.rstrip("\r\n")):
            in_signature = True
        elif not in_signature and not (clean and _matches(patterns().footer, clean)):
            own.append(index)
        index += 1

    text = _join_runs(mapped_lines, own, body)
    contexts = [_own_words("".join(_skip_headers(block)), depth) for block in quoted_blocks]
    if history:
        contexts.append(_own_words("".join(_skip_headers(history)), depth))
    context = "\n\n".join(c for c in contexts if c)
    return Reply(text, context or None)


def _join_runs(lines: list[MappedText], own: list[int], body: MappedText) -> MappedText:
    """The sender's lines; where quotes were cut out between them, a line break keeps the
    paragraphs apart."""
    runs: list[list[int]] = []
    for index in own:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = [MappedText.join([lines[i] for i in run]).strip_lines() for run in runs]
    parts = [part for part in parts if part.text]
    if not parts:
        return MappedText("", (body.offsets[0],))
    for position, part in enumerate(parts[:-1]):
        if not part.text.endswith(("\n", "\r")):
            parts[position] = MappedText.join([part, MappedText("\n", (part.offsets[-1],) * 2)])
    return MappedText.join(parts, separator="\n")
