"""One morphological analyser per backend, shared by lemmas and morphology, and each word
analysed once: the first (most likely) analysis is what both use."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _pymorphy(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=65536)
def pymorphy_first(language: str, word: str) -> Any:
    """pymorphy3's first parse of a word (normal_form, tag)."""
    return _pymorphy(language).parse(word)[0]


@cache
def _morfeusz() -> Any:
    import morfeusz2

    return morfeusz2.Morfeusz()


@lru_cache(maxsize=65536)
def morfeusz_first(word: str) -> tuple[str, str] | None:
    """morfeusz2's first analysis of a word as (lemma, tag), or None if it knows none."""
    analyses = _morfeusz().analyse(word)
    if not analyses:
        return None
    _start, _end, (_form, lemma, tag, *_rest) = analyses[0]
    return str(lemma), str(tag)
