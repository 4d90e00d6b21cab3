"""Cheap necessary conditions for regular expressions, found in the pattern itself.

Most rule regexes contain a word every match must include ("unable", "policy"). Checking
`word in text.lower()` first skips the regex engine on the many drafts without it, the way
ripgrep extracts literals. The extraction is conservative: when in doubt, no prefilter.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Shorter literals filter too little to pay for the extra scan.
MIN_LITERAL = 3


def _sequence(items: Any) -> set[str] | None:
    """A set of strings one of which every match of the sequence contains (None: unknown)."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append({"".join(run).lower()})
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close_run()
        found: set[str] | None = None
        if op is sre.SUBPATTERN:
            found = _sequence(value[-1])
        elif op is sre.BRANCH:
            alternatives = [_sequence(alt) for alt in value[1]]
            if all(a is not None for a in alternatives):
                found = set().union(*alternatives)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
            found = _sequence(value[2])
        if found:
            candidates.append(found)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda s: min(len(x) for x in s))


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-case strings one of which appears in every match, or None if none is known."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _sequence(list(parsed))
    if not found or min(len(s) for s in found) < MIN_LITERAL:
        return None
    return tuple(sorted(found))
