"""Run each rule's own `examples`: `flag` texts must raise the rule, `pass` texts must not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from replycoach.draft import Draft
from replycoach.engine import language_rules, run_rule
from replycoach.languages import COMMON, available_languages, load_profile
from replycoach.locales import all_locales, find_locale
from replycoach.packs import Example, Rule, RuleSpec, all_specs
from replycoach.runner import DEFAULT_CHANNEL, looks_like_letter


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    language: str
    expected: str  # "flag" or "pass"
    example: Example
    found: tuple[str, ...]  # the flagged texts, for a 'pass' example that was flagged

    def describe(self) -> str:
        shown = self.example.text if len(self.example.text) < 160 else (
            self.example.text[:157] + "...")
        if self.expected == "flag":
            return f"{self.rule} [{self.language}]: should flag but did not: {shown!r}"
        return (f"{self.rule} [{self.language}]: should pass but flagged "
                f"{', '.join(repr(t) for t in self.found)} in: {shown!r}")


def _channel(example: Example, language: str) -> str:
    if example.channel:
        return example.channel
    return "email" if looks_like_letter(example.text, language) else DEFAULT_CHANNEL


def _texts(rule: Rule, example: Example, language: str) -> list[str]:
    if example.locale:
        locale: str | None = find_locale(example.locale).tag
    else:  # as `check` does without --locale: the language's default, when it ships
        default = load_profile(language).default_locale
        locale = default if default in all_locales() else None
    draft = Draft.whole("<example>", example.text, language=language,
                        channel=_channel(example, language), context=example.context,
                        locale=locale)
    from replycoach.analysis import Analysis

    rules = language_rules(language)
    analysis = Analysis.of(draft, rules.profile, rules.nlp)
    return [example.text[f.start : f.end] for f in run_rule(rule, analysis, rule.spec.severity)]


def languages_for(spec: RuleSpec) -> list[str]:
    """Common rules are tried in every language; the others in their own."""
    return available_languages() if spec.language == COMMON else [spec.language]


def check_rule(spec: RuleSpec, language: str) -> Iterator[ExampleFailure]:
    rule = next(r for r in language_rules(language).rules if r.id == spec.id)
    for example in spec.flag_examples:
        if not _texts(rule, example, language):
            yield ExampleFailure(spec.id, language, "flag", example, ())
    for example in spec.pass_examples:
        found = _texts(rule, example, language)
        if found:
            yield ExampleFailure(spec.id, language, "pass", example, tuple(found))


def all_rule_cases() -> list[tuple[RuleSpec, str]]:
    return [(spec, language) for spec in all_specs(available_languages())
            for language in languages_for(spec)]
