"""The `replycoach` command: it only wires options to the stages that do the work."""

from __future__ import annotations

import importlib
import os
import sys

import click

from replycoach import __version__
from replycoach.errors import ReplycoachError

EXIT_CANNOT_RUN = 2

# Each command's module, imported only when that command runs (or the command list is shown):
# `replycoach check` must not pay for the scoring report, the server or the LSP.
COMMANDS = {
    "check": "replycoach.cli.check:check",
    "fix": "replycoach.cli.fix:fix",
    "guard": "replycoach.cli.guard:guard",
    "rules": "replycoach.cli.rules:rules",
    "locales": "replycoach.cli.locales:locales",
    "test-rules": "replycoach.cli.rules:test_rules",
    "score": "replycoach.cli.score:score",
    "serve": "replycoach.cli.serve:serve",
    "lsp": "replycoach.cli.lsp:lsp",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command), f"{COMMANDS[cmd_name]} is not a command"
        return command


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="replycoach")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the output (auto: only on a terminal; NO_COLOR "
              "turns it off).")
@click.pass_context
def cli(ctx: click.Context, color: str) -> None:
    """A writing linter for customer-service replies.

    It flags negative phrasing, blame, jargon, missing empathy or acknowledgement and
    structure problems in a draft reply, and suggests positive rewrites.

    \b
    Examples:
      replycoach check draft.txt
      replycoach check --context customer.txt --channel email draft.txt
      replycoach check --format json replies/
      replycoach fix --write draft.txt
      replycoach rules show en.positivity.cannot

    Exit status: 0 no finding reaches --fail-on, 1 one does, 2 replycoach could not run.
    """
    if color == "always":
        ctx.color = True
    elif color == "never" or os.environ.get("NO_COLOR"):
        ctx.color = False



def main() -> None:
    try:
        status = cli.main(standalone_mode=False)
    except click.Abort:
        click.echo("replycoach: aborted", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_CANNOT_RUN)
    except ReplycoachError as exc:
        click.echo(f"replycoach: error: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except BrokenPipeError:
        sys.exit(EXIT_CANNOT_RUN)
    except Exception as exc:  # a bug: say so in one line, without echoing any draft text
        if os.environ.get("REPLYCOACH_DEBUG"):
            raise
        click.echo(f"replycoach: internal error ({type(exc).__name__}); "
                   "set REPLYCOACH_DEBUG=1 for a traceback", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    sys.exit(status if isinstance(status, int) else 0)
