"""Universal Dependencies features (Person, Number, Mood, VerbForm, PronType) from the
language's morphological analyser, so rules can write spaCy MORPH patterns such as
`{MORPH: {IS_SUPERSET: ["Person=2", "Number=Sing"]}}` to find informal (T) address.

pymorphy3 analyses Russian; morfeusz2 analyses Polish. The first analysis is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from replycoach.analysers import morfeusz_first, pymorphy_first

_PYMORPHY_VALUES = {
    "1per": "Person=1", "2per": "Person=2", "3per": "Person=3",
    "sing": "Number=Sing", "plur": "Number=Plur",
    "impr": "Mood=Imp", "indc": "Mood=Ind",
    "INFN": "VerbForm=Inf", "NPRO": "PronType=Prs",
}
_MORFEUSZ_VALUES = {
    "pri": "Person=1", "sec": "Person=2", "ter": "Person=3",
    "sg": "Number=Sing", "pl": "Number=Plur",
    "impt": "Mood=Imp", "fin": "VerbForm=Fin", "inf": "VerbForm=Inf",
    "ppron12": "PronType=Prs", "ppron3": "PronType=Prs",
}


def _features(values: set[str]) -> str:
    """'Number=Sing|Person=2' in the sorted order spaCy expects."""
    return "|".join(sorted(values))


@cache
def analyser(backend: str) -> Callable[[str], str]:
    """A cached word -> UD feature string function for the backend."""
    if backend == "pymorphy3":

        @lru_cache(maxsize=65536)
        def by_pymorphy(word: str) -> str:
            grammemes = set(pymorphy_first("ru", word).tag.grammemes)
            return _features({_PYMORPHY_VALUES[g] for g in grammemes if g in _PYMORPHY_VALUES})

        return by_pymorphy
    if backend == "morfeusz2":

        @lru_cache(maxsize=65536)
        def by_morfeusz(word: str) -> str:
            found = morfeusz_first(word)
            if found is None:
                return ""
            parts = found[1].split(":")
            return _features({_MORFEUSZ_VALUES[p] for p in parts if p in _MORFEUSZ_VALUES})

        return by_morfeusz
    raise ValueError(f"unknown morphology backend {backend!r}")
