"""Time `replycoach check` against proselint over the real Twitter customer-care replies.

Run it from the repository root, with the Python of the environment replycoach is installed in:

    python benchmarks/bench_check.py
    python benchmarks/bench_check.py --corpus path/to/twitter-care.jsonl --repeat 5 --jobs 1,2,4

Every reply in the corpus (JSON lines with id, company, channel, context, reply) is written to a
temporary folder as `<id>.txt` (a repeated id gets `<id>-2.txt`, so no reply is dropped). Then,
best wall-clock time of --repeat runs each:

* ONE `replycoach check --isolated --channel social --fail-on never --format json --server off
  --jobs N DIR` command over the whole folder, for each N of --jobs (default 1 and 2: one
  process, then that process and two workers it forks; for 1 the option is left out); the
  run must exit 0 and report every file, or the script fails;
* ONE `proselint check --output-format json DIR` process (proselint 0.16) over the same folder;
  if the installed proselint has no `check` command, a single Python process linting every
  file through its API is timed instead;
* the same `check` command with `--server URL`, against a `replycoach serve --warm en` this
  script starts (or the server of `--server URL`; `--server off` leaves this out): the warm
  path, where drafts go to the server in batches. The server's first pass meets every
  reply's words for the first time; later rounds find them known, as a server that has run
  for a day does, and the best run is kept (the runs are all printed);
* each tool on one small file, to measure start-up (imports, rule loading) on its own (one
  file never starts workers, so this is the start-up of every --jobs run);
* a Python process that only imports spaCy and tokenises every reply with its blank English
  pipeline: the floor under any process that makes a spaCy Doc of each draft, and so a
  ceiling on the ratio.

The commands take turns (one run of each per round, --repeat rounds), so that a machine busy
for a while slows every measurement alike. It prints files/s for each with and without
start-up, and the ratio replycoach/proselint for each --jobs (above 1 means replycoach is
faster), all from the same run of this script. Only the standard library is used (and httpx,
to start the server); both tools run as subprocesses of the Python this script runs under.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpora" / "twitter-care.jsonl"
LANGUAGE_ERROR = "which has no rule packs"
SMALL_DRAFT = "Thanks for reaching out! I've reset your password; you can log in again now.\n"

# Run in a fresh interpreter when proselint's CLI cannot lint many files in one process.
PROSELINT_API_SCRIPT = """
import sys
from pathlib import Path
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
try:
    from proselint.tools import LintFile
except ImportError:  # proselint before 0.14
    from proselint.tools import lint
    count = sum(1 for p in paths if lint(p.read_text(encoding="utf-8")) is not None)
else:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    CheckRegistry().register_many(__register__)
    count = sum(1 for p in paths if LintFile(p).lint() is not None)
