"""Content-transfer-encodings and charsets, decoded with each character's place in the file.

The standard library decodes too, but forgets where things were; these decoders keep, for
every decoded character, the offset of the source character where its encoding starts:
- 7bit/8bit/binary: the character itself;
- quoted-printable: the character, or the `=` of its `=XX` sequence (soft line breaks vanish);
- base64: the base64 character in which the first byte of the character's encoding starts.
Tests compare the text with what `email` decodes, so the two never disagree.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterator

from replycoach.mail.mapped import MappedText

_HEX = re.compile(r"[0-9A-Fa-f]{2}")
_SOFT_BREAK = re.compile(r"=[ \t]*(?:\r\n|\n|\r)")
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def codec_name(charset: str | None, fallback: str = "utf-8") -> str:
    """Python's name for a MIME charset; us-ascii reads as UTF-8 (a superset that real mail
    labelled us-ascii often needs), unknown names fall back."""
    if not charset:
        return fallback
    name = charset.strip().strip('"').lower()
    if name in ("us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "x-unknown"):
        return fallback
    try:
        return codecs.lookup(name).name
    except LookupError:
        return fallback


def source_bytes(source: str, start: int, end: int, file_encoding: str
                 ) -> Iterator[tuple[int, int]]:
    """(byte, source offset) for source[start:end] encoded as the file was decoded."""
    for offset in range(start, end):
        char = source[offset]
        if char < "\x80":
            yield ord(char), offset
        else:
            for byte in char.encode(file_encoding, errors="replace"):
                yield byte, offset


def quoted_printable(source: str, start: int, end: int, file_encoding: str
                     ) -> Iterator[tuple[int, int]]:
    """(byte, source offset) of a quoted-printable body."""
    index = start
    while index < end:
        char = source[index]
        if char == "=":
            soft = _SOFT_BREAK.match(source, index, end)
            if soft:
                index = soft.end()
                continue
            hexpair = _HEX.fullmatch(source, index + 1, min(index + 3, end))
            if hexpair:
                yield int(hexpair.group(), 16), index
                index += 3
                continue
        yield from source_bytes(source, index, index + 1, file_encoding)
        index += 1


def base64_bytes(source: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(byte, source offset) of a base64 body: each byte maps to the base64 character where
    its bits begin. Characters outside the alphabet are skipped, as decoders do."""
    chars = [(c, i) for i, c in enumerate(source[start:end], start) if c in _B64_CHARS]
    usable = len(chars) - len(chars) % 4
    if len(chars) % 4 >= 2:  # missing padding: decode what there is, as lenient readers do
        usable = len(chars)
    for group in range(0, usable, 4):
        quad = chars[group : group + 4]
        encoded = "".join(c for c, _ in quad)
        try:
            data = binascii.a2b_base64(encoded + "=" * (-len(encoded) % 4))
        except binascii.Error:
            return
        for position, byte in enumerate(data):
            yield byte, quad[min(position, len(quad) - 1)][1]


def decode_charset(pairs: Iterator[tuple[int, int]], charset: str, end: int) -> MappedText:
    """Decode (byte, offset) pairs; each character takes the offset of its first byte.
    Bytes that are not valid in the charset become U+FFFD, as mail clients show them."""
    decoder = codecs.getincrementaldecoder(charset)(errors="replace")
    chars: list[tuple[str, int]] = []
    pending: int | None = None
    for byte, offset in pairs:
        if pending is None:
            pending = offset
        out = decoder.decode(bytes((byte,)))
        if out:
            chars.extend((char, pending) for char in out)
            pending = None
    tail = decoder.decode(b"", final=True)
    chars.extend((char, end if pending is None else pending) for char in tail)
    return MappedText.build(chars, end)


def decode_body(source: str, start: int, end: int, transfer_encoding: str, charset: str,
                file_encoding: str) -> MappedText:
    """The text of a leaf part whose body is source[start:end]."""
    encoding = transfer_encoding.strip().lower()
    charset = codec_name(charset)
    if encoding == "quoted-printable":
        return decode_charset(quoted_printable(source, start, end, file_encoding), charset, end)
    if encoding == "base64":
        return decode_charset(base64_bytes(source, start, end), charset, end)
    if codec_name(charset) == codec_name(file_encoding):
        return MappedText.verbatim(source, start, end)
    return decode_charset(source_bytes(source, start, end, file_encoding), charset, end)
