"""Language detection on one-sentence drafts: accuracy and cost of py3langid and lingua.

    python benchmarks/bench_detect.py

Sentences come from the `one_sentence` lists of tests/corpus/*.yml. Each detector chooses
among the same candidates replycoach uses (the shipped languages plus neighbours such as
Slovak, Ukrainian and German, so a near miss is counted as a miss). lingua is measured only
when installed (`pip install lingua-language-detector`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from replycoach.detect import _NOISE, CANDIDATES, _identifier
from replycoach.evaluation import load_corpus

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def py3langid_detector() -> Callable[[str], str]:
    identifier = _identifier(tuple(sorted(CANDIDATES)))
    return lambda text: str(identifier.classify(_NOISE.sub(" ", text))[0])


def lingua_detector() -> Callable[[str], str] | None:
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                 for c in CANDIDATES]
    detector = LanguageDetectorBuilder.from_languages(*languages).build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(_NOISE.sub(" ", text))
        return found.iso_code_639_1.name.lower() if found else "und"

    return detect


def main() -> None:
    sentences = [(load_corpus(p).language, s) for p in sorted(CORPUS_DIR.glob("*.yml"))
                 for s in load_corpus(p).one_sentence]
    print(f"{len(sentences)} one-sentence drafts in "
          f"{len({lang for lang, _ in sentences})} languages")
    for name, factory in (("py3langid", py3langid_detector), ("lingua", lingua_detector)):
        started = time.perf_counter()
        detect = factory()
        if detect is None:
            print(f"{name:<10} not installed")
            continue
        detect("warm-up: the first call loads the models")
        ready = time.perf_counter()
        wrong = [(lang, got, s) for lang, s in sentences if (got := detect(s)) != lang]
        done = time.perf_counter()
        accuracy = 1 - len(wrong) / len(sentences)
        per_text = (done - ready) / len(sentences) * 1000
        print(f"{name:<10} accuracy {accuracy:6.1%}  load {ready - started:5.2f} s  "
              f"{per_text:6.2f} ms/draft")
        for lang, got, s in wrong:
            print(f"    {lang} -> {got}: {s}")


if __name__ == "__main__":
    main()
