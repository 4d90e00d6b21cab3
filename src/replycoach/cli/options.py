"""Options shared by `check` and `fix`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from replycoach.model import CHANNELS
from replycoach.runner import CheckOptions


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


def check_options(**kwargs: Any) -> CheckOptions:
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
