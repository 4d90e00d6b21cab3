"""`replycoach score` end to end: the table, JSON and CSV outputs, incremental --output with
--resume, several jobs giving the same answers, and bounded read-ahead for large inputs."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import click.testing
import pytest

from replycoach.scoring import parallel
from replycoach.scoring.records import ScoredReply
from replycoach.scoring.rows import Row
from replycoach.scoring.rubric import load_rubric
from replycoach.scoring.scorer import ScoreSettings

SAMPLE = Path(__file__).parent / "fixtures" / "score" / "sample.csv"
AGENTS = {"Anna", "Ben", "Carla", "Dmitri"}


class _Main:
    name = "replycoach"

    def main(self, args: list[str], prog_name: str, **_: object) -> None:
        from replycoach.cli import main

        with mock.patch.object(sys, "argv", [prog_name, *args]):
            main()


def score(*args: object) -> click.testing.Result:
    """`replycoach score ARGS` in-process, keeping compiled rules between runs (the real,
    bundled rules do not change during the test session)."""
    result = click.testing.CliRunner().invoke(
        _Main(), ["score", *map(str, args)], env={"REPLYCOACH_DEBUG": "1"},  # type: ignore
        prog_name="replycoach")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def sample_json() -> dict:
    result = score("--format", "json", "--isolated", SAMPLE)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_table_shows_each_reply_then_agents_and_calibration():
    result = score("--isolated", SAMPLE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0].split()[:3] == ["score", "id", "agent"]
    for reply_id in ("t01", "t20"):
        assert reply_id in out
    assert "20 replies scored with rubric 'default'" in out
    assert all(name in out for name in AGENTS)
    assert "Calibration against 20 trainer grades: Spearman +" in out
    assert "(capped: empathy)" in out  # t02 ignores an upset customer
    assert result.stderr == ""  # no progress bar when not on a terminal


def test_json_has_replies_agents_and_calibration(sample_json: dict):
    replies = sample_json["replies"]
    assert [r["id"] for r in replies] == [f"t{i:02d}" for i in range(1, 21)]
    first = replies[0]
    assert {"id", "score", "categories", "findings", "earned", "missed", "grade",
            "columns"} <= set(first)
    assert 0 <= first["score"] <= 100 and set(first["categories"]) >= {"empathy", "tone"}
    assert first["columns"] == {"team": "EU-1"}  # unknown columns passed through
    by_id = {r["id"]: r for r in replies}
    assert by_id["t05"]["score"] > by_id["t06"]["score"] + 30  # same message, good vs rude
    assert set(sample_json["agents"]) == AGENTS
    anna, ben = sample_json["agents"]["Anna"], sample_json["agents"]["Ben"]
    assert anna["replies"] == 5 and anna["mean"] > ben["mean"]
    calibration = sample_json["calibration"]
    assert calibration["graded"] == 20 and calibration["spearman"] > 0.6
    assert calibration["categories"]["empathy"]["graded"] == 8
    assert len(calibration["disagreements"]) > 0
    assert sample_json["summary"]["replies"] == 20


def test_findings_in_json_say_what_they_cost(sample_json: dict):
    rude = next(r for r in sample_json["replies"] if r["id"] == "t06")
    calm_down = next(f for f in rude["findings"] if f["rule"] == "en.blame.calm-down")
    assert calm_down["severity"] == "error" and calm_down["points"] > 0
    assert calm_down["text"].lower() == "calm down"
    assert "tone" in rude["capped_by"]


def test_csv_to_stdout_has_categories_grades_and_passed_through_columns():
    result = score("--format", "csv", "--isolated", SAMPLE)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20
    assert {"id", "agent", "score", "empathy", "grade", "grade_empathy", "team"} <= set(rows[0])
    assert rows[0]["team"] == "EU-1" and float(rows[0]["score"]) > 0


def test_output_file_then_resume_skips_what_is_done(tmp_path: Path):
    rows = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    partial = tmp_path / "replies.csv"
    header_and_first = "".join(rows[:1]) + "".join(
        line for line in _records(SAMPLE)[:5])
    partial.write_text(header_and_first, encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    first = score("--isolated", "--output", out, partial)
    assert first.exit_code == 0, first.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    # The run was cut short mid-write: a half line at the end is dropped on resume.
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "t06", "sco')
    shutil.copyfile(SAMPLE, partial)
    second = score("--isolated", "--output", out, "--resume", "--format", "json", partial)
    assert second.exit_code == 0, second.stderr
    assert "resuming: 5 replies already in" in second.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [f"t{i:02d}" for i in range(1, 21)]
    summary = json.loads(second.stdout)
    assert "replies" not in summary and summary["output"] == str(out)
    assert summary["summary"]["replies"] == 20  # the resumed ones count in the aggregates
    assert set(summary["agents"]) == AGENTS


def _records(path: Path) -> list[str]:
    """The CSV's records as text (a record may span lines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        result = []
        for record in reader:
            writer.writerow(record)
            result.append(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        return result


def test_resume_counts_repeated_ids(tmp_path: Path):
    replies = tmp_path / "r.jsonl"
    same = json.dumps({"id": "dup", "text": "Thanks, it ships today."})
    replies.write_text(f"{same}\n{same}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert score("--isolated", "--output", out, replies).exit_code == 0
    replies.write_text(f"{same}\n{same}\n{same}\n", encoding="utf-8")
    again = score("--isolated", "--output", out, "--resume", replies)
    assert again.exit_code == 0, again.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["dup", "dup", "dup"]


def test_resume_refuses_a_file_with_other_columns(tmp_path: Path):
    out = tmp_path / "out.csv"
    out.write_text("id,score\nx,50\n", encoding="utf-8")
    result = score("--isolated", "--output", out, "--resume", SAMPLE)
    assert result.exit_code == 2
    assert "its columns differ from this run's" in result.stderr
    assert out.read_text(encoding="utf-8") == "id,score\nx,50\n"  # left alone


@pytest.mark.parametrize(("args", "message"), [
    (["--resume"], "--resume needs --output"),
    (["--output", "x.txt"], "name a .jsonl or .csv file"),
    (["--format", "csv", "--output", "x.csv"], "--format csv prints the replies"),
    (["--delimiter", ";;"], "--delimiter must be one character"),
    (["--lang", "xx"], "unknown language 'xx'"),
    (["--locale", "xx-YY"], "unknown locale 'xx-YY'"),
])
def test_bad_option_combinations_exit_2(tmp_path: Path, args: list[str], message: str):
    result = score(*args, SAMPLE)
    assert result.exit_code == 2
    assert message in result.stderr


def test_two_jobs_give_the_same_results_in_the_same_order(tmp_path: Path, sample_json: dict):
    out = tmp_path / "two.jsonl"
    result = score("--isolated", "--jobs", "2", "--output", out, SAMPLE)
    assert result.exit_code == 0, result.stderr
    parallel_replies = [json.loads(line) for line in out.read_text().splitlines()]
    assert parallel_replies == sample_json["replies"]


def test_a_language_without_packs_is_noted_not_misjudged(tmp_path: Path):
    replies = tmp_path / "r.csv"
    replies.write_text("id,lang,text\n1,de,Vielen Dank für Ihre Geduld!\n2,en,Thanks!\n",
                       encoding="utf-8")
    result = score("--isolated", "--format", "json", replies)
    assert result.exit_code == 0
    german, english = json.loads(result.stdout)["replies"]
    assert german["language"] == "de" and "no rule packs" in german["note"]
    assert english["note"] is None
    assert "1 replies in a language without rule packs" in result.stderr
    assert "Vielen" not in result.stderr  # never draft text on stderr


# --- large inputs: bounded read-ahead --------------------------------------------------------

class _QuickScorer:
    """Stands in for the real scorer in the workers: the test is about flow, not scores."""

    def __init__(self, settings: ScoreSettings) -> None:
        self.settings = settings

    def score(self, row: Row) -> ScoredReply:
        time.sleep(0.002)
        return ScoredReply(row.id, float(len(row.text) % 100), {})


def test_many_rows_are_read_only_a_few_chunks_ahead(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "Scorer", _QuickScorer)  # inherited by forked workers
    pulled = 0

    def rows() -> Iterator[Row]:
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield Row(id=str(i), text="x" * (i % 7 + 1), where="", directory=".")

    settings = ScoreSettings(load_rubric())
    results = parallel.score_rows(rows(), settings, jobs=2, chunk_rows=10)
    taken = [next(results) for _ in range(50)]
    time.sleep(0.3)  # give the reader every chance to run ahead
    bound = (2 * parallel.CHUNKS_PER_JOB + 2) * 10
    assert pulled <= 50 + bound, pulled
    assert [r.id for r in taken] == [str(i) for i in range(50)]
    results.close()  # stops the pool and the reader
    assert pulled < 1000


def test_progress_bar_goes_to_a_terminal_stderr_only(tmp_path: Path):
    controller, terminal = pty.openpty()
    out = tmp_path / "scores.jsonl"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "replycoach", "score", "--isolated", "--output", str(out),
             str(SAMPLE)], stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL,
            timeout=300, check=False)
    finally:
        os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert proc.returncode == 0
    assert b"Scoring" in shown and b"20/20" in shown
    assert b"Scoring" not in proc.stdout  # the summary on stdout stays clean for pipes
    assert b"20 replies scored" in proc.stdout
