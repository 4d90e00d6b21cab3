"""`.replycoach.yml`: found from the draft's folder upward, over the user's own config file.

Command-line options override both; the nearest project file overrides the user's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from replycoach.errors import DataFileError
from replycoach.fields import Fields
from replycoach.model import CHANNELS, FAIL_ON_CHOICES, SEVERITY_NAMES, Severity
from replycoach.policy import AvoidTerm, Policy
from replycoach.yamlfile import load_yaml

CONFIG_NAMES = (".replycoach.yml", ".replycoach.yaml")
USER_CONFIG_NAME = "config.yml"
KEYS = ("language", "locale", "channel", "fail_on", "select", "ignore", "severity",
        "vocabulary", "grammar")


@dataclass(frozen=True)
class Config:
    """Settings from config files; None means 'not set here'."""

    language: str | None = None
    locale: str | None = None
    channel: str | None = None
    fail_on: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    accept: tuple[str, ...] = ()
    avoid: tuple[AvoidTerm, ...] = ()
    files: tuple[str, ...] = field(default=())
    # grammar: {enabled: true, server: URL, timeout: 5}: LanguageTool (replycoach/grammar/)
    grammar_enabled: bool | None = None
    grammar_server: str | None = None
    grammar_timeout: float | None = None

    def over(self, base: Config) -> Config:
        """This config layered over `base`: scalars replace, lists and vocabularies add up."""
        return Config(
            language=self.language or base.language,
            locale=self.locale or base.locale,
            channel=self.channel or base.channel,
            fail_on=self.fail_on or base.fail_on,
            select=self.select if self.select is not None else base.select,
            ignore=base.ignore + self.ignore,
            severity=base.severity + self.severity,
            accept=base.accept + self.accept,
            avoid=base.avoid + self.avoid,
            files=base.files + self.files,
            grammar_enabled=(self.grammar_enabled if self.grammar_enabled is not None
                             else base.grammar_enabled),
            grammar_server=self.grammar_server or base.grammar_server,
            grammar_timeout=self.grammar_timeout or base.grammar_timeout,
        )

    def policy(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Policy:
        return Policy(
            select=select or self.select or (),
            ignore=self.ignore + ignore,
            severities=self.severity,
            accept=self.accept,
            avoid=self.avoid,
        )


def _avoid_terms(vocabulary: Fields) -> tuple[AvoidTerm, ...]:
    terms = []
    for item in vocabulary.get("avoid", list, default=[]):
        if isinstance(item, str) and item.strip():
            terms.append(AvoidTerm(item.strip()))
            continue
        entry = Fields(item, vocabulary.path, "vocabulary.avoid item",
                       line=vocabulary.line_of("avoid") or 0)
        entry.reject_unknown(["term", "use", "message"])
        terms.append(AvoidTerm(entry.get("term", str, required=True), entry.get("use", str),
                               entry.get("message", str)))
    return tuple(terms)


def _grammar(fields: Fields) -> dict[str, Any]:
    """`grammar: {enabled, server, timeout}` as Config fields."""
    grammar = Fields(fields.get("grammar", dict, default={}), fields.path, "config: grammar",
                     line=fields.line_of("grammar") or 0)
    grammar.reject_unknown(["enabled", "server", "timeout"])
    timeout = grammar.get("timeout", (int, float))
    if timeout is not None and timeout <= 0:
        raise grammar.error("timeout", "must be a number of seconds above 0")
    return {"grammar_enabled": grammar.get("enabled", bool),
            "grammar_server": grammar.get("server", str),
            "grammar_timeout": float(timeout) if timeout is not None else None}


def parse_config(data: Any, path: Path) -> Config:
    if data is None:
        return Config(files=(str(path),))
    fields = Fields(data, path, "config")
    fields.reject_unknown(KEYS)
    severity = []
    overrides = fields.get("severity", dict, default={})
    for token, level in overrides.items():
        if level not in SEVERITY_NAMES:
            raise DataFileError(path, f"{level!r} is not one of: {', '.join(SEVERITY_NAMES)}",
                                line=overrides.line_of(token), where=f"config: severity '{token}'")
        severity.append((str(token), Severity.parse(level)))
    vocabulary = Fields(fields.get("vocabulary", dict, default={}), path, "config: vocabulary",
                        line=fields.line_of("vocabulary") or 0)
    vocabulary.reject_unknown(["accept", "avoid"])
    select = fields.strings("select") if fields.has("select") else None
    return Config(
        language=fields.get("language", str),
        locale=fields.get("locale", str),
        channel=fields.get("channel", str, choices=CHANNELS),
        fail_on=fields.get("fail_on", str, choices=FAIL_ON_CHOICES),
        select=tuple(select) if select is not None else None,
        ignore=tuple(fields.strings("ignore")),
        severity=tuple(severity),
        accept=tuple(vocabulary.strings("accept")),
        avoid=_avoid_terms(vocabulary),
        files=(str(path),),
        **_grammar(fields),
    )


@cache
def load_config_file(path: Path) -> Config:
    return parse_config(load_yaml(path), path)


def user_config_path() -> Path:
    from platformdirs import user_config_path as platform_config

    return platform_config("replycoach") / USER_CONFIG_NAME


@cache
def find_project_config(directory: Path) -> Path | None:
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def config_for(directory: Path, explicit: Path | None, isolated: bool) -> Config:
    """The config that applies to a draft in `directory`."""
    if isolated:
        return Config()
    config = Config()
    user = user_config_path()
    if user.is_file():
        config = load_config_file(user)
    project = explicit or find_project_config(directory.resolve())
    if project is not None:
        config = load_config_file(project).over(config)
    return config
