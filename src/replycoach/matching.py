"""Find spans in a Doc by phrases, spaCy token patterns or regular expressions.

Shared by the phrase/pattern/regex kinds and by signals, so all three mean the same thing
wherever they are written.

A language has some fifty finders (rules and signals). Running fifty matchers over every draft
walked its Doc fifty times, so the finders of a language join one `MatchIndex`: one
PhraseMatcher per match attribute and one Matcher for all token patterns, run once per Doc,
and one pass over the text for the words their regexes require; each finder then reads its
own matches back by key. A finder used on its own (a test, say) gets a private index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from replycoach.fields import Fields
from replycoach.languages import LanguageProfile
from replycoach.normalize import is_identity, normalizer
from replycoach.pipeline import pattern_maker
from replycoach.regexfacts import regex_facts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MATCH_ATTRS = {"norm": "NORM", "lower": "LOWER", "text": "ORTH", "lemma": "LEMMA"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    key: int = -1  # which phrase matched, for phrase -> replacement mappings
    prefix: str = ""  # the proclitic the draft attached to it ("و" in "وليش"), kept by fixes


def uses_morphology(fields: Fields) -> bool:
    """Does this spec match on MORPH features in a token pattern?"""
    return "MORPH" in repr(fields.data.get("patterns", ""))


def uses_lemmas(fields: Fields) -> bool:
    """Does this spec need lemmas (match: lemma, or LEMMA in a token pattern)?"""
    if fields.data.get("match") == "lemma":
        return True
    return "LEMMA" in repr(fields.data.get("patterns", ""))


@dataclass(frozen=True)
class PhrasePattern:
    """One phrase as a Doc to match, with the proclitic glued to it ("" for none)."""

    index: int  # position in the finder's `phrases`
    prefix: str
    # The text, not its Doc: the index makes the Doc when it adds the phrase, so the 28,000
    # Docs of the Arabic phrases (150 MB) are not kept for the life of the process.
    text: str


@dataclass(frozen=True)
class RegexPattern:
    source: str
    flags: int
    # Every match contains one of these (lower-case) words: most drafts have none of them,
    # and looking for words is much cheaper than running the regex (None: no such words).
    required: frozenset[str] | None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most regexes never meet a draft with their words."""
        return re.compile(self.source, self.flags)

    def may_match(self, words: frozenset[str]) -> bool:
        """`words`: the required words (of any regex) that the text contains."""
        return self.required is None or not self.required.isdisjoint(words)


