"""Per-language precision and recall of the rule packs on the regression corpora.

    python benchmarks/precision_recall.py            # every tests/corpus/*.yml
    python benchmarks/precision_recall.py --verbose  # also each miss and false alarm

Recall: `must` rules found / all `must` rules. Precision: findings that were expected (`must`
or `may`) / all findings. The corpora are hand-labelled drafts written for them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from replycoach.evaluation import evaluate, load_corpus

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    print(f"{'lang':<5} {'drafts':>6} {'must':>5} {'found':>5} {'false':>5} "
          f"{'recall':>7} {'precision':>9}")
    for path in sorted(CORPUS_DIR.glob("*.yml")):
        result = evaluate(load_corpus(path))
        print(f"{result.language:<5} {len(result.outcomes):>6} {result.expected:>5} "
              f"{result.found:>5} {result.false_alarms:>5} {result.recall:>7.1%} "
              f"{result.precision:>9.1%}")
        if args.verbose:
            for outcome in result.outcomes:
                for rule in sorted(outcome.missed):
                    print(f"    missed       {outcome.draft.id}: {rule}")
                for rule in sorted(outcome.false_alarms):
                    print(f"    false alarm  {outcome.draft.id}: {rule}")


if __name__ == "__main__":
    main()
