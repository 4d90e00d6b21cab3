"""Kill the guard (SIGKILL) at every step: the message is then whole in the hold folder or
delivered (or both), never neither, and never half-written.

Each run is a real process; a wrapper replaces `replycoach.guard._checkpoint` so the guard
kills itself exactly at the named step. A last test kills it from outside while a slow
delivery command runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.usefixtures("cli_env"),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

CLEAN = (b"From: Anna <anna@acme.example>\nTo: Jan <jan@example.com>\nSubject: Re: parcel\n"
         b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
         b"Hi Jan,\n\nyour parcel ships on Monday.\n\nAnna\n")
FAILING = CLEAN.replace(b"your parcel ships", b"we can't refund it, obviously. It ships")

KILL_AT = """
import os, signal, sys
import replycoach.guard as guard
stage = os.environ["TEST_KILL_AT"]
def checkpoint(name):
    if name == stage:
        os.kill(os.getpid(), signal.SIGKILL)
guard._checkpoint = checkpoint
from replycoach.cli import main
sys.argv = ["replycoach", *sys.argv[1:]]
main()
"""


def guard_argv(hold_dir: Path, command: list[str]) -> list[str]:
    return [sys.executable, "-c", KILL_AT, "guard", "--hold-dir", str(hold_dir), "--",
            *command]


def whole_somewhere(message: bytes, hold_dir: Path, out: Path) -> tuple[bool, bool]:
    """(held, delivered); fails on any partial copy or when the message is nowhere."""
    held = [p.read_bytes() for p in hold_dir.glob("*.eml")] if hold_dir.exists() else []
    assert all(copy == message for copy in held), "a partial message in the hold folder"
    delivered = out.read_bytes() if out.exists() else None
    assert delivered in (None, message), "a partial delivery"
    assert held or delivered, "the message is neither held nor delivered"
    return bool(held), delivered is not None


@pytest.mark.parametrize("stage, message, expect_held, expect_delivered", [
    ("held", CLEAN, True, False),          # written to the hold folder, not checked yet
    ("checked", CLEAN, True, False),       # checked, about to be sent
    ("delivered", CLEAN, True, True),      # sent; the safety copy not yet removed
    ("checked", FAILING, True, False),     # failing, about to report
])
def test_killed_at_a_step(tmp_path, stage, message, expect_held, expect_delivered):
    hold_dir, out = tmp_path / "held", tmp_path / "out.eml"
    command = ["sh", "-c", 'cat > "$0"', str(out)]
    run = subprocess.run(guard_argv(hold_dir, command), input=message, capture_output=True,
                         env={**os.environ, "TEST_KILL_AT": stage}, timeout=120, check=False)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    assert whole_somewhere(message, hold_dir, out) == (expect_held, expect_delivered)


def test_killed_while_writing_the_hold_file(tmp_path):
    """Before the hold file is complete nothing is sent, no partial .eml appears, and the
    guard has not reported success, so the mail client still has the draft."""
    hold_dir, out = tmp_path / "held", tmp_path / "out.eml"
    command = ["sh", "-c", 'cat > "$0"', str(out)]
    run = subprocess.run(guard_argv(hold_dir, command), input=CLEAN, capture_output=True,
                         env={**os.environ, "TEST_KILL_AT": "written"}, timeout=120,
                         check=False)
    assert run.returncode != 0
    assert not out.exists()
    assert list(hold_dir.glob("*.eml")) == []


def test_killed_during_a_slow_delivery(tmp_path):
    hold_dir, out, started = tmp_path / "held", tmp_path / "out.eml", tmp_path / "started"
    command = ["sh", "-c", ': > "$1"; sleep 1; cat > "$0"', str(out), str(started)]
    process = subprocess.Popen(guard_argv(hold_dir, command), stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "TEST_KILL_AT": "never"})
    assert process.stdin is not None
    process.stdin.write(CLEAN)
    process.stdin.close()
    deadline = time.monotonic() + 90
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert started.exists(), "the delivery command never started"
    process.kill()
    assert process.wait(timeout=10) == -signal.SIGKILL
    # the orphaned command finishes delivering; the hold copy is still there
    deadline = time.monotonic() + 10
    while not (out.exists() and out.read_bytes() == CLEAN) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert whole_somewhere(CLEAN, hold_dir, out) == (True, True)
