"""The registry of check kinds: each is one module with FIELDS, REQUIRED and build()."""

from __future__ import annotations

from types import ModuleType

from replycoach.kinds import metric, pattern, phrase, regex, require, spelling

KINDS: dict[str, ModuleType] = {
    "phrase": phrase,
    "pattern": pattern,
    "regex": regex,
    "require": require,
    "metric": metric,
    "spelling": spelling,
}
