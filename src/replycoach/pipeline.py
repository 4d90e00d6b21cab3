"""The spaCy pipeline of a language: a blank tokenizer plus the few components rules need.

spaCy is imported here, lazily: listing rules or printing help must not pay for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from replycoach.languages import LanguageProfile
from replycoach.lemmatizers import lemmatizer
from replycoach.morphology import analyser
from replycoach.normalize import is_identity, normalizer
from replycoach.spacy_import import import_spacy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "no", "nr", "vs", "approx",
                            "inc", "ltd", "co", "jr", "sr", "fig", "ing", "mgr", "bc", "pan",
                            "p", "sp", "z", "o", "ul", "tel", "str", "г", "ул", "тел"})
_CANDIDATE = re.compile(r"\n|\.(?=\s)|https?://|www\.")
LINE_BREAKS = "replycoach_line_breaks"
_SENTENCE_END = (".", "!", "?", ",", ":", ";", "\u060C", "\u061F", "\u3002")


def _starts_like_a_sentence(text: str) -> bool:
    """A capital, or a letter of a script without case (Arabic, CJK)."""
    first = text[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _glued_full_stop(token: Token, following: Token) -> bool:
    """'... QX7R2P. Your seat ...': spaCy splits a final '.' only after lower case or digits,
    so a sentence ending in a code or postcode would run on. Titles stay ('Dr. Smith')."""
    text = token.text
    return (len(text) > 1 and text.endswith(".") and "." not in text[:-1]
            and bool(token.whitespace_) and _starts_like_a_sentence(following.text)
            and text[:-1].lower() not in _ABBREVIATIONS)


def _ends_sentence(doc: Doc, token: Token) -> bool:
    following = doc[token.i + 1]
    if _glued_full_stop(token, following):
        return True
    if token.is_space and "\n" in token.text and token.i > 0:
        return token.text.count("\n") >= 2 or doc[token.i - 1].text.endswith(_SENTENCE_END)
    if "\n" in token.whitespace_ and token.text.endswith(_SENTENCE_END):
        return True
    return bool(token.like_url and following.is_title and not following.is_punct)


def _line_breaks(doc: Doc, text: str | None = None) -> Doc:
    """A blank line, or a line break after punctuation, starts a new sentence; so does a
    capitalised word after a link ("... here: https://x.co/a Let us know").

    Greetings ("Hi Anna,") and sign-offs sit on lines of their own; hard-wrapped lines
    without punctuation continue the sentence. `text` is the Doc's text, when the caller
    has it (see `analyse`): `doc.text` rebuilds it from every token.
    """
    if len(doc) < 2:
        return doc
    # Only tokens near a line break, a full stop or a link can end a sentence here: find
    # them in the text rather than visiting every token (a Python-level token walk is slow).
    starts = doc.to_array("IDX").tolist()
    text = doc.text if text is None else text
    candidates = {bisect_right(starts, m.start()) - 1 for m in _CANDIDATE.finditer(text)}
    for i in sorted(candidates):
        if 0 <= i < len(doc) - 1 and _ends_sentence(doc, doc[i]):
            doc[i + 1].is_sent_start = True
    return doc


def analyse(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, handing the text to the components that would otherwise rebuild it."""
    if LINE_BREAKS not in nlp.pipe_names:
        return nlp(text)
    return nlp(text, component_cfg={LINE_BREAKS: {"text": text}})


def _register(name: str, func: object) -> None:
    from spacy.language import Language

    if name not in Language.factories:
        Language.component(name, func=func)


@cache
def pipeline(profile: LanguageProfile, with_lemmas: bool, with_morphology: bool = False
             ) -> Language:
    """A blank pipeline for the profile's language with sentence boundaries, normalised
    words (`norm`) and, when rules need them, lemmas and morphological features."""
    spacy = import_spacy()
    nlp = spacy.blank(profile.spacy)
    _register(LINE_BREAKS, _line_breaks)
    nlp.add_pipe(LINE_BREAKS)
    nlp.add_pipe("sentencizer")

    if not is_identity(profile.normalization):
        normalize = normalizer(profile.normalization)

        def set_norms(doc: Doc) -> Doc:
            for token in doc:
                token.norm_ = normalize(token.norm_)
            return doc

        name = f"replycoach_norms_{profile.code}"
        _register(name, set_norms)
        nlp.add_pipe(name)

    if with_lemmas:
        lemma = lemmatizer(profile.lemmatizer or "simplemma", profile.code)

        def set_lemmas(doc: Doc) -> Doc:
            for token in doc:
                if not (token.is_punct or token.is_space):
                    token.lemma_ = lemma(token.lower_)
            return doc

        name = f"replycoach_lemmas_{profile.code}"
        _register(name, set_lemmas)
        nlp.add_pipe(name)

    if with_morphology and profile.morphology:
        features = analyser(profile.morphology)

        def set_morphology(doc: Doc) -> Doc:
            for token in doc:
                if token.is_alpha:
                    token.set_morph(features(token.lower_) or None)
            return doc

        name = f"replycoach_morphology_{profile.code}"
        _register(name, set_morphology)
        nlp.add_pipe(name)
    return nlp


# The components that give each match attribute its value (the tokenizer gives ORTH/LOWER).
_COMPONENTS_FOR = {"NORM": "replycoach_norms_", "LEMMA": "replycoach_lemmas_"}


def pattern_maker(nlp: Language, attr: str) -> Callable[[str], Doc]:
    """Make a phrase's Doc for matching on `attr`, running only the components that set it.

    Line breaks, sentences and morphology mean nothing in a phrase; skipping them made
    the Docs of the Arabic rule phrases four times cheaper to build.
    The pipeline itself is not changed, so drafts can be checked meanwhile on other threads.
    """
    prefix = _COMPONENTS_FOR.get(attr)
    steps = [component for name, component in nlp.pipeline
             if prefix is not None and name.startswith(prefix)]

    def make(text: str) -> Doc:
        doc = nlp.make_doc(text)
        for step in steps:
            doc = step(doc)
        return doc

    return make
