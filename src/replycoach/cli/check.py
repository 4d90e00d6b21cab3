"""`replycoach check`: lint drafts and report findings."""

from __future__ import annotations

from typing import Any

import click

from replycoach.cli.options import (
    FAIL_ON_CHOICES,
    check_options,
    draft_options,
    grammar_options,
    jobs_option,
    server_option,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


@click.command()
@draft_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for tools.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
              help="Exit 1 when a finding is at least this severe. Default: warning "
              "(or fail_on in the config).")
@jobs_option
@server_option
@grammar_options
@click.pass_context
def check(ctx: click.Context, output_format: str, fail_on: str | None, **kwargs: Any) -> int:
    """Check draft replies and print what a team lead would point out.

    DRAFT is a file, a folder (its .txt, .md and .eml files) or '-' for stdin.

    \b
    Examples:
      replycoach check draft.txt
      replycoach check --context customer.txt draft.txt
      cat draft.txt | replycoach check --format json -
      replycoach check --jobs 0 --format json replies/
    """
    # Imported here so that `check --help` answers without loading the engine.
    from replycoach.client import remote_check
    from replycoach.grammar.checker import GrammarChoice, GrammarPass
    from replycoach.reporters import json_report, text_report
    from replycoach.runner import FileResult, check_paths, fails
    from replycoach.workers import resolve_jobs

    server = kwargs.pop("server", None)
    jobs = resolve_jobs(kwargs.pop("jobs"))
    choice = GrammarChoice(kwargs.pop("grammar", None), kwargs.pop("grammar_server", None))
    options = check_options(**kwargs)
    grammar = GrammarPass(choice, options, lambda line: click.echo(f"replycoach: {line}",
                                                                   err=True))
    results: list[FileResult] = []
    failed = False
    remote = remote_check(server, list(kwargs["paths"]), options)  # None: check here
    local = remote is None
    for result in check_paths(list(kwargs["paths"]), options, jobs) if local else remote:
        results.append(result)
        grammar.apply(result)
        failed |= fails(result, fail_on or result.fail_on)
        if result.error is not None:
            click.echo(f"replycoach: error: {result.error}", err=True)
        if result.note is not None:
            click.echo(f"replycoach: note: {result.path}: {result.note}", err=True)
        if output_format == "text":
            for line in text_report.file_lines(result):
                click.echo(line, color=ctx.color)
    grammar.close()
    if output_format == "json":
        click.echo(json_report.render(results, failed))
    else:
        click.echo(text_report.summary_line(results), color=ctx.color)
    if any(r.error is not None for r in results):
        return EXIT_CANNOT_RUN
    return EXIT_FINDINGS if failed else EXIT_CLEAN
