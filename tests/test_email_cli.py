"""`replycoach check` on e-mail files: findings in the sender's words only, at the line and
column of the .eml file as given, with the quoted customer message as context."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

FIXTURES = Path(__file__).parent / "fixtures" / "mail"


def copy(name: str, work: Path) -> Path:
    return Path(shutil.copyfile(FIXTURES / name, work / name))


def findings(result) -> list[dict]:
    (entry,) = json.loads(result.stdout)["files"]
    return entry["findings"]


def where(path: Path, needle: str, after: str = "", encoding: str = "utf-8") -> tuple[int, int]:
    """1-based line and column of the first `needle` after `after` in the file."""
    text = path.read_bytes().decode(encoding)
    offset = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def by_rule(found: list[dict]) -> dict[str, dict]:
    return {f["rule"]: f for f in found}


def test_quoted_printable_reply_points_at_the_encoded_words(run_cli, cli_env):
    path = copy("gmail_top_posted_qp_en.eml", cli_env)
    result = run_cli("check", "--format", "json", path.name)
    assert result.exit_code == 1
    found = by_rule(findings(result))
    plain = "quoted-printable"
    # "we c=\nan=E2=80=99t" and "in orde=\nr to" are split by soft line breaks
    assert (found["en.positivity.cannot"]["line"], found["en.positivity.cannot"]["column"]) \
        == where(path, "we c=", plain)
    assert found["en.positivity.cannot"]["text"] == "we can\u2019t"
    assert (found["en.clarity.wordy"]["line"], found["en.clarity.wordy"]["column"]) \
        == where(path, "in orde=", plain)
    assert (found["en.tone.obviously"]["line"], found["en.tone.obviously"]["column"]) \
        == where(path, "obviously", plain)
    # the quoted "ridiculous ... !!!" and the signature are not the agent's: no findings there
    assert "common.punctuation.exclaim" not in found
    # ... but the furious quoted customer makes missing empathy a finding
    assert "en.empathy.missing" in found


def test_quoted_customer_acts_as_context(run_cli, cli_env, write_draft):
    """The same reply as an .eml with the quote, and as text with --context: same findings."""
    body = ("Hi Jan,\n\nYour parcel ships on Monday.\n\nBest,\nAnna\n")
    customer = "This is ridiculous! I am still waiting for my parcel."
    eml = write_draft(cli_env / "reply.eml", (
        "From: Anna <anna@acme.example>\nTo: Jan <jan@example.com>\nSubject: Re: parcel\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body +
        "\nOn Mon, 3 Mar 2025 at 10:12, Jan <jan@example.com> wrote:\n> " + customer + "\n"))
    write_draft(cli_env / "reply.txt", body)
    write_draft(cli_env / "customer.txt", customer)
    from_eml = run_cli("check", "--format", "json", "--channel", "email", eml.name)
    from_txt = run_cli("check", "--format", "json", "--channel", "email",
                       "--context", "customer.txt", "reply.txt")
    rules = sorted(f["rule"] for f in findings(from_eml))
    assert "en.empathy.missing" in rules
    assert rules == sorted(f["rule"] for f in findings(from_txt))
    no_quote = run_cli("check", "--format", "json", "--channel", "email", "reply.txt")
    assert "en.empathy.missing" not in {f["rule"] for f in findings(no_quote)}


def test_an_explicit_context_wins_over_the_quote(run_cli, cli_env, write_draft):
    copy("gmail_top_posted_qp_en.eml", cli_env)
    write_draft(cli_env / "calm.txt", "Thanks, no rush at all.")
    result = run_cli("check", "--format", "json", "--context", "calm.txt",
                     "gmail_top_posted_qp_en.eml")
    assert "en.empathy.missing" not in {f["rule"] for f in findings(result)}


def test_headers_and_signature_are_not_linted(run_cli, cli_env, write_draft):
    write_draft(cli_env / "h.eml", (
        "From: Anna <anna@acme.example>\nTo: jan@example.com\n"
        "Subject: Re: obviously a stupid question lol\nMIME-Version: 1.0\n\n"
        "Hi Jan, your parcel ships on Monday.\n\n-- \nAnna, basically the support team\n"))
    result = run_cli("check", "--format", "json", "h.eml")
    assert findings(result) == []


def test_html_only_message_points_into_the_html(run_cli, cli_env):
    path = copy("outlook_html_only_qp_en.eml", cli_env)
    result = run_cli("check", "--format", "json", path.name)
    found = by_rule(findings(result))
    assert found["en.positivity.cannot"]["text"] == "We are unable to"
    assert (found["en.positivity.cannot"]["line"], found["en.positivity.cannot"]["column"]) \
        == where(path, "We are unable to")
    assert found["en.empathy.missing"]["rule"]  # "unacceptable ... !!!" in the quoted part


def test_crlf_multipart_with_attachment(run_cli, cli_env):
    path = copy("mixed_attachment_crlf_en.eml", cli_env)
    result = run_cli("check", "--format", "json", path.name)
    (finding,) = findings(result)
    assert finding["rule"] == "en.clarity.filler"
    assert (finding["line"], finding["column"]) == where(path, "basically")
    source = path.read_bytes().decode("ascii")
    assert source[finding["start"]:finding["end"]] == "basically"


def test_bottom_posted_reply_lints_each_answer(run_cli, cli_env):
    path = copy("mutt_bottom_posted_8bit_en.eml", cli_env)
    result = run_cli("check", "--format", "json", path.name)
    found = by_rule(findings(result))
    assert (found["en.clarity.filler"]["line"], found["en.clarity.filler"]["column"]) \
        == where(path, "basically")


def test_message_on_stdin(run_cli, cli_env):
    data = (FIXTURES / "mixed_attachment_crlf_en.eml").read_bytes()
    result = run_cli("check", "--format", "json", "-", input=data)
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["path"] == "-" and entry["channel"] == "email"
    assert [f["rule"] for f in entry["findings"]] == ["en.clarity.filler"]


def test_mbox_file(run_cli, cli_env):
    path = copy("sent.mbox", cli_env)
    result = run_cli("check", "--format", "json", path.name)
    (finding,) = findings(result)
    assert finding["rule"] == "en.clarity.wordy"
    assert (finding["line"], finding["column"]) == where(path, "in order to")


def test_8bit_message_in_its_own_charset(run_cli, cli_env, write_draft):
    """An 8bit iso-8859-2 message read with --encoding: columns count the file's characters."""
    text = ("From: Anna <anna@acme.example>\nTo: jan@example.cz\nSubject: Re: faktura\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-2\n"
            "Content-Transfer-Encoding: 8bit\n\n"
            "Dobrý den, žluťoučký kůň: we basically sent it.\n")
    path = write_draft(cli_env / "cs.eml", text.encode("iso-8859-2"))
    result = run_cli("check", "--lang", "en", "--encoding", "iso-8859-2", "--format", "json",
                     path.name)
    (finding,) = findings(result)
    assert (finding["line"], finding["column"], finding["text"]) == (
        *where(path, "basically", encoding="iso-8859-2"), "basically")


@pytest.mark.parametrize("content, reason", [
    ("From: a@example.com\nTo: b@example.com\nSubject: x\nContent-Type: multipart/mixed\n\n"
     "--x\n\nHello\n", "without a boundary"),
    ("Just some words, no headers.\n", "not an e-mail message"),
    ("From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\n> only a quote\n",
     "no text of the sender's own"),
])
def test_unusable_message_is_a_one_line_error(run_cli, cli_env, write_draft, content, reason):
    write_draft(cli_env / "bad.eml", content)
    result = run_cli("check", "bad.eml", debug=False)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and reason in errors[0] and errors[0].startswith("replycoach: ")


def test_pre_commit_hook_lints_reply_templates():
    import re

    import yaml

    (hook,) = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml")
                             .read_text(encoding="utf-8"))
    assert hook["id"] == "replycoach" and hook["entry"] == "replycoach check"
    files = re.compile(hook["files"])
    assert all(files.search(n) for n in ("templates/refund.txt", "macros/a.md", "x/reply.eml"))
    assert not any(files.search(n) for n in ("setup.py", "logo.png", "notes.txt.bak"))
