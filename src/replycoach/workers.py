"""What `check --jobs` and `score --jobs` share: the job count, chunks, and how workers start."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context

T = TypeVar("T")


def resolve_jobs(jobs: int) -> int:
    """--jobs 0 means one per core."""
    return jobs if jobs > 0 else os.cpu_count() or 1


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def process_context() -> multiprocessing.context.BaseContext:
    """fork where there is one: workers start at once and share what this process loaded;
    spawn elsewhere (Windows), where each worker loads it again."""
    import multiprocessing  # here: 10 ms that a check of one draft never needs

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