class SpanFinder:
    """Compiled `phrases` / `patterns` / `regex` of one rule or signal."""

    def __init__(self, fields: Fields, nlp: Language,
                 profile: LanguageProfile | None = None) -> None:
        self.vocab: Vocab = nlp.vocab
        self._tokenizer = nlp.tokenizer
        self._normalize = (normalizer(profile.normalization)
                           if profile and not is_identity(profile.normalization) else None)
        self.attr = "NORM"  # what phrases are compared on
        self.make_doc: Callable[[str], Doc] = nlp.make_doc  # a phrase's Doc, for `attr`
        self.phrase_patterns: list[PhrasePattern] = []
        self.token_patterns: list[list[dict[str, Any]]] = []
        self.regexes: list[RegexPattern] = []
        self.phrases: list[str] = []
        self.replacements: list[str | None] = []
        self.index: MatchIndex | None = None  # the shared index this finder joined, if any
        self._own_index: MatchIndex | None = None

        self._add_phrases(fields, nlp, profile)
        self._add_token_patterns(fields, profile)
        self._add_regexes(fields)
        if not (self.phrase_patterns or self.token_patterns or self.regexes):
            raise fields.error(None, "needs at least one of 'phrases', 'patterns' or 'regex'")

    def _add_phrases(self, fields: Fields, nlp: Language,
                     profile: LanguageProfile | None) -> None:
        phrases = fields.get("phrases", (list, dict))
        if not phrases:
            return
        attr_name = fields.get("match", str, default="norm", choices=list(MATCH_ATTRS))
        self.attr = MATCH_ATTRS[attr_name]
        items = phrases.items() if isinstance(phrases, dict) else ((p, None) for p in phrases)
        # Lemmas and norms come from their pipeline components; text and lower case only
        # need the tokenizer.
        self.make_doc = pattern_maker(nlp, self.attr)
        proclitics = profile.proclitics if profile and self.attr in ("NORM", "LOWER") else ()
        for index, (phrase, replacement) in enumerate(items):
            if not isinstance(phrase, str) or not phrase.strip():
                raise fields.error("phrases", f"expected non-empty text, got {phrase!r}")
            if replacement is not None and not isinstance(replacement, str):
                raise fields.error("phrases", f"replacement for {phrase!r} must be text")
            self.phrase_patterns.append(PhrasePattern(index, "", phrase.strip()))
            for proclitic in proclitics:
                self.phrase_patterns.append(
                    PhrasePattern(index, proclitic, proclitic + phrase.strip()))
            self.phrases.append(phrase)
            self.replacements.append(replacement)

    def _add_token_patterns(self, fields: Fields, profile: LanguageProfile | None) -> None:
        patterns = fields.get("patterns", list)
        if not patterns:
            return
        from spacy.matcher import Matcher

        normalize = normalizer(profile.normalization) if profile else None
        checker = Matcher(self.vocab, validate=True)  # spaCy validates a pattern as it adds it
        for index, pattern in enumerate(patterns):
            if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
                raise fields.error(
                    "patterns", f"pattern {index + 1} must be a list of token mappings"
                )
            plain = _plain(pattern, normalize)
            try:
                checker.add(f"p{index}", [plain])
            except (ValueError, KeyError) as exc:
                reason = str(exc).strip().splitlines()
                detail = " ".join(line.strip() for line in reason[:4])
                raise fields.error(
                    "patterns", f"pattern {index + 1} is not a valid spaCy pattern: {detail}"
                ) from None
            self.token_patterns.append(plain)

    def _add_regexes(self, fields: Fields) -> None:
        flags = re.MULTILINE
        if not fields.get("case_sensitive", bool, default=False):
            flags |= re.IGNORECASE
        facts = regex_facts()
        for source in fields.strings("regex"):
            try:
                words = facts.required_words(source, flags)
            except re.error as exc:
                raise fields.error("regex", f"bad regular expression {source!r}: {exc}") from None
            self.regexes.append(RegexPattern(source, flags, frozenset(words) if words else None))

    def glued_value(self, word: str) -> str | None:
        """The `attr` value a draft's token `word` (a proclitic glued to a phrase's first
        word, "وليش") has, worked out as spaCy and our norms component would; None where the
        tokenizer might not keep `word` whole or spaCy might value it otherwise."""
        tokenizer = self._tokenizer
        if (not word.isalpha() or word in (tokenizer.rules or {})
                or any(search is not None and search(word) for search in (
                    tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.token_match,
                    tokenizer.url_match))
                or (tokenizer.infix_finditer is not None
                    and next(iter(tokenizer.infix_finditer(word)), None) is not None)):
            return None
        if self.attr == "LOWER":
            return word.lower()
        if self.attr != "NORM" or self.vocab.lookups.has_table("lexeme_norm"):
            return None
        from spacy.attrs import NORM

        getter = self.vocab.lex_attr_getters.get(NORM)
        norm = getter(word) if getter is not None else word.lower()
        return self._normalize(norm) if self._normalize is not None else norm

    def find(self, doc: Doc, text: str | None = None, matches: Matches | None = None
             ) -> list[Span]:
        """Every span found, longest first where they overlap. `matches` is what this
        finder's index found in `doc` (see Analysis.spans); without it, the finder matches
        on its own."""
        text = doc.text if text is None else text
        if matches is None:
            if self._own_index is None:
                self._own_index = MatchIndex([self], shared=False)
            matches = self._own_index.match(doc, text)
        if not matches.may_find(self):
            return []
        found = matches.spans(self)
        if self.regexes:
            words = matches.words
            for pattern in self.regexes:
                if not pattern.may_match(words):
                    continue
                regex = pattern.regex
                for match in regex.finditer(text):
                    start, end = match.span("flag") if "flag" in regex.groupindex else match.span()
                    if end > start:
                        found.append(Span(start, end))
        return _longest_first(found) if len(found) > 1 else found


