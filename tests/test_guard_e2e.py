"""End to end: a real mail client (neomutt or mutt, batch mode) sends through
`replycoach guard` and msmtp to an SMTP server on 127.0.0.1 started by the test.

A clean reply arrives unchanged (the bytes the client piped to the guard are the bytes the
delivery command got, and what the server received); a failing one is held, nothing reaches
the server, and the client reports the failure. `.ci/run` installs neomutt and msmtp; where
they are missing the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

CLIENT = shutil.which("neomutt") or shutil.which("mutt")
MSMTP = shutil.which("msmtp")
aiosmtpd_controller = pytest.importorskip(
    "aiosmtpd.controller", reason="aiosmtpd is not installed (pip install '.[test]')")

if CLIENT is None or MSMTP is None:
    pytest.skip("needs neomutt (or mutt) and msmtp from Debian's packages: "
                "apt-get install neomutt msmtp (.ci/run does)", allow_module_level=True)


class Inbox:
    """An aiosmtpd handler that keeps each message's data as received."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port,
                                               ready_timeout=10)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def client_setup(tmp_path: Path, smtp: tuple[Inbox, int]) -> dict[str, Path]:
    """A home for the client with a muttrc whose sendmail is: capture -> guard -> msmtp."""
    _, port = smtp
    home = tmp_path / "home"
    home.mkdir()
    msmtprc = home / "msmtprc"
    msmtprc.write_text(f"defaults\nauth off\ntls off\n\naccount local\nhost 127.0.0.1\n"
                       f"port {port}\nfrom anna@acme.example\n\naccount default : local\n")
    msmtprc.chmod(0o600)
    client_in, delivered, hold = home / "client-in.eml", home / "delivered.eml", home / "held"
    # what the client pipes to the guard, kept for comparison
    capture = home / "capture-then-guard"
    capture.write_text(f'#!/bin/sh\ntee "{client_in}" | "{sys.executable}" -m replycoach '
                       f'"$@"\n')
    capture.chmod(0o755)
    # what the guard hands to the delivery command, kept for comparison
    deliver = home / "deliver"
    deliver.write_text(f'#!/bin/sh\ntee "{delivered}" | exec "{MSMTP}" -C "{msmtprc}" "$@"\n')
    deliver.chmod(0o755)
    muttrc = home / "muttrc"
    muttrc.write_text(
        f'set sendmail="{capture} guard --hold-dir {hold} -- {deliver}"\n'
        'set from="anna@acme.example"\nset realname="Anna Agent"\nset use_from=yes\n'
        'set record=""\nset postpone=no\nset copy=no\nset charset="utf-8"\n'
        'set send_charset="utf-8"\nset sendmail_wait=0\n')
    return {"home": home, "muttrc": muttrc, "client_in": client_in, "delivered": delivered,
            "hold": hold}


def send(setup: dict[str, Path], body: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(setup["home"]), "TERM": "dumb", "EMAIL": "",
           "MAILCHECK": "0"}
    assert CLIENT is not None
    return subprocess.run(
        [CLIENT, "-n", "-F", str(setup["muttrc"]), "-s", "Re: your parcel",
         "jan@example.test"],
        input=body, capture_output=True, text=True, env=env, timeout=120, check=False)


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def wait_for(inbox: Inbox, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_clean_reply_arrives_unchanged(client_setup, smtp):
    inbox, _ = smtp
    sent = send(client_setup, "Hi Jan,\n\nThanks for waiting. Your parcel ships on Monday.\n\n"
                              "Best,\nAnna\n")
    assert sent.returncode == 0, sent.stderr
    wait_for(inbox, 1)
    client_bytes = client_setup["client_in"].read_bytes()
    assert b"Subject: Re: your parcel" in client_bytes
    assert client_setup["delivered"].read_bytes() == client_bytes  # the guard changed nothing
    (received,) = inbox.messages
    assert crlf(received.rstrip(b"\r\n")) == crlf(client_bytes.rstrip(b"\r\n"))
    assert list(client_setup["hold"].glob("*.eml")) == []


def test_failing_reply_is_held_and_the_client_says_so(client_setup, smtp):
    inbox, _ = smtp
    sent = send(client_setup, "Hi Jan,\n\nWe can't refund it, obviously.\n\nAnna\n")
    assert sent.returncode != 0
    report = sent.stdout + sent.stderr
    assert "Error sending message, child exited 75" in report, report
    (held,) = client_setup["hold"].glob("*.eml")
    assert held.read_bytes() == client_setup["client_in"].read_bytes()
    assert not client_setup["delivered"].exists()
    wait_for(inbox, 1)
    assert inbox.messages == []
