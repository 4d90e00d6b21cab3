"""When replycoach cannot run: exit status 2, one line on stderr saying why (and, for a broken
rule pack or config, where: file, line, field), never a Python traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

DRAFT = "Unfortunately, we can't refund items bought on sale.\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "work"


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("replycoach: error: "), lines[0]
    return lines[0]


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` by `new` in the file; return the line number where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1 if new else 0


# --- in a real process ------------------------------------------------------------------------

def _missing(work: Path) -> tuple[list[str], str]:
    return ["check", "nowhere.txt"], "nowhere.txt: no such file"


def _bad_option(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_text(DRAFT)
    return ["check", "--bogus", "d.txt"], "--bogus"


def _unknown_lang(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_text(DRAFT)
    return ["check", "--lang", "xx", "d.txt"], "unknown language 'xx'"


def _broken_config(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_text(DRAFT)
    (work / ".replycoach.yml").write_text("fail_on: warning\nfail_no: error\n")
    return ["check", "d.txt"], f"{work / '.replycoach.yml'}:2: config: field 'fail_no'"


def _broken_pack(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_text(DRAFT)
    tone = work.parent / "rules" / "en" / "tone.yml"
    line = edit(tone, "severity: error", "severity: fatal")
    return ["check", "d.txt"], f"{tone}:{line}: rule 'en.tone.rude': field 'severity'"


def _binary(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return ["check", "d.txt"], "d.txt: looks like a binary file"


def _undecodable(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_bytes("Café Müller, we can't refund it.\n".encode("cp1252"))
    return ["check", "d.txt"], "d.txt: is not valid utf-8 (byte 0xe9 at offset 3)"


def _empty(work: Path) -> tuple[list[str], str]:
    (work / "d.txt").write_bytes(b"")
    return ["check", "d.txt"], "d.txt: is empty"


@pytest.mark.parametrize("case", [_missing, _bad_option, _unknown_lang, _broken_config,
                                  _broken_pack, _binary, _undecodable, _empty],
                         ids=lambda f: f.__name__.strip("_"))
def test_exit_2_with_a_reason_and_no_traceback_in_a_real_process(
        run_subprocess, work, case: Callable[[Path], tuple[list[str], str]]):
    args, reason = case(work)
    proc = run_subprocess(*args)
    assert proc.returncode == 2, proc
    assert "Traceback" not in proc.stderr
    assert reason in proc.stderr
    reason_lines = [line for line in proc.stderr.splitlines() if reason in line]
    assert len(reason_lines) == 1
    if case is not _bad_option:  # click adds its usage lines to a usage error
        one_error_line(proc.stderr)


# --- unreadable drafts (in-process, through replycoach.cli.main) ------------------------------

@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\t\r\n \n", "is empty"),
        (b"\xef\xbb\xbf", "is empty"),
        (b"we can't\x00\x01\x02 refund", "binary"),
        (b"we can\xe2\x80 t refund", "is not valid utf-8"),
        (b"\xff\xfew\x00e\x00", "binary"),
    ],
    ids=["empty", "whitespace", "bom-only", "nul", "truncated-utf8", "utf16"],
)
def test_unreadable_draft(run_cli, work, content, reason):
    (work / "d.txt").write_bytes(content)
    result = run_cli("check", "d.txt")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert line.startswith("replycoach: error: d.txt: ")
    assert reason in line


def test_empty_stdin(run_cli):
    result = run_cli("check", "-", input="")
    assert result.exit_code == 2
    assert "is empty" in one_error_line(result.stderr)


def test_an_unreadable_file_does_not_hide_the_others(run_cli, work):
    (work / "good.txt").write_text(DRAFT)
    (work / "bad.txt").write_bytes(b"\x00\x00")
    result = run_cli("check", "good.txt", "bad.txt", "--fail-on", "never")
    assert result.exit_code == 2
    assert "good.txt:1:16: warning" in result.stdout
    assert "bad.txt" in one_error_line(result.stderr)


def test_a_directory_with_an_undecodable_draft(run_cli, work):
    (work / "replies").mkdir()
    (work / "replies" / "a.txt").write_text(DRAFT)
    (work / "replies" / "b.txt").write_bytes(b"caf\xe9")
    result = run_cli("check", "replies")
    assert result.exit_code == 2
    assert "replies/b.txt" in one_error_line(result.stderr)
    assert "replies/a.txt:1:16:" in result.stdout


def test_fix_exits_2_on_an_unreadable_file(run_cli, work):
    result = run_cli("fix", "--write", "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt: no such file" in result.stderr


def test_encoding_option_reads_legacy_files_and_rejects_unknown_encodings(run_cli, work):
    (work / "d.txt").write_bytes("Café Müller, we can't refund it.\n".encode("cp1252"))
    assert run_cli("check", "--encoding", "cp1252", "--lang", "en", "d.txt").exit_code == 1
    result = run_cli("check", "--encoding", "klingon", "d.txt")
    assert result.exit_code == 2
    assert "klingon" in one_error_line(result.stderr)


# --- bad options --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["check", "--fail-on", "sometimes", "d.txt"], "--fail-on"),
        (["check", "--channel", "fax", "d.txt"], "--channel"),
        (["check", "--format", "xml", "d.txt"], "--format"),
        (["check"], "DRAFT"),
        (["check", "--context", "-", "-"], "stdin"),
        (["lint", "d.txt"], "lint"),
        (["--color", "sometimes", "check", "d.txt"], "--color"),
    ],
)
def test_bad_usage_exits_2(run_cli, work, args, mentions):
    (work / "d.txt").write_text(DRAFT)
    result = run_cli(*args)
    assert result.exit_code == 2
    assert mentions in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["check", "--lang", "de", "d.txt"], "unknown language 'de' (available: en)"),
        (["fix", "--lang", "xx", "d.txt"], "unknown language 'xx'"),
        (["check", "--context", "nowhere.txt", "d.txt"], "nowhere.txt: no such file"),
        (["check", "--config", "nowhere.yml", "d.txt"], "nowhere.yml"),
        (["check", "--locale", "english please", "d.txt"], "unknown locale 'english please'"),
    ],
)
def test_cannot_run_exits_2_with_one_line(run_cli, work, args, mentions):
    (work / "d.txt").write_text(DRAFT)
    result = run_cli(*args)
    assert result.exit_code == 2
    assert mentions in one_error_line(result.stderr)


def test_rules_folder_that_does_not_exist(run_cli, work, monkeypatch):
    (work / "d.txt").write_text(DRAFT)
    monkeypatch.setenv("REPLYCOACH_RULES", str(work / "no-rules-here"))
    result = run_cli("check", "d.txt")
    assert result.exit_code == 2
    assert "REPLYCOACH_RULES" in one_error_line(result.stderr)


# --- broken config ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("config", "line", "mentions"),
    [
        ("fail_on: warning\ncolour: red\n", 2, "field 'colour'"),
        ("ignore: [en.tone]\nfail_on: sometimes\n", 2, "field 'fail_on'"),
        ("severity:\n  en.tone: fatal\n", 2, "severity 'en.tone'"),
        ("channel: fax\n", 1, "field 'channel'"),
        ("vocabulary:\n  accept: [ok]\n  prefer: [x]\n", 3, "field 'prefer'"),
        ("vocabulary:\n  avoid:\n    - {use: x}\n", 3, "term"),
        ("select: 5\n", 1, "field 'select'"),
        ("ignore: [en.tone\n", None, "invalid YAML"),
        ("- just\n- a list\n", None, "must be a mapping"),
    ],
    ids=["unknown-field", "bad-fail-on", "bad-severity", "bad-channel", "vocabulary-field",
         "avoid-without-term", "select-type", "yaml", "not-a-mapping"],
)
def test_broken_config_names_file_line_and_field(run_cli, work, config, line, mentions):
    (work / "d.txt").write_text(DRAFT)
    path = work / ".replycoach.yml"
    path.write_text(config)
    result = run_cli("check", "d.txt")
    assert result.exit_code == 2
    error = one_error_line(result.stderr)
    where = f"{path}:{line}:" if line else f"{path}:"
    assert error.startswith(f"replycoach: error: {where}"), error
    assert mentions in error


def test_broken_config_given_with_config_option(run_cli, work):
    (work / "d.txt").write_text(DRAFT)
    (work / "team.yml").write_text("fail_on: warning\nfial_on: error\n")
    result = run_cli("check", "--config", "team.yml", "d.txt")
    assert result.exit_code == 2
    assert "team.yml:2: config: field 'fial_on'" in one_error_line(result.stderr)


def test_broken_user_config(run_cli, work, user_config_dir):
    (work / "d.txt").write_text(DRAFT)
    (user_config_dir / "config.yml").write_text("fail_on: loud\n")
    result = run_cli("check", "d.txt")
    assert result.exit_code == 2
    assert f"{user_config_dir / 'config.yml'}:1:" in one_error_line(result.stderr)
    assert run_cli("check", "--isolated", "d.txt").exit_code == 1


# --- broken rule packs ----------------------------------------------------------------------

PATTERN_PACK = """\
pack: en.patterns
language: en
description: A pack with a token pattern.
rules:
  - id: en.patterns.we_never
    category: positivity
    severity: warning
    description: We never.
    message: "'{match}'"
    kind: pattern
    patterns:
      - [{LOWER: "we"}, {LOWER: "never"}]
    examples:
      flag: ["We never do that."]
      pass: ["We do that."]
