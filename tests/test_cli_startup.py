"""`--help` must answer at once: a command's help does not load the engine, spaCy or YAML."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from click.testing import CliRunner
from replycoach.cli import cli
result = CliRunner().invoke(cli, [{args}])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in ("spacy", "yaml", "replycoach.engine", "replycoach.runner",
                           "replycoach.scoring.html_report", "fastapi", "pygls")
               if m in sys.modules)
print(",".join(heavy))
"""


@pytest.mark.parametrize("args", [["check", "--help"], ["fix", "--help"], ["--help"]])
def test_help_loads_no_engine(args: list[str]) -> None:
    probe = PROBE.format(args=", ".join(repr(a) for a in args))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "", f"`replycoach {' '.join(args)}` imported {done.stdout}"


def test_every_command_is_listed_and_loads() -> None:
    from click.testing import CliRunner

    from replycoach.cli import COMMANDS, cli

    listing = CliRunner().invoke(cli, ["--help"])
    assert listing.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in listing.output
        shown = CliRunner().invoke(cli, [name, "--help"])
        assert shown.exit_code == 0, f"{name}: {shown.output}"
        assert "Usage: " in shown.output


def test_the_server_client_path_loads_no_engine() -> None:
    """`check --server URL` sends drafts to a warm server: it must not pay for the engine."""
    probe = ("import sys, replycoach.client, replycoach.runner, replycoach.cli.check;"
             "print(','.join(m for m in ('spacy', 'replycoach.engine', 'replycoach.matching')"
             " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "", f"the client path imported {done.stdout}"
