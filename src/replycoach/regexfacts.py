"""What the rules' regular expressions are known to be, kept between runs.

Compiling a rule pack's regexes is most of compiling the pack: Python's regex parser is pure
Python, and each regex is parsed twice, once to compile it (which also validates it, so a bad
pattern is reported with its file and line) and once to find the words every match needs
(prefilter.py). Both are functions of the pattern's text alone, so the words are kept in the
user's cache folder keyed by the pattern and flags; a pattern found there compiled before on
this Python, and is compiled again only when a draft contains one of its words.
"""

from __future__ import annotations

import pickle
import re
import sys
import threading
from functools import cache
from pathlib import Path

from replycoach import __version__, prefilter
from replycoach.diskcache import cache_root, file_key, write_atomically

Words = tuple[tuple[str, ...], ...] | None


class RegexFacts:
    """(pattern, flags) -> groups of words: every match contains one word of each group
    (None: no group known)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._known: dict[tuple[str, int], Words] = {}
        self._added = False
        self._lock = threading.Lock()
        if path is not None:
            try:
                self._known = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                self._known = {}

    def required_words(self, source: str, flags: int) -> Words:
        """The pattern's groups of required words; re.error if it does not compile."""
        key = (source, flags)
        with self._lock:
            if key in self._known:
                return self._known[key]
        re.compile(source, flags)  # validates: a bad pattern is reported where it is written
        words = prefilter.required_literals(source, flags)
        with self._lock:
            self._known[key] = words
            self._added = True
        return words

    def save(self) -> None:
        """Write what this process learnt, if anything (a no-op otherwise)."""
        with self._lock:
            if not self._added or self.path is None:
                return
            data = pickle.dumps(dict(self._known), protocol=pickle.HIGHEST_PROTOCOL)
            self._added = False
        write_atomically(self.path, data)


@cache
def regex_facts() -> RegexFacts:
    """The process's facts, read from the cache folder. The key changes with Python's
    version (its regex syntax) and with replycoach's version and prefilter code."""
    try:
        code = Path(prefilter.__file__).read_bytes()
        key = file_key(sys.version_info[:2], __version__, code)
        return RegexFacts(cache_root() / "regexes" / f"{key}.pickle")
    except OSError:
        return RegexFacts(None)
