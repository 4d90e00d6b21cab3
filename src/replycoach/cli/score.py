"""`replycoach score`: score sample replies against a rubric, for trainers."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from replycoach.model import CHANNELS

if TYPE_CHECKING:  # the scoring modules load when `score` runs, not for --help
    from replycoach.scoring.outputs import JsonStream
    from replycoach.scoring.records import ScoredReply
    from replycoach.scoring.run import ScoreRun


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--rubric", metavar="FILE|NAME",
              help="A rubric file, or the name of a bundled one. Default: default.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]),
              default="text", show_default=True,
              help="What goes to standard output: a table, one JSON object, or CSV rows.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write each reply's result to this .jsonl or .csv file as it is scored; "
              "standard output then gets only the summary.")
@click.option("--resume", is_flag=True,
              help="Skip the replies already in --output and append the rest.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a self-contained HTML report with charts.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core).")
@click.option("--delimiter", metavar="CHAR",
              help="CSV delimiter (',', ';', 'tab', ...). Default: guessed from the header.")
@click.option("--lang", "language", metavar="CODE",
              help="Language of rows without a 'lang' column. Default: detected per reply.")
@click.option("--locale", metavar="TAG", help="Customer locale of rows without a 'locale'.")
@click.option("--channel", type=click.Choice(CHANNELS),
              help="Channel of rows without a 'channel'. Default: as `check` decides.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .replycoach.yml.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--encoding", metavar="NAME",
              help="Encoding of the inputs (default UTF-8, with or without BOM).")
@click.pass_context
def score(ctx: click.Context, paths: tuple[str, ...], rubric: str | None, output_format: str,
          output: Path | None, resume: bool, html_path: Path | None, jobs: int,
          delimiter: str | None, language: str | None, locale: str | None,
          channel: str | None, config: Path | None, isolated: bool,
          encoding: str | None) -> int:
    """Score sample replies from 0 to 100 against a rubric, per reply and per agent.

    FILE is a .csv/.tsv or .jsonl file with columns (keys) id, text (or reply) and optionally
    agent, context, lang, locale, channel, grade and grade_<category>; or a folder of .txt,
    .md and .eml drafts. Other columns are passed through to the output.

    \b
    Examples:
      replycoach score replies.csv
      replycoach score replies.csv --html report.html
      replycoach score big.jsonl --output scores.jsonl --jobs 0 --resume
      replycoach score --format json --rubric my-rubric.yml replies.jsonl

    Exit status: 0 scored, 2 could not run (a bad input line, rubric or option).
    """
    from replycoach.languages import available_languages
    from replycoach.locales import find_locale
    from replycoach.scoring.html_report import write_report
    from replycoach.scoring.outputs import open_output, output_kind
    from replycoach.scoring.rubric import load_rubric
    from replycoach.scoring.run import prepare, resume_from
    from replycoach.scoring.scorer import ScoreSettings
    from replycoach.workers import resolve_jobs

    if resume and output is None:
        raise click.UsageError("--resume needs --output: the file to pick up from")
    if output is not None and output_format == "csv":
        raise click.UsageError("--format csv prints the replies; with --output, name a .csv "
                               "file there instead")
    kind = output_kind(output) if output is not None else None
    if language is not None and language not in available_languages():
        raise click.BadParameter(f"unknown language '{language}' (available: "
                                 f"{', '.join(available_languages())})", param_hint="--lang")
    if locale is not None:
        locale = find_locale(locale).tag
    settings = ScoreSettings(load_rubric(rubric), language=language, locale=locale,
                             channel=channel, config=config, isolated=isolated)
    run = prepare(list(paths), settings, encoding, delimiter)
    if resume and output is not None:
        resume_from(run, output)
        if run.resumed:
            click.echo(f"replycoach: resuming: {run.resumed:,} replies already in {output}, "
                       f"{run.remaining:,} to go", err=True)
    with contextlib.ExitStack() as stack:
        writers: list[Callable[[ScoredReply], None]] = []
        if output is not None and kind is not None:
            handle, writer = open_output(output, kind, run.layout, append=resume)
            stack.callback(handle.close)
            writers.append(writer.write)
        stream = _stdout_writer(ctx, sys.stdout, output_format, output is not None, run,
                                writers)
        # The bar would garble a table on the same terminal: only when results go elsewhere.
        if (output is not None or not sys.stdout.isatty()) and sys.stderr.isatty() \
                and run.remaining:
            bar = stack.enter_context(click.progressbar(
                length=run.remaining, label="Scoring", file=sys.stderr, show_pos=True,
                show_eta=True))
            writers.append(lambda _reply: bar.update(1))
        for reply in run.score(resolve_jobs(jobs)):
            for write in writers:
                write(reply)
    _finish(ctx, run, output_format, output, stream)
    if html_path is not None:
        write_report(html_path, run.aggregates, settings.rubric, run.names)
        click.echo(f"replycoach: wrote {html_path}", err=True)
    if run.aggregates.notes:
        click.echo(f"replycoach: note: {run.aggregates.notes:,} replies in a language without "
                   "rule packs got only the language-neutral checks", err=True)
    return 0


def _stdout_writer(ctx: click.Context, stdout: IO[str], output_format: str, to_file: bool,
                   run: ScoreRun, writers: list[Callable[[ScoredReply], None]]
                   ) -> JsonStream | None:
    """Per-reply output on stdout, unless it goes to --output."""
    from replycoach.scoring.outputs import CsvWriter, JsonStream
    from replycoach.scoring.terminal import table_header, table_row

    if to_file:
        return None
    if output_format == "json":
        stream = JsonStream(stdout)
        writers.append(stream.write)
        return stream
    if output_format == "csv":
        writers.append(CsvWriter(stdout, run.layout).write)
        return None
    click.echo(table_header(), color=ctx.color)
    writers.append(lambda reply: click.echo(table_row(reply), color=ctx.color))
    return None


def _finish(ctx: click.Context, run: ScoreRun, output_format: str, output: Path | None,
            stream: JsonStream | None) -> None:
    from replycoach.scoring.terminal import summary_lines

    agg = run.aggregates
    rest: dict[str, Any] = {"agents": agg.agents_json(), "calibration": agg.calibration.report(),
                            "summary": agg.summary_json()}
    if output_format == "json":
        if stream is not None:
            stream.finish(rest)
        else:
            click.echo(json.dumps({"output": str(output), **rest}, ensure_ascii=False,
                                  indent=2))
    elif output_format == "text":
        for line in summary_lines(agg, run.settings.rubric):
            click.echo(line, color=ctx.color)
