"""Text that remembers where each of its characters came from in the input file.

Decoding an e-mail (quoted-printable, base64, charsets, HTML) and cutting quotes and
signatures out of it are steps that each take a `MappedText` and give one back, so a finding
in the final draft still points at the right characters of the `.eml` file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from replycoach.draft import Piece


@dataclass(frozen=True)
class MappedText:
    """`text[i]` came from `source[offsets[i]]`; `offsets[len(text)]` is where the text ends.

    Characters made up along the way (a line break for an HTML `<p>`) take the offset of the
    source character that caused them.
    """

    text: str
    offsets: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) + 1:
            raise ValueError("a MappedText needs one offset per character, plus its end")

    @classmethod
    def verbatim(cls, source: str, start: int = 0, end: int | None = None) -> MappedText:
        """source[start:end], character for character."""
        stop = len(source) if end is None else end
        return cls(source[start:stop], tuple(range(start, stop + 1)))

    @classmethod
    def build(cls, chars: Iterable[tuple[str, int]], end: int) -> MappedText:
        """From (character, source offset) pairs and the offset where the last one ends."""
        text: list[str] = []
        offsets: list[int] = []
        for char, offset in chars:
            text.append(char)
            offsets.append(offset)
        offsets.append(end)
        return cls("".join(text), tuple(offsets))

    @classmethod
    def join(cls, parts: list[MappedText], separator: str = "") -> MappedText:
        """Concatenate; a separator's characters map to where the following part starts."""
        if not parts:
            return cls("", (0,))
        text: list[str] = []
        offsets: list[int] = []
        for index, part in enumerate(parts):
            if index and separator:
                text.append(separator)
                offsets.extend([part.offsets[0]] * len(separator))
            text.append(part.text)
            offsets.extend(part.offsets[:-1])
        offsets.append(parts[-1].offsets[-1])
        return cls("".join(text), tuple(offsets))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start : end + 1])

    def lines(self) -> list[MappedText]:
        """The lines, each with its own line break (\\r\\n, \\n or \\r)."""
        result, start, index, text = [], 0, 0, self.text
        while index < len(text):
            char = text[index]
            if char in "\r\n":
                index += 2 if text.startswith("\r\n", index) else 1
                result.append(self.slice(start, index))
                start = index
            else:
                index += 1
        if start < len(text):
            result.append(self.slice(start, len(text)))
        return result

    def strip_lines(self) -> MappedText:
        """Without blank lines at the start and end (the last line keeps its line break)."""
        lines = self.lines()
        while lines and not lines[0].text.strip():
            lines.pop(0)
        while lines and not lines[-1].text.strip():
            lines.pop()
        return MappedText.join(lines) if lines else MappedText("", (self.offsets[0],))

    def pieces(self) -> list[Piece]:
        """Runs of characters that sit side by side in the source, as `Draft.pieces`.

        A final zero-length piece marks where the text ends in the source, so a finding that
        runs to the end of the draft ends at the right place.
        """
        pieces: list[Piece] = []
        run_start = 0
        for index in range(1, len(self.text) + 1):
            contiguous = (index < len(self.text)
                          and self.offsets[index] == self.offsets[index - 1] + 1)
            if not contiguous:
                pieces.append(Piece(run_start, self.offsets[run_start], index - run_start))
                run_start = index
        pieces.append(Piece(len(self.text), self.offsets[-1], 0))
        return pieces
