"""`kind: spelling`: words none of the language's hunspell dictionaries knows.

    kind: spelling
    dictionaries: [en_US, en_GB]   # a word is right if any knows it; the first suggests
    accept: [chargeback, unmute]   # words of the trade the dictionaries lack
    same_letters: ["هة", "يى"]     # letters agents confuse, restored like diacritics
    telex: true                    # Vietnamese: suggest 'không' for 'khoong' (Telex left off)
    tone_placement: either         # Vietnamese: 'hòa' and 'hoà' are both right
    syllable: '^(?:ng|...)$'       # Vietnamese: a plain-ASCII word of another shape is foreign
    undiacritised_drafts: accept   # a draft typed wholly without diacritics: flag other slips
    report: sure                   # only words a sure correction exists for (Arabic dialects)

Names (greeting, signature, e-mail headers, the customer's message), links, addresses,
handles, hashtags, codes and acronyms are skipped (spelling/skip.py); the team vocabulary
(`vocabulary.accept`) clears findings in the engine. The message's `{did_you_mean}` lists the
ranked suggestions; the finding's rewrite is set only when the choice is unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from replycoach.analysis import Analysis
from replycoach.fields import Fields
from replycoach.kinds.base import BuildEnv, Hit, Region
from replycoach.spelling.checker import SpellChecker
from replycoach.spelling.dictionaries import MissingDictionary, load_dictionary, warn_missing
from replycoach.spelling.skip import known_names

FIELDS = ("dictionaries", "accept", "same_letters", "telex", "tone_placement", "syllable",
          "undiacritised_drafts", "report", "max_suggestions")
REQUIRED = ("dictionaries",)


def did_you_mean(suggestions: tuple[str, ...]) -> str:
    """': did you mean 'the', 'tea' or 'ten'?' — or '.' when the dictionary has nothing close."""
    if not suggestions:
        return "."
    quoted = [f"'{s}'" for s in suggestions]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f": did you mean {listed}?"


@dataclass(frozen=True)
class SpellingSettings:
    language: str
    dictionaries: tuple[str, ...]
    accept: tuple[str, ...] = ()
    same_letters: tuple[str, ...] = ()
    telex: bool = False
    tone_placement: bool = False
    syllable: str | None = None
    sure_only: bool = False
    plain_drafts: bool = False
    max_suggestions: int = 5


@cache
def _checker(settings: SpellingSettings) -> SpellChecker | None:
    """One checker (and its word caches) per configuration and process; None when a
    dictionary is missing (said once on standard error)."""
    try:
        dictionaries = [load_dictionary(name) for name in settings.dictionaries]
    except MissingDictionary as exc:
        warn_missing(exc)
        return None
    return SpellChecker(
        dictionaries, settings.accept, language=settings.language,
        same_letters=settings.same_letters, telex=settings.telex,
        tone_placement=settings.tone_placement,
        syllable=re.compile(settings.syllable) if settings.syllable else None,
        sure_only=settings.sure_only, plain_drafts=settings.plain_drafts,
        max_suggestions=settings.max_suggestions)


@dataclass
class SpellingCheck:
    settings: SpellingSettings

    def run(self, analysis: Analysis, regions: list[Region]) -> Iterator[Hit]:
        checker = _checker(self.settings)
        if checker is None:
            return
        text = analysis.text

        def names() -> frozenset[str]:  # only asked for when a word is unknown
            segments = ((s.name, text[s.start : s.end]) for s in analysis.segments)
            return known_names(segments, analysis.draft.headers, analysis.draft.context)

        try:
            found_all = list(checker.misspellings(text, regions, names))
        except MissingDictionary as exc:  # hunspell itself failed to load, on first need
            warn_missing(exc)
            return
        for found in found_all:
            yield Hit(found.start, found.end,
                      {"did_you_mean": did_you_mean(found.correction.suggestions),
                       "suggestions": ", ".join(found.correction.suggestions)},
                      found.correction.fix, alternatives=tuple(found.correction.suggestions))


def build(fields: Fields, env: BuildEnv) -> SpellingCheck:
    placement = fields.get("tone_placement", str, default="fixed", choices=("fixed", "either"))
    limit = fields.get("max_suggestions", int, default=5)
    if limit < 1:
        raise fields.error("max_suggestions", "must be at least 1")
    syllable = fields.get("syllable", str)
    if syllable is not None:
        try:
            re.compile(syllable)
        except re.error as exc:
            raise fields.error("syllable", f"bad regular expression: {exc}") from None
    return SpellingCheck(SpellingSettings(
        language=env.profile.code,
        dictionaries=tuple(fields.strings("dictionaries", required=True)),
        accept=tuple(fields.strings("accept")),
        same_letters=tuple(fields.strings("same_letters")),
        telex=fields.get("telex", bool, default=False),
        tone_placement=placement == "either",
        syllable=syllable,
        sure_only=fields.get("report", str, default="all", choices=("all", "sure")) == "sure",
        plain_drafts=fields.get("undiacritised_drafts", str, default="flag",
                                choices=("flag", "accept")) == "accept",
        max_suggestions=limit,
    ))
