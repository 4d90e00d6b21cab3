"""Rule regexes are parsed once per machine: their required words come back from the cache,
bad patterns are still reported where they are written, and matching is unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replycoach import regexfacts
from replycoach.diskcache import CACHE_ENV
from replycoach.fields import Fields
from replycoach.matching import SpanFinder
from replycoach.regexfacts import RegexFacts

FLAGS = re.IGNORECASE | re.MULTILINE
UNABLE = r"\bunable to (help|assist)\b"
UNABLE_WORDS = (("unable to ",), ("assist", "help"))  # every match has a word of each group


@pytest.fixture
def fresh_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    regexfacts.regex_facts.cache_clear()
    yield tmp_path / "cache"
    regexfacts.regex_facts.cache_clear()


def test_required_words_are_kept_and_read_back(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facts.pickle"
    facts = RegexFacts(path)
    assert facts.required_words(UNABLE, FLAGS) == UNABLE_WORDS
    facts.save()
    again = RegexFacts(path)
    # Read back without parsing: the prefilter is not consulted for a known pattern.
    monkeypatch.setattr(regexfacts.prefilter, "required_literals",
                        lambda *a: pytest.fail("parsed a pattern the cache knew"))
    assert again.required_words(UNABLE, FLAGS) == UNABLE_WORDS


def test_a_bad_pattern_is_never_cached_and_always_reported(tmp_path: Path) -> None:
    facts = RegexFacts(tmp_path / "facts.pickle")
    for _ in range(2):
        with pytest.raises(re.error):
            facts.required_words(r"(unclosed", FLAGS)
    facts.save()
    assert not (tmp_path / "facts.pickle").exists(), "nothing valid was learnt"


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "facts.pickle"
    path.write_bytes(b"not a pickle")
    assert RegexFacts(path).required_words(r"sorry for", FLAGS) == (("sorry for",),)


def test_a_finder_matches_the_same_from_a_warm_cache(fresh_facts: Path) -> None:
    from replycoach.engine import language_rules

    nlp = language_rules("en").nlp
    fields = Fields({"regex": [r"\b(?P<flag>unfortunately)\b,? we"]}, "pack.yml", "rule")
    text = "Unfortunately, we cannot do that. Unfortunately we can."
    cold = SpanFinder(fields, nlp).find(nlp(text), text)
    regexfacts.regex_facts().save()
    assert list(fresh_facts.glob("regexes/*.pickle")), "the facts were not written"
    regexfacts.regex_facts.cache_clear()
    warm = SpanFinder(fields, nlp).find(nlp(text), text)
    assert cold == warm and [(s.start, s.end) for s in warm] == [(0, 13), (34, 47)]


def test_a_bad_regex_in_a_pack_still_names_its_field(fresh_facts: Path) -> None:
    from replycoach.engine import language_rules

    nlp = language_rules("en").nlp
    fields = Fields({"regex": ["(sorry"]}, "pack.yml", "rule 'x'", line=3)
    with pytest.raises(Exception, match=r"bad regular expression '\(sorry'"):
        SpanFinder(fields, nlp)
