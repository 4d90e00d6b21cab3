"""Files replycoach derives once and keeps between runs, in the user's cache folder.

Everything here can be rebuilt from installed files (the key says from which), so a cache
that cannot be written or read only costs time: callers fall back to building in memory.
The folder is platformdirs' user cache folder for "replycoach" (~/.cache/replycoach on
Linux, honouring XDG_CACHE_HOME), or $REPLYCOACH_CACHE_DIR. Nothing from a draft is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "REPLYCOACH_CACHE_DIR"
T = TypeVar("T")


def cache_root() -> Path:
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("replycoach")


def file_key(*parts: object) -> str:
    """A short stable digest of what a cached file was built from."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def write_atomically(path: Path, data: bytes) -> bool:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return True
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            temporary.unlink(missing_ok=True)
        return False


def pickled(folder: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, kept as a pickle in <cache>/<folder>/<key>.pickle and read back next time.

    Only replycoach writes these files, in the user's own cache folder; an unreadable or
    stale one is rebuilt and replaced.
    """
    path = cache_root() / folder / f"{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, ValueError, TypeError):
        return pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
    value = build()
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value
