"""Config files: `.replycoach.yml` found from the draft's folder upward, `--config`,
`--isolated`, the user's config under $XDG_CONFIG_HOME, and what each setting does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

WARNING = "Unfortunately, we can't refund items bought on sale.\n"
SUGGESTION = "We called the courier in order to check your parcel. It arrives on Friday.\n"
MANY = (
    "We basically called in order to check your parcel. Unfortunately, we can't refund it.\n"
    "It obviously left late and that was a stupid mistake!!! We will send it ASAP.\n"
)
VOCABULARY_DRAFT = "We will utilize a new ticket for your parcel and send it tomorrow.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(result) -> list[dict]:
    return [f for entry in json.loads(result.stdout)["files"] for f in entry["findings"]]


def rules_in(result) -> set[str]:
    return {f["rule"] for f in findings(result)}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "work"


# --- discovery --------------------------------------------------------------------------------

def test_config_in_the_drafts_folder_is_used(run_cli, work):
    write(work / "d.txt", WARNING)
    assert run_cli("check", "d.txt").exit_code == 1
    write(work / ".replycoach.yml", "ignore: [en.positivity.cannot]\n")
    result = run_cli("check", "d.txt")
    assert result.exit_code == 0
    assert "en.positivity.cannot" not in result.stdout


def test_config_in_a_parent_folder_is_found(run_cli, work):
    write(work / "team" / ".replycoach.yml", "fail_on: never\n")
    write(work / "team" / "replies" / "2024" / "d.txt", WARNING)
    result = run_cli("check", "team/replies/2024/d.txt")
    assert "en.positivity.cannot" in result.stdout
    assert result.exit_code == 0


def test_the_nearest_config_wins(run_cli, work):
    write(work / "team" / ".replycoach.yml", "fail_on: never\n")
    write(work / "team" / "strict" / ".replycoach.yml", "fail_on: warning\n")
    write(work / "team" / "strict" / "d.txt", WARNING)
    write(work / "team" / "d.txt", WARNING)
    assert run_cli("check", "team/strict/d.txt").exit_code == 1
    assert run_cli("check", "team/d.txt").exit_code == 0


def test_each_file_uses_its_own_config(run_cli, work):
    write(work / "lenient" / ".replycoach.yml", "ignore: [positivity]\n")
    write(work / "lenient" / "d.txt", WARNING)
    write(work / "strict" / "d.txt", WARNING)
    result = run_cli("check", "--format", "json", "lenient", "strict")
    by_path = {e["path"]: [f["rule"] for f in e["findings"]]
               for e in json.loads(result.stdout)["files"]}
    assert by_path == {"lenient/d.txt": [], "strict/d.txt": ["en.positivity.cannot"]}


def test_stdin_uses_the_config_of_the_current_folder(run_cli, work):
    write(work / ".replycoach.yml", "ignore: [en.positivity]\n")
    result = run_cli("check", "-", input=WARNING)
    assert result.exit_code == 0
    assert "en.positivity.cannot" not in result.stdout


def test_config_option_replaces_the_discovered_config(run_cli, work):
    write(work / ".replycoach.yml", "ignore: [en.positivity]\n")
    write(work / "elsewhere" / "strict.yml", "fail_on: suggestion\n")
    write(work / "d.txt", WARNING)
    write(work / "s.txt", SUGGESTION)
    result = run_cli("check", "--config", "elsewhere/strict.yml", "d.txt")
    assert "en.positivity.cannot" in result.stdout  # the discovered file is not read
    assert result.exit_code == 1
    assert run_cli("check", "--config", "elsewhere/strict.yml", "s.txt").exit_code == 1
    assert run_cli("check", "s.txt").exit_code == 0


def test_isolated_ignores_project_and_user_config(run_cli, work, user_config_dir):
    write(work / ".replycoach.yml", "ignore: [en.positivity]\n")
    write(user_config_dir / "config.yml", "fail_on: never\n")
    write(work / "d.txt", WARNING)
    assert run_cli("check", "d.txt").exit_code == 0
    result = run_cli("check", "--isolated", "d.txt")
    assert "en.positivity.cannot" in result.stdout
    assert result.exit_code == 1


# --- the user's config ------------------------------------------------------------------------

def test_user_config_applies_without_a_project_config(run_cli, work, user_config_dir):
    write(work / "d.txt", WARNING)
    write(user_config_dir / "config.yml", "ignore: [en.positivity.cannot]\n")
    result = run_cli("check", "d.txt")
    assert "en.positivity.cannot" not in result.stdout
    assert result.exit_code == 0


def test_project_config_is_applied_over_the_user_config(run_cli, work, user_config_dir):
    write(user_config_dir / "config.yml",
          "fail_on: never\nignore: [en.tone.rude]\nseverity: {en.clarity: warning}\n")
    write(work / ".replycoach.yml", "fail_on: error\nignore: [en.clarity.filler]\n")
    write(work / "d.txt", "That was a stupid idea. We basically called in order to check it.\n")
    result = run_cli("check", "--format", "json", "d.txt")
    by_rule = {f["rule"]: f["severity"] for f in findings(result)}
    # both ignore lists apply; the user's severity override still applies
    assert by_rule == {"en.clarity.wordy": "warning"}
    assert result.exit_code == 0  # project fail_on (error) replaced the user's `never`...
    write(work / ".replycoach.yml", "fail_on: warning\n")
    assert run_cli("check", "d.txt").exit_code == 1  # ...which a warning now reaches


def test_project_severity_override_beats_the_users(run_cli, work, user_config_dir):
    write(user_config_dir / "config.yml", "severity: {en.clarity.wordy: error}\n")
    write(work / ".replycoach.yml", "severity: {en.clarity.wordy: warning}\n")
    write(work / "s.txt", SUGGESTION)
    result = run_cli("check", "--format", "json", "s.txt")
    assert [f["severity"] for f in findings(result)] == ["warning"]


# --- settings ---------------------------------------------------------------------------------

def test_select_and_ignore_settings(run_cli, work):
    write(work / ".replycoach.yml", "select: [clarity, en.tone]\nignore: [en.clarity.asap]\n")
    write(work / "d.txt", MANY)
    assert rules_in(run_cli("check", "--format", "json", "d.txt")) == {
        "en.clarity.filler", "en.clarity.wordy", "en.tone.obviously", "en.tone.rude"}


def test_command_line_select_replaces_config_select_and_ignore_adds(run_cli, work):
    write(work / ".replycoach.yml", "select: [clarity]\nignore: [en.clarity.asap]\n")
    write(work / "d.txt", MANY)
    assert rules_in(run_cli("check", "--format", "json", "--select", "tone", "d.txt")) == {
        "en.tone.obviously", "en.tone.rude", "common.punctuation.exclaim"}
    assert rules_in(run_cli("check", "--format", "json", "--ignore", "en.clarity.wordy",
                            "d.txt")) == {"en.clarity.filler"}


def test_severity_overrides_most_specific_wins(run_cli, work):
    write(work / ".replycoach.yml",
          "severity:\n"
          "  clarity: warning\n"          # category
          "  en.clarity.wordy: suggestion\n"  # rule id beats category
          "  en.tone: suggestion\n"       # pack prefix
          "  en.tone.rude: warning\n"     # rule id beats pack
          "  en.positivity.cannot: error\n")
    write(work / "d.txt", MANY)
    severities = {f["rule"]: f["severity"] for f in
                  findings(run_cli("check", "--format", "json", "d.txt"))}
    assert severities == {
        "en.clarity.filler": "warning",
        "en.clarity.wordy": "suggestion",
        "en.clarity.asap": "warning",
        "en.tone.obviously": "suggestion",
        "en.tone.rude": "warning",
        "en.positivity.cannot": "error",
        "common.punctuation.exclaim": "suggestion",
    }


def test_severity_override_changes_the_exit_status(run_cli, work):
    write(work / "s.txt", SUGGESTION)
    assert run_cli("check", "s.txt").exit_code == 0
    write(work / ".replycoach.yml", "severity: {en.clarity.wordy: error}\n")
    result = run_cli("check", "s.txt")
    assert "error clarity en.clarity.wordy" in result.stdout
    assert result.exit_code == 1


def test_fail_on_setting_and_command_line_override(run_cli, work):
    write(work / "d.txt", WARNING)
    write(work / ".replycoach.yml", "fail_on: error\n")
    assert run_cli("check", "d.txt").exit_code == 0
    assert run_cli("check", "--fail-on", "warning", "d.txt").exit_code == 1
    write(work / "s.txt", SUGGESTION)
    write(work / "strict" / ".replycoach.yml", "fail_on: suggestion\n")
    write(work / "strict" / "s.txt", SUGGESTION)
    assert run_cli("check", "strict/s.txt").exit_code == 1
    assert run_cli("check", "--fail-on", "never", "strict/s.txt").exit_code == 0


def test_channel_setting(run_cli, work):
    write(work / "d.txt", "We found your parcel in the depot lol, it leaves today.\n")
    assert "en.formality.slang" not in run_cli("check", "d.txt").stdout
    write(work / ".replycoach.yml", "channel: email\n")
    assert "en.formality.slang" in run_cli("check", "d.txt").stdout
    assert "en.formality.slang" not in run_cli("check", "--channel", "chat", "d.txt").stdout


def test_vocabulary_accept_drops_findings_on_accepted_terms(run_cli, work):
    write(work / "d.txt", MANY)
    write(work / ".replycoach.yml", "vocabulary:\n  accept: [ASAP, in order to]\n")
    assert rules_in(run_cli("check", "--format", "json", "d.txt")) == {
        "en.clarity.filler", "en.positivity.cannot", "en.tone.obviously", "en.tone.rude",
        "common.punctuation.exclaim"}


AVOID_CONFIG = """\
vocabulary:
  avoid:
    - {term: utilize, use: use}
    - ticket
