"""Customer-culture profiles (`locales/<tag>.yml`): register, address, tolerance, directness."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from replycoach.errors import ReplycoachError
from replycoach.fields import Fields
from replycoach.resources import bundled_folder, user_folder
from replycoach.yamlfile import load_yaml

LOCALES_ENV = "REPLYCOACH_LOCALES"
REGISTERS = ("formal", "neutral", "casual")
TITLES = ("required", "preferred", "optional")
T_V = ("formal", "informal", "none")
LEVELS = ("none", "low", "medium", "high")
DIRECTNESS = ("low", "medium", "high")
# The facets conditions may test, with the values each may take.
FACETS: dict[str, tuple[str, ...]] = {
    "register": REGISTERS, "titles": TITLES, "first_name_alone": ("true", "false"),
    "t_v": T_V, "emoji": LEVELS, "exclamations": LEVELS, "slang": LEVELS,
    "directness": DIRECTNESS,
}


@dataclass(frozen=True)
class Locale:
    tag: str
    name: str
    language: str
    register: str
    titles: str
    first_name_alone: bool
    t_v: str
    address_how: str
    greeting_how: str
    greeting_examples: tuple[str, ...]
    sign_off_how: str
    sign_off_examples: tuple[str, ...]
    emoji: str
    exclamations: str
    slang: str
    directness: str
    refusal: str
    tlds: tuple[str, ...]
    sources: tuple[str, ...]
    path: Path

    def facet(self, name: str) -> str:
        value = getattr(self, name)
        return str(value).lower() if isinstance(value, bool) else str(value)


def locales_root() -> Path:
    override = os.environ.get(LOCALES_ENV)
    if override:
        return user_folder(LOCALES_ENV, override)
    return bundled_folder("locales")


def _section(fields: Fields, key: str, allowed: list[str]) -> Fields:
    inner = Fields(fields.get(key, dict, required=True), fields.path,
                   f"locale: field '{key}'", line=fields.line_of(key) or 0)
    inner.reject_unknown(allowed)
    return inner


def parse_locale(path: Path) -> Locale:
    fields = Fields(load_yaml(path), path, "locale")
    fields.reject_unknown(["locale", "name", "language", "register", "address", "greeting",
                           "sign_off", "tolerance", "directness", "refusal", "tlds", "sources"])
    tag = fields.get("locale", str, required=True)
    if tag != path.stem:
        raise fields.error("locale", f"says '{tag}' but the file is named '{path.name}'")
    address = _section(fields, "address", ["titles", "first_name_alone", "t_v", "how"])
    greeting = _section(fields, "greeting", ["how", "examples"])
    sign_off = _section(fields, "sign_off", ["how", "examples"])
    tolerance = _section(fields, "tolerance", ["emoji", "exclamations", "slang"])
    sources = fields.strings("sources", required=True)
    return Locale(
        tag=tag,
        name=fields.get("name", str, required=True),
        language=fields.get("language", str, required=True),
        register=fields.get("register", str, required=True, choices=REGISTERS),
        titles=address.get("titles", str, required=True, choices=TITLES),
        first_name_alone=address.get("first_name_alone", bool, required=True),
        t_v=address.get("t_v", str, required=True, choices=T_V),
        address_how=address.get("how", str, required=True),
        greeting_how=greeting.get("how", str, required=True),
        greeting_examples=tuple(greeting.strings("examples")),
        sign_off_how=sign_off.get("how", str, required=True),
        sign_off_examples=tuple(sign_off.strings("examples")),
        emoji=tolerance.get("emoji", str, required=True, choices=LEVELS),
        exclamations=tolerance.get("exclamations", str, required=True, choices=LEVELS),
        slang=tolerance.get("slang", str, required=True, choices=LEVELS),
        directness=fields.get("directness", str, required=True, choices=DIRECTNESS),
        refusal=fields.get("refusal", str, required=True),
        tlds=tuple(t.lower().lstrip(".") for t in fields.strings("tlds")),
        sources=tuple(sources),
        path=path,
    )


@cache
def _all_locales(root: Path) -> dict[str, Locale]:
    return {p.stem: parse_locale(p) for p in sorted(root.glob("*.yml"))}


def all_locales() -> dict[str, Locale]:
    return _all_locales(locales_root())


def find_locale(tag: str) -> Locale:
    """The profile for a tag, matched without regard to case (`en-gb` -> `en-GB`)."""
    locales = all_locales()
    for known, locale in locales.items():
        if known.lower() == tag.strip().lower().replace("_", "-"):
            return locale
    raise ReplycoachError(
        f"unknown locale '{tag}' (available: {', '.join(locales)}); see `replycoach locales`")


def locale_for_tld(domain: str) -> Locale | None:
    tld = domain.rsplit(".", 1)[-1].lower()
    for locale in all_locales().values():
        if tld in locale.tlds:
            return locale
    return None
