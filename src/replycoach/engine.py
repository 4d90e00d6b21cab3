"""Run the active rules of a draft's language over its analysis and collect findings."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from replycoach.analysis import Analysis
from replycoach.draft import Draft
from replycoach.fields import Fields
from replycoach.fixes import make_fix, match_case
from replycoach.kinds._spans import SpanCheck
from replycoach.kinds.base import BuildEnv
from replycoach.languages import COMMON, LanguageProfile, profile_for
from replycoach.matching import MatchIndex, SpanFinder, uses_lemmas, uses_morphology
from replycoach.model import Finding, Severity
from replycoach.packs import Example, Rule, RuleSpec, compile_rule, load_specs
from replycoach.pipeline import pipeline
from replycoach.policy import AvoidTerm, Policy
from replycoach.regexfacts import regex_facts
from replycoach.signals import load_signal_specs

if TYPE_CHECKING:
    from spacy.language import Language

AVOID_RULE = "team.avoid"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class LanguageRules:
    """Everything compiled for one language: pipeline, signals and rules (common ones too)."""

    profile: LanguageProfile
    nlp: Language
    signals: dict[str, SpanFinder]
    rules: list[Rule]
    index: MatchIndex | None = None  # the phrases and patterns of all of them, matched at once

    @property
    def env(self) -> BuildEnv:
        return BuildEnv(self.nlp, self.signals, self.profile)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Compiling a language makes hundreds of thousands of objects that live as long as the
    process: the garbage collector would walk them again and again while they are built,
    and in every full pass afterwards. It is paused meanwhile, and what exists then is
    frozen (never walked again; the few cycles already dropped are kept, not freed)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@cache
def language_rules(code: str) -> LanguageRules:
    with _collector_paused():
        return _compile_language(code)


def _compile_language(code: str) -> LanguageRules:
    profile = profile_for(code)
    specs = list(load_specs(COMMON)) + list(load_specs(code))
    signal_specs = load_signal_specs(profile.folder, code)
    lemmas = signal_specs.needs_lemmas or any(uses_lemmas(s.fields) for s in specs)
    morphology = any(uses_morphology(s.fields) for s in specs) or any(
        uses_morphology(f) for f in signal_specs.specs.values())
    nlp = pipeline(profile, lemmas, morphology)
    signals = signal_specs.compile(nlp, profile)
    env = BuildEnv(nlp, signals, profile)
    rules = [compile_rule(spec, env) for spec in specs]
    index = MatchIndex([*signals.values(), *env.finders])
    regex_facts().save()  # the next run skips parsing these regexes
    return LanguageRules(profile, nlp, signals, rules, index)


def fill(template: str, values: dict[str, object]) -> str:
    """Replace {name} placeholders that we know; leave any other braces alone."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template
    )


def avoid_rule(term: AvoidTerm, index: int, env: BuildEnv) -> Rule:
    """A team's 'words to avoid' entry, compiled like any phrase rule."""
    data = {"phrases": {term.term: term.use} if term.use else [term.term], "match": "lower"}
    fields = Fields(data, "config", f"vocabulary.avoid[{index}]")
    message = term.message or (
        "Your team avoids '{match}'" + (f"; write '{term.use}'." if term.use else ".")
    )
    spec = RuleSpec(
        id=AVOID_RULE, pack="team", language=COMMON, category="clarity",
        severity=Severity.WARNING, description="A word your team's vocabulary avoids.",
        message=message, kind="phrase", segments=("greeting", "body", "closing"), channels=(),
        suggest=[], has_fix=bool(term.use), fix_template=None, fix_safe=False,
        flag_examples=[Example(term.term)], pass_examples=[], fields=fields,
    )
    return compile_rule(spec, env)


@cache
def _avoid_rules(code: str, terms: tuple[AvoidTerm, ...]) -> list[Rule]:
    env = language_rules(code).env
    rules = [avoid_rule(term, i, env) for i, term in enumerate(terms)]
    MatchIndex(env.finders)  # the finders keep it: all of a team's words matched at once
    return rules


