"""Lemma lookups from the libraries that know each language's morphology.

simplemma covers cs/pl/ru/en from tables; pymorphy3 (Russian) and morfeusz2 (Polish) are full
morphological analysers. Each returns a cached word -> lemma function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from replycoach.analysers import morfeusz_first, pymorphy_first


@cache
def lemmatizer(backend: str, language: str) -> Callable[[str], str]:
    if backend == "pymorphy3":
        return lambda word: str(pymorphy_first(language, word).normal_form)
    if backend == "morfeusz2":

        def by_morfeusz(word: str) -> str:
            found = morfeusz_first(word)
            # 'przesłać:Vp~ślę' -> 'przesłać': the suffix only tells homonyms apart.
            return found[0].split(":", 1)[0].lower() if found else word

        return by_morfeusz

    import simplemma

    @lru_cache(maxsize=65536)
    def by_simplemma(word: str) -> str:
        return str(simplemma.lemmatize(word, lang=language)).lower()

    return by_simplemma
