"""`replycoach check`: text and JSON output, exit status, inputs, --context, --channel,
--select/--ignore."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

CLEAN = "Thank you for your message. Your parcel left the warehouse this morning.\n"
SUGGESTION = "We called the courier in order to check your parcel. It arrives on Friday.\n"
WARNING = "Unfortunately, we can't refund items bought on sale.\n"
ERROR = "That was a stupid question about your parcel, sorry.\n"
# One finding per rule that fires without context or channel: wordy, filler, cannot, asap,
# obviously, rude, exclaim.
MANY = (
    "We basically called in order to check your parcel. Unfortunately, we can't refund it.\n"
    "It obviously left late and that was a stupid mistake!!! We will send it ASAP.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def rules_in(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]]


# --- text output ------------------------------------------------------------------------------

def test_text_output_is_compiler_style_with_suggestion_under_the_finding(run_cli, write_draft,
                                                                       tmp_path):
    write_draft(tmp_path / "work" / "draft.txt", "Hello Anna,\n" + WARNING)
    result = run_cli("check", "draft.txt")
    lines = result.stdout.splitlines()
    assert lines[0] == ("draft.txt:2:16: warning positivity en.positivity.cannot "
                        "'we can't' tells the customer what you can't do.")
    assert lines[1].startswith("    ") and "Lead with what you can do" in lines[1]
    assert len(lines) == 3
    assert re.match(r"^1 finding in 1 file\b.*\b1 warning\b", lines[2])


def test_every_finding_line_has_path_line_col_severity_category_rule(run_cli, tmp_path,
                                                                   write_draft):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    result = run_cli("check", "many.txt")
    finding_lines = [ln for ln in result.stdout.splitlines() if ln.startswith("many.txt:")]
    pattern = re.compile(r"^many\.txt:(\d+):(\d+): (error|warning|suggestion) ([a-z]+) "
                         r"((?:common|en)\.[a-z_]+\.[a-z_]+) \S.*$")
    assert len(finding_lines) == 7
    for line in finding_lines:
        assert pattern.match(line), line
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"7 findings in 1 file: 1 error, 3 warnings, 3 suggestions\.", summary)


def test_clean_draft_prints_only_a_summary(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "clean.txt", CLEAN)
    result = run_cli("check", "clean.txt")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert "No findings" in result.stdout
    assert result.stderr == ""


def test_no_ansi_codes_when_output_is_not_a_terminal(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    result = run_cli("check", "many.txt")
    assert "warning" in result.stdout
    assert not ANSI.search(result.stdout)


def test_no_ansi_codes_when_piped_in_a_real_process(run_subprocess, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    proc = run_subprocess("check", "many.txt")
    assert proc.returncode == 1
    assert "many.txt:1:" in proc.stdout
    assert not ANSI.search(proc.stdout) and not ANSI.search(proc.stderr)


def test_color_always_colours_the_output(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    result = run_cli("--color", "always", "check", "many.txt")
    assert ANSI.search(result.stdout)
    # Same findings, only styled.
    plain = run_cli("check", "many.txt").stdout
    assert ANSI.sub("", result.stdout) == plain


def test_color_never_and_json_stay_plain(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    assert not ANSI.search(run_cli("--color", "never", "check", "many.txt").stdout)
    as_json = run_cli("--color", "always", "check", "--format", "json", "many.txt").stdout
    assert not ANSI.search(as_json)
    json.loads(as_json)


# --- exit status and --fail-on ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "fail_on", "status"),
    [
        (CLEAN, None, 0),
        (SUGGESTION, None, 0),  # default threshold is warning
        (WARNING, None, 1),
        (ERROR, None, 1),
        (WARNING, "error", 0),
        (ERROR, "error", 1),
        (SUGGESTION, "warning", 0),
        (WARNING, "warning", 1),
        (SUGGESTION, "suggestion", 1),
        (CLEAN, "suggestion", 0),
        (ERROR, "never", 0),
    ],
)
def test_exit_status_follows_fail_on(run_cli, write_draft, tmp_path, text, fail_on, status):
    write_draft(tmp_path / "work" / "d.txt", text)
    args = ["check", "d.txt"] + (["--fail-on", fail_on] if fail_on else [])
    result = run_cli(*args)
    assert result.exit_code == status, result.output
    if text is not CLEAN:
        assert "d.txt:1:" in result.stdout  # findings are reported whatever the threshold


def test_exit_status_in_a_real_process(run_subprocess, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "clean.txt", CLEAN)
    write_draft(tmp_path / "work" / "bad.txt", WARNING)
    clean = run_subprocess("check", "clean.txt")
    assert (clean.returncode, clean.stderr) == (0, "")
    bad = run_subprocess("check", "clean.txt", "bad.txt")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr


# --- JSON ---------------------------------------------------------------------------------------

FINDING_KEYS = {"rule", "category", "severity", "message", "line", "column", "start", "end",
                "text", "suggestions", "fix"}


def test_json_has_the_documented_field_names(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    result = run_cli("check", "--format", "json", "many.txt")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {"files", "summary"} <= set(report)
    (entry,) = report["files"]
    assert {"path", "language", "findings"} <= set(entry)
    assert entry["path"] == "many.txt"
    assert entry["language"] == "en"
    assert len(entry["findings"]) == 7
    for finding in entry["findings"]:
        assert set(finding) >= FINDING_KEYS, finding
        assert finding["severity"] in ("error", "warning", "suggestion")
        assert isinstance(finding["suggestions"], list)
    by_rule = {f["rule"]: f for f in entry["findings"]}
    assert by_rule["en.positivity.cannot"]["fix"] is None
    assert by_rule["en.positivity.cannot"]["category"] == "positivity"
    wordy = by_rule["en.clarity.wordy"]
    assert wordy["suggestions"] == ["to"]
    assert wordy["fix"]["replacement"] == "to"
    assert wordy["fix"]["safety"] == "safe"
    assert by_rule["en.tone.obviously"]["fix"]["safety"] == "unsafe"


def test_json_text_is_the_files_characters_between_start_and_end(run_cli, write_draft,
                                                                tmp_path):
    path = write_draft(tmp_path / "work" / "many.txt", MANY)
    report = json.loads(run_cli("check", "--format", "json", "many.txt").stdout)
    source = path.read_bytes().decode("utf-8")
    for finding in report["files"][0]["findings"]:
        assert source[finding["start"]:finding["end"]] == finding["text"]


def test_json_stdin_reports_dash_as_path(run_cli):
    result = run_cli("check", "--format", "json", "-", input=WARNING)
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == ["-"]
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["en.positivity.cannot"]
    assert report["files"][0]["findings"][0]["text"] == "we can't"
    assert result.exit_code == 1


def test_json_summary_counts(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "a.txt", MANY)
    write_draft(tmp_path / "work" / "b.txt", CLEAN)
    summary = json.loads(run_cli("check", "--format", "json", "a.txt", "b.txt").stdout)["summary"]
    assert summary["files"] == 2
    assert summary["findings"] == 7
    assert (summary["errors"], summary["warnings"], summary["suggestions"]) == (1, 3, 3)


# --- inputs -------------------------------------------------------------------------------------

def test_several_files_are_all_reported(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "one.txt", WARNING)
    write_draft(tmp_path / "work" / "two.txt", ERROR)
    write_draft(tmp_path / "work" / "three.txt", CLEAN)
    result = run_cli("check", "one.txt", "two.txt", "three.txt")
    assert "one.txt:1:16: warning" in result.stdout
    assert "two.txt:1:12: error" in result.stdout
    assert "in 3 files" in result.stdout.splitlines()[-1]
    assert result.exit_code == 1


def test_directory_is_searched_recursively_for_drafts_skipping_dot_folders(
        run_cli, write_draft, tmp_path):
    root = tmp_path / "work" / "replies"
    write_draft(root / "a.txt", WARNING)
    write_draft(root / "b.md", WARNING)
    write_draft(root / "c.eml", "From: agent@example.com\nSubject: Re: refund\n\n" + WARNING)
    write_draft(root / "deep" / "er" / "d.TXT", WARNING)
    write_draft(root / "notes.json", WARNING)
    write_draft(root / "script.py", WARNING)
    write_draft(root / ".git" / "e.txt", WARNING)
    write_draft(root / "deep" / ".cache" / "f.md", WARNING)
    result = run_cli("check", "--format", "json", "replies")
    paths = sorted(f["path"] for f in json.loads(result.stdout)["files"])
    assert paths == sorted(["replies/a.txt", "replies/b.md", "replies/c.eml",
                            "replies/deep/er/d.TXT"])
    # A dot-folder named on the command line is searched.
    result = run_cli("check", "--format", "json", "replies/.git")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["replies/.git/e.txt"]


def test_dash_reads_the_draft_from_stdin_next_to_files(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "a.txt", ERROR)
    result = run_cli("check", "--format", "json", "a.txt", "-", input=WARNING)
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == ["a.txt", "-"]
    assert [f["rule"] for f in files[1]["findings"]] == ["en.positivity.cannot"]


UPSET = "This is ridiculous, I am still waiting for my parcel!!\n"
CALM = "Could you tell me when my parcel will arrive, please?\n"
REPLY = "Your parcel ships on Monday and arrives on Wednesday.\n"


def test_context_file_turns_on_context_rules(run_cli, write_draft, tmp_path):
    work = tmp_path / "work"
    write_draft(work / "upset.txt", UPSET)
    write_draft(work / "calm.txt", CALM)
    write_draft(work / "reply.txt", REPLY)
    write_draft(work / "sorry.txt", "Sorry for the wait. " + REPLY)
    assert "en.empathy.missing" in run_cli("check", "--context", "upset.txt", "reply.txt").stdout
    assert "en.empathy.missing" not in run_cli("check", "reply.txt").stdout
    assert "en.empathy.missing" not in run_cli("check", "--context", "calm.txt",
                                               "reply.txt").stdout
    assert "en.empathy.missing" not in run_cli("check", "--context", "upset.txt",
                                               "sorry.txt").stdout


def test_context_can_come_from_stdin(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "reply.txt", REPLY)
    result = run_cli("check", "--context", "-", "reply.txt", input=UPSET)
    assert "reply.txt:1:1: warning empathy en.empathy.missing" in result.stdout
    assert result.exit_code == 1


SLANG = "We found your parcel in the depot lol, it leaves today.\n"


def test_channel_option_selects_channel_rules(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "d.txt", SLANG)
    assert "en.formality.slang" not in run_cli("check", "d.txt").stdout  # chat by default
    assert "en.formality.slang" not in run_cli("check", "--channel", "chat", "d.txt").stdout
    email = run_cli("check", "--channel", "email", "d.txt")
    assert "en.formality.slang" in email.stdout
    assert json.loads(run_cli("check", "--channel", "sms", "--format", "json",
                              "d.txt").stdout)["files"][0]["channel"] == "sms"


def test_eml_files_are_on_the_email_channel(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "m.eml", "From: a@example.com\nSubject: Re\n\n" + SLANG)
    assert "m.eml:4:" in run_cli("check", "m.eml").stdout


# --- select / ignore ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], {"en.clarity.filler", "en.clarity.wordy", "en.positivity.cannot", "en.tone.rude",
              "en.tone.obviously", "common.punctuation.exclaim", "en.clarity.asap"}),
        (["--select", "en.tone.rude"], {"en.tone.rude"}),
        (["--select", "en.clarity"], {"en.clarity.filler", "en.clarity.wordy",
                                      "en.clarity.asap"}),
        (["--select", "tone"], {"en.tone.rude", "en.tone.obviously",
                                "common.punctuation.exclaim"}),
        (["--select", "en.tone.rude,positivity"], {"en.tone.rude", "en.positivity.cannot"}),
        (["--select", "en.tone.rude", "--select", "common"], {"en.tone.rude",
                                                              "common.punctuation.exclaim"}),
        (["--ignore", "en.clarity.wordy"], {"en.clarity.filler", "en.positivity.cannot",
                                            "en.tone.rude", "en.tone.obviously",
                                            "common.punctuation.exclaim", "en.clarity.asap"}),
        (["--ignore", "en.clarity", "--ignore", "tone"], {"en.positivity.cannot"}),
        (["--select", "clarity", "--ignore", "en.clarity.asap"], {"en.clarity.filler",
                                                                  "en.clarity.wordy"}),
        (["--select", "en.clar"], set()),  # a prefix must end at a dot
    ],
)
def test_select_and_ignore_by_id_pack_and_category(run_cli, write_draft, tmp_path, options,
                                                   expected):
    write_draft(tmp_path / "work" / "many.txt", MANY)
    result = run_cli("check", "--format", "json", *options, "many.txt")
    assert set(rules_in(result)) == expected


# --- drafts in a language without rule packs ---------------------------------------------------

GERMAN = "Vielen Dank für Ihre Nachricht. Wir haben Ihre Bestellung heute versendet.\n"
GERMAN_SHOUTING = "VIELEN DANK FÜR IHRE GEDULD!!! Wir haben Ihre Bestellung heute versendet.\n"


def test_a_draft_in_a_language_without_rules_gets_only_neutral_checks(run_cli, write_draft,
                                                                       cli_env):
    write_draft(cli_env / "de.txt", GERMAN)
    write_draft(cli_env / "en.txt", CLEAN)
    result = run_cli("check", "--format", "json", "de.txt", "en.txt")
    assert result.exit_code == 0  # a partly checked draft is not an error; both are clean
    report = json.loads(result.stdout)
    german = report["files"][0]
    assert german["path"] == "de.txt" and german["language"] == "de"
    assert "only language-neutral rules ran" in german["note"] and "error" not in german
    assert report["summary"]["partial"] == 1 and report["summary"]["checked"] == 2
    assert "note: de.txt" in result.stderr and "--lang" in result.stderr


def test_language_neutral_rules_still_flag_a_draft_without_packs(run_cli, write_draft, cli_env):
    write_draft(cli_env / "de.txt", GERMAN_SHOUTING)
    result = run_cli("check", "--format", "json", "de.txt")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert findings and all(f["rule"].startswith("common.") for f in findings)
