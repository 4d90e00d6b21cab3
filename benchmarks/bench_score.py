"""Time `replycoach score` on the real Twitter customer-care replies, with 1 and 2 jobs.

Run it from the repository root, with the Python of the environment replycoach is installed in:

    python benchmarks/bench_score.py
    python benchmarks/bench_score.py --jobs 1,2,4 --repeat 3 --scale 10

The corpus (JSON lines with id, company, channel, context, reply) is scored as it is: `reply`
is the text, `context` the customer's message, `company` passes through. `--scale N` repeats it
N times with fresh ids, to show that memory stays flat as the input grows (rows stream).

Each measurement is one `replycoach score --isolated --output FILE.jsonl --jobs N CORPUS`
process, run by a small wrapper process so that its figures are its own:

* wall-clock seconds and replies per second (best of --repeat runs);
* CPU seconds of the whole process tree (user + system), which a busy machine does not inflate;
* peak memory: `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest single process:
  the parent or one worker) and, sampled from /proc every 50 ms, the largest sum over all
  processes of the run (parent plus workers) where /proc exists.

Start-up (imports, loading rules) is measured on a one-reply input and subtracted for the
"without start-up" rate. Every run must exit 0 and write one result per reply.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpora" / "twitter-care.jsonl"

# Runs one command; prints its wall time, CPU time, ru_maxrss and the peak RSS of its process
# tree (sampled from /proc) as JSON. Standard library only.
WRAPPER = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(pid):
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration, ValueError):
            pass
    return total

start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = 0
while proc.poll() is None:
    if os.path.isdir("/proc"):
        peak = max(peak, tree_rss(proc.pid))
    time.sleep(0.05)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": proc.returncode, "wall": wall,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
                  "tree_kib": peak, "stderr": proc.stderr.read().decode()[-800:]}))
"""


class BenchmarkError(RuntimeError):
    """A run failed or did not score every reply: its timing would mean nothing."""


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    maxrss_mib: float
    tree_mib: float


def replycoach_command() -> list[str]:
    script = Path(sys.executable).parent / "replycoach"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "replycoach"]


def write_input(corpus: Path, scale: int, folder: Path) -> tuple[Path, int]:
    """The corpus as an input for `score` (repeated `scale` times with fresh ids)."""
    if not corpus.is_file():
        raise BenchmarkError(f"corpus not found: {corpus} (pass --corpus)")
    rows = []
    with corpus.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise BenchmarkError(f"{corpus}:{number}: not JSON: {exc}") from None
    if scale == 1:
        return corpus, len(rows)
    target = folder / f"corpus-x{scale}.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            for row in rows:
                out.write(json.dumps({**row, "id": f"{row.get('id')}-{copy}"}) + "\n")
    return target, len(rows) * scale


def measure(arguments: list[str], output: Path, expected: int) -> Measure:
    output.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *replycoach_command(), "score",
                           "--isolated", "--output", str(output), *arguments],
                          capture_output=True, text=True, check=False)
    try:
        figures = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise BenchmarkError(f"the wrapper failed: {proc.stderr[-800:]}") from None
    if figures["returncode"] != 0:
        raise BenchmarkError(f"replycoach score exited {figures['returncode']}: "
                             f"{figures['stderr']}")
    written = sum(1 for line in output.open(encoding="utf-8") if line.strip())
    if written != expected:
        raise BenchmarkError(f"replycoach wrote {written} results for {expected} replies")
    return Measure(figures["wall"], figures["cpu"], figures["maxrss_kib"] / 1024,
                   figures["tree_kib"] / 1024)


def best(runs: list[Measure]) -> Measure:
    return min(runs, key=lambda m: m.wall)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON-lines corpus (default: ../shared/corpora/twitter-care.jsonl "
                        "from the repository root)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (1,2)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; best is kept")
    parser.add_argument("--scale", type=int, default=1,
                        help="repeat the corpus this many times (memory must stay flat)")
    args = parser.parse_args(argv)
    try:
        jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    except ValueError:
        parser.error("--jobs takes numbers such as 1,2")
    if args.repeat < 1 or args.scale < 1 or not jobs:
        parser.error("--repeat, --scale and --jobs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="replycoach-bench-score-") as tmp:
        folder = Path(tmp)
        corpus, replies = write_input(args.corpus.resolve(), args.scale, folder)
        one = folder / "one.jsonl"
        with corpus.open(encoding="utf-8") as handle:
            one.write_text(next(line for line in handle if line.strip()), encoding="utf-8")
        output = folder / "scores.jsonl"
        print(f"corpus:  {args.corpus.resolve()} x{args.scale} = {replies:,} replies")
        print(f"command: {' '.join(replycoach_command())} score --isolated --output "
              f"FILE.jsonl --jobs N CORPUS (best of {args.repeat})\n")
        startup = best([measure([str(one)], output, 1) for _ in range(args.repeat)])
        results = {n: best([measure(["--jobs", str(n), str(corpus)], output, replies)
                            for _ in range(args.repeat)]) for n in jobs}

    print(f"start-up (1 reply): {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU, "
          f"{startup.maxrss_mib:.0f} MiB\n")
    header = ("jobs", "wall s", "replies/s", "w/o start-up", "CPU s", "replies/CPU s",
              "max RSS MiB", "all procs MiB")
    print("{:>4} {:>8} {:>10} {:>13} {:>7} {:>14} {:>12} {:>14}".format(*header))
    for n, m in results.items():
        work = max(m.wall - startup.wall, 1e-9)
        tree = f"{m.tree_mib:.0f}" if m.tree_mib else "n/a"
        print(f"{n:>4} {m.wall:>8.2f} {replies / m.wall:>10.1f} {replies / work:>13.1f} "
              f"{m.cpu:>7.2f} {replies / m.cpu:>14.1f} {m.maxrss_mib:>12.0f} {tree:>14}")
    if 1 in results and len(results) > 1:
        for n, m in results.items():
            if n != 1:
                print(f"\nspeed-up with {n} jobs: {results[1].wall / m.wall:.2f}x wall clock")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchmarkError, OSError) as exc:
        print(f"bench_score: error: {exc}", file=sys.stderr)
        sys.exit(2)
