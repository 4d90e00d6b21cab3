"""What is not a word to check: links, addresses, handles, hashtags, order numbers, code-like
tokens, acronyms, CamelCase product names, and people's names.

`words()` yields the words of a text worth looking up; `known_names()` gathers the names a
draft shows elsewhere (the greeting, the sign-off and signature, the e-mail's headers, the
customer's message), which are never misspellings wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses
from functools import lru_cache
from typing import NamedTuple

# A letter, or a combining mark (Arabic harakat, decomposed accents) that belongs to one.
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])"
WORD = re.compile(rf"{_LETTER}+(?:['\u2019\-]{_LETTER}+)*")
_CHUNK = re.compile(r"\S+")
# A link or an address anywhere in the chunk: the whole chunk is skipped.
_LINK = re.compile(r"(?i)[a-z][a-z0-9+.\-]*://|^\W*www\.|mailto:|@|#")
# Social sign-offs glued to the agent's name or initials: ^JS, -Lisi, –jeh, ~KK, /AM.
_SIGN_OFF_MARKS = "-\u2013\u2014~^/"
_EDGE = "\"'\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb()[]{}<>.,;:!?\u2026*_~`\u00a1\u00bf" \
        "-\u2013\u2014/|"
# Once the edges are stripped, any of these inside make a token code-like: order numbers,
# versions, paths, variables, HTML entities, formulas.
_CODE = re.compile(r"[\d_@#/\\=<>{}\[\]|~^*+&%$`]|\w\.\w")
# Looking back from a word for a sentence end, these are stepped over: spaces, quotes,
# brackets, bullets ('(Sent it.) "Teh ...' starts a sentence at 'Teh').
_OPENERS = " \t\"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb()[]{}*\u2022\u00b7-\u2013\u2014>"
_SENTENCE_END = ".!?\u2026:\u061f\u06d4"


class Word(NamedTuple):
    start: int
    end: int
    text: str
    # A capitalised word first in a sentence or a line, where capitals say nothing.
    sentence_start: bool


def _sentence_start(text: str, offset: int, floor: int) -> bool:
    i = offset - 1
    while i >= floor and text[i] in _OPENERS:
        i -= 1
    return i < floor or text[i] in "\r\n" or text[i] in _SENTENCE_END


def is_code_like(token: str) -> bool:
    """Digits, underscores, paths, dotted names and the like: not prose."""
    return bool(_CODE.search(token))


def is_acronym_or_camel_case(word: str) -> bool:
    """ALL-CAPS ('DM', 'PSN', 'СДЭК') or a capital after the first letter ('iPhone',
    'AirPods', 'McAfee')."""
    if word.islower() or (word[0].isupper() and word[1:].islower()):
        return False  # the common cases, answered by str's C loops
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    return any(c.isupper() for c in word[1:])


@lru_cache(maxsize=65536)
def chunk_words(chunk: str) -> tuple[tuple[int, str], ...]:
    """The words of a whitespace-delimited chunk worth judging, with their offsets in it:
    none for a link, an address, a sign-off, a file extension ('.msi') or a code."""
    if chunk.isalpha():  # most chunks: a plain word
        return () if len(chunk) < 2 or is_acronym_or_camel_case(chunk) else ((0, chunk),)
    if _LINK.search(chunk) or (chunk[0] in _SIGN_OFF_MARKS + "." and chunk[1:2].isalpha()):
        return ()
    stripped = chunk.strip(_EDGE)
    if not stripped or is_code_like(stripped):
        return ()
    offset = chunk.index(stripped)
    found = []
    for match in WORD.finditer(stripped):
        word = match.group()
        if sum(c.isalpha() for c in word) >= 2 and not is_acronym_or_camel_case(word):
            found.append((offset + match.start(), word))
    return tuple(found)


def words(text: str, regions: Iterable[tuple[int, int]]) -> Iterator[Word]:
    """The words in text[start:end] of each region that a dictionary should judge. A
    capitalised word inside a sentence is a name and is left out."""
    for lo, hi in regions:
        for chunk in _CHUNK.finditer(text, lo, hi):
            for offset, word in chunk_words(chunk.group()):
                start = chunk.start() + offset
                # Where a sentence starts matters only for a capitalised word.
                sentence_start = word[0].isupper() and _sentence_start(text, start, lo)
                if word[0].isupper() and not sentence_start:
                    continue
                yield Word(start, start + len(word), word, sentence_start)


def capitalised_words(text: str, *, first_of_line: bool = True) -> set[str]:
    """Capitalised words of a text, lower-cased; without each line's first word unless
    `first_of_line` (a greeting's 'Dear' is no name, the signature's 'Anna' is). In a script
    without capitals (Arabic) every word counts."""
    found = set()
    for line in text.splitlines():
        for i, match in enumerate(WORD.finditer(line)):
            word = match.group()
            if not word[0].islower() and (first_of_line or i > 0):
                found.add(word.lower())
    return found


def _header_names(headers: Message) -> set[str]:
    names: set[str] = set()
    for field in ("From", "To", "Cc", "Reply-To", "Sender"):
        for raw in headers.get_all(field, []):
            try:
                decoded = str(make_header(decode_header(str(raw))))
            except (ValueError, LookupError, UnicodeError):
                decoded = str(raw)
            for display, _address in getaddresses([decoded]):
                names.update(w.lower() for w in WORD.findall(display))
    return names


def known_names(segments: Iterable[tuple[str, str]], headers: Message | None,
                context: str | None) -> frozenset[str]:
    """Lower-cased names the draft shows outside its prose.

    `segments` are (name, text) pairs: capitalised words of the greeting and the sign-off
    line(s) after their first word, and of the signature, all of them."""
    names: set[str] = set()
    for name, text in segments:
        if name in ("greeting", "closing"):
            names |= capitalised_words(text, first_of_line=False)
        elif name == "signature":
            names |= capitalised_words(text)
    if headers is not None:
        names |= _header_names(headers)
    if context:
        names |= capitalised_words(context)  # the customer signs with their name
    return frozenset(names)
