"""Score rows on one core or many, in input order, reading ahead only a few chunks.

`Pool.imap` pulls its whole input as fast as it can; a semaphore makes the reader wait until
the results of earlier chunks have been taken, so 100,000 rows never sit in memory at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from replycoach.errors import ReplycoachError
from replycoach.scoring.records import ScoredReply
from replycoach.scoring.rows import Row
from replycoach.scoring.scorer import Scorer, ScoreSettings
from replycoach.workers import chunked, process_context

CHUNK_ROWS = 16
CHUNKS_PER_JOB = 4  # chunks in flight per worker: enough to keep every core busy

_worker_scorer: Scorer | None = None


def _init_worker(settings: ScoreSettings) -> None:
    global _worker_scorer
    _worker_scorer = Scorer(settings)  # rules compile lazily, once per language per worker


def _score_chunk(rows: list[Row]) -> list[ScoredReply]:
    assert _worker_scorer is not None
    try:
        return [_worker_scorer.score(row) for row in rows]
    except ReplycoachError as exc:
        # Our errors carry extra constructor arguments that do not survive pickling.
        raise ReplycoachError(str(exc)) from None


def score_rows(rows: Iterable[Row], settings: ScoreSettings, jobs: int = 1,
               chunk_rows: int = CHUNK_ROWS) -> Iterator[ScoredReply]:
    """Scored replies in the order of `rows`."""
    if jobs <= 1:
        scorer = Scorer(settings)
        for row in rows:
            yield scorer.score(row)
        return
    window = threading.Semaphore(jobs * CHUNKS_PER_JOB)
    stop = threading.Event()

    def feed() -> Iterator[list[Row]]:
        try:
            for chunk in chunked(rows, chunk_rows):
                while not window.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                yield chunk
        except ReplycoachError as exc:  # travels through the pool: keep it picklable
            raise ReplycoachError(str(exc)) from None

    pool = process_context().Pool(jobs, initializer=_init_worker, initargs=(settings,))
    try:
        for results in pool.imap(_score_chunk, feed()):
            window.release()
            yield from results
        pool.close()
    finally:
        stop.set()
        pool.terminate()
        pool.join()
