"""`replycoach serve`: a warm local server with a JSON API and a page (imports stay lazy)."""

from __future__ import annotations

from pathlib import Path

import click

SERVE_EXTRA_HINT = ("the server needs FastAPI and uvicorn: pip install 'replycoach[serve]' "
                    "(with -c constraints.txt in a checkout)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback accepts drafts from other "
              "machines, without authentication.")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True,
              help="Port to listen on (0: any free port; the URL is printed).")
@click.option("--max-body", type=click.IntRange(min=1024), default=1024 * 1024,
              show_default=True, help="Largest request body in bytes (larger: 413).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds one request may wait for a worker and run (longer: 503).")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True,
              help="Checks that run at once; more wait their turn.")
@click.option("--warm", "warm", metavar="CODES",
              help="Languages to compile at start-up, e.g. en,cs (default: all; the others "
              "compile on their first draft).")
@click.option("--rubric", metavar="FILE|NAME", help="Default rubric for /v1/score.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .replycoach.yml "
              "(looked up from the current folder).")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log one line per request (method, path, status; never a body).")
@click.option("--state-file/--no-state-file", default=True, show_default=True,
              help="Tell `replycoach check` on this machine where this server listens.")
def serve(host: str, port: int, max_body: int, timeout: float, threads: int,
          warm: str | None, rubric: str | None, config: Path | None, isolated: bool,
          access_log: bool, state_file: bool) -> int:
    """Run a warm local server: a JSON API and a page to paste drafts into.

    Rules are compiled once at start-up, so each check takes milliseconds. `replycoach check`
    on this machine uses the server when it runs (see --server there).

    \b
    Endpoints:
      GET  /             a page: paste a draft, pick a locale, see the findings
      POST /v1/check     check a draft: the JSON of `replycoach check --format json`
      POST /v1/score     score replies: the JSON of `replycoach score --format json`
      GET  /v1/meta      languages, locales, channels, categories, rubrics
      GET  /openapi.json the API described (OpenAPI 3)

    \b
    Examples:
      replycoach serve
      replycoach serve --port 9000 --warm en,cs
      curl -s localhost:8787/v1/check -H 'Content-Type: application/json' \\
           -d '{"text": "We cannot refund sale items.", "locale": "en-US"}'
    """
    try:
        from replycoach.server.app import Limits
        from replycoach.server.run import ServeSettings
        from replycoach.server.run import serve as run_server
        from replycoach.server.service import ServiceSettings
    except ImportError as exc:
        raise click.ClickException(f"{SERVE_EXTRA_HINT} ({exc.name} is missing)") from None
    languages = [c.strip() for c in warm.split(",") if c.strip()] if warm else None
    settings = ServeSettings(
        host=host, port=port,
        limits=Limits(max_body=max_body, timeout=timeout, threads=threads),
        service=ServiceSettings(config=config, isolated=isolated, rubric=rubric),
        warm=languages, access_log=access_log, state_file=state_file)
    run_server(settings)
    return 0
