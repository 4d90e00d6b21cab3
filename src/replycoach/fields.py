"""Typed access to a YAML mapping whose errors name the file, the line and the field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from replycoach.errors import DataFileError
from replycoach.yamlfile import LineDict

_TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


def _describe(types: tuple[type, ...]) -> str:
    return " or ".join(dict.fromkeys(_TYPE_NAMES.get(t, t.__name__) for t in types))


class Fields:
    """Reads fields of one YAML mapping (a rule, a signal, a config) with precise errors."""

    def __init__(self, data: Any, path: Path | str, where: str, line: int = 0) -> None:
        self.path = path
        self.where = where
        if not isinstance(data, dict):
            raise DataFileError(path, "must be a mapping of fields", line=line or None, where=where)
        self.data = data
        self.line = getattr(data, "line", line)

    def line_of(self, key: str) -> int | None:
        if isinstance(self.data, LineDict):
            return self.data.line_of(key)
        return self.line or None

    def error(self, key: str | None, reason: str) -> DataFileError:
        line = self.line_of(key) if key else (self.line or None)
        where = f"{self.where}: field '{key}'" if key else self.where
        return DataFileError(self.path, reason, line=line, where=where)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def get(
        self,
        key: str,
        types: type | tuple[type, ...],
        *,
        required: bool = False,
        default: Any = None,
        choices: Iterable[str] | None = None,
    ) -> Any:
        types = types if isinstance(types, tuple) else (types,)
        if not self.has(key):
            if required:
                raise self.error(None, f"missing required field '{key}'")
            return default
        value = self.data[key]
        # YAML reads `yes`/`no` as booleans and 3 as int; bool is an int subclass, keep them apart.
        if isinstance(value, bool) and bool not in types:
            raise self.error(key, f"expected {_describe(types)}, got {value!r}")
        if not isinstance(value, types):
            raise self.error(key, f"expected {_describe(types)}, got {value!r}")
        if choices is not None and value not in choices:
            raise self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        """A field that may be one string or a list of strings."""
        value = self.get(key, (str, list), required=required, default=[])
        items = [value] if isinstance(value, str) else value
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise self.error(key, f"expected non-empty text items, got {item!r}")
        return list(items)

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown field (expected one of: {hint})")
