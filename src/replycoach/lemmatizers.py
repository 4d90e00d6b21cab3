"""Lemma lookups from the libraries that know each language's morphology.

simplemma covers cs/pl/ru/en from tables; pymorphy3 (Russian) and morfeusz2 (Polish) are full
morphological analysers. Each returns a cached word -> lemma function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache


@cache
def lemmatizer(backend: str, language: str) -> Callable[[str], str]:
    if backend == "pymorphy3":
        import pymorphy3

        analyzer = pymorphy3.MorphAnalyzer(lang=language)

        @lru_cache(maxsize=65536)
        def by_pymorphy(word: str) -> str:
            return str(analyzer.parse(word)[0].normal_form)

        return by_pymorphy
    if backend == "morfeusz2":
        import morfeusz2

        morfeusz = morfeusz2.Morfeusz()

        @lru_cache(maxsize=65536)
        def by_morfeusz(word: str) -> str:
            analyses = morfeusz.analyse(word)
            if not analyses:
                return word
            # ('przesłać:Vp~ślę', ...) -> 'przesłać': the suffix only tells homonyms apart.
            return str(analyses[0][2][1]).split(":", 1)[0].lower()

        return by_morfeusz

    import simplemma

    @lru_cache(maxsize=65536)
    def by_simplemma(word: str) -> str:
        return str(simplemma.lemmatize(word, lang=language)).lower()

    return by_simplemma
