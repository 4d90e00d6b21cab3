"""Find the misspelt words of a text: each distinct word is looked up once per process.

A word is correct when any of the language's dictionaries knows it (English accepts both US
and British spellings) or the rule's `accept` list has it (`tiket*`: any word so starting).
Hyphenated words are judged by their parts, an English possessive by its base ('Zendesk's'
flags 'Zendesk', so the team vocabulary can clear it). A capitalised word that starts a
sentence is flagged only with a sure correction ('Teh' -> 'The') or, when long, a common word
one edit away ('Seperate'): otherwise it is likely a name the dictionary does not know. A
draft typed wholly without diacritics (when the rule says so) keeps only its other
misspellings; `report: sure` keeps only words a sure correction exists for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from replycoach.spelling import frequencies
from replycoach.spelling.dictionaries import Dictionary
from replycoach.spelling.skip import Word, words
from replycoach.spelling.suggest import (
    UNKNOWN,
    Correction,
    Readings,
    correct,
    distance,
    read,
    restorations,
)

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_CLUSTERS = ("oa", "oe", "uy")
_POSSESSIVES = ("'s", "\u2019s")
MAX_CACHED = 200_000
MIN_CHECKED_NAME = 7  # a shorter capitalised word at a sentence start needs a sure correction


@dataclass(frozen=True)
class Misspelling:
    start: int
    end: int
    word: str
    correction: Correction


def tone_alternates(word: str) -> list[str]:
    """Vietnamese 'hòa'/'hoà', 'thủy'/'thuỷ': old and new tone placement are both right."""
    decomposed = unicodedata.normalize("NFD", word)
    marks = [i for i, c in enumerate(decomposed) if c in _TONE_MARKS]
    if len(marks) != 1:
        return []
    tone_at = marks[0]
    bare = decomposed[:tone_at] + decomposed[tone_at + 1 :]
    lower = bare.lower()
    alternates = []
    for cluster in _TONE_CLUSTERS:
        at = lower.find(cluster)
        if at < 0 or tone_at not in (at + 1, at + 2):
            continue
        other = at + 2 if tone_at == at + 1 else at + 1  # after the other vowel
        alternates.append(unicodedata.normalize("NFC", bare[:other] + decomposed[tone_at]
                                                + bare[other:]))
    return alternates


class SpellChecker:
    """The spelling of one language: its dictionaries (the first gives suggestions), the words
    its rule accepts, and per-word caches."""

    def __init__(self, dictionaries: list[Dictionary], accept: Iterable[str] = (), *,
                 language: str | None = None, same_letters: tuple[str, ...] = (),
                 telex: bool = False, tone_placement: bool = False,
                 syllable: re.Pattern[str] | None = None, sure_only: bool = False,
                 plain_drafts: bool = False, max_suggestions: int = 5) -> None:
        self.dictionaries = dictionaries
        self.language = language  # for word frequencies (ranking); None: by distance only
        accepted = [unicodedata.normalize("NFC", w).lower() for w in accept]
        self.accept = frozenset(w for w in accepted if not w.endswith("*"))
        self.accept_prefixes = tuple(w[:-1] for w in accepted if w.endswith("*") and len(w) > 2)
        self.sure_only = sure_only  # flag only words with a sure correction
        self.plain_drafts = plain_drafts  # a draft typed without diacritics keeps them off
        # The alphabet of all the dictionaries tells native words from foreign ones; the first
        # dictionary's alone is what diacritics are restored from (en_GB's word list has
        # 'é' and 'ï': English words get no restorations).
        self.letters = frozenset().union(*(d.letters for d in dictionaries))
        self.alphabet = dictionaries[0].letters
        self.same_letters = same_letters
        self.telex = telex
        self.tone_placement = tone_placement
        self.syllable = syllable
        self.max_suggestions = max_suggestions
        self._known: dict[str, bool | None] = {}
        self._corrections: dict[str, Correction] = {}
        self._readings: dict[str, Readings] = {}
        self._parts: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def _lookup(self, word: str) -> bool | None:
        lower = word.lower()
        if lower in self.accept or lower.startswith(self.accept_prefixes or ("\0",)):
            return True
        verdicts = []
        for dictionary in self.dictionaries:
            verdict = dictionary.spell(word)
            if verdict:
                return True
            verdicts.append(verdict)
        if all(v is None for v in verdicts):
            return None  # no dictionary can even write it: a foreign word
        if self.tone_placement:
            return any(d.spell(alt) for alt in tone_alternates(word) for d in self.dictionaries)
        return False

    def known(self, word: str) -> bool | None:
        """True: a word; False: not one; None: the dictionaries cannot judge it."""
        verdict = self._known.get(word)
        if verdict is None and word not in self._known:
            normal = unicodedata.normalize("NFC", word).replace("\u2019", "'")
            verdict = self._lookup(normal)
            if len(self._known) > MAX_CACHED:
                self._known.clear()
            self._known[word] = verdict
        return verdict

    def _is_word(self, word: str) -> bool:
        return self.known(word) is True

    def _ranking(self) -> Callable[[str], int] | None:
        return self._rank if self.language and frequencies.ranks(self.language) else None

    def readings(self, word: str) -> Readings:
        """What the word may have been meant as, short of the dictionary's suggestions."""
        found = self._readings.get(word)
        if found is None:
            found = read(word, self.alphabet, self._is_word, rank=self._ranking(),
                         same_letters=self.same_letters, telex=self.telex)
            if len(self._readings) > MAX_CACHED:
                self._readings.clear()
            self._readings[word] = found
        return found

    def restorable(self, word: str) -> bool:
        """Adding diacritics alone makes it a word (checked up to the first such word)."""
        found = self._readings.get(word)
        if found is not None:
            return bool(found.restored)
        return bool(restorations(word, self.alphabet, self._is_word, self.same_letters,
                                 first_only=True))

    def correction(self, word: str) -> Correction:
        found = self._corrections.get(word)
        if found is None:
            found = correct(word, self.alphabet, self._is_word, self.dictionaries[0].suggest,
                            rank=self._ranking(), same_letters=self.same_letters,
                            telex=self.telex, limit=self.max_suggestions,
                            readings=self.readings(word))
            if len(self._corrections) > MAX_CACHED:
                self._corrections.clear()
            self._corrections[word] = found
        return found

    def _rank(self, word: str) -> int:
        return frequencies.rank(self.language or "", word)

    def _native(self, word: str) -> bool:
        """Written like a word of the language: a Latin brand name in a Russian draft, or
        'email' in a Vietnamese one (no Vietnamese syllable looks like it), is foreign."""
        if not any(c.lower() in self.letters for c in word):
            return False
        return not (self.syllable and word.isascii()
                    and not self.syllable.fullmatch(word.lower()))

    def _unknown_parts(self, word: Word) -> Iterator[Word]:
        """The parts of a word to flag: the word itself, its unknown hyphenated parts, or the
        base of a possessive."""
        if self.known(word.text) is not False:
            return
        text = word.text
        if "-" in text:
            offset = word.start
            for part in text.split("-"):
                if len(part) > 1 and self.known(part) is False:
                    yield Word(offset, offset + len(part), part, word.sentence_start)
                offset += len(part) + 1
            return
        if text.endswith(_POSSESSIVES) and len(text) > 3:
            base = Word(word.start, word.end - 2, text[:-2], word.sentence_start)
            if self.known(base.text) is False:
                yield base
            return
        yield word

    def _likely_name(self, word: Word) -> bool:
        """A capitalised word at a sentence start is flagged only with a sure correction
        ('Teh' -> 'The'), or when it is long and a common word is one edit away ('Извените'
        -> 'Извините'): 'Sahil' is one letter from 'Sail', and a name; long names ('Kartika',
        'Гульнара') have no common word that close."""
        if not (word.sentence_start and word.text[0].isupper()) or self.readings(
                word.text).sure:
            return False
        if len(word.text) < MIN_CHECKED_NAME:
            return True
        lower = word.text.lower()
        return not any(" " not in s and "-" not in s and distance(lower, s.lower()) <= 1
                       and self._rank(s) < UNKNOWN for s in self.correction(word.text).suggestions)

    def _reported(self, word: Word, plain: bool) -> bool:
        """Cheapest questions first: the dictionary's suggestions are asked for only for a
        word that is reported."""
        if plain and self.restorable(word.text):
            return False  # the whole draft is typed without diacritics: not this word's slip
        if self.sure_only and not self.readings(word.text).sure:
            return False
        return not self._likely_name(word)

    def _flaggable(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, part) in the word of each part to flag, worked out once per word."""
        parts = self._parts.get(text)
        if parts is None:
            parts = () if not self._native(text) else tuple(
                (p.start, p.end, p.text)
                for p in self._unknown_parts(Word(0, len(text), text, False)))
            if len(self._parts) > MAX_CACHED:
                self._parts.clear()
            self._parts[text] = parts
        return parts

    def misspellings(self, text: str, regions: Iterable[tuple[int, int]],
                     names: frozenset[str] | Callable[[], frozenset[str]] = frozenset()
                     ) -> Iterator[Misspelling]:
        """The misspelt words in the regions of text. `names` (or a function giving them, called
        only when some word is unknown) are never misspellings."""
        found = list(words(text, regions))
        flaggable = [(w, parts) for w in found if (parts := self._flaggable(w.text))]
        if not flaggable:
            return
        known_names = names() if callable(names) else names
        # Typed wholly without diacritics: the letters of cs, pl and vi are beyond ASCII.
        plain = self.plain_drafts and all(w.text.isascii() for w in found
                                          if w.text.lower() not in known_names)
        for word, parts in flaggable:
            if word.text.lower() in known_names:
                continue
            for start, end, part in parts:
                if part.lower() in known_names:
                    continue
                piece = Word(word.start + start, word.start + end, part, word.sentence_start)
                if self._reported(piece, plain):
                    yield Misspelling(piece.start, piece.end, part, self.correction(part))
