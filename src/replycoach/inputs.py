"""Turn what the user named (files, folders, `-`) into decoded text, with clear errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from replycoach.errors import InputError

DRAFT_SUFFIXES = (".txt", ".md", ".eml")
STDIN = "-"
# A reply longer than this is not a reply; spaCy also refuses texts past 1,000,000 characters.
MAX_CHARS = 500_000


@dataclass(frozen=True)
class RawInput:
    path: str  # as the user named it; "-" for stdin
    text: str
    directory: Path  # where config discovery starts
    encoding: str = "utf-8"
    bom: bool = False  # a UTF-8 byte-order mark was stripped; `fix --write` puts it back

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower() if self.path != STDIN else ""


def expand_paths(names: list[str]) -> Iterator[str]:
    """Files as named; folders replaced by their draft files (recursively, sorted)."""
    for name in names:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DRAFT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from (str(p) for p in found)
        else:
            yield name


MAIL_SUFFIXES = (".eml", ".mbox")


def decode(path: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a draft, refusing binary files and naming the first undecodable byte.

    A mail file whose 8bit body is in another charset (iso-8859-2, windows-1251...) is read
    as Latin-1, which keeps every byte as one character; the MIME decoder then decodes the
    body by its declared charset, and single-byte charsets keep their columns.
    """
    if b"\x00" in data[:8192] and not (encoding or "").lower().startswith("utf-16"):
        raise InputError(path, "looks like a binary file (it contains NUL bytes), not a draft")
    codec = encoding or "utf-8-sig"
    if encoding is None and Path(path).suffix.lower() in MAIL_SUFFIXES:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            codec = "latin-1"
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(path, f"unknown encoding '{encoding}'") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        hint = "" if encoding else "; pass --encoding (for example --encoding cp1252)"
        raise InputError(
            path, f"is not valid {exc.encoding} (byte 0x{bad} at offset {exc.start}){hint}"
        ) from None
    if not text.strip():
        raise InputError(path, "is empty: there is no draft to check")
    if len(text) > MAX_CHARS:
        raise InputError(
            path, f"is {len(text):,} characters long; drafts above {MAX_CHARS:,} are refused"
        )
    # `fix --write` writes back in the codec that was read (the BOM is tracked apart).
    return text, "utf-8" if codec == "utf-8-sig" else codec


def read_input(name: str, encoding: str | None = None) -> RawInput:
    if name == STDIN:
        data = sys.stdin.buffer.read()
        text, codec = decode("<stdin>", data, encoding)
        return RawInput(STDIN, text, Path.cwd(), codec, _has_bom(data, encoding))
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    text, codec = decode(name, data, encoding)
    return RawInput(name, text, path.resolve().parent, codec, _has_bom(data, encoding))


def _has_bom(data: bytes, encoding: str | None) -> bool:
    return encoding is None and data.startswith(b"\xef\xbb\xbf")