"""


def _bad_severity(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    return path, edit(path, "severity: error", "severity: fatal"), "field 'severity'"


def _unknown_kind(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    return path, edit(path, "kind: regex", "kind: regexp"), "field 'kind'"


def _missing_examples(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    edit(path, "    examples:\n"
               '      flag: ["That was a stupid question."]\n'
               '      pass: ["That was a good question."]\n', "")
    text = path.read_text()
    assert text.endswith(r"(?:stupid|idiotic)\b'" + "\n")
    line = text[: text.index("  - id: en.tone.rude")].count("\n") + 1
    return path, line, "missing required field 'examples'"


def _bad_regex(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    line = edit(path, r"regex: '\b(?:stupid|idiotic)\b'", r"regex: '\b(?:stupid|idiotic\b'")
    return path, line, "field 'regex': bad regular expression"


def _yaml_syntax(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    old = "    message: \"'{match}' is insulting.\"\n"
    return path, edit(path, old, old.rstrip("\n") + " oops\n"), "invalid YAML"


def _unknown_signal(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "positivity.yml"
    line = edit(path, "unless: {nearby: offers_alternative}",
                "unless: {nearby: offers_alternatives}")
    return path, line, "field 'unless': field 'nearby': unknown signal 'offers_alternatives'"


def _bad_pattern(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "patterns.yml"
    path.write_text(PATTERN_PACK)
    line = edit(path, '{LOWER: "never"}', '{LOWER: {NOT_AN_OP: ["never"]}}') - 1
    return path, line, "field 'patterns': pattern 1 is not a valid spaCy pattern"


def _bad_category(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    return path, edit(path, "category: tone\n    severity: error",
                      "category: rudeness\n    severity: error"), "field 'category'"


def _duplicate_id(rules: Path) -> tuple[Path, int, str]:
    path = rules / "en" / "tone.yml"
    line = edit(path, "id: en.tone.rude", "id: en.tone.rude_")
    edit(path, "id: en.tone.rude_", "id: en.tone.obviously")
    return path, line, "duplicate rule id"


def _common_pack_language(rules: Path) -> tuple[Path, int, str]:
    path = rules / "common" / "punctuation.yml"
    return path, edit(path, "language: common", "language: en"), "field 'language'"


BREAKAGES = [_bad_severity, _unknown_kind, _missing_examples, _bad_regex, _yaml_syntax,
             _unknown_signal, _bad_pattern, _bad_category, _duplicate_id, _common_pack_language]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_broken_rule_pack_names_file_line_and_field(run_cli, work, rules_dir, breakage):
    (work / "d.txt").write_text(DRAFT)
    path, line, mentions = breakage(rules_dir)
    result = run_cli("check", "d.txt")
    assert result.exit_code == 2
    error = one_error_line(result.stderr)
    assert error.startswith(f"replycoach: error: {path}:{line}: "), error
    assert mentions in error
    assert result.stdout == ""  # nothing half-checked is reported


@pytest.mark.parametrize("command", [["fix", "d.txt"], ["test-rules"], ["rules"],
                                     ["check", "-"]])
def test_every_command_refuses_a_broken_pack(run_cli, work, rules_dir, command):
    (work / "d.txt").write_text(DRAFT)
    path, line, _ = _bad_severity(rules_dir)
    result = run_cli(*command, input=DRAFT)
    assert result.exit_code == 2
    assert one_error_line(result.stderr).startswith(f"replycoach: error: {path}:{line}: ")


# --- the JSON report and e-mails ------------------------------------------------------------

def test_json_report_stays_valid_when_a_file_cannot_be_read(run_cli, work):
    (work / "good.txt").write_text(DRAFT)
    result = run_cli("check", "--format", "json", "good.txt", "missing.txt")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    good, missing = report["files"]
    assert [f["rule"] for f in good["findings"]] == ["en.positivity.cannot"]
    assert missing["path"] == "missing.txt"
    assert missing["findings"] == []
    assert "no such file" in missing["error"]
    assert "missing.txt: no such file" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("eml", "mentions"),
    [
        ("From: a@example.com\nContent-Type: multipart/alternative\n\nwe cannot\n",
         "without a boundary"),
        ("just some text without headers\n", "is not an e-mail message"),
        ("From: a@example.com\nSubject: no body\n\n   \n", "no body"),
    ],
    ids=["multipart-without-boundary", "not-an-email", "no-body"],
)
def test_eml_that_cannot_be_checked(run_cli, work, eml, mentions):
    (work / "r.eml").write_text(eml)
    result = run_cli("check", "r.eml")
    assert result.exit_code == 2
    error = one_error_line(result.stderr)
    assert error.startswith("replycoach: error: r.eml: ")
    assert mentions in error


def test_fix_write_to_an_unwritable_file_names_it(run_cli, work, monkeypatch):
    """(Simulated: the suite may run as root, for whom chmod does not stop a write.)"""
    path = work / "d.txt"
    path.write_text("We called in order to check it.\n")
    real_write = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.name == "d.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    result = run_cli("fix", "--write", "d.txt", debug=False)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    error = one_error_line(result.stderr)
    assert "d.txt" in error