print(count)
"""


# The least a process pays that makes a spaCy Doc of each reply: import spaCy, build the
# blank English pipeline, read and tokenise every file. Nothing else.
SPACY_FLOOR_SCRIPT = """
import sys
from pathlib import Path
from replycoach.spacy_import import import_spacy
tokenizer = import_spacy().blank("en").tokenizer
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    tokenizer(path.read_text(encoding="utf-8"))
"""


class BenchmarkError(RuntimeError):
    """A tool did not run, or did not check every file: the timings would be meaningless."""


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Timing:
    best: float
    runs: list[float]
    note: str = ""


def tool_command(name: str) -> list[str]:
    """The console script next to this interpreter, else `python -m name`."""
    bindir = Path(sys.executable).parent
    for candidate in (bindir / name, bindir / f"{name}.exe"):
        if candidate.is_file():
            return [str(candidate)]
    return [sys.executable, "-m", name]


def run(command: Sequence[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.run(list(command), capture_output=True, text=True, encoding="utf-8")
    seconds = time.perf_counter() - start
    return Run(seconds, proc.returncode, proc.stdout, proc.stderr)


Measurement = tuple[Sequence[str], Callable[[Run], str]]  # a command and its check


def timed(measurements: dict[str, Measurement], repeat: int) -> dict[str, Timing]:
    """Best wall-clock time of `repeat` runs of each command, every run verified. The
    commands take turns, round after round, so that a machine busy for a while slows
    them all alike instead of one of them."""
    runs: dict[str, list[float]] = {name: [] for name in measurements}
    notes = dict.fromkeys(measurements, "")
    for _ in range(repeat):
        for name, (command, verify) in measurements.items():
            result = run(command)
            notes[name] = verify(result)
            runs[name].append(result.seconds)
    return {name: Timing(min(times), times, notes[name]) for name, times in runs.items()}


def load_corpus(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise BenchmarkError(f"corpus not found: {path} (pass --corpus)")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BenchmarkError(f"{path}:{number}: not JSON: {exc}") from None
            if not isinstance(row, dict) or not str(row.get("reply", "")).strip():
                raise BenchmarkError(f"{path}:{number}: no 'reply' text")
            rows.append(row)
    if not rows:
        raise BenchmarkError(f"{path}: no replies")
    return rows


def write_replies(rows: list[dict[str, str]], folder: Path) -> list[str]:
    """Write each reply as `<id>.txt`; return the file names in corpus order."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        stem = str(row.get("id") or f"row{number}")
        seen[stem] = seen.get(stem, 0) + 1
        name = f"{stem}.txt" if seen[stem] == 1 else f"{stem}-{seen[stem]}.txt"
        (folder / name).write_text(row["reply"], encoding="utf-8")
        names.append(name)
    return names


def describe(result: Run) -> str:
    tail = (result.stderr.strip() or result.stdout.strip())[-800:]
    return f"exit {result.returncode}; output ends with:\n{tail}"


