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
READABILITY_FORMULAS = ("flesch",)


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    name: str
    spacy: str
    greeting: tuple[re.Pattern[str], ...]
    sign_off: tuple[re.Pattern[str], ...]
    readability: str | None
    folder: Path


def _patterns(fields: Fields, key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for source in fields.strings(key):
        try:
            compiled.append(re.compile(source, re.IGNORECASE))
        except re.error as exc:
            raise fields.error(key, f"bad regular expression {source!r}: {exc}") from None
    return tuple(compiled)


def available_languages() -> list[str]:
    """Codes of the languages that ship a profile, e.g. ['en']."""
    root = rules_root()
    return sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).is_file())


@cache
def load_profile(code: str) -> LanguageProfile:
    folder = rules_root() / code
    path = folder / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(available_languages())
        raise ReplycoachError(f"unknown language '{code}' (available: {known})")
    fields = Fields(load_yaml(path), path, "language profile")
    fields.reject_unknown(["language", "name", "spacy", "segments", "readability"])
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
    )

