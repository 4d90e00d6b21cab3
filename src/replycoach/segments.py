"""Split a draft into greeting, body, closing and signature, from the language's conventions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from replycoach.languages import LanguageProfile

SIGNATURE_SEPARATOR = re.compile(r"^--\s?$")
# A sign-off is looked for among the last lines only: "Thanks" in the first line is no sign-off.
SIGN_OFF_WINDOW = 6
# Lines after a sign-off that still belong to the signature (name, title, company, phone).
MAX_SIGNATURE_LINES = 6
# A first line this short that starts with a greeting is all greeting, name and title included.
MAX_GREETING_LINE_WORDS = 6
_GREETING_END = re.compile(r"[,!:;.\u060C]|\s[-\u2013\u2014]\s")


@dataclass(frozen=True)
class Segment:
    name: str
    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the line break."""
    spans, start = [], 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(line.strip())
        if found:
            return found
    return None


def split_segments(text: str, profile: LanguageProfile) -> list[Segment]:
    lines = _lines(text)
    filled = [(s, e) for s, e in lines if text[s:e].strip()]
    if not filled:
        return [Segment("body", 0, len(text))]

    body_start, body_end = 0, len(text)
    segments: list[Segment] = []

    # Greeting: the first non-blank line, up to its first comma or similar, if it greets.
    first_start, first_end = filled[0]
    first_line = text[first_start:first_end]
    if _matches(profile.greeting, first_line):
        stripped_offset = first_start + len(first_line) - len(first_line.lstrip())
        end_mark = _GREETING_END.search(text, stripped_offset, first_end)
        if len(first_line.split()) <= MAX_GREETING_LINE_WORDS or not end_mark:
            # A line of its own: "Здравствуйте, Дмитрий!", "Dobrý den, pane Nováku,".
            greeting_end = first_start + len(first_line.rstrip())
        else:  # "Hi Tom, your parcel left this morning.": the greeting ends at the comma
            greeting_end = end_mark.end()
        segments.append(Segment("greeting", 0, greeting_end))
        body_start = greeting_end

    # Signature: from a "-- " line, or the short block after the sign-off line.
    signature_start = None
    for start, end in filled:
        if start >= body_start and SIGNATURE_SEPARATOR.match(text[start:end]):
            signature_start = start
            break
    tail = [(s, e) for s, e in filled if s >= body_start
            and (signature_start is None or s < signature_start)]
    sign_off_line = None
    for start, end in reversed(tail[-SIGN_OFF_WINDOW:]):
        if _matches(profile.sign_off, text[start:end]):
            sign_off_line = (start, end)
            break
    if sign_off_line and signature_start is None:
        after = [(s, e) for s, e in tail if s > sign_off_line[0]]
        if after and len(after) <= MAX_SIGNATURE_LINES:
            signature_start = after[0][0]
    if signature_start is not None:
        body_end = signature_start

    # Closing: the sign-off line and, when the body has several paragraphs, the last one.
    closing_start = None
    if sign_off_line:
        closing_start = sign_off_line[0]
    paragraph_starts = [
        m.end() for m in re.finditer(r"(?:\r?\n[ \t]*){2,}(?=\S)", text)
        if body_start < m.end() < (closing_start or body_end)
    ]
    if paragraph_starts:
        closing_start = paragraph_starts[-1]

    if closing_start is not None and closing_start > body_start:
        segments.append(Segment("body", body_start, closing_start))
        segments.append(Segment("closing", closing_start, body_end))
    else:
        segments.append(Segment("body", body_start, body_end))
    if body_end < len(text):
        segments.append(Segment("signature", body_end, len(text)))
    return segments
