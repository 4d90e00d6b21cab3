"""What replycoach says about real agent replies, each checked with the customer message it answers.

Run it from the repository root, with the Python of the environment replycoach is installed in:

    python benchmarks/corpus_report.py
    python benchmarks/corpus_report.py --sample en.blame.failed-to --n 10 --seed 7
    python benchmarks/corpus_report.py --corpus path/to/twitter-care.jsonl

Every reply of the corpus (JSON lines with id, company, channel, context, reply) is written to a
temporary file, its customer message to another, and checked in this process through
`replycoach.runner.check_paths` with the options of
`replycoach check --isolated --channel social --context CONTEXT --fail-on never`.

It prints how many replies were checked, how many raise at least one warning or error, how many
raise any finding, and the top rules by hit count and by number of replies hit. With `--sample
RULE` it also prints `--n` replies hit by that rule, drawn at random with a fixed seed, with the
flagged text marked [[like this]], for review by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from replycoach.errors import ReplycoachError
from replycoach.model import Finding, Severity
from replycoach.runner import CheckOptions, check_paths

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpora" / "twitter-care.jsonl"


class ReportError(RuntimeError):
    """The corpus cannot be read: nothing to report."""


@dataclass
class Checked:
    id: str
    company: str
    context: str
    reply: str
    text: str = ""  # the draft text the finding offsets point into
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


def load_corpus(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ReportError(f"corpus not found: {path} (pass --corpus)")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReportError(f"{path}:{number}: not JSON: {exc}") from None
            if not isinstance(row, dict) or not str(row.get("reply", "")).strip():
                raise ReportError(f"{path}:{number}: no 'reply' text")
            rows.append(row)
    return rows


def check_corpus(rows: list[dict[str, str]], channel: str, use_context: bool) -> list[Checked]:
    """Check each reply on its own, with its context: --context applies to a whole run."""
    checked: list[Checked] = []
    with tempfile.TemporaryDirectory(prefix="replycoach-corpus-") as tmp:
        folder = Path(tmp)
        for number, row in enumerate(rows, 1):
            item = Checked(str(row.get("id", number)), str(row.get("company", "")),
                           str(row.get("context") or ""), row["reply"])
            reply_path = folder / f"reply-{number}.txt"
            reply_path.write_text(item.reply, encoding="utf-8")
            context_path: str | None = None
            if use_context and item.context.strip():
                context_file = folder / f"context-{number}.txt"
                context_file.write_text(item.context, encoding="utf-8")
                context_path = str(context_file)
            options = CheckOptions(channel=channel, context=context_path, isolated=True)
            results = list(check_paths([str(reply_path)], options))
            if len(results) != 1:
                raise ReportError(f"reply {item.id}: {len(results)} results for one file")
            result = results[0]
            item.error = result.error
            item.findings = list(result.findings)
            item.text = result.draft.text if result.draft is not None else item.reply
            checked.append(item)
    return checked


def highlight(text: str, findings: list[Finding]) -> str:
    """Mark every finding's span as [[...]]; overlapping spans are merged."""
    spans: list[list[int]] = []
    for start, end in sorted((f.start, max(f.end, f.start)) for f in findings):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out += [text[cursor:start], "[[", text[start:end], "]]"]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def one_line(text: str) -> str:
    return " ".join(text.split())


def print_summary(checked: list[Checked], top: int, seconds: float) -> None:
    ok = [c for c in checked if c.error is None]
    failed = [c for c in checked if c.error is not None]
    serious = [c for c in ok if any(f.severity >= Severity.WARNING for f in c.findings)]
    any_finding = [c for c in ok if c.findings]
    hits: Counter[str] = Counter(f.rule for c in ok for f in c.findings)
    replies_hit: Counter[str] = Counter(rule for c in ok for rule in {f.rule for f in c.findings})
    severities: Counter[str] = Counter(f.severity.label for c in ok for f in c.findings)

    def share(part: int) -> str:
        return f"{part:5d} ({100 * part / len(ok):5.1f}%)" if ok else f"{part:5d}"

    print(f"replies:                     {len(checked):5d} "
          f"({len(checked) / seconds:.0f}/s in-process)")
    print(f"checked:                     {len(ok):5d}")
    if failed:
        print(f"could not be checked:        {len(failed):5d}")
        for c in failed[:5]:
            print(f"  {c.id} ({c.company}): {c.error}")
    print(f"with a warning or error:     {share(len(serious))}")
    print(f"with any finding:            {share(len(any_finding))}")
    print(f"findings:                    {sum(hits.values()):5d} "
          f"({', '.join(f'{n} {s}' for s, n in sorted(severities.items())) or 'none'})")
    print(f"rules that fired:            {len(hits):5d}")
    if not hits:
        return
    print(f"\ntop {top} rules by hits:")
    for rule, n in hits.most_common(top):
        print(f"  {n:5d}  {rule}  ({replies_hit[rule]} replies)")
    print(f"\ntop {top} rules by replies hit:")
    for rule, n in replies_hit.most_common(top):
        print(f"  {n:5d}  ({100 * n / len(ok):4.1f}%)  {rule}")


def print_sample(checked: list[Checked], rule: str, n: int, seed: int) -> bool:
    hit = [c for c in checked if any(f.rule == rule for f in c.findings)]
    print(f"\nsample of rule {rule}: {min(n, len(hit))} of {len(hit)} replies hit (seed {seed})")
    if not hit:
        fired = sorted({f.rule for c in checked for f in c.findings})
        print(f"no reply is hit by {rule}; rules that fired: {', '.join(fired) or 'none'}")
        return False
    for c in random.Random(seed).sample(hit, min(n, len(hit))):
        mine = [f for f in c.findings if f.rule == rule]
        print(f"\n--- {c.id} ({c.company}) ---")
        print(f"customer: {one_line(c.context)}")
        print(f"reply:    {one_line(highlight(c.text, mine))}")
        for message in dict.fromkeys(f"{f.severity.label}: {f.message}" for f in mine):
            print(f"  {message}")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON-lines corpus (default: ../shared/corpora/twitter-care.jsonl "
                        "from the repository root)")
    parser.add_argument("--channel", default="social",
                        choices=("email", "chat", "social", "sms"),
                        help="channel the replies were sent on (default: social)")
    parser.add_argument("--no-context", action="store_true",
                        help="check the replies without the customer messages")
    parser.add_argument("--top", type=int, default=10, help="rules listed (default: 10)")
    parser.add_argument("--sample", metavar="RULE", help="print replies hit by this rule id")
    parser.add_argument("--n", type=int, default=10, help="replies to sample (default: 10)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    rows = load_corpus(corpus)
    print(f"corpus: {corpus}  channel: {args.channel}  "
          f"context: {'no' if args.no_context else 'yes'}\n")
    start = time.perf_counter()
    checked = check_corpus(rows, args.channel, not args.no_context)
    seconds = max(time.perf_counter() - start, 1e-9)
    print_summary(checked, args.top, seconds)
    if args.sample and not print_sample(checked, args.sample, args.n, args.seed):
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ReportError, ReplycoachError, OSError) as exc:
        print(f"corpus_report: error: {exc}", file=sys.stderr)
        sys.exit(2)
