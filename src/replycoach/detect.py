"""Which language is a draft in? py3langid over the languages agents commonly write in."""

from __future__ import annotations

import contextlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from replycoach.diskcache import file_key, pickled
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
        key = file_key(py3langid.__version__, model, stat.st_size, stat.st_mtime_ns, languages)
    except (OSError, ValueError):
        return _build_identifier(languages)
    return pickled("langid", key, lambda: _build_identifier(languages))


def detect_language(text: str, available: list[str], default: str = "en") -> str:
    """The draft's language among `available`; UnsupportedLanguage when it is clearly another."""
    cleaned = _NOISE.sub(" ", text)
    if sum(ch.isalpha() for ch in cleaned) < MIN_LETTERS:
        return default if default in available else available[0]
    candidates = tuple(sorted(set(CANDIDATES) | set(available)))
    identifier = _identifier(candidates)
    language, _probability = identifier.classify(cleaned)
    if language == "sk" and "cs" in available and _czech_after_all(identifier, cleaned):
        return "cs"
    if language in available:
        return str(language)
    raise UnsupportedLanguage(str(language), available)
