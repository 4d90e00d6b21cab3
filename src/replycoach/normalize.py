"""Word normalisation for `match: norm`: diacritics, marks and letter variants per language."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from replycoach.languages import Normalization

# Letters with a stroke have no Unicode decomposition, so NFD cannot fold them.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


@cache  # one function (and one cache of words) per language, shared by all its finders
def normalizer(rules: Normalization) -> Callable[[str], str]:
    """A cached function mapping a (lower-case) word to the form that rules compare."""

    @lru_cache(maxsize=65536)
    def normalize(word: str) -> str:
        for old, new in rules.replace:
            word = word.replace(old, new)
        if rules.strip is not None:
            word = rules.strip.sub("", word)
        if rules.fold_diacritics:
            word = word.translate(_UNDECOMPOSABLE)
            decomposed = unicodedata.normalize("NFD", word)
            word = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
        return word

    return normalize


def is_identity(rules: Normalization) -> bool:
    return not (rules.replace or rules.strip or rules.fold_diacritics)
