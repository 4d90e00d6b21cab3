"""Readability scores with the formula built for each language, over prose only.

Links, e-mail addresses and @handles are removed first: one long URL is not hard prose.
"""

from __future__ import annotations

import math
import re

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+|(?<!\w)[@#]\w+")
# Pisarek counts words of four or more syllables as hard (Pisarek 1969; Jasnopis).
_PISAREK_HARD_SYLLABLES = 4


def prose(text: str) -> str:
    return _NOISE.sub(" ", text)


def _pisarek(text: str) -> float:
    """Pisarek's non-linear index: ½·√(ASL² + H²), ASL the mean sentence length in words,
    H the percentage of words with four or more syllables. Higher is harder (≈ school
    grade: up to 6 easy, 7-12 moderate, 13+ hard)."""
    from textstat.backend.counts import count_syllables
    from textstat.backend.metrics import words_per_sentence
    from textstat.backend.selections._list_words import list_words

    words = list_words(text)
    if not words:
        return 0.0
    hard = sum(1 for w in words if count_syllables(w, "pl") >= _PISAREK_HARD_SYLLABLES)
    percent_hard = 100.0 * hard / len(words)
    return 0.5 * math.sqrt(words_per_sentence(text) ** 2 + percent_hard**2)


def score(formula: str, text: str) -> float:
    """`flesch` (English), `flesch_ru` (Oborneva's Russian Flesch), `osman` (Arabic) — all
    higher is easier — or `pisarek` (Polish, higher is harder)."""
    from textstat.backend import metrics

    text = prose(text)
    if formula == "flesch":
        return float(metrics.flesch_reading_ease(text, "en"))
    if formula == "flesch_ru":
        return float(metrics.flesch_reading_ease(text, "ru"))
    if formula == "osman":
        return float(metrics.osman(text))
    if formula == "pisarek":
        return _pisarek(text)
    raise ValueError(f"unknown readability formula {formula!r}")
