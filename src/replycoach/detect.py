"""Which language is a draft in? py3langid over the languages agents commonly write in."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

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


@cache
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


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
