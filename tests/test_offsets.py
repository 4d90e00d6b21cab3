"""Positions in reports: 1-based line and column counted in characters (code points) of the
file, and `text` == the file's characters [start:end], whatever the script, emoji, combining
marks or line endings; in an .eml the header lines count."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

# (line text, the flagged words on that line, by rule)
LINES = [
    ("Dobrý den, Jano 😀😀,", {}),
    ("Příliš žluťoučký kůň 😀 basically úpěl, e\u0301e\u0301 we can't help.",
     {"en.clarity.filler": "basically", "en.positivity.cannot": "we can't"}),
    ("مرحبا بك 😀 — we called in order to check it ASAP!!!",
     {"en.clarity.wordy": "in order to", "en.clarity.asap": "ASAP",
      "common.punctuation.exclaim": "!!!"}),
    ("\u05e9\u05dc\u05d5\u05dd e\u0301\u0301 that was stupid 👍🏽.",
     {"en.tone.rude": "stupid"}),
]


def expected_positions(first_line: int = 1) -> dict[str, tuple[int, int, str]]:
    expected = {}
    for number, (text, flagged) in enumerate(LINES, start=first_line):
        for rule, words in flagged.items():
            expected[rule] = (number, text.index(words) + 1, words)
    return expected


def findings_of(stdout: str) -> list[dict]:
    (entry,) = json.loads(stdout)["files"]
    return entry["findings"]


def assert_positions(findings: list[dict], source: str, expected: dict) -> None:
    assert {f["rule"] for f in findings} == set(expected)
    for finding in findings:
        line, column, words = expected[finding["rule"]]
        assert (finding["line"], finding["column"], finding["text"]) == (line, column, words), \
            finding
        assert source[finding["start"]:finding["end"]] == finding["text"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_positions_in_a_file_with_non_ascii_text(run_cli, write_draft, tmp_path, newline):
    source = newline.join(text for text, _ in LINES) + newline
    path = write_draft(tmp_path / "work" / "intl.txt", source)
    result = run_cli("check", "--lang", "en", "--format", "json", "intl.txt")
    assert_positions(findings_of(result.stdout), path.read_bytes().decode("utf-8"),
                     expected_positions())


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_positions_from_stdin(run_cli, newline):
    source = newline.join(text for text, _ in LINES) + newline
    result = run_cli("check", "--lang", "en", "--format", "json", "-",
                     input=source.encode("utf-8"))
    assert_positions(findings_of(result.stdout), source, expected_positions())


def test_text_output_uses_the_same_line_and_column(run_cli, write_draft, tmp_path):
    source = "\r\n".join(text for text, _ in LINES) + "\r\n"
    write_draft(tmp_path / "work" / "intl.txt", source)
    stdout = run_cli("check", "--lang", "en", "intl.txt").stdout
    for rule, (line, column, _) in expected_positions().items():
        assert f"intl.txt:{line}:{column}: " in stdout
        assert any(ln.startswith(f"intl.txt:{line}:{column}: ") and f" {rule} " in ln
                   for ln in stdout.splitlines()), rule


def test_an_emoji_is_one_column(run_cli):
    result = run_cli("check", "--lang", "en", "--format", "json", "-",
                     input="😀😀😀 we can't refund it.\n")
    (finding,) = findings_of(result.stdout)
    assert (finding["line"], finding["column"], finding["start"]) == (1, 5, 4)


def test_a_bom_is_not_a_column(run_cli, write_draft, tmp_path):
    write_draft(tmp_path / "work" / "bom.txt", b"\xef\xbb\xbf" + b"we can't refund it.\n")
    (finding,) = findings_of(run_cli("check", "--format", "json", "bom.txt").stdout)
    assert (finding["line"], finding["column"], finding["text"]) == (1, 1, "we can't")


HEADERS = [
    "From: Agent <agent@example.com>",
    "To: Jana <jana@example.com>",
    "Subject: Re: Vrácení peněz",
    "Content-Type: text/plain; charset=utf-8",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_eml_line_numbers_count_the_header_lines(run_cli, write_draft, tmp_path, newline):
    body = newline.join(text for text, _ in LINES) + newline
    source = newline.join(HEADERS) + newline + newline + body
    path = write_draft(tmp_path / "work" / "reply.eml", source)
    result = run_cli("check", "--lang", "en", "--format", "json", "reply.eml")
    first_body_line = len(HEADERS) + 2
    assert_positions(findings_of(result.stdout), path.read_bytes().decode("utf-8"),
                     expected_positions(first_line=first_body_line))


def test_stdin_shaped_like_an_email_counts_its_header_lines(run_cli):
    body = "\n".join(text for text, _ in LINES) + "\n"
    source = "\n".join(HEADERS) + "\n\n" + body
    result = run_cli("check", "--lang", "en", "--format", "json", "-", input=source)
    assert_positions(findings_of(result.stdout), source,
                     expected_positions(first_line=len(HEADERS) + 2))


def test_eml_headers_are_not_checked(run_cli, write_draft, tmp_path):
    source = ("From: support@example.com\nSubject: we can't refund it ASAP\n\n"
              "Thank you for your message. Your parcel left the warehouse this morning.\n")
    write_draft(tmp_path / "work" / "reply.eml", source)
    result = run_cli("check", "--format", "json", "reply.eml")
    assert findings_of(result.stdout) == []
    assert result.exit_code == 0

