"""A draft: the agent's text, where it sits in the input file, and what we know around it."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import Message

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A character with the combining marks that follow it (or stray marks at the start).
_CLUSTER = re.compile(r"[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|"
                      r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    """draft.text[start:start+length] is source[source_start:source_start+length]."""

    start: int
    source_start: int
    length: int


@dataclass
class Draft:
    """What one input holds for linting.

    `source` is the whole input as given (an .eml keeps its headers); `text` is the part the
    agent wrote. `pieces` map offsets in `text` back to `source`, so findings point into the file.
    """

    path: str
    source: str
    text: str
    pieces: list[Piece] = field(default_factory=list)
    channel: str = "chat"
    language: str | None = None
    locale: str | None = None
    context: str | None = None
    headers: Message | None = None  # an e-mail's headers, when the input was one
    # False when `text` was decoded (quoted-printable, base64, another charset, HTML): its
    # characters are not the file's characters, so rewrites must not be written into `source`.
    verbatim: bool = True
    note: str | None = None  # why only part of the rules could run (no packs for the language)
    # Where each piece starts in `text`, for the pieces list it was made from: reporters map
    # every finding's offsets, and a decomposed draft has a piece per character.
    _starts: tuple[list[Piece], int, list[int]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @classmethod
    def whole(cls, path: str, source: str, **kwargs: object) -> Draft:
        """A draft that is its whole input (plain text files, stdin)."""
        return cls(path=path, source=source, text=source, pieces=[Piece(0, 0, len(source))],
                   **kwargs)  # type: ignore[arg-type]

    def compose(self) -> None:
        """Bring the text to composed Unicode (NFC), keeping offsets into the file.

        Drafts typed on macOS or with Vietnamese IMEs in 'Unicode tổ hợp' mode arrive
        decomposed ('e' + U+0301); rules are written composed. Each starter character and
        its combining marks is composed on its own and mapped to where it sits in the file.
        """
        if unicodedata.is_normalized("NFC", self.text):
            return
        pieces, parts, position = [], [], 0
        for chunk in _CLUSTER.finditer(self.text):
            composed = unicodedata.normalize("NFC", chunk.group())
            pieces.append(Piece(position, self.source_offset(chunk.start()), len(composed)))
            parts.append(composed)
            position += len(composed)
        # The end of the text maps to the end of the last cluster in the file.
        pieces.append(Piece(position, self.source_offset(len(self.text)), 0))
        self.text, self.pieces = "".join(parts), pieces

    def source_offset(self, offset: int) -> int:
        """Map an offset in `text` to an offset in `source`."""
        if not self.pieces:
            return offset
        starts = self._piece_starts()
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        piece = self.pieces[index]
        return piece.source_start + min(offset - piece.start, piece.length)

    def _piece_starts(self) -> list[int]:
        cached = self._starts
        if cached is None or cached[0] is not self.pieces or cached[1] != len(self.pieces):
            cached = self._starts = (self.pieces, len(self.pieces),
                                     [p.start for p in self.pieces])
        return cached[2]


class LineIndex:
    """Turns character offsets into 1-based (line, column), counting \\r\\n as one break."""

    def __init__(self, text: str) -> None:
        self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1
