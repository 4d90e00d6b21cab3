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
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from replycoach.fields import Fields
from replycoach.languages import LanguageProfile
from replycoach.normalize import is_identity, normalizer
from replycoach.pipeline import pattern_maker
from replycoach.regexfacts import regex_facts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokenizer import Tokenizer
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


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: a set member per draft
class RegexPattern:
    source: str
    flags: int
    # Every match contains one (lower-case) word of each group, the most telling group
    # first: most drafts lack all the words of some group, and looking for words is much
    # cheaper than running the regex (None: no such words).
    required: tuple[frozenset[str], ...] | None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most regexes never meet a draft with their words."""
        return re.compile(self.source, self.flags)

    def has_other_words(self, lowered: str) -> bool:
        """Does the lower-cased text have a word of each group after the first?"""
        return all(any(word in lowered for word in group)
                   for group in (self.required or ())[1:])


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
            required = tuple(frozenset(group) for group in words) if words else None
            self.regexes.append(RegexPattern(source, flags, required))

    def glued_value(self, word: str) -> str | None:
        """The `attr` value a draft's token `word` (a proclitic glued to a phrase's first
        word, "وليش") has, worked out as spaCy and our norms component would; None where the
        tokenizer might not keep `word` whole or spaCy might value it otherwise."""
        if not word.isalpha() or not _kept_whole(self._tokenizer, word):
            return None
        if self.attr == "LOWER":
            return word.lower()
        if self.attr != "NORM" or self._norm_getter is None:
            return None
        norm = self._norm_getter(word)
        return self._normalize(norm) if self._normalize is not None else norm

    @cached_property
    def _norm_getter(self) -> Callable[[str], str] | None:
        """How spaCy gives a new word its NORM; None when a table may say otherwise."""
        if self.vocab.lookups.has_table("lexeme_norm"):
            return None
        from spacy.attrs import NORM

        getter: Callable[[str], str] | None = self.vocab.lex_attr_getters.get(NORM)
        return getter if getter is not None else str.lower

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
            for pattern in self.regexes:
                if not matches.may_run(pattern):
                    continue
                regex = pattern.regex
                for match in regex.finditer(text):
                    start, end = match.span("flag") if "flag" in regex.groupindex else match.span()
                    if end > start:
                        found.append(Span(start, end))
        return _longest_first(found) if len(found) > 1 else found


_WORD_RUN = re.compile(r"\w+")
# Words of drafts whose anchors are remembered, per index (a draft has a hundred at most).
MAX_KNOWN_WORDS = 50_000


@lru_cache(maxsize=65536)  # Arabic asks 26,000 times, for 14,000 different words
def _kept_whole(tokenizer: Tokenizer, word: str) -> bool:
    """Does the tokenizer keep `word` (letters only) as one token, with no special case?"""
    if word in (tokenizer.rules or {}):
        return False
    if any(search is not None and search(word) for search in (
            tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.token_match,
            tokenizer.url_match)):
        return False
    return (tokenizer.infix_finditer is None
            or next(iter(tokenizer.infix_finditer(word)), None) is None)


class RequiredWords:
    """The words of the first (most telling) group each regex of many finders requires,
    and how to find them in a text fast. A word is looked for only when the text has its
    anchor, its longest run of three or more word characters ("unable" in "unable to "),
    which can only sit inside one of the text's own words; the anchors inside each word
    met are remembered, as drafts keep using the same words. A regex one of whose words
    is found has its other groups looked for next (Matches)."""

    def __init__(self, finders: Iterable[SpanFinder]) -> None:
        self.patterns_of: dict[str, list[RegexPattern]] = {}  # the regexes needing the word
        self.unfiltered: set[RegexPattern] = set()  # regexes that need no word
        self.finder_of: dict[RegexPattern, SpanFinder] = {}
        for finder in finders:
            for pattern in finder.regexes:
                self.finder_of[pattern] = finder
                if pattern.required is None:
                    self.unfiltered.add(pattern)
                for word in (pattern.required or ((),))[0]:
                    self.patterns_of.setdefault(word, []).append(pattern)
        self.words_of: dict[str, list[str]] = {}  # anchor -> the words holding it
        self.unanchored: list[str] = []  # "!!", "s/he": always looked for
        for word in sorted(self.patterns_of):
            anchor = max(_WORD_RUN.findall(word), key=len, default="")
            if len(anchor) < 3:
                self.unanchored.append(word)
            else:
                self.words_of.setdefault(anchor, []).append(word)
        self._by_start: dict[str, list[str]] = {}  # anchors by their first three letters
        for anchor in self.words_of:
            self._by_start.setdefault(anchor[:3], []).append(anchor)
        self._anchors_in: dict[str, tuple[str, ...]] = {}  # a text's word -> its anchors

    def found_in(self, lowered: str) -> frozenset[str]:
        """The words the (lower-cased) text contains."""
        known = self._anchors_in
        if len(known) > MAX_KNOWN_WORDS:
            known.clear()
        anchors: set[str] = set()
        for token in set(_WORD_RUN.findall(lowered)):
            inside = known.get(token)
            if inside is None:
                inside = known[token] = self._anchors_of(token)
            anchors.update(inside)
        candidates = [word for anchor in anchors for word in self.words_of[anchor]]
        return frozenset(w for w in candidates + self.unanchored if w in lowered)

    def _anchors_of(self, token: str) -> tuple[str, ...]:
        starts = {token[i:i + 3] for i in range(len(token) - 2)}
        return tuple(anchor for start in starts.intersection(self._by_start)
                     for anchor in self._by_start[start] if anchor in token)


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
    def _runnable(self) -> set[RegexPattern]:
        """The regexes that may match: those needing no word, and those that find a word
        of each group they need."""
        required, lowered = self._required, self._text.lower()
        words = required.found_in(lowered)
        named = set().union(*(required.patterns_of[word] for word in words))
        return required.unfiltered | {pattern for pattern in named
                                      if pattern.has_other_words(lowered)}

    @cached_property
    def _regex_candidates(self) -> set[SpanFinder]:
        """Finders with a regex that may match."""
        return {self._required.finder_of[pattern] for pattern in self._runnable}

    def may_run(self, pattern: RegexPattern) -> bool:
        """Is the regex worth running on this text? (One of this index's finders'.)"""
        return pattern in self._runnable

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
        self._token_gate = TokenGate()
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
            bases: dict[int, PhraseBase | None] = {}  # of each phrase, for its variants
            for rank, phrase in enumerate(finder.phrase_patterns):
                if phrase.prefix and self._add_glued(finder, rank, phrase,
                                                     bases.get(phrase.index)):
                    continue
                doc = finder.make_doc(phrase.text)
                if not phrase.prefix:
                    bases[phrase.index] = _phrase_base(doc, finder.attr)
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
            for pattern in finder.token_patterns:
                self._token_gate.add(pattern, strings)

    def _add_glued(self, finder: SpanFinder, rank: int, phrase: PhrasePattern,
                   base: PhraseBase | None) -> bool:
        """Index a proclitic variant by the value of its glued first word, instead of a Doc
        of its own: Arabic's 1,900 phrases x 14 proclitics were 28,000 Docs and 0.9 s of
        start-up. False (make the Doc) where the first word is not followed by a space or
        the glued word's value is not certain."""
        if base is None:
            return False
        first, rest = base
        value = finder.glued_value(phrase.prefix + first)
        if value is None:
            return False
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
        if self._token_matcher is not None and self._token_gate.may_match(doc):
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


