"""One spaCy Doc per draft (and per customer message), plus segments and sentences."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from replycoach.draft import Draft
from replycoach.languages import LanguageProfile
from replycoach.locales import Locale, find_locale
from replycoach.matching import Matches, MatchIndex, Span, SpanFinder
from replycoach.pipeline import analyse
from replycoach.segments import Segment, split_segments

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")


@lru_cache(maxsize=100_000)
def _is_word(text: str) -> bool:
    """Words have a letter or digit: punctuation, spaces and emoji don't count."""
    return not text.isspace() and any(c.isalnum() for c in text)


@dataclass
class Analysis:
    """Everything checks read: the draft, its Doc, segments, sentences, and cached signals."""

    draft: Draft
    profile: LanguageProfile
    doc: Doc
    nlp: Language
    segments: list[Segment]
    sentences: list[tuple[int, int]]
    locale: Locale | None = None
    word_starts: list[int] = field(default_factory=list)
    _signal_cache: dict[tuple[str, bool], list[Span]] = field(default_factory=dict)
    # What each index of finders found in the draft (False) or the customer's message (True):
    # one run of its matchers per Doc, kept here so that threads never share it.
    _matches: dict[tuple[MatchIndex, bool], Matches] = field(default_factory=dict)
    _regions: dict[tuple[str, ...], list[tuple[int, int]]] = field(default_factory=dict)
    _memo: dict[Hashable, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, draft: Draft, profile: LanguageProfile, nlp: Language) -> Analysis:
        doc = analyse(nlp, draft.text)
        # Read token attributes as arrays: walking Token objects in Python is the slow part.
        rows = doc.to_array(["ORTH", "IDX", "LENGTH", "SENT_START"]).tolist()
        strings = doc.vocab.strings
        word_starts = [idx for orth, idx, _, _ in rows if _is_word(strings[orth])]
        starts = [i for i, row in enumerate(rows) if row[3] == 1 or i == 0]
        sentences = []
        for n, first in enumerate(starts):
            last = (starts[n + 1] if n + 1 < len(starts) else len(rows)) - 1
            sentences.append((rows[first][1], rows[last][1] + rows[last][2]))
        locale = find_locale(draft.locale) if draft.locale else None
        return cls(draft, profile, doc, nlp, split_segments(draft.text, profile),
                   sentences, locale, word_starts)

    @property
    def text(self) -> str:
        return self.draft.text

    def regions(self, names: tuple[str, ...]) -> list[tuple[int, int]]:
        """The character ranges of the named segments, in order (a new list)."""
        found = self._regions.get(names)
        if found is None:  # most rules ask for the same few segments
            found = self._regions[names] = [(s.start, s.end) for s in self.segments
                                            if s.name in names and s.end > s.start]
        return list(found)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, worked out once per draft for each key (rules that measure the
        same thing share the number)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    @cached_property
    def context_doc(self) -> Doc | None:
        """The customer's message, analysed only if a rule asks about it."""
        return analyse(self.nlp, self.draft.context) if self.draft.context else None

    def word_count(self, start: int, end: int) -> int:
        """Words that start within text[start:end]."""
        return bisect_left(self.word_starts, end) - bisect_left(self.word_starts, start)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def spans(self, finder: SpanFinder, in_context: bool = False) -> list[Span]:
        """Where a finder's phrases, patterns or regexes occur in the draft (or in the
        customer's message)."""
        doc = self.context_doc if in_context else self.doc
        if doc is None:
            return []
        text = (self.draft.context or "") if in_context else self.text
        if finder.index is None:
            return finder.find(doc, text)
        return finder.find(doc, text, self._index_matches(finder.index, doc, text, in_context))

    def may_find(self, finder: SpanFinder) -> bool:
        """False when the finder certainly finds nothing in the draft (a cheap test)."""
        if finder.index is None:
            return True
        return self._index_matches(finder.index, self.doc, self.text, False).may_find(finder)

    def _index_matches(self, index: MatchIndex, doc: Doc, text: str, in_context: bool
                       ) -> Matches:
        key = (index, in_context)
        matches = self._matches.get(key)
        if matches is None:
            matches = self._matches[key] = index.match(doc, text)
        return matches

    def signal_spans(self, name: str, finder: SpanFinder, in_context: bool = False) -> list[Span]:
        """Where a signal occurs in the draft (or in the customer's message), computed once."""
        key = (name, in_context)
        if key not in self._signal_cache:
            self._signal_cache[key] = self.spans(finder, in_context)
        return self._signal_cache[key]
