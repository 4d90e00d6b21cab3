"""`replycoach lsp`: a Language Server over stdio for editors (imports stay lazy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from replycoach.cli.options import _split
from replycoach.model import CHANNELS

LSP_EXTRA_HINT = ("the language server needs pygls: pip install 'replycoach[serve]' "
                  "(with -c constraints.txt in a checkout)")


@click.command()
@click.option("--lang", metavar="CODE", help="Language of the drafts. Default: detected.")
@click.option("--locale", metavar="TAG", help="The customer's culture, e.g. en-US, ja-JP.")
@click.option("--channel", type=click.Choice(CHANNELS), help="Where the replies go.")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .replycoach.yml.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--stdio", is_flag=True, hidden=True,
              help="Accepted for editors that pass it; stdio is the only transport.")
def lsp(**kwargs: Any) -> int:
    """Run a Language Server on stdin/stdout, for editors.

    Open drafts show findings as diagnostics while you type; fixes are code actions. The
    client's initializationOptions may set lang, locale, channel, select, ignore and
    debounce (seconds), overriding these options. See the README for neovim and VS Code.
    """
    try:
        from replycoach.lsp.diagnostics import LspSettings
        from replycoach.lsp.server import run
    except ImportError as exc:
        raise click.ClickException(f"{LSP_EXTRA_HINT} ({exc.name} is missing)") from None
    run(LspSettings(lang=kwargs["lang"], locale=kwargs["locale"], channel=kwargs["channel"],
                    select=_split(kwargs["select"]), ignore=_split(kwargs["ignore"]),
                    config=kwargs["config"], isolated=kwargs["isolated"]))
    return 0
