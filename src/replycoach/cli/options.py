"""Options shared by `check` and `fix`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from replycoach.model import CHANNELS, FAIL_ON_CHOICES

if TYPE_CHECKING:
    from replycoach.runner import CheckOptions

__all__ = ["FAIL_ON_CHOICES", "check_options", "draft_options", "grammar_options",
           "jobs_option", "server_option"]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select a,b --select c  ->  (a, b, c)"""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def draft_options(command: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.argument("paths", nargs=-1, required=True, metavar="DRAFT..."),
        click.option("--lang", "language", metavar="CODE",
                     help="Language of the drafts (en, ...). Default: detected per draft."),
        click.option("--locale", metavar="TAG",
                     help="The customer's culture, e.g. en-US, ja-JP, cs-CZ."),
        click.option("--channel", type=click.Choice(CHANNELS),
                     help="Where the reply goes. Default: email for .eml files and drafts "
                     "shaped like a letter (greeting + sign-off), chat otherwise."),
        click.option("--context", metavar="FILE",
                     help="The customer's message the draft answers ('-' for stdin)."),
        click.option("--select", multiple=True, metavar="IDS",
                     help="Only these rules: ids, packs (en.positivity) or categories; "
                     "repeat or separate with commas."),
        click.option("--ignore", multiple=True, metavar="IDS",
                     help="Skip these rules: ids, packs or categories."),
        click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this config file instead of the nearest .replycoach.yml."),
        click.option("--isolated", is_flag=True,
                     help="Ignore every config file (project and user)."),
        click.option("--encoding", metavar="NAME",
                     help="Encoding of the drafts (default UTF-8, with or without BOM)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def server_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--server for `check`: use a warm `replycoach serve` (see replycoach/client.py)."""
    return click.option(
        "--server", metavar="URL|auto|off", envvar="REPLYCOACH_SERVER",
        help="Send the drafts to a running `replycoach serve` at URL (same output, no "
        "start-up). auto (default): use one started on this machine if it answers at "
        "once; off: always check here. Env: REPLYCOACH_SERVER.")(command)


def jobs_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs/-j for `check`: the files of a folder checked by several processes."""
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
        help="Worker processes for many files (0: one per core). The output is the same, "
        "in the same order; a single file or '-' is checked in this process.")(command)


def grammar_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--grammar/--no-grammar and --grammar-server for `check` (see replycoach/grammar/)."""
    command = click.option(
        "--grammar-server", metavar="URL",
        help="Check grammar with the LanguageTool server at URL (turns --grammar on). "
        "The draft's text is sent there.")(command)
    return click.option(
        "--grammar/--no-grammar", default=None,
        help="Check grammar with LanguageTool (off by default; `grammar:` in the config). "
        "Without a server, language-tool-python runs one locally (Java 17).")(command)


def check_options(**kwargs: Any) -> CheckOptions:
    from replycoach.runner import CheckOptions

    if kwargs.get("context") == "-" and "-" in kwargs.get("paths", ()):
        raise click.UsageError("stdin ('-') cannot be both the draft and the --context")
    return CheckOptions(
        language=kwargs["language"],
        locale=kwargs["locale"],
        channel=kwargs["channel"],
        context=kwargs["context"],
        select=_split(kwargs["select"]),
        ignore=_split(kwargs["ignore"]),
        config=kwargs["config"],
        isolated=kwargs["isolated"],
        encoding=kwargs["encoding"],
    )
