"""Which language is a draft in? py3langid over the languages agents commonly write in."""

from __future__ import annotations

import contextlib
import mmap
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from replycoach.diskcache import cache_root, file_key, pickled, write_atomically
from replycoach.errors import ReplycoachError

# Below this many letters a guess is noise ("OK", "Thanks!"): use the default.
MIN_LETTERS = 12
# Compared against what we ship, so a German draft is reported, not linted as English.
CANDIDATES = ("en", "cs", "pl", "ru", "vi", "ar", "de", "fr", "es", "it", "pt", "nl", "sk", "uk",
              "ja", "zh", "ko", "tr", "hi")
# Handles, links and e-mail addresses say nothing about the language and confuse the model.
_CZECH_ONLY = re.compile("[ěůřĚŮŘ]")
# When the model says Slovak but gives Czech at least this share, it is Czech typed loosely.
CZECH_SHARE = 0.25
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|@\w+|#\w+")


class UnsupportedLanguage(ReplycoachError):
    def __init__(self, language: str, available: list[str]) -> None:
        super().__init__(
            f"the draft looks like '{language}', which has no rule packs "
            f"(available: {', '.join(available)}): only language-neutral rules ran; "
            "pass --lang to choose a language"
        )
        self.language = language


def _czech_after_all(identifier: Any, text: str) -> bool:
    """Czech typed without (or with few) diacritics looks Slovak to the model: 'Vase
    objednavka dnes opustila nas sklad', 'Je mi líto, posli nam prosim...'. Slovak as
    written keeps Czech far behind; letters only Czech has (ě, ů, ř) settle it."""
    if text.isascii() or _CZECH_ONLY.search(text):
        return True
    czech = dict(identifier.rank(text)).get("cs", 0.0)
    return bool(czech >= CZECH_SHARE)


def _build_identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    # The full 142-language table is kept only to widen the set later, which we never do:
    # dropping it makes the cached copy 40% smaller.
    with contextlib.suppress(AttributeError):
        identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    return identifier


@cache
def _identifier(languages: tuple[str, ...]) -> Any:
    """py3langid's model for these languages. Decompressing the model costs 0.5 s; the
    restricted identifier is kept in the user's cache (keyed by py3langid's version and
    model file) and read back in a fraction of that."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = Path(MODEL_DIR) / MODEL_FILE
    try:
        stat = model.stat()
        key = file_key(py3langid.__version__, model, stat.st_size, stat.st_mtime_ns, languages,
                       sys.byteorder)
    except (OSError, ValueError):
        return _build_identifier(languages)
    return _cached_identifier(key, languages)


def _cached_identifier(key: str, languages: tuple[str, ...], retry: bool = True) -> Any:
    """The identifier from the cache: its state-transition table (39 MB, of which a draft
    reads a few hundred entries) is mapped from a file of its own rather than read and
    unpickled (0.2 s); the rest (5 MB) is a pickle."""
    folder = cache_root() / "langid"
    table_path = folder / f"{key}.table"
    built: list[Any] = []

    def build() -> _Model:
        identifier = _build_identifier(languages)
        built.append(identifier)
        table = identifier.tk_nextmove
        if not write_atomically(table_path, table.tobytes()):
            raise OSError(f"cannot write {table_path}")  # then cache nothing
        return _Model(_without_table(identifier), table.typecode, len(table))

    try:
        model = pickled("langid", key, build)
    except OSError:
        return built[0] if built else _build_identifier(languages)
    if built:
        return built[0]
    table = _mapped(table_path, model.typecode, model.length)
    if table is None:  # the table went missing or was damaged: build both again
        with contextlib.suppress(OSError):
            (folder / f"{key}.pickle").unlink()
        return _cached_identifier(key, languages, retry=False) if retry else (
            _build_identifier(languages))
    model.identifier.tk_nextmove = table
    return model.identifier


@dataclass
class _Model:
    identifier: Any  # without its transition table
    typecode: str  # the table's array type and length
    length: int


def _without_table(identifier: Any) -> Any:
    """A copy of the identifier without its transition table (pickled apart from it)."""
    copy = object.__new__(type(identifier))
    for name in type(identifier).__slots__:
        if hasattr(identifier, name):
            setattr(copy, name, getattr(identifier, name))
    copy.tk_nextmove = None
    return copy


def _mapped(path: Path, typecode: str, length: int) -> memoryview | None:
    """The file's integers, mapped read-only (pages are read as they are touched)."""
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        table = memoryview(mapped).cast(typecode)
    except (OSError, ValueError, TypeError):
        return None
    return table if len(table) == length else None


def _has_letters(text: str, count: int) -> bool:
    """Does the text have at least `count` letters? (Stops counting there.)"""
    for ch in text:
        if ch.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


@cache
def _candidates(available: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(CANDIDATES) | set(available)))


def detect_language(text: str, available: list[str], default: str = "en") -> str:
    """The draft's language among `available`; UnsupportedLanguage when it is clearly another."""
    cleaned = _NOISE.sub(" ", text)
    if not _has_letters(cleaned, MIN_LETTERS):
        return default if default in available else available[0]
    identifier = _identifier(_candidates(tuple(available)))
    language, _probability = identifier.classify(cleaned)
    if language == "sk" and "cs" in available and _czech_after_all(identifier, cleaned):
        return "cs"
    if language in available:
        return str(language)
    raise UnsupportedLanguage(str(language), available)
