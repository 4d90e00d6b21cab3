"""Cheap necessary conditions for regular expressions, found in the pattern itself.

Most rule regexes contain words every match must include ("unable", "policy"), often
several in a row ("you" ... "did" ... "select|choose|..."). Checking `word in text.lower()`
for each first skips the regex engine on the many drafts without them, the way ripgrep
extracts literals. The extraction is conservative: when in doubt, no prefilter.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Shorter literals filter too little to pay for the extra scan; runs of punctuation ("!!",
# "??") are rare in prose, so two of them are worth looking for.
MIN_LITERAL = 3
MIN_PUNCTUATION = 2
# A repeated character counts this many times at most ("!{3,}" needs "!!!").
MAX_REPEATED = 8

Literals = set[str]  # every match contains one of these strings


def _useful(literals: Literals) -> bool:
    return all(len(s) >= MIN_LITERAL
               or (len(s) >= MIN_PUNCTUATION and not any(c.isalnum() for c in s))
               for s in literals)


def _best(required: list[Literals]) -> Literals | None:
    """The most selective useful set: the one whose shortest string is longest."""
    useful = [s for s in required if _useful(s)]
    return max(useful, key=lambda s: min(len(x) for x in s)) if useful else None


def _repeated_literal(value: Any) -> str | None:
    """'!!!' for '!{3,}': a single character repeated at least twice."""
    low, _high, items = value
    items = list(items)
    if low >= 2 and len(items) == 1 and items[0][0] is sre.LITERAL:
        return chr(items[0][1]) * min(low, MAX_REPEATED)
    return None


def _sequence(items: Any) -> list[Literals]:
    """Sets of strings such that every match of the sequence contains one string of each."""
    required: list[Literals] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            required.append({"".join(run).lower()})
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close_run()
        if op is sre.SUBPATTERN:
            required.extend(_sequence(value[-1]))
        elif op is sre.BRANCH:
            alternatives = [_best(_sequence(alt)) for alt in value[1]]
            if all(a is not None for a in alternatives):
                required.append(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
            repeated = _repeated_literal(value)
            required.extend([{repeated.lower()}] if repeated else _sequence(value[2]))
    close_run()
    return required


def required_literals(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...] | None:
    """Groups of lower-case strings: every match contains one string of each group (most
    selective group first), or None if no group is known."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    groups = {tuple(sorted(s)) for s in _sequence(list(parsed)) if _useful(s)}
    if not groups:
        return None
    return tuple(sorted(groups, key=lambda g: (-min(len(x) for x in g), g)))