def run_rule(rule: Rule, analysis: Analysis, severity: Severity) -> list[Finding]:
    spec = rule.spec
    if spec.channels and analysis.draft.channel not in spec.channels:
        return []
    text = analysis.text
    locale_name = analysis.locale.tag if analysis.locale else "the customer's culture"
    findings = []
    for hit in rule.check.run(analysis, analysis.regions(spec.segments)):
        if rule.when.tests and not rule.when.all_hold(analysis, hit.start, hit.end):
            continue
        if rule.unless.any_holds(analysis, hit.start, hit.end):
            continue
        level = severity
        if rule.escalate and rule.escalate.when.all_hold(analysis, hit.start, hit.end):
            level = max(level, rule.escalate.severity)
        values = {"match": text[hit.start : hit.end], "locale": locale_name, **hit.values}
        suggestions = [fill(s, values) for s in spec.suggest]
        suggestions += hit.alternatives
        replacement = None
        if spec.fix_template is not None:
            replacement = fill(spec.fix_template, values)
        elif hit.replacement is not None:
            replacement = hit.replacement
        if hit.replacement:
            suggestions.insert(0, match_case(values["match"], hit.replacement))
        elif hit.replacement == "":
            suggestions.insert(0, f"(delete '{values['match']}')")
        suggestions = list(dict.fromkeys(suggestions))  # a rewrite also ranked first: once
        fix = None
        if replacement is not None and spec.has_fix:
            fix = make_fix(text, hit.start, hit.end, replacement, spec.fix_safe)
        findings.append(Finding(spec.id, spec.category, level, fill(spec.message, values),
                                hit.start, hit.end, suggestions, fix))
    return findings


def _accepted_spans(text: str, accept: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for term in accept:
        pattern = r"(?<!\w)" + re.escape(term) + r"(?!\w)"
        spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
    return spans


@dataclass(frozen=True)
class ActiveRule:
    """A rule a policy keeps, its severity there, and the finder it reads spans from (for
    phrase, pattern and regex rules): most drafts give most finders nothing to find."""

    rule: Rule
    severity: Severity
    finder: SpanFinder | None


@cache
def _active_rules(code: str, policy: Policy) -> list[ActiveRule]:
    """The rules a policy keeps for a language, with their severities: decided once."""
    rules = language_rules(code)
    candidates = rules.rules + (_avoid_rules(code, policy.avoid) if policy.avoid else [])
    return [ActiveRule(r, policy.severity(r.id, r.spec.category, r.spec.severity),
                       r.check.finder if isinstance(r.check, SpanCheck) else None)
            for r in candidates if policy.enabled(r.id, r.spec.category)]


def lint(draft: Draft, policy: Policy, rules: LanguageRules | None = None) -> list[Finding]:
    """All findings for one draft whose `language` is set, sorted by position."""
    return lint_with_analysis(draft, policy, rules)[0]


def lint_with_analysis(draft: Draft, policy: Policy, rules: LanguageRules | None = None
                       ) -> tuple[list[Finding], Analysis]:
    """The findings, and the analysis they came from (the scorer reads rewards off it)."""
    assert draft.language, "detect the language before linting"
    rules = rules or language_rules(draft.language)
    analysis = Analysis.of(draft, rules.profile, rules.nlp)
    findings: list[Finding] = []
    for active in _active_rules(draft.language, policy):
        # Skipping a span rule whose finder has nothing here spares the rule's whole setup.
        if active.finder is None or analysis.may_find(active.finder):
            findings.extend(run_rule(active.rule, analysis, active.severity))
    accepted = _accepted_spans(draft.text, policy.accept)
    findings = [f for f in findings
                if not any(lo <= f.start and f.end <= hi for lo, hi in accepted)]
    findings.sort(key=lambda f: (f.start, -f.severity, f.rule))
    return findings, analysis
