"""Rubrics: the bundled default, validation errors that name file, line and field, and the
arithmetic that turns findings and rewards into scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from replycoach.errors import DataFileError
from replycoach.model import CATEGORIES, Finding, Severity
from replycoach.scoring.points import tally
from replycoach.scoring.rubric import Reward, load_rubric, parse_rubric
from replycoach.yamlfile import load_yaml

SIGNALS = frozenset({"acknowledgement", "empathy", "concrete_time", "customer_upset"})

GOOD_RUBRIC = """\
rubric: small
penalties: {error: 60, warning: 30, suggestion: 10}
repeat_limit: 2
combine: arithmetic
categories:
  tone: {weight: 1, critical: {severity: error, cap: 40}}
  clarity: {weight: 1}
  empathy: {weight: 2, critical: {below: 30, cap: 60}}
rewards:
  - {signal: concrete_time, points: 20, category: clarity, description: a time}
  - {signal: [empathy], points: 50, category: empathy, when: {context: customer_upset}}
"""


def _rubric(tmp_path: Path, text: str, signals: frozenset[str] = SIGNALS):
    path = tmp_path / "rubric.yml"
    path.write_text(text, encoding="utf-8")
    return parse_rubric(load_yaml(path), path, signals)


def _finding(rule: str, category: str, severity: Severity) -> Finding:
    return Finding(rule, category, severity, "message", 0, 1)


def test_default_rubric_scores_every_category_and_rewards_good_habits():
    rubric = load_rubric()
    assert rubric.name == "default"
    assert set(rubric.names) == set(CATEGORIES)
    assert sum(c.weight for c in rubric.categories) == 100
    rewarded = {s for r in rubric.rewards for s in r.signals}
    assert {"acknowledgement", "empathy", "concrete_time", "offers_further_help"} <= rewarded
    assert any(c.critical is not None for c in rubric.categories)


def test_a_rubric_is_found_by_path_or_by_bundled_name(tmp_path: Path):
    path = tmp_path / "mine.yml"
    path.write_text(GOOD_RUBRIC, encoding="utf-8")
    assert load_rubric(str(path)).name == "small"
    assert load_rubric("default").path.endswith("default.yml")


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD_RUBRIC.replace("tone: {weight: 1,", "tone: {weight: heavy,"),
     "rubric.yml:6: category 'tone': field 'weight': expected a number, got 'heavy'"),
    (GOOD_RUBRIC.replace("clarity: {weight: 1}", "clearness: {weight: 1}"),
     "rubric.yml:7: rubric: categories: field 'clearness': unknown category"),
    (GOOD_RUBRIC.replace("signal: concrete_time", "signal: concret_time"),
     "rubric.yml:10: reward 1: field 'signal': unknown signal 'concret_time'"),
    (GOOD_RUBRIC.replace("points: 20", "points: 250"),
     "reward 1: field 'points': 250 is not between 0 and 100"),
    (GOOD_RUBRIC.replace("category: clarity, description", "category: speed, description"),
     "reward 1: field 'category': 'speed' is not one of: tone, clarity, empathy"),
    (GOOD_RUBRIC.replace("critical: {below: 30, cap: 60}", "critical: {cap: 60}"),
     "category 'empathy': field 'critical': needs 'severity'"),
    (GOOD_RUBRIC.replace("{error: 60,", "{fatal: 60,"),
     "rubric: field 'penalties': field 'fatal': unknown field"),
    (GOOD_RUBRIC.replace("when: {context:", "when: {same_sentence:"),
     "reward 2: field 'when': field 'same_sentence': unknown field"),
    (GOOD_RUBRIC.replace("combine: arithmetic", "combine: harmonic"),
     "rubric: field 'combine': 'harmonic' is not one of: geometric, arithmetic"),
    (GOOD_RUBRIC + "weights: {}\n", "rubric: field 'weights': unknown field"),
    ("rubric: [oops", "rubric.yml:1: invalid YAML"),
])
def test_rubric_errors_name_the_file_line_and_field(tmp_path: Path, text: str, expected: str):
    with pytest.raises(DataFileError) as caught:
        _rubric(tmp_path, text)
    assert str(caught.value).startswith(str(tmp_path / "rubric.yml"))
    assert expected in str(caught.value)


def test_broken_rubric_stops_score_with_status_2_and_one_line(tmp_path: Path, run_cli):
    bad = tmp_path / "bad.yml"
    bad.write_text(GOOD_RUBRIC.replace("weight: 2", "weight: -2"), encoding="utf-8")
    replies = tmp_path / "replies.csv"
    replies.write_text("id,text\n1,Thanks for waiting!\n", encoding="utf-8")
    result = run_cli("score", "--rubric", bad, replies)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{bad}:8: category 'empathy': field 'weight': -2 is not between" in lines[0]


def test_unknown_rubric_name_lists_the_bundled_ones(tmp_path: Path, run_cli):
    replies = tmp_path / "replies.csv"
    replies.write_text("id,text\n1,Thanks!\n", encoding="utf-8")
    result = run_cli("score", "--rubric", "strict", replies)
    assert result.exit_code == 2
    assert "no rubric file 'strict' (bundled rubrics: default)" in result.stderr


# --- the arithmetic ---------------------------------------------------------------------

def _rewards(rubric, earned: dict[int, bool]) -> list[tuple[Reward, bool]]:
    return [(rubric.rewards[i], got) for i, got in earned.items()]


def test_categories_start_at_100_and_findings_cost_their_severity(tmp_path: Path):
    rubric = _rubric(tmp_path, GOOD_RUBRIC)
    result = tally(rubric, [_finding("x.tone.a", "tone", Severity.WARNING),
                            _finding("x.clarity.b", "clarity", Severity.SUGGESTION)], [])
    assert result.categories == {"tone": 70.0, "clarity": 90.0, "empathy": 100.0}
    assert result.score == pytest.approx((70 + 90 + 2 * 100) / 4, abs=0.05)
    assert result.costs == [30.0, 10.0]


def test_one_rule_costs_at_most_repeat_limit_times(tmp_path: Path):
    rubric = _rubric(tmp_path, GOOD_RUBRIC)
    findings = [_finding("x.clarity.long", "clarity", Severity.SUGGESTION)] * 5
    result = tally(rubric, findings, [])
    assert result.categories["clarity"] == 80.0
    assert result.costs == [10.0, 10.0, 0.0, 0.0, 0.0]


def test_unearned_rewards_hold_back_their_points(tmp_path: Path):
    rubric = _rubric(tmp_path, GOOD_RUBRIC)
    earned = tally(rubric, [], _rewards(rubric, {0: True, 1: True}))
    missed = tally(rubric, [], _rewards(rubric, {0: False, 1: True}))
    assert earned.score == 100.0
    assert missed.categories["clarity"] == 80.0
    assert [r.description for r in missed.missed] == ["a time"]
    assert missed.score < earned.score


def test_critical_categories_cap_the_score(tmp_path: Path):
    rubric = _rubric(tmp_path, GOOD_RUBRIC)
    insult = tally(rubric, [_finding("x.tone.insult", "tone", Severity.ERROR)], [])
    assert insult.score == 40.0 and insult.capped_by == ["tone"]
    ignored = tally(rubric, [_finding("x.empathy.none", "empathy", Severity.WARNING)],
                    _rewards(rubric, {1: False}))  # 100 - 50 - 30 = 20, under 30
    assert ignored.categories["empathy"] == 20.0
    assert ignored.score <= 60.0 and ignored.capped_by == ["empathy"]


def test_findings_outside_the_rubric_cost_nothing(tmp_path: Path):
    rubric = _rubric(tmp_path, GOOD_RUBRIC)
    result = tally(rubric, [_finding("x.formality.slang", "formality", Severity.ERROR)], [])
    assert result.score == 100.0 and result.costs == [0.0]


def test_geometric_mean_lets_one_weak_category_pull_harder(tmp_path: Path):
    arithmetic = _rubric(tmp_path, GOOD_RUBRIC)
    geometric = _rubric(tmp_path, GOOD_RUBRIC.replace("combine: arithmetic",
                                                      "combine: geometric"))
    findings = [_finding("x.clarity.a", "clarity", Severity.ERROR),
                _finding("x.clarity.b", "clarity", Severity.ERROR)]  # clarity 0
    assert tally(geometric, findings, []).score < tally(arithmetic, findings, []).score
    assert tally(geometric, [], []).score == 100.0