def verify_replycoach(expected: set[str], strict: bool) -> Callable[[Run], str]:
    """Every file must be in the report. Exit 0 is required, except that (unless `strict`)
    drafts in a language without rule packs may make it exit 2: they were read and detected."""

    def verify(result: Run) -> str:
        try:
            report = json.loads(result.stdout)
            files = report["files"]
            summary = report["summary"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise BenchmarkError(f"replycoach printed no JSON report ({exc}): "
                                 f"{describe(result)}") from None
        got = {Path(f["path"]).name for f in files}
        if len(files) != len(expected) or got != expected:
            missing = sorted(expected - got)[:5]
            raise BenchmarkError(f"replycoach reported {len(files)} files for {len(expected)} "
                                 f"replies (missing e.g. {missing})")
        errors = [f for f in files if f.get("error") is not None]
        language = [f for f in errors if LANGUAGE_ERROR in f["error"]]
        other = [f for f in errors if LANGUAGE_ERROR not in f["error"]]
        allowed = result.returncode == 0 or (
            result.returncode == 2 and language and not other and not strict)
        if not allowed or other or (strict and errors):
            shown = [(f["path"], f["error"]) for f in errors[:3]]
            raise BenchmarkError(f"replycoach did not check every file with --fail-on never "
                                 f"({len(errors)} file errors, e.g. {shown}): {describe(result)}")
        if summary.get("checked") != len(expected) - len(errors):
            raise BenchmarkError(f"replycoach summary says {summary.get('checked')} checked, "
                                 f"expected {len(expected) - len(errors)}")
        if not language:
            return ""
        return (f"{len(language)} file(s) reported as a language without rule packs (exit 2): "
                + ", ".join(Path(f["path"]).name for f in language[:5]))

    return verify


def verify_ran(result: Run) -> str:
    if result.returncode != 0:
        raise BenchmarkError(f"the spaCy start-up probe failed: {describe(result)}")
    return ""


def verify_proselint_cli(expected: set[str]) -> Callable[[Run], str]:
    def verify(result: Run) -> str:
        # 0: no findings, 1: findings; anything else is a failure to run.
        if result.returncode not in (0, 1):
            raise BenchmarkError(f"proselint failed: {describe(result)}")
        try:
            linted = json.loads(result.stdout)["result"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise BenchmarkError(f"proselint printed no JSON result ({exc}): "
                                 f"{describe(result)}") from None
        got = {Path(source.removeprefix("file://")).name for source in linted}
        failed = [s for s, entry in linted.items() if "error" in entry]
        if got != expected or failed:
            raise BenchmarkError(f"proselint linted {len(got)} of {len(expected)} files; "
                                 f"{len(failed)} failed, e.g. {failed[:3]}")
        return ""
    return verify


def verify_proselint_api(expected: set[str]) -> Callable[[Run], str]:
    def verify(result: Run) -> str:
        if result.returncode != 0 or result.stdout.strip() != str(len(expected)):
            raise BenchmarkError(f"proselint (API) did not lint {len(expected)} files: "
                                 f"{describe(result)}")
        return ""
    return verify


def proselint_has_check(command: list[str]) -> bool:
    probe = run([*command, "check", "--help"])
    return probe.returncode == 0 and "paths" in probe.stdout


def proselint_version(command: list[str]) -> str:
    probe = run([*command, "version"])
    text = (probe.stdout + probe.stderr).strip()
    return text.splitlines()[0] if probe.returncode == 0 and text else "unknown version"


@contextmanager
def warm_server(choice: str) -> Iterator[str | None]:
    """The URL of the server to time `check --server` against, or None for none."""
    if choice == "off":
        yield None
        return
    if choice != "start":
        yield choice
        return
    from bench_server import running_server  # needs httpx, as the server does

    with running_server("--warm", "en") as server:
        yield server.url


def rate(files: int, seconds: float) -> float:
    return files / seconds if seconds > 0 else float("inf")


def jobs_option(jobs: int) -> list[str]:
    """--jobs N; none for one job, so that versions without the option can be timed too."""
    return [] if jobs == 1 else ["--jobs", str(jobs)]


def job_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,2, got {text!r}") from None
    if not counts or any(c < 1 for c in counts):
        raise argparse.ArgumentTypeError("--jobs takes numbers of at least 1, like 1,2")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON-lines corpus (default: ../shared/corpora/twitter-care.jsonl "
                        "from the repository root)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measurement; the best is kept (default: 3)")
    parser.add_argument("--proselint-mode", choices=("auto", "cli", "api"), default="auto",
                        help="how to run proselint: its `check` CLI over the folder, or one "
                        "Python process through its API (default: cli when available)")
    parser.add_argument("--jobs", type=job_counts, default=[1, 2],
                        help="replycoach's --jobs values to time, comma-separated "
                        "(default: 1,2)")
    parser.add_argument("--server", default="start",
                        help="also time `check --server` over the folder: 'start' (default) "
                        "runs a warm `replycoach serve --warm en` for the benchmark, a URL "
                        "uses that server, 'off' skips it")
    parser.add_argument("--strict", action="store_true",
                        help="require exit 0 from replycoach: fail on any draft it could not "
                        "check, even one in a language it has no rule packs for")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    rows = load_corpus(args.corpus.resolve())
    replycoach = tool_command("replycoach")
    proselint = tool_command("proselint")
    mode = args.proselint_mode
    if mode == "auto":
        mode = "cli" if proselint_has_check(proselint) else "api"

    with tempfile.TemporaryDirectory(prefix="replycoach-bench-") as tmp:
        corpus_dir = Path(tmp) / "replies"
        small_dir = Path(tmp) / "small"
        corpus_dir.mkdir()
        small_dir.mkdir()
        names = write_replies(rows, corpus_dir)
        small = small_dir / "small.txt"
        small.write_text(SMALL_DRAFT, encoding="utf-8")
        expected = set(names)
        n = len(names)

        rc_args = ["check", "--isolated", "--channel", "social", "--fail-on", "never",
                   "--format", "json"]
        local = ["--server", "off"]  # a server running on this machine must not answer
        if mode == "cli":
            pl_many = [*proselint, "check", "--output-format", "json", str(corpus_dir)]
            pl_one = [*proselint, "check", "--output-format", "json", str(small_dir)]
            pl_verify, pl_verify_one = verify_proselint_cli(expected), verify_proselint_cli(
                {small.name})
        else:
            pl_many = [sys.executable, "-c", PROSELINT_API_SCRIPT, str(corpus_dir)]
            pl_one = [sys.executable, "-c", PROSELINT_API_SCRIPT, str(small_dir)]
            pl_verify, pl_verify_one = verify_proselint_api(expected), verify_proselint_api(
                {small.name})

        print(f"corpus:     {args.corpus.resolve()} ({len(rows)} replies, {n} files)")
        print(f"replycoach: {' '.join(replycoach)}")
        print(f"proselint:  {' '.join(proselint)} ({proselint_version(proselint)}, {mode})")
        print(f"best of {args.repeat} runs, wall clock\n")

        measurements: dict[str, Measurement] = {
            "rc-1": ([*replycoach, *rc_args, *local, str(small)],
                     verify_replycoach({small.name}, strict=True)),
            **{f"rc-all-j{jobs}": ([*replycoach, *rc_args, *local, *jobs_option(jobs),
                                    str(corpus_dir)], verify_replycoach(expected, args.strict))
               for jobs in args.jobs},
            "spacy": ([sys.executable, "-c", SPACY_FLOOR_SCRIPT, str(corpus_dir)], verify_ran),
            "pl-1": (pl_one, pl_verify_one),
            "pl-all": (pl_many, pl_verify),
        }
        with warm_server(args.server) as url:
            if url is not None:
                through = [*replycoach, *rc_args, "--server", url]
                measurements["rc-1-server"] = ([*through, str(small)],
                                               verify_replycoach({small.name}, strict=True))
                measurements["rc-all-server"] = ([*through, str(corpus_dir)],
                                                 verify_replycoach(expected, args.strict))
            timings = timed(measurements, args.repeat)
    rc_one, pl_start, pl_all = timings["rc-1"], timings["pl-1"], timings["pl-all"]
    rc_all = {jobs: timings[f"rc-all-j{jobs}"] for jobs in args.jobs}

    measured = [(f"replycoach -j{jobs}", total, rc_one) for jobs, total in rc_all.items()]
    if "rc-all-server" in timings:
        measured.append(("rc warm server", timings["rc-all-server"], timings["rc-1-server"]))
    measured.append(("proselint", pl_all, pl_start))
    rows_out = []
    for label, total, start in measured:
        work = max(total.best - start.best, 1e-9)
        rows_out.append((label, total.best, start.best, rate(n, total.best), rate(n, work)))
    for note in dict.fromkeys(t.note for name, t in timings.items()
                              if name.startswith("rc-all") and t.note):
        print(f"note: replycoach: {note}")
    header = ("tool", "total s", "startup s", "files/s", "files/s w/o startup")
    print("{:<15} {:>8} {:>10} {:>9} {:>20}".format(*header))
    for label, total_s, start_s, fps, fps_work in rows_out:
        print(f"{label:<15} {total_s:>8.2f} {start_s:>10.2f} {fps:>9.1f} {fps_work:>20.1f}")
    proselint_row = rows_out[-1]
    print()
    for label, _total, _start, fps, fps_work in rows_out[:-1]:
        print(f"ratio {label}/proselint (files/s): {fps / proselint_row[3]:.2f} overall, "
              f"{fps_work / proselint_row[4]:.2f} without startup; per file without "
              f"startup {1000 / fps_work:.2f} ms")
    print(f"proselint per file without startup: {1000 / proselint_row[4]:.2f} ms")
    floor = timings["spacy"].best
    print(f"floor: a process that only imports spaCy and tokenises every reply with its "
          f"blank English pipeline takes {floor:.2f} s, {floor / pl_all.best:.0%} of "
          f"proselint's whole run; with a spaCy Doc per draft, replycoach in one process "
          f"stays under {pl_all.best / floor:.1f}x proselint's files/s even if its rules, "
          "language detection and spelling cost nothing")
    print("runs (s): " + "; ".join(
        f"{name} {' '.join(f'{s:.2f}' for s in t.runs)}" for name, t in timings.items()))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchmarkError, OSError) as exc:
        print(f"bench_check: error: {exc}", file=sys.stderr)
        sys.exit(2)
