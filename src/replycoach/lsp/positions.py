"""LSP positions: 0-based line and character, in the code units both sides agreed on.

Python strings index code points; LSP counts UTF-16 code units unless client and server
agree on `utf-32` (code points) or `utf-8` (bytes). A line ends at `\\r\\n`, `\\r` or `\\n`
only, as LSP says (not at the other breaks `str.splitlines` knows, such as U+2028).
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units `text` takes in the position encoding."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class LineMap:
    """Offsets (code points) to LSP positions and back, for one text."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        self.ends = []  # where each line's text ends (before its line break)
        for match in _LINE_BREAK.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        # An offset inside a \r\n pair belongs to the end of its line.
        start = self.starts[line]
        column_end = min(offset, self.ends[line])
        return line, units(self.text[start:column_end], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; past the end of a line means its end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.ends[line]
        if self.encoding == UTF32:
            return min(start + max(character, 0), end)
        count = 0
        for index in range(start, end):
            if count >= character:
                return index
            count += units(self.text[index], self.encoding)
        return end