"""


def test_vocabulary_avoid_is_reported_as_team_avoid_with_use_as_suggestion(run_cli, work):
    write(work / "d.txt", VOCABULARY_DRAFT)
    assert run_cli("check", "d.txt").exit_code == 0
    write(work / ".replycoach.yml", AVOID_CONFIG)
    result = run_cli("check", "--format", "json", "d.txt")
    avoid = {f["text"]: f for f in findings(result)}
    assert set(avoid) == {"utilize", "ticket"}
    assert {f["rule"] for f in avoid.values()} == {"team.avoid"}
    assert avoid["utilize"]["suggestions"] == ["use"]
    assert "utilize" in avoid["utilize"]["message"]
    assert avoid["ticket"]["suggestions"] == []
    assert result.exit_code == 1
    text = run_cli("check", "d.txt").stdout
    assert "d.txt:1:9: warning clarity team.avoid" in text


def test_vocabulary_avoid_severity_can_be_overridden(run_cli, work):
    write(work / "d.txt", VOCABULARY_DRAFT)
    write(work / ".replycoach.yml", AVOID_CONFIG + "severity: {team.avoid: suggestion}\n")
    result = run_cli("check", "--format", "json", "d.txt")
    assert {f["severity"] for f in findings(result)} == {"suggestion"}
    assert result.exit_code == 0


@pytest.mark.parametrize("selector", ["team.avoid", "team", "clarity"])
def test_vocabulary_avoid_can_be_ignored(run_cli, work, selector):
    write(work / "d.txt", VOCABULARY_DRAFT)
    write(work / ".replycoach.yml", AVOID_CONFIG)
    result = run_cli("check", "--format", "json", "--ignore", selector, "d.txt")
    assert findings(result) == []
    assert result.exit_code == 0


def test_select_limits_vocabulary_findings_too(run_cli, work):
    write(work / "d.txt", "Unfortunately, we can't refund it. " + VOCABULARY_DRAFT)
    write(work / ".replycoach.yml", AVOID_CONFIG)
    result = run_cli("check", "--format", "json", "--select", "en.positivity", "d.txt")
    assert rules_in(result) == {"en.positivity.cannot"}
