"""Ranked suggestions for a misspelt word, and the one rewrite sure enough to apply.

Ranking: sure corrections come first: words that differ only by diacritics ('nemuzeme' ->
'nemůžeme', typed on an English keyboard), Vietnamese typed with Telex but not converted
('khoong' -> 'không'), one keyboard slip undone ('pacakge' -> 'package'); then the dictionary's
own suggestions by edit distance and, among equals, how common the word is ('wich': 'which'
before 'witch'; hunspell's own order is no ranking). A rewrite is offered (as a safe fix) only
when the choice is unambiguous: a single sure correction no commoner word one edit away
contests, or a single dictionary suggestion close to a lower-case word. A capitalised word may
be a name the dictionary does not know: it gets a rewrite only for restored diacritics
('Dekujeme' -> 'Děkujeme').
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from replycoach.languages import Normalization
from replycoach.normalize import normalizer

MAX_RESTORATIONS = 2048  # candidate spellings tried when restoring diacritics
UNKNOWN = 10_000  # the rank of a word no frequency list has
RIVAL_MARGIN = 30  # centibels: an undone slip must be twice as common as any rival
_fold = normalizer(Normalization(fold_diacritics=True))

_TELEX_LETTERS = (("dd", "đ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"),
                  ("uw", "ư"), ("uơ", "ươ"))
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_VIETNAMESE_VOWELS = "aăâeêioôơuưy"


@dataclass(frozen=True)
class Correction:
    suggestions: tuple[str, ...]  # best first
    fix: str | None = None        # set only when the choice is unambiguous


def fold(word: str) -> str:
    """The word without diacritics (and ł, đ as l, d), lower-cased."""
    return _fold(word.lower())


def marks(word: str) -> int:
    """How many letters carry a diacritic."""
    return sum(fold(c) != c.lower() for c in word)


def _with_case(original: str, letter: str) -> str:
    return letter.upper() if original.isupper() else letter


@lru_cache(maxsize=64)
def _variants(letters: frozenset[str], same_letters: tuple[str, ...]
              ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """letter -> its key (the letter without diacritics), and key -> the letters sharing it."""
    key = {letter: fold(letter) for letter in letters if len(letter) == 1}
    for group in same_letters:
        key.update((letter, fold(group[0])) for letter in group)
    by_key: dict[str, list[str]] = {}
    for letter in sorted(key):
        by_key.setdefault(key[letter], []).append(letter)
    return key, by_key


def restorations(word: str, letters: frozenset[str], known: Callable[[str], bool],
                 same_letters: tuple[str, ...] = (), limit: int = MAX_RESTORATIONS,
                 first_only: bool = False) -> list[str]:
    """Known words that are `word` with diacritics added or changed ('zasilka' -> 'zásilka'),
    or with letters swapped that `same_letters` groups together (Arabic 'هة': 'الشحنه' ->
    'الشحنة'). `first_only`: stop at the first one (is there any?)."""
    key, by_key = _variants(letters, same_letters)
    options = []
    for char in word:
        variants = by_key.get(key.get(char.lower(), fold(char)), [])
        choices = [char] + [_with_case(char, v) for v in variants if v != char.lower()]
        options.append(list(dict.fromkeys(choices)))
    if math.prod(len(o) for o in options) > limit:
        return []
    found = []
    least = marks(word)
    for letters_chosen in itertools.product(*options):
        candidate = "".join(letters_chosen)
        # Restore, never strip: 'für' in an English draft is German, not a typo of 'fur'.
        if candidate != word and marks(candidate) >= least and known(candidate):
            found.append(candidate)
            if first_only:
                break
    return found


def telex_readings(word: str) -> list[str]:
    """What a Vietnamese word typed with Telex reads as when the input method was off:
    'khoong' -> 'không', 'nhaanj' -> ['nhận', ...] (the tone on each vowel; check them)."""
    lower = word.lower()
    tone = None
    if len(lower) > 2 and lower[-1] in _TELEX_TONES and any(
            v in lower[:-1] for v in _VIETNAMESE_VOWELS):
        tone, lower = _TELEX_TONES[lower[-1]], lower[:-1]
    base = lower
    for typed, letter in _TELEX_LETTERS:
        base = base.replace(typed, letter)
    if base == word.lower() and tone is None:
        return []
    readings = [base]
    if tone is not None:
        readings = [unicodedata.normalize("NFC", base[: i + 1] + tone + base[i + 1 :])
                    for i, c in enumerate(base) if c in _VIETNAMESE_VOWELS]
    if word[:1].isupper():
        readings = [r[:1].upper() + r[1:] for r in readings]
    return readings


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn a into b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _closeness(word: str, rank: Callable[[str], int]) -> Callable[[str], tuple[int, int]]:
    """Sort key: fewer edits first (a split into two words costs one more), then commoner."""
    lower = word.lower()

    def key(suggestion: str) -> tuple[int, int]:
        edits = distance(lower, suggestion.lower()) + (" " in suggestion)
        return min(edits, 3), rank(suggestion)

    return key


def slips(word: str) -> list[str]:
    """One keyboard slip undone: a letter typed twice, or two neighbours swapped."""
    doubled = [word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]]
    swapped = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)
               if word[i] != word[i + 1]]
    return list(dict.fromkeys(doubled + swapped))


@dataclass(frozen=True)
class Readings:
    """What a misspelt word may have been meant as, without the dictionary's own (slower)
    suggestions: enough to tell whether a sure correction exists."""

    restored: tuple[str, ...]       # diacritics or confused letters restored
    telexed: tuple[str, ...]        # Telex typed with the input method off
    undone: tuple[str, ...]         # one keyboard slip undone
    sure: tuple[str, ...]           # the common ones among them, ranked
    sure_restored: tuple[str, ...]  # the common restorations


def read(word: str, letters: frozenset[str], known: Callable[[str], bool], *,
         rank: Callable[[str], int] | None = None, same_letters: tuple[str, ...] = (),
         telex: bool = False) -> Readings:
    """`rank` orders words by how common they are (lower is commoner, UNKNOWN when unlisted).
    With it, only a common word counts as a sure correction: a dictionary may accept odd
    forms (the Arabic one takes 'ألشحنه'), a frequency list does not."""
    order = rank or (lambda _: 0)

    def common(candidate: str) -> bool:
        return rank is None or rank(candidate) < UNKNOWN

    restored = sorted(restorations(word, letters, known, same_letters), key=order)
    telexed = [r for r in telex_readings(word) if known(r)] if telex else []
    undone = [s for s in slips(word) if known(s)]
    sure_restored = [r for r in restored if common(r)]
    sure = list(dict.fromkeys(
        sure_restored + sorted((t for t in telexed if common(t)), key=order)
        + sorted((u for u in undone if common(u)), key=order)))
    return Readings(tuple(restored), tuple(telexed), tuple(undone), tuple(sure),
                    tuple(sure_restored))


def correct(word: str, letters: frozenset[str], known: Callable[[str], bool],
            dictionary_suggestions: Callable[[str], list[str]], *,
            rank: Callable[[str], int] | None = None, same_letters: tuple[str, ...] = (),
            telex: bool = False, limit: int = 5, readings: Readings | None = None
            ) -> Correction:
    """Ranked suggestions for a word the dictionaries don't know, and the safe rewrite if any
    (`readings`: the word's `read()`, when already worked out)."""
    order = rank or (lambda _: 0)
    found = readings or read(word, letters, known, rank=rank, same_letters=same_letters,
                             telex=telex)
    sure = list(found.sure)
    guessed = sorted(dictionary_suggestions(word) + list(found.restored + found.telexed
                                                         + found.undone),
                     key=_closeness(word, order))
    ranked = [s for s in dict.fromkeys(sure + guessed) if s != word][:limit]
    # An undone slip is a guess too: another word one edit away (a dropped letter included:
    # 'لاكن' -> 'لكن', which the dictionary does not suggest) may be what was meant. It is
    # fixed only when at least twice as common as any such rival ('recieved': 'received',
    # not 'relieved'; 'dostwa': 'dostaw' or 'dostawa' is for a person to choose).
    rivals = guessed + [w for w in (word[:i] + word[i + 1 :] for i in range(len(word)))
                        if known(w)]

    def unrivalled(candidate: str) -> bool:
        return candidate in found.sure_restored or candidate in found.telexed or all(
            order(candidate) + RIVAL_MARGIN <= order(r) for r in rivals
            if r != candidate and distance(word.lower(), r.lower()) <= 1)

    fix = None
    if len(sure) == 1 and unrivalled(sure[0]) and (
            word[:1].islower() or found.sure == found.sure_restored):
        fix = sure[0]
    elif (not sure and len(ranked) == 1 and word[:1].islower() and " " not in ranked[0]
          and distance(word.lower(), ranked[0].lower()) <= 2
          and (rank is None or rank(ranked[0]) < UNKNOWN)):
        fix = ranked[0]
    return Correction(tuple(ranked), fix)
