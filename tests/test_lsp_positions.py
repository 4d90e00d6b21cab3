"""LSP positions: code-point offsets to line/character in utf-8, utf-16 and utf-32 units."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from replycoach.lsp.positions import UTF8, UTF16, UTF32, LineMap, units  # noqa: E402

TEXT = "a😀b\r\nčé\rx\u2028y\nend"


@pytest.mark.parametrize("encoding, expected", [(UTF32, 3), (UTF16, 4), (UTF8, 6)])
def test_units(encoding: str, expected: int):
    assert units("a😀b", encoding) == expected


@pytest.mark.parametrize("offset, encoding, position", [
    (0, UTF16, (0, 0)),
    (2, UTF16, (0, 3)),        # after the emoji: two UTF-16 units
    (2, UTF32, (0, 2)),
    (2, UTF8, (0, 5)),
    (3, UTF16, (0, 4)),        # end of the first line, before \r\n
    (4, UTF16, (0, 4)),        # between \r and \n: still the end of line 0
    (5, UTF16, (1, 0)),        # \r\n is one line break
    (7, UTF8, (1, 4)),         # č and é are two bytes each
    (8, UTF16, (2, 0)),        # a lone \r breaks a line
    (10, UTF16, (2, 2)),       # U+2028 is not a line break in LSP
    (12, UTF16, (3, 0)),
    (15, UTF16, (3, 3)),
    (99, UTF16, (3, 3)),       # past the end: the end
])
def test_positions(offset: int, encoding: str, position: tuple[int, int]):
    assert LineMap(TEXT, encoding).position(offset) == position


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_offsets_round_trip(encoding: str):
    lines = LineMap(TEXT, encoding)
    for offset in range(len(TEXT) + 1):
        if TEXT[offset - 1:offset + 1] == "\r\n":
            continue  # inside a line break: not a position of its own
        assert lines.offset(*lines.position(offset)) == offset, offset


def test_offsets_past_a_line_or_the_text_clamp():
    lines = LineMap(TEXT, UTF16)
    assert lines.offset(0, 99) == 3
    assert lines.offset(99, 0) == len(TEXT)
    assert lines.offset(-1, 5) == 0
