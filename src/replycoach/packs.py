"""Rule packs: parse and validate the YAML (cheap), then compile rules for a language (spaCy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from replycoach.conditions import Conditions, parse_conditions
from replycoach.fields import Fields
from replycoach.kinds import KINDS
from replycoach.kinds.base import BuildEnv, Check
from replycoach.languages import COMMON, PROFILE_FILE
from replycoach.model import CATEGORIES, CHANNELS, SEGMENTS, SEVERITY_NAMES, Severity
from replycoach.resources import rules_root
from replycoach.signals import SIGNALS_FILE
from replycoach.yamlfile import load_yaml

RULE_FIELDS = ("id", "category", "severity", "description", "message", "kind", "segment",
               "channels", "when", "unless", "escalate", "suggest", "fix", "examples")
DEFAULT_SEGMENTS = ("greeting", "body", "closing")
NOT_PACKS = (PROFILE_FILE, SIGNALS_FILE)


@dataclass(frozen=True)
class Example:
    text: str
    context: str | None = None
    channel: str | None = None
    locale: str | None = None


@dataclass
class RuleSpec:
    """A validated rule as written; `compile` turns it into a runnable Rule."""

    id: str
    pack: str
    language: str  # a language code, or "common"
    category: str
    severity: Severity
    description: str
    message: str
    kind: str
    segments: tuple[str, ...]
    channels: tuple[str, ...]
    suggest: list[str]
    has_fix: bool
    fix_template: str | None
    fix_safe: bool
    flag_examples: list[Example]
    pass_examples: list[Example]
    fields: Fields = field(repr=False)

    @property
    def location(self) -> str:
        return f"{self.fields.path}:{self.fields.line}"


@dataclass
class Escalation:
    severity: Severity
    when: Conditions


@dataclass
class Rule:
    spec: RuleSpec
    check: Check
    when: Conditions
    unless: Conditions
    escalate: Escalation | None

    @property
    def id(self) -> str:
        return self.spec.id


def _examples(fields: Fields) -> tuple[list[Example], list[Example]]:
    raw = Fields(fields.get("examples", dict, required=True), fields.path,
                 f"{fields.where}: field 'examples'", line=fields.line_of("examples") or 0)
    raw.reject_unknown(["flag", "pass"])
    result = []
    for key in ("flag", "pass"):
        items = raw.get(key, list, required=True)
        examples = []
        for item in items:
            if isinstance(item, str) and item.strip():
                examples.append(Example(item))
                continue
            one = Fields(item, fields.path, f"{raw.where}: an item of '{key}'",
                         line=raw.line_of(key) or 0)
            one.reject_unknown(["text", "context", "channel", "locale"])
            examples.append(Example(one.get("text", str, required=True),
                                    one.get("context", str),
                                    one.get("channel", str, choices=CHANNELS),
                                    one.get("locale", str)))
        if not examples:
            raise raw.error(key, "needs at least one example")
        result.append(examples)
    return result[0], result[1]


def parse_rule(data: object, path: Path, pack: str, language: str, line: int) -> RuleSpec:
    where = "rule"
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        where = f"rule '{data['id']}'"
    fields = Fields(data, path, where, line=line)
    rule_id = fields.get("id", str, required=True)
    if not rule_id.startswith(pack + "."):
        raise fields.error("id", f"must start with the pack id '{pack}.'")
    kind = fields.get("kind", str, required=True, choices=list(KINDS))
    module = KINDS[kind]
    fields.reject_unknown(RULE_FIELDS + module.FIELDS + ("case_sensitive",))
    for required in module.REQUIRED:
        fields.get(required, object, required=True)
    segments = tuple(fields.strings("segment")) or DEFAULT_SEGMENTS
    for segment in segments:
        if segment not in SEGMENTS:
            raise fields.error("segment", f"unknown segment '{segment}' "
                                          f"(expected one of: {', '.join(SEGMENTS)})")
    channels = tuple(fields.strings("channels"))
    for channel in channels:
        if channel not in CHANNELS:
            raise fields.error("channels", f"unknown channel '{channel}'")
    fix_template, fix_safe = None, False
    if fields.has("fix"):
        fix = Fields(fields.get("fix", dict), path, f"{where}: field 'fix'",
                     line=fields.line_of("fix") or 0)
        fix.reject_unknown(["replace", "safety"])
        fix_template = fix.get("replace", str)
        fix_safe = fix.get("safety", str, required=True, choices=("safe", "unsafe")) == "safe"
    flag, passing = _examples(fields)
    return RuleSpec(
        id=rule_id,
        pack=pack,
        language=language,
        category=fields.get("category", str, required=True, choices=CATEGORIES),
        severity=Severity.parse(
            fields.get("severity", str, required=True, choices=SEVERITY_NAMES)),
        description=fields.get("description", str, required=True),
        message=fields.get("message", str, required=True),
        kind=kind,
        segments=segments,
        channels=channels,
        suggest=fields.strings("suggest"),
        has_fix=fields.has("fix"),
        fix_template=fix_template,
        fix_safe=fix_safe,
        flag_examples=flag,
        pass_examples=passing,
        fields=fields,
    )


def parse_pack(path: Path, language: str) -> list[RuleSpec]:
    top = Fields(load_yaml(path), path, "rule pack")
    top.reject_unknown(["pack", "language", "description", "rules"])
    pack = top.get("pack", str, required=True)
    declared = top.get("language", str, required=True)
    if declared != language:
        raise top.error("language", f"says '{declared}' but the pack is in rules/{language}/")
    if not pack.startswith(language + "."):
        raise top.error("pack", f"must start with '{language}.'")
    top.get("description", str, required=True)
    rules = top.get("rules", list, required=True)
    line = top.line_of("rules") or 0
    return [parse_rule(item, path, pack, language, getattr(item, "line", line))
            for item in rules]


def pack_files(language: str) -> list[Path]:
    folder = rules_root() / language
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yml") if p.name not in NOT_PACKS)


@cache
def load_specs(language: str) -> tuple[RuleSpec, ...]:
    """Every rule written for `language` (or for "common"), validated, ids unique."""
    specs: list[RuleSpec] = []
    seen: dict[str, RuleSpec] = {}
    for path in pack_files(language):
        for spec in parse_pack(path, language):
            if spec.id in seen:
                earlier = seen[spec.id].location
                raise spec.fields.error("id", f"duplicate rule id (also at {earlier})")
            seen[spec.id] = spec
            specs.append(spec)
    return tuple(specs)


def compile_rule(spec: RuleSpec, env: BuildEnv) -> Rule:
    fields = spec.fields
    escalation = None
    if fields.has("escalate"):
        inner = Fields(fields.get("escalate", dict), fields.path,
                       f"{fields.where}: field 'escalate'", line=fields.line_of("escalate") or 0)
        inner.reject_unknown(["severity", "when"])
        severity = Severity.parse(inner.get("severity", str, required=True,
                                            choices=SEVERITY_NAMES))
        escalation = Escalation(severity, parse_conditions(inner, "when", env.signals))
    return Rule(
        spec=spec,
        check=KINDS[spec.kind].build(fields, env),
        when=parse_conditions(fields, "when", env.signals),
        unless=parse_conditions(fields, "unless", env.signals),
        escalate=escalation,
    )


def all_specs(languages: list[str]) -> list[RuleSpec]:
    """Specs of the given languages plus the common ones, in a stable order."""
    specs = list(load_specs(COMMON))
    for language in languages:
        specs.extend(load_specs(language))
    return specs
