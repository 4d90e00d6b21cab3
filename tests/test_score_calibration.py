"""Spearman rank correlation (no scipy): average ranks for ties, and the calibration report."""

from __future__ import annotations

import pytest

from replycoach.scoring.calibration import Calibration, average_ranks, percentiles, spearman
from replycoach.scoring.records import ScoredReply


def test_tied_values_share_the_mean_of_their_ranks():
    assert average_ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert average_ranks([3, 1, 3, 3]) == [3, 1, 3, 3]
    assert average_ranks([]) == []


def test_any_increasing_relation_is_a_perfect_rank_correlation():
    scores = [12, 40, 41, 80, 99]
    assert spearman(scores, [1, 2, 3, 4, 5]) == pytest.approx(1.0)
    assert spearman(scores, [s**3 for s in scores]) == pytest.approx(1.0)
    assert spearman(scores, [5, 4, 3, 2, 1]) == pytest.approx(-1.0)


def test_textbook_example_without_ties():
    # IQ against hours of TV a week (Wikipedia, "Spearman's rank correlation coefficient"):
    # rho = 1 - 6 * 194 / (10 * 99) = -29/165.
    iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110]
    tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]
    assert spearman(iq, tv) == pytest.approx(-29 / 165)


def test_ties_use_average_ranks_like_scipy():
    # scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(0.8207826816681233)


def test_undefined_correlations_are_none_not_nan():
    assert spearman([1, 2], [2, 1]) is None  # too few pairs to say anything
    assert spearman([1, 2, 3, 4], [3, 3, 3, 3]) is None  # the trainer graded all alike
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


def test_percentiles_run_from_lowest_to_highest():
    assert percentiles([5, 1, 3]) == [100.0, 0.0, 50.0]
    assert percentiles([7]) == [50.0]


def _reply(reply_id: str, score: float, grade: float | None, empathy: float = 100.0,
           grade_empathy: float | None = None) -> ScoredReply:
    grades = {"empathy": grade_empathy} if grade_empathy is not None else {}
    return ScoredReply(reply_id, score, {"empathy": empathy}, grade=grade, grades=grades)


def test_report_names_the_reply_the_trainer_ranks_most_differently():
    calibration = Calibration(["empathy"])
    for i, (score, grade) in enumerate([(10, 1), (30, 2), (50, 3), (70, 4), (90, 5)]):
        calibration.add(_reply(f"r{i}", score, grade))
    calibration.add(_reply("odd", 95, 1))  # replycoach's best, the trainer's worst
    calibration.add(_reply("ungraded", 40, None))
    report = calibration.report()
    assert report is not None
    assert report["graded"] == 6
    assert 0 < report["spearman"] < 1
    assert report["disagreements"][0]["id"] == "odd"
    assert report["disagreements"][0]["score_percentile"] == 100.0
    assert "ungraded" not in {d["id"] for d in report["disagreements"]}


def test_per_category_correlation_uses_the_category_scores():
    calibration = Calibration(["empathy"])
    for i, value in enumerate([20, 40, 60, 80]):
        calibration.add(_reply(f"r{i}", 50, None, empathy=value, grade_empathy=i))
    report = calibration.report()
    assert report is not None
    assert report["graded"] == 0 and report["spearman"] is None
    assert report["categories"]["empathy"] == {"graded": 4, "spearman": 1.0}


def test_no_grades_no_calibration():
    calibration = Calibration(["empathy"])
    calibration.add(_reply("a", 50, None))
    assert calibration.report() is None
