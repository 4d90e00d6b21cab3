"""How common a word is, to rank suggestions ('wich': 'which' before 'witch' and 'winch').

The word lists are wordfreq's (PyPI), read straight from its data files: the package itself
takes half a second to import. Its documented "cBpack" format is a gzipped msgpack list: a
header, then one list of words per frequency step of a centibel, most frequent first. Without
the files a word's rank is unknown and suggestions are ranked by edit distance alone.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from replycoach.resources import package_data_folder
from replycoach.spelling.suggest import UNKNOWN


@cache
def _data_file(language: str, size: str = "small") -> Path | None:
    data = package_data_folder("wordfreq")
    path = data / f"{size}_{language}.msgpack.gz" if data is not None else None
    return path if path is not None and path.is_file() else None


def common_words_file(language: str) -> Path | None:
    """wordfreq's fullest list for the language (large, else small); None without one."""
    return _data_file(language, "large") or _data_file(language, "small")


def common_words(path: Path, limit: int) -> list[str]:
    """The `limit` most frequent words of a list file."""
    ranked = _read_list(path)
    return sorted(ranked, key=ranked.__getitem__)[:limit]


# Read lists by file: a pure cache (50 to 120 ms a read).
_read: dict[Path, dict[str, int]] = {}


def ranks(language: str) -> dict[str, int]:
    """word -> its frequency step (0 the most common); empty when there is no list."""
    path = _data_file(language)
    if path is None:
        return {}
    if path not in _read:
        _read[path] = _read_list(path)
    return _read[path]


def _read_list(path: Path) -> dict[str, int]:
    try:
        import msgpack

        with gzip.open(path, "rb") as packed:
            data = msgpack.load(packed, raw=False)
    except (ImportError, OSError, ValueError):
        return {}
    header = data[0] if data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get(
            "version") != 1:
        return {}
    found: dict[str, int] = {}
    for step, bucket in enumerate(data[1:]):
        for word in bucket:
            found.setdefault(word, step)
    return found


def rank(language: str, word: str) -> int:
    return ranks(language).get(word.lower(), UNKNOWN)
