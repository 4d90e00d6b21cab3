"""Every bundled rule's own examples: `flag` texts must raise it, `pass` texts must not.

One test per rule and language, so a failing rule is named in the test report.
"""

from __future__ import annotations

import pytest

from replycoach.languages import available_languages
from replycoach.packs import all_specs
from replycoach.selftest import all_rule_cases, check_rule

CASES = all_rule_cases()


def test_bundled_rules_exist_for_english() -> None:
    assert "en" in available_languages()
    english = [s for s in all_specs(["en"]) if s.language == "en"]
    assert len(english) >= 30, "the English packs should hold dozens of rules"


@pytest.mark.parametrize(("spec", "language"), CASES, ids=[f"{s.id}[{lang}]" for s, lang in CASES])
def test_rule_examples(spec, language) -> None:
    failures = [f.describe() for f in check_rule(spec, language)]
    assert not failures, "\n".join(failures)
