"""The default rubric ranks good replies above bad ones, in every language we ship.

`tests/fixtures/score/pairs.yml` holds realistic pairs written for this test: the same customer
message answered well (thanks, empathy, a next step, a time, an offer of more help) and badly
(blame, refusal, no acknowledgement). A trainer would put a wide gap between them; so must we.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from replycoach.languages import available_languages
from replycoach.scoring.records import ScoredReply
from replycoach.scoring.rows import Row
from replycoach.scoring.rubric import load_rubric
from replycoach.scoring.scorer import Scorer, ScoreSettings

PAIRS_FILE = Path(__file__).parent / "fixtures" / "score" / "pairs.yml"
PAIRS: dict[str, list[dict[str, Any]]] = yaml.safe_load(PAIRS_FILE.read_text(encoding="utf-8"))
LANGUAGES = ("en", "cs", "pl", "ru", "vi", "ar")
MIN_GAP = 20  # points between a good and a bad reply to the same message


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(ScoreSettings(load_rubric()))


def _score(scorer: Scorer, language: str, text: str, context: str) -> ScoredReply:
    row = Row(id="pair", text=text, where=f"{PAIRS_FILE.name}:{language}",
              directory=str(PAIRS_FILE.parent), context=context, lang=language)
    return scorer.score(row)


def test_every_language_has_pairs():
    assert set(PAIRS) == set(LANGUAGES)
    assert all(len(items) >= 2 for items in PAIRS.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_good_replies_score_well_above_bad_ones(scorer: Scorer, language: str):
    if language not in available_languages():
        pytest.skip(f"rules/{language}/ has no language pack yet: scoring pairs not checked")
    for index, pair in enumerate(PAIRS[language]):
        good = _score(scorer, language, pair["good"], pair["context"])
        bad = _score(scorer, language, pair["bad"], pair["context"])
        where = f"{language} pair {index + 1}"
        assert good.language == bad.language == language
        assert good.score >= bad.score + MIN_GAP, (where, good.score, bad.score)
        assert good.score >= 75, (where, good.score, [f.rule for f in good.findings],
                                  [m.description for m in good.missed])
        # The gap is not only findings: the good reply earns rewards the bad one misses.
        assert len(good.earned) >= 3, (where, good.earned)
        assert len(bad.missed) > len(good.missed), (where, bad.missed, good.missed)
        assert bad.findings, where


@pytest.mark.parametrize("language", LANGUAGES)
def test_ignoring_an_upset_customer_caps_the_score(scorer: Scorer, language: str):
    if language not in available_languages():
        pytest.skip(f"rules/{language}/ has no language pack yet")
    upset = PAIRS[language][0]  # the first pair answers an upset customer
    bad = _score(scorer, language, upset["bad"], upset["context"])
    assert "empathy" in bad.capped_by
    assert bad.score <= 60
