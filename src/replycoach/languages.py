"""Language profiles (`rules/<lang>/language.yml`): what a language needs besides its rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from replycoach.errors import ReplycoachError
from replycoach.fields import Fields
from replycoach.resources import rules_root
from replycoach.yamlfile import load_yaml

PROFILE_FILE = "language.yml"
COMMON = "common"
# flesch: English Flesch reading ease; flesch_ru: Oborneva's Russian Flesch; pisarek: Polish
# Pisarek index (higher is harder); osman: Arabic OSMAN (higher is easier).
READABILITY_FORMULAS = ("flesch", "flesch_ru", "pisarek", "osman")
LEMMATIZERS = ("simplemma", "pymorphy3", "morfeusz2")
MORPHOLOGIES = ("pymorphy3", "morfeusz2")


@dataclass(frozen=True)
class Normalization:
    """How `match: norm` compares words, applied alike to the draft and to rule phrases."""

    fold_diacritics: bool = False
    strip: re.Pattern[str] | None = None
    replace: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    name: str
    spacy: str
    greeting: tuple[re.Pattern[str], ...]
    sign_off: tuple[re.Pattern[str], ...]
    readability: str | None
    folder: Path
    lemmatizer: str | None = None
    normalization: Normalization = Normalization()
    proclitics: tuple[str, ...] = ()
    morphology: str | None = None
    default_locale: str | None = None
    # Tokens per English word: Vietnamese tokens are syllables, so word limits scale up.
    word_scale: float = 1.0


def _patterns(fields: Fields, key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for source in fields.strings(key):
        try:
            compiled.append(re.compile(source, re.IGNORECASE))
        except re.error as exc:
            raise fields.error(key, f"bad regular expression {source!r}: {exc}") from None
    return tuple(compiled)


def _normalization(fields: Fields) -> Normalization:
    if not fields.has("normalize"):
        return Normalization()
    inner = Fields(fields.get("normalize", dict), fields.path, "language profile: normalize",
                   line=fields.line_of("normalize") or 0)
    inner.reject_unknown(["fold_diacritics", "strip", "replace"])
    strip = None
    if inner.has("strip"):
        source = inner.get("strip", str)
        try:
            strip = re.compile(source)
        except re.error as exc:
            raise inner.error("strip", f"bad regular expression {source!r}: {exc}") from None
    replace = inner.get("replace", dict, default={})
    for key, value in replace.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise inner.error("replace", f"expected text: text, got {key!r}: {value!r}")
    return Normalization(
        fold_diacritics=inner.get("fold_diacritics", bool, default=False),
        strip=strip,
        replace=tuple(replace.items()),
    )


def available_languages() -> list[str]:
    """Codes of the languages that ship a profile, e.g. ['en']."""
    return list(_available_languages(rules_root()))


@cache  # per rules folder: asked for every draft, and a folder listing is not free
def _available_languages(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).is_file()))


@cache
def _load_profile(root: Path, code: str) -> LanguageProfile:
    folder = root / code
    path = folder / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(available_languages())
        raise ReplycoachError(f"unknown language '{code}' (available: {known})")
    fields = Fields(load_yaml(path), path, "language profile")
    fields.reject_unknown(["language", "name", "spacy", "segments", "readability", "lemmatizer",
                           "normalize", "proclitics", "morphology", "default_locale",
                           "word_scale"])
    declared = fields.get("language", str, required=True)
    if declared != code:
        raise fields.error("language", f"says '{declared}' but the folder is '{code}'")
    segments = Fields(fields.get("segments", dict, default={}), path, "segments",
                      line=fields.line_of("segments") or 0)
    segments.reject_unknown(["greeting", "sign_off"])
    return LanguageProfile(
        code=code,
        name=fields.get("name", str, required=True),
        spacy=fields.get("spacy", str, default=code),
        greeting=_patterns(segments, "greeting"),
        sign_off=_patterns(segments, "sign_off"),
        readability=fields.get("readability", str, choices=READABILITY_FORMULAS),
        folder=folder,
        lemmatizer=fields.get("lemmatizer", str, choices=LEMMATIZERS),
        normalization=_normalization(fields),
        proclitics=tuple(sorted(fields.strings("proclitics"), key=len, reverse=True)),
        morphology=fields.get("morphology", str, choices=MORPHOLOGIES),
        default_locale=fields.get("default_locale", str),
        word_scale=float(fields.get("word_scale", (int, float), default=1.0)),
    )


def load_profile(code: str) -> LanguageProfile:
    return _load_profile(rules_root(), code)


@cache
def generic_profile(code: str) -> LanguageProfile:
    """For a language without rule packs: the multi-language tokenizer and no conventions,
    so only the language-neutral rules (rules/common) can run."""
    return LanguageProfile(code=code, name=code, spacy="xx", greeting=(), sign_off=(),
                           readability=None, folder=rules_root() / code)


def profile_for(code: str) -> LanguageProfile:
    """The shipped profile, or a generic one for a language that has no rule packs."""
    root = rules_root()
    if code in _available_languages(root):
        return _load_profile(root, code)
    return generic_profile(code)
