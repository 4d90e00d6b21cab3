"""`replycoach fix`: show (or apply) the rewrites that rules mark as safe."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from replycoach.cli.options import check_options, draft_options
from replycoach.errors import InputError
from replycoach.fixes import apply_fixes
from replycoach.inputs import STDIN
from replycoach.model import Fix

if TYPE_CHECKING:
    from replycoach.runner import FileResult


def _source_fixes(result: FileResult, unsafe: bool) -> list[Fix]:
    """The chosen fixes, moved from draft offsets to offsets in the file."""
    assert result.draft is not None
    draft = result.draft
    if not draft.verbatim:
        # The agent's text is encoded in the file (quoted-printable, base64, HTML): a rewrite
        # at the decoded offsets would corrupt the message.
        return []
    return [
        Fix(draft.source_offset(f.fix.start), draft.source_offset(f.fix.end),
            f.fix.replacement, f.fix.safe)
        for f in result.findings
        if f.fix is not None and (f.fix.safe or unsafe)
    ]


def _write(result: FileResult, text: str) -> None:
    assert result.raw is not None
    data = text.encode(result.raw.encoding)
    if result.raw.bom:
        data = b"\xef\xbb\xbf" + data
    if result.path == STDIN:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(result.path).write_bytes(data)
        except OSError as exc:
            raise InputError(result.path, f"cannot write: {exc.strerror or exc}") from None


DIFF_COLOURS = {"+": "green", "-": "red", "@": "cyan"}
NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(original: str, fixed: str, path: str) -> list[str]:
    """A diff that `patch` and `git apply` accept: each line keeps its own ending (CRLF
    stays CRLF) and a last line without one gets the standard marker."""
    lines = []
    for line in difflib.unified_diff(
        original.splitlines(keepends=True), fixed.splitlines(keepends=True),
        fromfile=_diff_name("a", path), tofile=_diff_name("b", path),
    ):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.extend([line + "\n", NO_NEWLINE])
    return lines


def _diff_name(side: str, path: str) -> str:
    """git-style a/ and b/ prefixes for relative paths, so `patch -p1` applies the diff."""
    return path if path == STDIN or Path(path).is_absolute() else f"{side}/{path}"


@click.command()
@draft_options
@click.option("--write", is_flag=True, help="Apply the fixes to the files (stdin: print the "
              "fixed text) instead of showing a diff.")
@click.option("--unsafe", is_flag=True,
              help="Also apply rewrites marked unsafe (they may need a human look).")
@click.pass_context
def fix(ctx: click.Context, write: bool, unsafe: bool, **kwargs: Any) -> int:
    """Show the safe rewrites as a unified diff, or apply them with --write.

    Only rewrites that cannot change the meaning are safe; --unsafe adds the rest.
    Rewrites never overlap: when two touch the same words, the first one wins.

    \b
    Examples:
      replycoach fix draft.txt            # show the diff
      replycoach fix --write draft.txt    # apply it
    """
    options = check_options(**kwargs)
    status, changed, applied = 0, 0, 0
    from replycoach.runner import check_paths  # here: `fix --help` needs no engine

    for result in check_paths(list(kwargs["paths"]), options):
        if result.error is not None:
            click.echo(f"replycoach: error: {result.error}", err=True)
            status = 2
            continue
        if result.note is not None:
            click.echo(f"replycoach: note: {result.path}: {result.note}", err=True)
        assert result.draft is not None
        original = result.draft.source
        if not result.draft.verbatim and any(f.fix for f in result.findings):
            click.echo(f"replycoach: note: {result.path}: the reply is encoded in the message "
                       "(quoted-printable, base64 or HTML); fix it in your mail client", err=True)
        fixed, chosen = apply_fixes(original, _source_fixes(result, unsafe))
        if write:
            if result.path == STDIN or fixed != original:
                _write(result, fixed)
        elif fixed != original:
            for line in unified_diff(original, fixed, result.path):
                body = line.rstrip("\r\n")
                colour = None if line.startswith(("+++", "---")) else DIFF_COLOURS.get(line[:1])
                click.echo(click.style(body, fg=colour) + line[len(body):], nl=False,
                           color=ctx.color)
        if fixed != original:
            changed += 1
            applied += len(chosen)
    verb = "Applied" if write else "Would apply"
    click.echo(f"{verb} {applied} fix{'es' if applied != 1 else ''} in {changed} "
               f"file{'s' if changed != 1 else ''}.", err=True)
    return status
