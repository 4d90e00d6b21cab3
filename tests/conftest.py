"""Shared fixtures for the CLI-contract tests.

The CLI-contract modules run against a small, fixed rules folder written into tmp_path
(REPLYCOACH_RULES, fixture `cli_env`), so the real English packs cannot change what they see.
Every test gets XDG_CONFIG_HOME pointing at an empty tmp folder, so the user's own config
never leaks in. The server tests share `server`: one `replycoach serve` per test module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import click.testing
import pytest
from serverprocess import ServerProcess

REPO = Path(__file__).resolve().parents[1]
REAL_LANGUAGE_YML = REPO / "rules" / "en" / "language.yml"

SIGNALS_YML = """\
language: en
signals:
  offers_alternative:
    phrases: [instead, what I can do, I can offer]
  customer_upset:
    phrases: [ridiculous, unacceptable, still waiting]
    regex: ['!{2,}']
  empathy:
    phrases: [sorry, apologise, I understand]
"""

POSITIVITY_YML = """\
pack: en.positivity
language: en
description: Negative phrasing that tells the customer what you can't do.
rules:
  - id: en.positivity.cannot
    category: positivity
    severity: warning
    description: Leading with what you can't do.
    message: "'{match}' tells the customer what you can't do."
    kind: phrase
    phrases: ["we can't", "we are unable to"]
    unless: {nearby: offers_alternative}
    suggest: ["Lead with what you can do: 'What I can do is ...'"]
    examples:
      flag: ["Unfortunately, we can't refund items bought on sale."]
      pass: ["We can't refund sale items, but I can offer you store credit instead."]
"""

CLARITY_YML = """\
pack: en.clarity
language: en
description: Wordy or vague phrasing.
rules:
  - id: en.clarity.wordy
    category: clarity
    severity: suggestion
    description: A wordy phrase with a shorter equivalent.
    message: "'{match}' is wordy."
    kind: phrase
    phrases:
      in order to: to
      at this point in time: now
      due to the fact that: because
    fix: {safety: safe}
    examples:
      flag: ["We called in order to check the parcel."]
      pass: ["We called to check the parcel."]
  - id: en.clarity.point_in_time
    category: clarity
    severity: suggestion
    description: A vague point in time.
    message: "'{match}' is vague."
    kind: phrase
    phrases: {point in time: moment}
    fix: {safety: unsafe}
    examples:
      flag: ["At that point in time the parcel left."]
      pass: ["Then the parcel left."]
  - id: en.clarity.filler
    category: clarity
    severity: suggestion
    description: A filler word that adds nothing.
    message: "'{match}' adds nothing."
    kind: phrase
    phrases: [basically, actually]
    fix: {replace: "", safety: safe}
    examples:
      flag: ["The parcel basically left the warehouse."]
      pass: ["The parcel left the warehouse."]
  - id: en.clarity.asap
    category: clarity
    severity: warning
    description: A vague promise of time.
    message: "'{match}' is vague; give a time."
    kind: regex
    regex: '\\bASAP\\b'
    case_sensitive: true
    suggest: ["Give a concrete time instead of '{match}'."]
    examples:
      flag: ["We will send it ASAP."]
      pass: ["We will send it by Friday."]
"""

TONE_YML = """\
pack: en.tone
language: en
description: Words that sound condescending or rude.
rules:
  - id: en.tone.obviously
    category: tone
    severity: warning
    description: Condescending 'obviously'.
    message: "'{match}' can sound condescending."
    kind: phrase
    phrases: [obviously, clearly]
    fix: {replace: "", safety: unsafe}
    examples:
      flag: ["The parcel obviously left on time."]
      pass: ["The parcel left on time."]
  - id: en.tone.rude
    category: tone
    severity: error
    description: An insulting word.
    message: "'{match}' is insulting."
    kind: regex
    regex: '\\b(?:stupid|idiotic)\\b'
    examples:
      flag: ["That was a stupid question."]
      pass: ["That was a good question."]
"""

FORMALITY_YML = """\
pack: en.formality
language: en
description: Chat slang that does not belong in an e-mail.
rules:
  - id: en.formality.slang
    category: formality
    severity: suggestion
    description: Chat slang in an e-mail.
    message: "'{match}' is chat slang."
    kind: phrase
    phrases: [lol, lmao]
    channels: [email]
    examples:
      flag: [{text: "We found your parcel lol.", channel: email}]
      pass: [{text: "We found your parcel lol.", channel: chat}]
"""

EMPATHY_YML = """\
pack: en.empathy
language: en
description: Missing empathy when the customer is upset.
rules:
  - id: en.empathy.missing
    category: empathy
    severity: warning
    description: No empathy for an upset customer.
    message: "The customer is upset; acknowledge how they feel."
    kind: require
    require: empathy
    when: {context: customer_upset}
    examples:
      flag: [{text: "Your parcel ships on Monday.", context: "This is ridiculous!"}]
      pass:
        - {text: "Sorry for the wait, your parcel ships on Monday.", context: "Ridiculous!"}
        - "Your parcel ships on Monday."
