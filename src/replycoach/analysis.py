"""One spaCy Doc per draft (and per customer message), plus segments and sentences.

spaCy is imported lazily: `replycoach rules --help` should not pay for it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from replycoach.draft import Draft
from replycoach.languages import LanguageProfile
from replycoach.matching import Span, SpanFinder
from replycoach.segments import Segment, split_segments

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_SENTENCE_END = (".", "!", "?", ",", ":", ";", "\u060C", "\u061F", "\u3002")


def _line_breaks_component(doc: Doc) -> Doc:
    """A blank line, or a line break after punctuation, starts a new sentence.

    Greetings ("Hi Anna,") and sign-offs sit on lines of their own; hard-wrapped lines
    without punctuation continue the sentence.
    """
    for token in doc[1:-1]:
        if token.is_space and "\n" in token.text:
            previous = doc[token.i - 1]
            if token.text.count("\n") >= 2 or previous.text.endswith(_SENTENCE_END):
                doc[token.i + 1].is_sent_start = True
        elif "\n" in token.whitespace_ and token.i + 1 < len(doc) and token.text.endswith(
            _SENTENCE_END
        ):
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def _simplemma_lookup(language: str) -> Any:
    import simplemma

    @cache
    def lemma(word: str) -> str:
        return simplemma.lemmatize(word, lang=language)

    return lemma


@cache
def pipeline(spacy_code: str, lemma_language: str | None) -> Language:
    """A blank spaCy pipeline with sentence boundaries (and simplemma lemmas when asked)."""
    import spacy
    from spacy.language import Language

    name = "replycoach_line_breaks"
    if name not in Language.factories:
        Language.component(name, func=_line_breaks_component)
    nlp = spacy.blank(spacy_code)
    nlp.add_pipe(name)
    nlp.add_pipe("sentencizer")
    if lemma_language:
        lemma = _simplemma_lookup(lemma_language)

        def set_lemmas(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = lemma(token.lower_)
            return doc

        component = f"replycoach_lemmas_{lemma_language}"
        if component not in Language.factories:
            Language.component(component, func=set_lemmas)
        nlp.add_pipe(component)
    return nlp


@dataclass
class Analysis:
    """Everything checks read: the draft, its Doc, segments, sentences, and cached signals."""

    draft: Draft
    profile: LanguageProfile
    doc: Doc
    context_doc: Doc | None
    segments: list[Segment]
    sentences: list[tuple[int, int]]
    _signal_cache: dict[tuple[str, bool], list[Span]] = field(default_factory=dict)

    @classmethod
    def of(cls, draft: Draft, profile: LanguageProfile, nlp: Language) -> Analysis:
        doc = nlp(draft.text)
        context_doc = nlp(draft.context) if draft.context else None
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        return cls(draft, profile, doc, context_doc, split_segments(draft.text, profile),
                   sentences)

    @property
    def text(self) -> str:
        return self.draft.text

    def regions(self, names: tuple[str, ...]) -> list[tuple[int, int]]:
        """The character ranges of the named segments, in order."""
        return [(s.start, s.end) for s in self.segments if s.name in names and s.end > s.start]

    def sentence_index(self, offset: int) -> int:
        starts = [start for start, _ in self.sentences]
        return max(bisect_right(starts, offset) - 1, 0)

    def signal_spans(self, name: str, finder: SpanFinder, in_context: bool = False) -> list[Span]:
        """Where a signal occurs in the draft (or in the customer's message), computed once."""
        key = (name, in_context)
        if key not in self._signal_cache:
            doc = self.context_doc if in_context else self.doc
            self._signal_cache[key] = finder.find(doc) if doc is not None else []
        return self._signal_cache[key]
