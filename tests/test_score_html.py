"""`--html`: a self-contained report with charts, checked as text and in a real browser.

The browser test drives Debian's chromium headless (`apt-get install chromium`, which .ci/run
does): the page must render, its charts must be in the DOM, and a screenshot must show a page
with many colours, not a blank or an error page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import click.testing
import pytest

SAMPLE = Path(__file__).parent / "fixtures" / "score" / "sample.csv"
CHARTS = ("chart-histogram", "chart-categories", "chart-agents", "chart-heatmap",
          "chart-findings", "chart-missed", "chart-scatter")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Main:
    name = "replycoach"

    def main(self, args: list[str], prog_name: str, **_: object) -> None:
        from replycoach.cli import main

        with mock.patch.object(sys, "argv", [prog_name, *args]):
            main()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    replies = folder / "replies.csv"
    text = SAMPLE.read_text(encoding="utf-8")
    # An id that would break naive HTML: it must come out as text, not markup.
    replies.write_text(text.replace("t20,", '<b onclick="x()">t20</b>,', 1), encoding="utf-8")
    path = folder / "report.html"
    result = click.testing.CliRunner().invoke(
        _Main(), ["score", "--isolated", "--html", str(path), str(replies)],  # type: ignore
        prog_name="replycoach")
    assert result.exit_code == 0, result.stderr
    assert f"wrote {path}" in result.stderr
    return path


def test_report_is_self_contained(report: Path):
    html = report.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<script" not in html and "@import" not in html and "url(" not in html


def test_report_has_every_chart_and_escapes_what_it_quotes(report: Path):
    html = report.read_text(encoding="utf-8")
    for chart in CHARTS:
        assert f'class="chart {chart}"' in html, chart
    assert '<b onclick="x()">' not in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;t20&lt;/b&gt;" in html
    for section in ("Score distribution", "Scores per agent", "Most frequent findings",
                    "Calibration against the trainer", "Coach these first"):
        assert section in html


def _chromium(*args: str, user_dir: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={user_dir}",
               *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def _colours(png: Path) -> tuple[int, float]:
    """Distinct colours in the screenshot, and the share of its most common colour."""
    from PIL import Image

    with Image.open(png) as image:
        pixels = image.convert("RGB")
        counts = pixels.getcolors(maxcolors=1 << 24) or []
        total = pixels.width * pixels.height
    return len(counts), max(c for c, _ in counts) / total


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                    "(apt-get install chromium; .ci/run does): browser test skipped")
def test_report_renders_in_a_real_browser(report: Path, tmp_path: Path):
    url = report.resolve().as_uri()
    dom = _chromium("--dump-dom", url, user_dir=tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    for chart in CHARTS:
        assert f'class="chart {chart}"' in dom.stdout, chart
    assert dom.stdout.count('<rect class="bar"') >= 20
    assert dom.stdout.count('<circle class="dot"') == 20  # one per graded reply
    assert "Reply scores" in dom.stdout

    shot = tmp_path / "report.png"
    taken = _chromium(f"--screenshot={shot}", "--window-size=1200,2000", "--hide-scrollbars",
                      url, user_dir=tmp_path / "profile-shot")
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-2000:]
    distinct, dominant = _colours(shot)
    assert distinct > 200, distinct  # charts, text and colour bands, not a blank page
    assert dominant < 0.8, dominant