# Pattern keys whose values a Doc's token attributes give as they are (TEXT means ORTH).
_GATE_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM",
               "LEMMA": "LEMMA"}


def _required_values(pattern: list[dict[str, Any]]) -> tuple[str, frozenset[str]] | None:
    """(attribute, values): every match of the token pattern has a token with one of these
    values; None when no token says so plainly. Of the tokens that do, the one with the
    fewest and longest values (the later one on a tie: "we do not" -> "not") is kept."""
    best: tuple[str, frozenset[str]] | None = None
    best_rank = (0, 0)
    for token in pattern:
        if token.get("OP") not in (None, "+"):  # optional, negated or counted: maybe absent
            continue
        for key, value in token.items():
            attr = _GATE_ATTRS.get(key)
            if isinstance(value, dict):
                value = value.get("IN")
            values = [value] if isinstance(value, str) else value
            if (attr is None or not isinstance(values, list) or not values
                    or not all(isinstance(v, str) for v in values)):
                continue
            rank = (-len(values), min(len(v) for v in values))
            if best is None or rank >= best_rank:
                best, best_rank = (attr, frozenset(values)), rank
    return best


class TokenGate:
    """Words without which no token pattern of an index can match: most drafts have none
    of them, and looking at a Doc's word values is cheaper than running the Matcher."""

    def __init__(self) -> None:
        self._needed: dict[str, set[int]] = {}  # attribute -> hashes of the values
        self._always = False  # a pattern whose required words are not known

    def add(self, pattern: list[dict[str, Any]], strings: Any) -> None:
        required = _required_values(pattern)
        if required is None:
            self._always = True
            return
        attr, values = required
        self._needed.setdefault(attr, set()).update(strings.add(v) for v in values)

    def may_match(self, doc: Doc) -> bool:
        if self._always:
            return True
        for attr, needed in self._needed.items():
            if not needed.isdisjoint(doc.to_array(attr).tolist()):
                return True
        return False


# A phrase's first word and the match-attribute values of its other words.
PhraseBase = tuple[str, tuple[int, ...]]


def _phrase_base(doc: Doc, attr: str) -> PhraseBase | None:
    """What a proclitic variant of the phrase is indexed by; None when the first word is
    not followed by a space (the variant then needs a Doc of its own)."""
    first = doc[0]
    if len(doc) > 1 and not first.whitespace_:
        return None
    return first.text, tuple(doc.to_array(attr).tolist()[1:])


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