class RequiredWords:
    """The words the regexes of many finders require, grouped by their first three letters:
    a text's own three-letter groups pick the few words worth looking for (a few hundred
    `in` tests cost more than all the regexes they spare)."""

    def __init__(self, finders: Iterable[SpanFinder]) -> None:
        self.by_start: dict[str, list[str]] = {}
        self.short: list[str] = []  # under three letters: always looked for
        self.finders_of: dict[str, list[SpanFinder]] = {}  # whose regexes need the word
        self.unfiltered: set[SpanFinder] = set()  # with a regex that needs no word
        for finder in finders:
            for pattern in finder.regexes:
                if pattern.required is None:
                    self.unfiltered.add(finder)
                for word in pattern.required or ():
                    self.finders_of.setdefault(word, []).append(finder)
        for word in sorted(self.finders_of):
            if len(word) < 3:
                self.short.append(word)
            else:
                self.by_start.setdefault(word[:3], []).append(word)

    def found_in(self, text: str) -> frozenset[str]:
        lowered = text.lower()
        starts = {lowered[i:i + 3] for i in range(len(lowered) - 2)}
        candidates = [w for start in starts.intersection(self.by_start)
                      for w in self.by_start[start]]
        return frozenset(w for w in candidates + self.short if w in lowered)


class Matches:
    """What one MatchIndex found in one text: each finder's phrase and token spans, and
    which of the words that regexes require the text contains (looked for when asked)."""

    def __init__(self, found: dict[SpanFinder, list[Span]], text: str,
                 required: RequiredWords) -> None:
        self._found = found
        self._text = text
        self._required = required

    def spans(self, finder: SpanFinder) -> list[Span]:
        """A new list: phrase spans (by position, first-written phrase first) then token
        pattern spans, as `find` expects them."""
        return list(self._found.get(finder, ()))

    @cached_property
    def words(self) -> frozenset[str]:
        return self._required.found_in(self._text)

    @cached_property
    def _regex_candidates(self) -> set[SpanFinder]:
        """Finders with a regex that may match: one needing no word, or one the text has."""
        required = self._required
        found = set(required.unfiltered)
        for word in self.words:
            found.update(required.finders_of[word])
        return found

    def may_find(self, finder: SpanFinder) -> bool:
        """False when the finder has nothing here: no phrase or pattern matched and no regex
        can (most finders, for most drafts)."""
        return finder in self._found or finder in self._regex_candidates


