"""One scoring run, from named inputs to scored replies: check, resume, score, aggregate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from replycoach.scoring.aggregate import Aggregates
from replycoach.scoring.inputs import Row, Source, Survey, open_source, read_rows, survey
from replycoach.scoring.outputs import output_kind
from replycoach.scoring.parallel import score_rows
from replycoach.scoring.records import CsvLayout, ScoredReply
from replycoach.scoring.resume import completed
from replycoach.scoring.scorer import ScoreSettings


@dataclass
class ScoreRun:
    """Inputs checked and surveyed, earlier results (with --resume) already counted."""

    names: list[str]
    settings: ScoreSettings
    sources: list[Source]
    survey: Survey
    layout: CsvLayout
    aggregates: Aggregates
    done: Counter[str] = field(default_factory=Counter)  # id -> replies already in --output

    @property
    def resumed(self) -> int:
        return sum(self.done.values())

    @property
    def remaining(self) -> int:
        return max(self.survey.rows - self.resumed, 0)

    def pending(self) -> Iterator[Row]:
        """Rows not yet in --output. A repeated id is skipped only as often as it was done."""
        left = Counter(self.done)
        for row in read_rows(self.sources):
            if left[row.id] > 0:
                left[row.id] -= 1
                continue
            yield row

    def score(self, jobs: int) -> Iterator[ScoredReply]:
        for reply in score_rows(self.pending(), self.settings, jobs):
            self.aggregates.add(reply)
            yield reply


def prepare(names: list[str], settings: ScoreSettings, encoding: str | None = None,
            delimiter: str | None = None) -> ScoreRun:
    """Open every input and check every row before anything is scored."""
    sources = [open_source(name, encoding, delimiter) for name in names]
    found = survey(sources)
    rubric = settings.rubric
    layout = CsvLayout(rubric.names, tuple(found.grade_categories), tuple(found.columns))
    return ScoreRun(names, settings, sources, found, layout, Aggregates(rubric.names))


def resume_from(run: ScoreRun, output: Path, on_reply: Callable[[ScoredReply], None] | None
                = None) -> None:
    """Count the replies `output` already holds into the run's aggregates."""
    for reply in completed(output, output_kind(output), run.layout):
        run.aggregates.add(reply)
        run.done[reply.id] += 1
        if on_reply is not None:
            on_reply(reply)

