"""spaCy is imported without its CLI (half of its import time), and stays whole."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from replycoach.engine import language_rules
language_rules("en")
print("typer" in sys.modules, "weasel" in sys.modules)
import spacy
import spacy.cli
print(hasattr(spacy.cli, "app"), callable(spacy.info), spacy.cli is sys.modules["spacy.cli"])
"""


def test_checking_does_not_import_spacys_cli_but_it_can_still_be_used() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True)
    loaded, real_cli = done.stdout.splitlines()
    assert loaded == "False False", "building a pipeline imported spaCy's CLI"
    assert real_cli == "True True True", "spacy.cli is not the real package afterwards"
