"""`replycoach guard -- COMMAND`: a clean message goes to COMMAND byte for byte, a failing one
is held (exit 75) and never lost, and replycoach's own failures follow --on-error."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from replycoach import guard as guard_module

pytestmark = pytest.mark.usefixtures("cli_env")

FIXTURES = Path(__file__).parent / "fixtures" / "mail"

CLEAN = (b"From: Anna <anna@acme.example>\r\nTo: Jan <jan@example.com>\r\n"
         b"Subject: Re: parcel\r\nMIME-Version: 1.0\r\n"
         b"Content-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: 8bit\r\n"
         b"\r\nDobr\xfd den Jan,\r\n\r\nyour parcel ships on Monday.\r\n\r\nAnna\r\n")
FAILING = (b"From: Anna <anna@acme.example>\nTo: Jan <jan@example.com>\nSubject: Re: refund\n"
           b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
           b"Hi Jan,\n\nwe can't refund it, obviously.\n\nAnna\n")


@pytest.fixture
def hold_dir(tmp_path: Path) -> Path:
    return tmp_path / "held"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "delivered.eml"


def deliver_to(out: Path, status: int = 0) -> list[str]:
    """A sendmail stand-in: writes its stdin to `out` and exits with `status`."""
    return ["sh", "-c", f'cat > "$0"; exit {status}', str(out)]


def held_files(hold_dir: Path) -> list[Path]:
    return sorted(hold_dir.glob("*.eml")) if hold_dir.exists() else []


def test_clean_message_is_sent_byte_for_byte(run_cli, hold_dir, out):
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out), input=CLEAN)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == CLEAN  # CRLF, 8bit iso-8859-2: untouched
    assert held_files(hold_dir) == []  # the safety copy is gone once delivered


def test_the_commands_exit_status_is_returned(run_cli, hold_dir, out):
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out, 3), input=CLEAN)
    assert result.exit_code == 3
    assert out.read_bytes() == CLEAN
    (kept,) = held_files(hold_dir)  # not known to be delivered: a copy stays
    assert kept.read_bytes() == CLEAN
    assert str(kept) in result.stderr


def test_failing_message_is_held_not_sent(run_cli, hold_dir, out):
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out), input=FAILING)
    assert result.exit_code == 75
    assert not out.exists()
    (held,) = held_files(hold_dir)
    assert held.read_bytes() == FAILING
    assert stat.S_IMODE(held.stat().st_mode) == 0o600  # drafts hold customer data
    # findings point at lines of the held file, and its path is printed
    assert f"{held}:9:1: warning positivity en.positivity.cannot" in result.stderr
    assert f"held: {held}" in result.stderr
    assert "REPLYCOACH_SEND_ANYWAY=1" in result.stderr


def test_fail_on_sets_the_threshold(run_cli, hold_dir, out):
    result = run_cli("guard", "--fail-on", "error", "--hold-dir", hold_dir, "--",
                     *deliver_to(out), input=FAILING)
    assert result.exit_code == 0
    assert out.read_bytes() == FAILING


def test_send_anyway_environment_variable(run_cli, hold_dir, out, monkeypatch):
    monkeypatch.setenv("REPLYCOACH_SEND_ANYWAY", "1")
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out), input=FAILING)
    assert result.exit_code == 0
    assert out.read_bytes() == FAILING
    assert "without checking" in result.stderr


def test_send_anyway_header_is_honoured_and_left_in_place(run_cli, hold_dir, out):
    message = FAILING.replace(b"MIME-Version", b"X-Replycoach: send-anyway\nMIME-Version")
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out), input=message)
    assert result.exit_code == 0
    assert out.read_bytes() == message


@pytest.mark.parametrize("on_error, sent", [("pass", True), ("hold", False)])
def test_unparsable_message_follows_on_error(run_cli, hold_dir, out, on_error, sent):
    message = b"\x00\x01 this is no e-mail"
    result = run_cli("guard", "--on-error", on_error, "--hold-dir", hold_dir, "--",
                     *deliver_to(out), input=message)
    assert "could not check the message" in result.stderr
    if sent:
        assert result.exit_code == 0 and out.read_bytes() == message
        assert held_files(hold_dir) == []
    else:
        assert result.exit_code == 75 and not out.exists()
        assert held_files(hold_dir)[0].read_bytes() == message


def test_a_bug_in_replycoach_never_blocks_or_leaks(run_cli, hold_dir, out, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("we can't refund it, obviously")  # draft text in the message

    monkeypatch.setattr(guard_module, "check_message", broken)
    result = run_cli("guard", "--hold-dir", hold_dir, "--", *deliver_to(out), input=FAILING,
                     debug=False)
    assert result.exit_code == 0
    assert out.read_bytes() == FAILING
    assert "RuntimeError" in result.stderr and "refund" not in result.stderr


def test_command_that_cannot_start_keeps_the_message(run_cli, hold_dir, tmp_path):
    result = run_cli("guard", "--hold-dir", hold_dir, "--", str(tmp_path / "no-sendmail"),
                     input=CLEAN)
    assert result.exit_code == 69
    assert held_files(hold_dir)[0].read_bytes() == CLEAN


def test_default_hold_folder_is_the_users_state_folder(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = run_cli("guard", "--", "true", input=FAILING)
    assert result.exit_code == 75
    if sys.platform.startswith("linux"):
        (held,) = (tmp_path / "state" / "replycoach" / "held").glob("*.eml")
        assert held.read_bytes() == FAILING


def test_guard_needs_a_command(run_cli):
    result = run_cli("guard", input=CLEAN)
    assert result.exit_code == 2


def test_held_file_is_written_atomically(tmp_path):
    """The hold file appears under its name only complete: written to a temp name, fsynced,
    renamed; no temp file is left behind."""
    held = guard_module.hold(CLEAN * 1000, tmp_path / "h")
    assert held.read_bytes() == CLEAN * 1000
    assert os.listdir(tmp_path / "h") == [held.name]


def test_a_bare_forward_is_sent_even_with_on_error_hold(run_cli, hold_dir, out):
    forward = (b"From: Anna <anna@acme.example>\nTo: petra@acme.example\nSubject: Fwd: x\n\n"
               b"---------- Forwarded message ---------\nFrom: Jan <jan@example.com>\n\n"
               b"This is ridiculous!!!\n")
    result = run_cli("guard", "--on-error", "hold", "--hold-dir", hold_dir, "--",
                     *deliver_to(out), input=forward)
    assert result.exit_code == 0
    assert out.read_bytes() == forward
