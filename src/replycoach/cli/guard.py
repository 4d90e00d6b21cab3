"""`replycoach guard -- COMMAND ARGS...`: a sendmail wrapper that holds failing messages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from replycoach.cli.options import _split
from replycoach.model import FAIL_ON_CHOICES


@click.command(context_settings={"allow_interspersed_args": False})
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
              help="Hold the message when a finding is at least this severe. Default: "
              "warning (or fail_on in the config).")
@click.option("--hold-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where held messages are kept. Default: the user's state folder "
              "(e.g. ~/.local/state/replycoach/held).")
@click.option("--on-error", type=click.Choice(["pass", "hold"]), default="pass",
              show_default=True,
              help="When replycoach itself fails: send the message anyway (pass) or hold it.")
@click.option("--lang", "language", metavar="CODE", help="Language of the replies.")
@click.option("--locale", metavar="TAG", help="The customer's culture, e.g. cs-CZ.")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .replycoach.yml.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.argument("command", nargs=-1, required=True, metavar="-- COMMAND [ARGS]...")
def guard(command: tuple[str, ...], fail_on: str | None, hold_dir: Path | None,
          on_error: str, language: str | None, locale: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], config: Path | None,
          isolated: bool) -> int:
    """Check a message on its way to sendmail; send it, or hold it.

    Reads the message on stdin. When no finding reaches --fail-on, runs COMMAND with exactly
    the same bytes on its stdin and exits with its status. Otherwise prints the findings on
    stderr, keeps the message in the hold folder and exits 75 (temporary failure), so the mail
    client keeps the draft. The message is written to the hold folder before anything else
    and removed only after COMMAND succeeded: it is never lost.

    \b
    Examples:
      set sendmail="replycoach guard -- /usr/sbin/sendmail -oem -oi"   (mutt)
      git send-email --sendmail-cmd="replycoach guard -- msmtp" ...

    Exit status: COMMAND's when sent; 75 held; 69 COMMAND could not be started.
    """
    from replycoach.guard import GuardOptions, default_hold_dir, run_guard
    from replycoach.runner import CheckOptions

    options = GuardOptions(
        command=command,
        hold_dir=hold_dir or default_hold_dir(),
        fail_on=fail_on,
        on_error=on_error,
        check=CheckOptions(language=language, locale=locale, select=_split(select),
                           ignore=_split(ignore), config=config, isolated=isolated),
    )
    data = sys.stdin.buffer.read()
    return run_guard(data, options)

