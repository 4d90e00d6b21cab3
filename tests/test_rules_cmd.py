"""`replycoach rules` (list, --format json, show) and `replycoach test-rules`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

EXPECTED = {
    "common.punctuation.exclaim": ("tone", "suggestion", "common",
                                   "Repeated exclamation marks."),
    "en.clarity.asap": ("clarity", "warning", "en", "A vague promise of time."),
    "en.positivity.cannot": ("positivity", "warning", "en", "Leading with what you can't do."),
    "en.tone.rude": ("tone", "error", "en", "An insulting word."),
    "en.empathy.missing": ("empathy", "warning", "en", "No empathy for an upset customer."),
}


def listed(stdout: str) -> dict[str, tuple[str, ...]]:
    """Rows of `replycoach rules`: id -> (category, severity, language, description)."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split(None, 4)
        if len(parts) == 5 and parts[0].startswith(("en.", "common.")):
            rows[parts[0]] = tuple(parts[1:])
    return rows


def test_rules_lists_id_category_severity_language_description(run_cli, fixture_rule_ids):
    result = run_cli("rules")
    assert result.exit_code == 0
    rows = listed(result.stdout)
    assert set(rows) == set(fixture_rule_ids)
    for rule_id, row in EXPECTED.items():
        assert rows[rule_id] == row, rule_id
    assert "10 rules" in result.stdout.splitlines()[-1]


def test_rules_filters_by_category(run_cli):
    rows = listed(run_cli("rules", "--category", "tone").stdout)
    assert set(rows) == {"common.punctuation.exclaim", "en.tone.obviously", "en.tone.rude"}


def test_rules_json(run_cli, fixture_rule_ids):
    result = run_cli("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert sorted(r["id"] for r in rules) == sorted(fixture_rule_ids)
    by_id = {r["id"]: r for r in rules}
    for rule_id, (category, severity, language, description) in EXPECTED.items():
        assert {k: by_id[rule_id][k] for k in ("category", "severity", "language",
                                               "description")} == {
            "category": category, "severity": severity, "language": language,
            "description": description}
    assert by_id["en.clarity.asap"]["kind"] == "regex"


def test_rules_unknown_language_exits_2(run_cli):
    result = run_cli("rules", "--lang", "xx")
    assert result.exit_code == 2
    assert "xx" in result.stderr


def test_rules_show_explains_one_rule_with_its_examples(run_cli, rules_dir):
    result = run_cli("rules", "show", "en.positivity.cannot")
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "en.positivity.cannot"
    assert "Leading with what you can't do." in out
    assert "positivity" in out and "warning" in out
    assert "Lead with what you can do" in out  # the suggestion
    flags, passes = out.split("Flags:")[1].split("Passes:")
    assert "Unfortunately, we can't refund items bought on sale." in flags
    assert "We can't refund sale items, but I can offer you store credit instead." in passes
    assert f"{rules_dir / 'en' / 'positivity.yml'}:" in out  # where it is defined


def test_rules_show_includes_example_context(run_cli):
    out = run_cli("rules", "show", "en.empathy.missing").stdout
    assert "Your parcel ships on Monday." in out
    assert "This is ridiculous!" in out


def test_rules_show_unknown_id_exits_2(run_cli):
    result = run_cli("rules", "show", "en.positivity.nope")
    assert result.exit_code == 2
    assert "en.positivity.nope" in result.stderr
    assert result.stdout == ""


def test_test_rules_passes_on_correct_examples(run_cli):
    result = run_cli("test-rules")
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.stdout
    assert "0 failed" in result.stdout.splitlines()[-1]


WRONG_PACK = """\
pack: en.wrong
language: en
description: Rules whose examples are wrong.
rules:
  - id: en.wrong.misses
    category: clarity
    severity: warning
    description: Its flag example does not contain the phrase.
    message: "'{match}'"
    kind: phrase
    phrases: [kindly]
    examples:
      flag: ["Please send the receipt."]
      pass: ["Send the receipt."]
  - id: en.wrong.overflags
    category: clarity
    severity: warning
    description: Its pass example contains the phrase.
    message: "'{match}'"
    kind: phrase
    phrases: [receipt]
    examples:
      flag: ["Send the receipt."]
      pass: ["Keep the receipt please."]
"""


def test_test_rules_fails_on_a_wrong_example(run_cli, rules_dir: Path):
    (rules_dir / "en" / "wrong.yml").write_text(WRONG_PACK, encoding="utf-8")
    result = run_cli("test-rules")
    assert result.exit_code == 1
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 2
    (misses,) = [line for line in fails if "en.wrong.misses" in line]
    assert "Please send the receipt." in misses
    (overflags,) = [line for line in fails if "en.wrong.overflags" in line]
    assert "Keep the receipt please." in overflags
    assert "2 failed" in result.stdout.splitlines()[-1]

