"""Errors a user can act on. The CLI prints them as one line and exits with status 2."""

from __future__ import annotations

from pathlib import Path


class ReplycoachError(Exception):
    """Something stopped replycoach from running; the message says what and where."""


class InputError(ReplycoachError):
    """A draft could not be read (missing, binary, wrong encoding, empty, too large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DataFileError(ReplycoachError):
    """A YAML file (rule pack, signals, language profile, config) is broken.

    The message names the file, the line and the field, so the author can jump there.
    """

    def __init__(
        self, path: Path | str, reason: str, line: int | None = None, where: str | None = None
    ) -> None:
        location = f"{path}:{line}" if line else str(path)
        prefix = f"{where}: " if where else ""
        super().__init__(f"{location}: {prefix}{reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason
