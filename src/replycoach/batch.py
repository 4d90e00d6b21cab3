"""`check --jobs N`: the files of a batch shared among N worker processes, results in order.

This process checks the first chunk of files itself, which loads what every draft needs
(spaCy, the language detector, the rules of the languages met, dictionaries); the workers are
forked only then, so they start with all of it loaded and pay nothing again unless they meet
a language the first chunk did not have. Chunks come back in file order, so the output is
the same as with one job. A single file, a few files or standard input never start workers.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator

from replycoach.errors import ReplycoachError
from replycoach.inputs import STDIN
from replycoach.runner import CheckOptions, FileResult, check_file
from replycoach.workers import chunked, process_context

CHUNK_FILES = 16  # about 15 ms of work: little waiting at the end, little talk between processes
# Forking copies only this thread, and every lock as it is now: a lock another thread holds
# (one of a library's, or of a program that runs the check in-process) would stay held for
# ever in a worker. replycoach starts no thread of its own; others get a grace to end.
THREADS_GRACE_SECONDS = 10.0

_options = CheckOptions()
_context: str | None = None


def check_in_parallel(names: list[str], options: CheckOptions, context: str | None,
                      jobs: int) -> Iterator[FileResult]:
    """FileResults for `names`, in order, as `runner.check_file` makes them."""
    first, rest = names[:CHUNK_FILES], names[CHUNK_FILES:]
    for name in first:
        yield check_file(name, options, context)
    chunks = list(chunked(rest, CHUNK_FILES))
    # One chunk is done sooner here than in a worker; a worker cannot read our stdin.
    if len(chunks) < 2 or jobs < 2 or STDIN in rest or not _threads_settled():
        for name in rest:
            yield check_file(name, options, context)
        return
    yield from _in_workers(chunks, options, context, min(jobs, len(chunks)))


def _threads_settled() -> bool:
    """Wait a little for other threads to end: True if none is left, and forking is safe;
    else the files are checked here."""
    deadline = time.monotonic() + THREADS_GRACE_SECONDS
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    for thread in others:
        thread.join(max(deadline - time.monotonic(), 0))
    return not any(thread.is_alive() for thread in others)


def _in_workers(chunks: list[list[str]], options: CheckOptions, context: str | None,
                jobs: int) -> Iterator[FileResult]:
    start = process_context()
    # The collector would touch every object in every worker, copying the shared memory.
    gc.freeze()
    try:
        pool = start.Pool(jobs, initializer=_init_worker, initargs=(options, context))
    finally:
        gc.unfreeze()
    try:
        for results, error in pool.imap(_check_chunk, chunks):
            yield from results
            if error is not None:
                raise ReplycoachError(error)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _init_worker(options: CheckOptions, context: str | None) -> None:
    global _options, _context
    _options, _context = options, context
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle


def _check_chunk(names: list[str]) -> tuple[list[FileResult], str | None]:
    """The chunk's results, and the error that stopped it (a broken config or rule pack)
    after the files before it, as one job would have stopped."""
    results: list[FileResult] = []
    try:
        for name in names:
            results.append(check_file(name, _options, _context))
    except ReplycoachError as exc:
        # Our errors carry constructor arguments that do not survive pickling: keep the text.
        return results, str(exc)
    return results, None
