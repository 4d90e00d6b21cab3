"""Figures over many replies without keeping them, and picking up an interrupted --output."""

from __future__ import annotations

from pathlib import Path

import pytest

from replycoach.scoring.aggregate import Aggregates, bin_of
from replycoach.scoring.records import CsvLayout, FindingRecord, ScoredReply
from replycoach.scoring.resume import complete_length, completed


def _reply(reply_id: str, score: float, agent: str | None = None,
           rules: tuple[str, ...] = ()) -> ScoredReply:
    findings = [FindingRecord(rule, "tone", "warning", "msg", f"text of {reply_id}", 0, 4, 35)
                for rule in rules]
    return ScoredReply(reply_id, score, {"tone": score}, findings=findings, agent=agent)


def test_bins_put_a_perfect_score_in_the_top_band():
    assert [bin_of(s) for s in (0, 9.9, 10, 59.9, 90, 100)] == [0, 0, 1, 5, 9, 9]


def test_median_mean_and_agents_are_exact():
    agg = Aggregates(("tone",))
    for i, score in enumerate([40, 90.5, 70, 100]):
        agg.add(_reply(f"r{i}", score, agent="anna" if i % 2 else "ben"))
    assert agg.median == pytest.approx((70 + 90.5) / 2, abs=0.05)
    assert agg.overall.mean == (40 + 90.5 + 70 + 100) / 4
    assert agg.agents_json()["anna"]["replies"] == 2
    assert agg.agents_json()["ben"]["min"] == 40
    agg.add(_reply("r4", 10))
    assert agg.median == 70.0


def test_rules_counted_per_finding_and_per_reply_with_few_examples():
    agg = Aggregates(("tone",))
    for i in range(10):
        agg.add(_reply(f"r{i}", 50, rules=("x.tone.a", "x.tone.a")))
    (top,) = agg.top_rules()
    assert (top.count, top.replies) == (20, 10)
    assert len(top.examples) == 3 and top.examples[0] == {"id": "r0", "text": "text of r0"}


def test_only_the_lowest_replies_are_kept():
    agg = Aggregates(("tone",))
    for i in range(100):
        agg.add(_reply(f"r{i}", float((i * 37) % 100)))
    assert [e.score for e in agg.lowest] == [0, 1, 2, 3, 4, 5, 6, 7]


def test_a_half_written_csv_record_is_cut_even_inside_quotes(tmp_path: Path):
    layout = CsvLayout(("tone",))
    header = ",".join(layout.header)
    done = 'a,anna,en,chat,80,80,0,,,"a time; a\nnext step",\n'
    path = tmp_path / "out.csv"
    path.write_text(f"{header}\n{done}b,ben,en,chat,50,50,1,x.tone.a,,\"half\nwritten",
                    encoding="utf-8")
    assert complete_length(path, "csv") == len(f"{header}\n{done}".encode())
    replies = list(completed(path, "csv", layout))
    assert [r.id for r in replies] == ["a"] and replies[0].categories == {"tone": 80.0}
    assert path.read_text(encoding="utf-8").endswith("next step\",\n")


def test_a_half_written_json_line_is_cut(tmp_path: Path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a", "score": 50, "categories": {}}\n{"id": "b", "sc',
                    encoding="utf-8")
    assert [r.id for r in completed(path, "jsonl", CsvLayout(()))] == ["a"]
    assert path.read_text(encoding="utf-8").count("\n") == 1
