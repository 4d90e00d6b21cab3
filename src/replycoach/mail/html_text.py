"""HTML bodies as plain text whose characters still point into the file.

HTML-to-text libraries (inscriptis, html2text, selectolax) give good text but no way back to
where a word was in the HTML, so this walks the markup with the standard library's
`html.parser` and maps every character it emits to the offset of its source character (an
entity maps to its `&`). Blocks become line breaks, `<blockquote>` lines get `> ` marks (so
quotes are cut exactly as in plain-text mail) and Gmail/Thunderbird/Outlook signature blocks
get a `-- ` line before them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from replycoach.mail.mapped import MappedText

_SKIP = frozenset({"head", "style", "script", "title", "template", "xml", "noscript"})
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
                    "h6", "pre", "hr", "blockquote", "dl", "dt", "dd", "section", "article",
                    "header", "footer", "center", "address", "body"})
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"})
_SIGNATURE = re.compile(r"\b(?:gmail_signature|moz-signature)\b|^Signature$", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f]")


class _Converter(HTMLParser):
    def __init__(self, html_text: MappedText) -> None:
        super().__init__(convert_charrefs=False)
        self.source = html_text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html_text.text)]
        self.chars: list[tuple[str, int]] = []
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipping, quoting
        self.skip_depth = 0
        self.quote_depth = 0
        self.pre_depth = 0
        self.at_line_start = True
        self.pending_space: int | None = None

    # where we are ---------------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        index = self.line_starts[line - 1] + column
        return self.source.offsets[min(index, len(self.source.text))]

    def _emit(self, char: str, offset: int) -> None:
        if self.at_line_start and char != "\n" and self.quote_depth:
            self.chars.extend((c, offset) for c in "> " * self.quote_depth)
        self.chars.append((char, offset))
        self.at_line_start = char == "\n"

    def _newline(self, offset: int, blank: bool = False) -> None:
        self.pending_space = None
        wanted = 2 if blank else 1
        have = 0
        for char, _ in reversed(self.chars[-2:]):
            if char != "\n":
                break
            have += 1
        if not self.chars:
            return
        for _ in range(wanted - have):
            self.chars.append(("\n", offset))
        self.at_line_start = True

    def _text(self, text: str, offsets: list[int]) -> None:
        if self.skip_depth:
            return
        for char, offset in zip(text, offsets, strict=True):
            if self.pre_depth == 0 and _SPACE.match(char):
                if not self.at_line_start and self.pending_space is None:
                    self.pending_space = offset
                continue
            if char == "\u00a0":
                char = " "
            if self.pending_space is not None:
                self._emit(" ", self.pending_space)
                self.pending_space = None
            self._emit(char, offset)

    # parser callbacks -----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._here()
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self.pending_space = None
                self._emit("\n", offset)
            elif tag == "hr" and not self.skip_depth:
                self._newline(offset)
            return
        attributes = dict(attrs)
        signature = bool(_SIGNATURE.search(f"{attributes.get('class') or ''} "
                                           f"{attributes.get('id') or ''}".strip()))
        skipping = tag in _SKIP
        quoting = tag == "blockquote"
        self.stack.append((tag, skipping, quoting))
        self.skip_depth += skipping
        if self.skip_depth:
            return
        if tag in _BLOCK:
            self._newline(offset, blank=tag in _PARAGRAPH)
        if quoting:
            self.quote_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if signature:
            self._newline(offset)
            for char in "-- \n":
                self._emit(char, offset)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        offset = self._here()
        while self.stack:
            open_tag, skipping, quoting = self.stack.pop()
            self.skip_depth -= skipping
            if quoting:
                self._newline(offset)
                self.quote_depth -= 1
            if open_tag == "pre":
                self.pre_depth -= 1
            if open_tag == tag:
                break
        if not self.skip_depth and tag in _BLOCK:
            self._newline(offset, blank=tag in _PARAGRAPH)

    def handle_data(self, data: str) -> None:
        start = self._index()
        self._text(data, list(self.source.offsets[start : start + len(data)]))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, raw: str) -> None:
        text = html.unescape(raw)
        offset = self._here()
        self._text(text, [offset] * len(text))

    def _index(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column


def html_to_text(body: MappedText) -> MappedText:
    """The text a reader sees in an HTML body, mapped back to the source."""
    converter = _Converter(body)
    converter.feed(body.text)
    converter.close()
    end = body.offsets[-1]
    chars = converter.chars
    while chars and chars[-1][0] == "\n":
        chars.pop()
    if chars:
        chars.append(("\n", end))
    return MappedText.build(chars, end)
