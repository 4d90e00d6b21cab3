"""Score one row: build the draft as `check` would, lint it, look for the rubric's rewards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from replycoach.analysis import Analysis
from replycoach.conditions import Conditions, parse_conditions
from replycoach.config import Config, config_for
from replycoach.engine import LanguageRules, language_rules, lint_with_analysis
from replycoach.fields import Fields
from replycoach.inputs import RawInput
from replycoach.languages import available_languages
from replycoach.matching import SpanFinder
from replycoach.policy import Policy
from replycoach.runner import CheckOptions, build_draft
from replycoach.scoring.points import tally
from replycoach.scoring.records import FindingRecord, MissedReward, ScoredReply
from replycoach.scoring.rows import Row
from replycoach.scoring.rubric import Reward, Rubric

# Rewards look where the agent wrote: not in the signature ("Thanks, Anna" is no thanks).
REWARD_SEGMENTS = ("greeting", "body", "closing")


@dataclass(frozen=True)
class ScoreSettings:
    """What every worker needs to score rows the same way."""

    rubric: Rubric
    language: str | None = None  # defaults for rows that don't say
    locale: str | None = None
    channel: str | None = None
    config: Path | None = None
    isolated: bool = False


@dataclass
class CompiledReward:
    reward: Reward
    finders: list[tuple[str, SpanFinder]]
    when: Conditions
    unless: Conditions


@dataclass
class LanguageScoring:
    rules: LanguageRules
    rewards: list[CompiledReward]


def compile_rewards(rubric: Rubric, signals: dict[str, SpanFinder]) -> list[CompiledReward]:
    """The rewards a language can judge: those whose signals (some of them) and whose
    conditions' signals it defines. The others are left out, not held against the reply."""
    compiled = []
    for reward in rubric.rewards:
        names = [n for n in reward.signals if n in signals]
        if not names or not reward.condition_signals <= signals.keys():
            continue
        fields = Fields({"when": reward.when, "unless": reward.unless}, rubric.path,
                        f"reward {reward.index + 1}")
        compiled.append(CompiledReward(
            reward, [(n, signals[n]) for n in names],
            parse_conditions(fields, "when", signals), parse_conditions(fields, "unless", signals)))
    return compiled


class Scorer:
    """Scores rows one at a time; rules and rewards are compiled once per language."""

    def __init__(self, settings: ScoreSettings) -> None:
        self.settings = settings
        self.rubric = settings.rubric
        self._languages: dict[str, LanguageScoring] = {}
        self._configs: dict[str, Config] = {}
        self._available = available_languages()

    def _config(self, directory: str) -> Config:
        if directory not in self._configs:
            self._configs[directory] = config_for(Path(directory), self.settings.config,
                                                  self.settings.isolated)
        return self._configs[directory]

    def _language(self, code: str) -> LanguageScoring:
        if code not in self._languages:
            rules = language_rules(code)
            self._languages[code] = LanguageScoring(
                rules, compile_rewards(self.rubric, rules.signals))
        return self._languages[code]

    def score(self, row: Row) -> ScoredReply:
        settings = self.settings
        config = self._config(row.directory)
        wanted = row.lang or settings.language
        known = wanted if wanted in self._available else None
        options = CheckOptions(language=known, locale=row.locale or settings.locale,
                               channel=row.channel or settings.channel)
        raw = RawInput(row.where, row.text, Path(row.directory))
        draft = build_draft(raw, options, config, row.context)
        if wanted is not None and known is None:
            # Another language's rules would mislead: only the language-neutral ones run.
            draft.language = wanted
            draft.note = (f"'{wanted}' has no rule packs (available: "
                          f"{', '.join(self._available)}): only language-neutral rules ran")
        assert draft.language is not None
        scoring = self._language(draft.language)
        policy: Policy = config.policy()
        # The rewards are read off the very analysis the findings came from: one parse.
        findings, analysis = lint_with_analysis(draft, policy, scoring.rules)
        rewards = [(c.reward, _earned(c, analysis)) for c in scoring.rewards
                   if _applies(c, analysis)]
        result = tally(self.rubric, findings, rewards)
        return ScoredReply(
            id=row.id,
            score=result.score,
            categories=result.categories,
            findings=[FindingRecord(f.rule, f.category, f.severity.label, f.message,
                                    draft.text[f.start:f.end], f.start, f.end, cost)
                      for f, cost in zip(findings, result.costs, strict=True)],
            earned=[r.description for r in result.earned],
            missed=[MissedReward(r.category, r.points, r.description) for r in result.missed],
            capped_by=result.capped_by,
            agent=row.agent,
            language=draft.language,
            channel=draft.channel,
            grade=row.grade,
            grades=dict(row.grades),
            note=draft.note,
            where=row.where,
            columns=dict(row.columns),
        )


def _applies(compiled: CompiledReward, analysis: Analysis) -> bool:
    if compiled.when.tests and not compiled.when.all_hold(analysis, 0, 0):
        return False
    return not compiled.unless.any_holds(analysis, 0, 0)


def _earned(compiled: CompiledReward, analysis: Analysis) -> bool:
    regions = analysis.regions(REWARD_SEGMENTS) or [(0, len(analysis.text))]
    for name, finder in compiled.finders:
        for span in analysis.signal_spans(name, finder):
            if any(lo <= span.start < hi for lo, hi in regions):
                return True
    return False
