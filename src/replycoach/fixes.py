"""Build rewrites that land cleanly, and apply many of them without overlap or corruption."""

from __future__ import annotations

from replycoach.model import Fix

_SENTENCE_END = ".!?\u061F\u3002"


def _at_sentence_start(text: str, offset: int) -> bool:
    before = text[:offset].rstrip()
    return not before or before[-1] in _SENTENCE_END or "\n" in text[len(before) : offset]


def match_case(original: str, replacement: str) -> str:
    """'At this point' -> 'Now'; 'ASAP' stays as the rule wrote it when it is not a word start."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def make_fix(text: str, start: int, end: int, replacement: str, safe: bool) -> Fix:
    """A Fix for text[start:end]; a deletion also takes the following space and, at a sentence
    start, capitalises the word that now begins the sentence."""
    original = text[start:end]
    if replacement:
        return Fix(start, end, match_case(original, replacement), safe)
    while end < len(text) and text[end] in " \t":
        end += 1
    if _at_sentence_start(text, start) and end < len(text) and text[end].islower():
        return Fix(start, end + 1, text[end].upper(), safe)
    if not _at_sentence_start(text, start):
        # Deleting mid-sentence: drop the space before instead if nothing follows.
        while start > 0 and text[start - 1] in " \t" and (end == len(text) or text[end] in ".,!?"):
            start -= 1
    return Fix(start, end, "", safe)


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """Apply non-overlapping fixes (earliest first wins); return the text and what was applied."""
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if chosen and fix.start < chosen[-1].end:
            continue
        if chosen and fix.start == chosen[-1].end == fix.end:
            continue  # two insertions at one point would be ordered arbitrarily
        chosen.append(fix)
    parts, cursor = [], 0
    for fix in chosen:
        parts.append(text[cursor : fix.start])
        parts.append(fix.replacement)
        cursor = fix.end
    parts.append(text[cursor:])
    return "".join(parts), chosen
