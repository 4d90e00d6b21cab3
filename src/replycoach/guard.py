"""The pre-send guard: lint a message on its way to sendmail, send it or hold it.

Order matters, so that a message is never lost: it is first written whole to the hold folder
(temp file, fsync, rename), then checked; a message that may be sent is piped byte for byte
to the real command and its hold copy removed only after the command succeeded. Killed at any
point, the guard leaves the message in the hold folder, delivered, or both; never neither.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from pathlib import Path

import click

from replycoach.config import config_for
from replycoach.engine import lint
from replycoach.errors import InputError, ReplycoachError
from replycoach.inputs import MAX_CHARS, RawInput
from replycoach.mail.message import NoOwnText, looks_like_email
from replycoach.runner import CheckOptions, FileResult, build_draft, fails

EX_UNAVAILABLE = 69  # the delivery command could not be started
EX_TEMPFAIL = 75  # held: mail clients keep the draft and report a temporary failure
SEND_ANYWAY_ENV = "REPLYCOACH_SEND_ANYWAY"
SEND_ANYWAY_HEADER = "X-Replycoach"
SEND_ANYWAY_VALUE = "send-anyway"
STDIN_NAME = "<message>"

Say = Callable[[str], None]


@dataclass(frozen=True)
class GuardOptions:
    command: tuple[str, ...]
    hold_dir: Path
    fail_on: str | None = None  # None: the config's fail_on, else "warning"
    on_error: str = "pass"  # what to do when replycoach itself fails: pass | hold
    check: CheckOptions = CheckOptions()


def default_hold_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("replycoach") / "held"


def _checkpoint(stage: str) -> None:
    """Named points of the run; tests replace this to kill the guard exactly there."""


# the hold folder -------------------------------------------------------------------------

def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def hold(data: bytes, folder: Path) -> Path:
    """Write the message to the hold folder atomically: it appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}.eml"
    temporary = folder / f".{name}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    _checkpoint("written")
    target = folder / name
    os.replace(temporary, target)
    _fsync_dir(folder)
    return target


def release(held: Path) -> None:
    """Remove a hold copy once the message was handed over."""
    held.unlink(missing_ok=True)
    _fsync_dir(held.parent)


# checking --------------------------------------------------------------------------------

def decode_message(data: bytes) -> tuple[str, str]:
    """The message as text and the encoding used. Bytes that are not UTF-8 are read as
    Latin-1, which keeps every byte, so each MIME part can be decoded with its own charset."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def send_anyway_header(data: bytes) -> bool:
    headers = BytesHeaderParser().parsebytes(data)
    return any(str(value).strip().lower() == SEND_ANYWAY_VALUE
               for value in headers.get_all(SEND_ANYWAY_HEADER, []))


def check_message(data: bytes, options: CheckOptions) -> FileResult:
    """Lint a message as `replycoach check` lints an .eml file; raises when it can't."""
    text, encoding = decode_message(data)
    if not looks_like_email(text):
        raise InputError(STDIN_NAME, "is not an e-mail message (no header block followed by "
                         "a blank line)")
    raw = RawInput(STDIN_NAME, text, Path.cwd(), encoding)
    config = config_for(raw.directory, options.config, options.isolated)
    result = FileResult(STDIN_NAME, raw, fail_on=config.fail_on or "warning")
    result.draft = build_draft(raw, options, config, None)
    if len(result.draft.text) > MAX_CHARS:
        raise InputError(STDIN_NAME, f"has more than {MAX_CHARS:,} characters of reply text")
    result.findings = lint(result.draft, config.policy(options.select, options.ignore))
    return result


# sending ---------------------------------------------------------------------------------

def deliver(data: bytes, command: tuple[str, ...], say: Say) -> int:
    """Run the real sendmail command with the message, byte for byte, on its stdin."""
    try:
        completed = subprocess.run(list(command), input=data, check=False)
    except OSError as exc:
        say(f"replycoach: cannot run {command[0]}: {exc.strerror or exc}")
        return EX_UNAVAILABLE
    if completed.returncode < 0:  # killed by a signal: report it as a shell would
        return 128 - completed.returncode
    return completed.returncode


def _send(data: bytes, options: GuardOptions, held: Path | None, say: Say) -> int:
    status = deliver(data, options.command, say)
    _checkpoint("delivered")
    if held is not None:
        if status == 0:
            release(held)
        else:
            say(f"replycoach: {options.command[0]} failed (status {status}); "
                f"a copy of the message is kept in {held}")
    return status


def _report(result: FileResult, held: Path | None, say: Say) -> None:
    from replycoach.reporters import text_report

    if held is not None:
        result.path = str(held)  # lines and columns are those of the held file
    for line in text_report.file_lines(result):
        say(line)
    say(text_report.summary_line([result]))


def run_guard(data: bytes, options: GuardOptions, say: Say | None = None) -> int:
    """Check the message and send it or hold it; returns the exit status."""
    say = say or (lambda line: click.echo(line, err=True))
    held: Path | None = None
    try:
        held = hold(data, options.hold_dir)
    except OSError as exc:
        say(f"replycoach: cannot write to the hold folder {options.hold_dir}: "
            f"{exc.strerror or exc}")
    _checkpoint("held")

    if os.environ.get(SEND_ANYWAY_ENV, "").strip() not in ("", "0"):
        say(f"replycoach: {SEND_ANYWAY_ENV} is set: sending without checking")
        return _send(data, options, held, say)

    try:
        if send_anyway_header(data):
            say(f"replycoach: '{SEND_ANYWAY_HEADER}: {SEND_ANYWAY_VALUE}': sending without "
                "checking")
            return _send(data, options, held, say)
        result = check_message(data, options.check)
    except NoOwnText:  # a bare forward: nothing of the agent's to lint
        return _send(data, options, held, say)
    except Exception as exc:  # any failure of ours follows --on-error
        # our own errors say what and where without draft text; a bug is named by its type
        reason = str(exc) if isinstance(exc, ReplycoachError) else type(exc).__name__
        if os.environ.get("REPLYCOACH_DEBUG"):
            traceback.print_exc()
        if options.on_error == "hold":
            say(f"replycoach: could not check the message ({reason}); holding it")
            if held is not None:
                say(f"replycoach: held: {held}")
            return EX_TEMPFAIL
        say(f"replycoach: could not check the message ({reason}); sending it unchecked")
        return _send(data, options, held, say)
    _checkpoint("checked")

    if fails(result, options.fail_on or result.fail_on):
        _report(result, held, say)
        if held is not None:
            say(f"replycoach: held: {held}")
        say(f"replycoach: not sent. Edit and send again, or send as it is with "
            f"{SEND_ANYWAY_ENV}=1.")
        return EX_TEMPFAIL
    return _send(data, options, held, say)