class MatchIndex:
    """The phrases, token patterns and regex words of many finders, each kind looked for
    once per text.

    Keys are numbered per finder, so one finder's matches never mix with another's; where
    two phrases of one finder match the same words, the one written first comes first.
    """

    def __init__(self, finders: Iterable[SpanFinder], shared: bool = True) -> None:
        self._phrase_matchers: dict[str, PhraseMatcher] = {}  # by match attribute
        self._token_matcher: Matcher | None = None
        # match id -> (finder, rank among its phrases, phrase index, proclitic)
        self._phrase_keys: dict[int, tuple[SpanFinder, int, int, str]] = {}
        # Proclitic variants ("و" + a phrase): attribute -> hash of the glued first word ->
        # (finder, rank, phrase index, proclitic, hashes of the phrase's other words).
        self._glued: dict[str, dict[int, list[tuple[SpanFinder, int, int, str,
                                                    tuple[int, ...]]]]] = {}
        self._token_keys: dict[int, SpanFinder] = {}
        finders = list(finders)
        for number, finder in enumerate(finders):
            self._add(number, finder)
            if shared:
                assert finder.index is None, "a finder joins one shared index"
                finder.index = self
        self._required = RequiredWords(finders)

    def _add(self, number: int, finder: SpanFinder) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        strings = finder.vocab.strings
        if finder.phrase_patterns:
            matcher = self._phrase_matchers.get(finder.attr)
            if matcher is None:
                matcher = PhraseMatcher(finder.vocab, attr=finder.attr)
                self._phrase_matchers[finder.attr] = matcher
            bases: dict[int, Doc] = {}  # each phrase's own Doc, for its variants
            for rank, phrase in enumerate(finder.phrase_patterns):
                base = bases.get(phrase.index)
                if phrase.prefix and base is not None and self._add_glued(finder, rank,
                                                                          phrase, base):
                    continue
                doc = finder.make_doc(phrase.text)
                if not phrase.prefix:
                    bases[phrase.index] = doc
                label = f"{number}:{phrase.index}|{phrase.prefix}"
                matcher.add(label, [doc])
                self._phrase_keys[strings.add(label)] = (finder, rank, phrase.index,
                                                         phrase.prefix)
        if finder.token_patterns:
            if self._token_matcher is None:
                self._token_matcher = Matcher(finder.vocab)
            label = f"{number}:patterns"
            # Validated when the finder was built; which pattern matched does not matter.
            self._token_matcher.add(label, finder.token_patterns)
            self._token_keys[strings.add(label)] = finder

    def _add_glued(self, finder: SpanFinder, rank: int, phrase: PhrasePattern,
                   base: Doc) -> bool:
        """Index a proclitic variant by the value of its glued first word, instead of a Doc
        of its own: Arabic's 1,900 phrases x 14 proclitics were 28,000 Docs and 0.9 s of
        start-up. False (make the Doc) where the first word is not followed by a space or
        the glued word's value is not certain."""
        first = base[0]
        if len(base) > 1 and not first.whitespace_:
            return False
        value = finder.glued_value(phrase.prefix + first.text)
        if value is None:
            return False
        rest = tuple(base.to_array(finder.attr).tolist()[1:])
        key = finder.vocab.strings.add(value)
        table = self._glued.setdefault(finder.attr, {})
        table.setdefault(key, []).append((finder, rank, phrase.index, phrase.prefix, rest))
        return True

    def match(self, doc: Doc, text: str) -> Matches:
        """What the finders' phrases and patterns find in `doc`, whose text is `text`."""
        return Matches(self._spans(doc), text, self._required)

    def _spans(self, doc: Doc) -> dict[SpanFinder, list[Span]]:
        if len(doc) == 0:
            return {}
        phrase_hits: dict[SpanFinder, list[tuple[int, int, int, int, str]]] = {}
        for matcher in self._phrase_matchers.values():
            for key, start, end in matcher(doc):
                finder, rank, index, prefix = self._phrase_keys[key]
                phrase_hits.setdefault(finder, []).append((start, end, rank, index, prefix))
        for attr, table in self._glued.items():
            values = doc.to_array(attr).tolist()
            for start, value in enumerate(values):
                for finder, rank, index, prefix, rest in table.get(value, ()):
                    end = start + 1 + len(rest)
                    if end <= len(values) and tuple(values[start + 1 : end]) == rest:
                        phrase_hits.setdefault(finder, []).append(
                            (start, end, rank, index, prefix))
        token_hits: dict[SpanFinder, list[tuple[int, int]]] = {}
        if self._token_matcher is not None:
            # A pattern on lemmas or morphology cannot match a Doc that has none (only
            # punctuation, say): no match, rather than spaCy's error.
            for key, start, end in self._token_matcher(doc, allow_missing=True):
                token_hits.setdefault(self._token_keys[key], []).append((start, end))
        if not phrase_hits and not token_hits:
            return {}
        starts, ends = _char_bounds(doc)
        found: dict[SpanFinder, list[Span]] = {}
        for finder, hits in phrase_hits.items():
            hits.sort()  # by position, then the order the finder's phrases were written
            found[finder] = [Span(starts[s], ends[e - 1], index, prefix)
                             for s, e, _rank, index, prefix in hits]
        for finder, pairs in token_hits.items():
            found.setdefault(finder, []).extend(Span(starts[s], ends[e - 1]) for s, e in pairs)
        return found


def _char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Character offsets where each token starts and ends."""
    rows = doc.to_array(["IDX", "LENGTH"]).tolist()
    return [idx for idx, _ in rows], [idx + length for idx, length in rows]


def _plain(value: Any, normalize: Callable[[str], str] | None, key: str = "") -> Any:
    """YAML line-tracking dicts back to plain dicts, which spaCy's validator expects; NORM
    values are normalised as the draft's words will be ("nemůžeme" -> "nemuzeme")."""
    if isinstance(value, dict):
        return {k: _plain(v, normalize, key if k in ("IN", "NOT_IN") else k)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, normalize, key) for v in value]
    if key == "NORM" and normalize is not None and isinstance(value, str):
        return normalize(value.lower())
    return value


def _longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans inside a longer overlapping one, so one phrase is reported once."""
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