"""

COMMON_YML = """\
pack: common.punctuation
language: common
description: Punctuation, in any language.
rules:
  - id: common.punctuation.exclaim
    category: tone
    severity: suggestion
    description: Repeated exclamation marks.
    message: "'{match}': one exclamation mark is enough."
    kind: regex
    regex: '!{2,}'
    fix: {replace: "!", safety: safe}
    examples:
      flag: ["Thanks!!!"]
      pass: ["Thanks!"]
"""

RULE_FILES: dict[str, str] = {
    "en/signals.yml": SIGNALS_YML,
    "en/positivity.yml": POSITIVITY_YML,
    "en/clarity.yml": CLARITY_YML,
    "en/tone.yml": TONE_YML,
    "en/formality.yml": FORMALITY_YML,
    "en/empathy.yml": EMPATHY_YML,
    "common/punctuation.yml": COMMON_YML,
}

ALL_RULE_IDS = (
    "common.punctuation.exclaim",
    "en.clarity.asap",
    "en.clarity.filler",
    "en.clarity.point_in_time",
    "en.clarity.wordy",
    "en.empathy.missing",
    "en.formality.slang",
    "en.positivity.cannot",
    "en.tone.obviously",
    "en.tone.rude",
)

@pytest.fixture
def fixture_rule_ids() -> tuple[str, ...]:
    """The ids of every rule in the fixed rules folder."""
    return ALL_RULE_IDS


# Caches that depend on files (rules folder, config files) and must not leak between tests.
# Pure caches (spaCy pipelines, the language identifier) are kept: they are slow to rebuild.
_KEEP_CACHES = {"pipeline", "_identifier", "_simplemma_lookup"}


def clear_replycoach_caches() -> None:
    for name, module in list(sys.modules.items()):
        if not name.startswith("replycoach") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if attr in _KEEP_CACHES or not hasattr(value, "cache_clear"):
                continue
            if getattr(value, "__module__", None) == name:
                value.cache_clear()


def write_rules(root: Path, files: dict[str, str] | None = None) -> Path:
    """A rules folder: the real en/language.yml plus the fixed packs (or `files`)."""
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "common").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REAL_LANGUAGE_YML, root / "en" / "language.yml")
    for relative, text in (RULE_FILES if files is None else files).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test: the user's own config (and colour switches) never leak in."""
    xdg = tmp_path / "xdg"
    xdg.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    for name in ("NO_COLOR", "REPLYCOACH_DEBUG", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    return xdg


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixed rules folder, selected with REPLYCOACH_RULES."""
    root = write_rules(tmp_path / "rules")
    monkeypatch.setenv("REPLYCOACH_RULES", str(root))
    return root


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_dir: Path,
            xdg_config_home: Path) -> Iterator[Path]:
    """For the CLI-contract modules (`pytestmark = pytest.mark.usefixtures("cli_env")`):
    the fixed rules folder, cwd = tmp_path/work, and caches cleared before and after, so
    tests that use the real rules (test_rule_examples.py...) are not affected."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    clear_replycoach_caches()
    yield work
    clear_replycoach_caches()


@pytest.fixture
def user_config_dir(xdg_config_home: Path) -> Path:
    """Where replycoach looks for the user's config.yml ($XDG_CONFIG_HOME/replycoach)."""
    folder = xdg_config_home / "replycoach"
    folder.mkdir(exist_ok=True)
    return folder


class _Main:
    """Lets CliRunner drive `replycoach.cli.main()`, which maps errors to exit status 2."""

    name = "replycoach"

    def main(self, args: list[str], prog_name: str, **_: Any) -> None:
        from replycoach.cli import main

        with mock.patch.object(sys, "argv", [prog_name, *args]):
            main()


RunCli = Callable[..., click.testing.Result]


@pytest.fixture
def run_cli() -> RunCli:
    """Run `replycoach ARGS` in-process through main() and return click's Result.

    A bug (an exception main() would turn into 'internal error') is re-raised, so the test
    shows the traceback instead of an unexplained exit status 2; `debug=False` leaves it to
    main(), as a user would see it.
    """

    def run(*args: str | os.PathLike[str], input: str | bytes | None = None,
            color: bool = False, debug: bool = True) -> click.testing.Result:
        clear_replycoach_caches()  # each run sees the files as they are now, like a new process
        runner = click.testing.CliRunner()
        result = runner.invoke(_Main(), [str(a) for a in args], input=input,  # type: ignore
                               env={"REPLYCOACH_DEBUG": "1" if debug else None},
                               color=color,
                               prog_name="replycoach")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


@pytest.fixture
def run_subprocess() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m replycoach ARGS` as a real process (stdout and stderr are pipes)."""

    def run(*args: str | os.PathLike[str], input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "replycoach", *[str(a) for a in args]],
            input=input, capture_output=True, text=True, encoding="utf-8",
            env={**os.environ, **(env or {})}, timeout=120, check=False,
        )

    return run


@pytest.fixture
def write_draft() -> Callable[..., Path]:
    """write_draft(path, text): the draft's bytes exactly as given (no newline translation)."""

    def write(path: Path, text: str | bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return write


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A running `replycoach serve` (English warm, free port), one per test module, stopped
    after the module. The module guards its own dependencies (httpx, uvicorn)."""
    name = request.module.__name__.removeprefix("test_")
    process = ServerProcess(tmp_path_factory.mktemp(name)).start()
    yield process
    process.stop()
