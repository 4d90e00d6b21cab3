"""One draft from the command line: `replycoach check` alone, through a warm server, and
proselint 0.16 on the same file, in one run.

Run it from the repository root, with the Python replycoach is installed in:

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 10

Each command runs --repeat times as a fresh process on the 151-word e-mail of
bench_server.py; the best and the median wall-clock time are reported:

* `python -c pass`: the interpreter alone, the floor for any Python tool;
* `replycoach check --help`: start-up without linting (no spaCy);
* `replycoach check --server off`: a draft checked with no server (imports spaCy, compiles
  the rules of one language);
* `replycoach check --server URL`: the same draft through a warm `replycoach serve`;
* `proselint check FILE`: proselint 0.16's single-file time.

Every run is verified (replycoach must report the file; proselint must exit 0 or 1).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_server import EMAIL, running_server


def tool(name: str) -> list[str]:
    script = Path(sys.executable).parent / name
    return [str(script)] if script.is_file() else [sys.executable, "-m", name]


def timed(command: Sequence[str], repeat: int, ok: tuple[int, ...], expect: str = ""
          ) -> list[float]:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(list(command), capture_output=True, text=True, encoding="utf-8",
                              check=False)
        seconds.append(time.perf_counter() - start)
        if proc.returncode not in ok or expect not in proc.stdout:
            raise SystemExit(f"{' '.join(command)} failed (exit {proc.returncode}):\n"
                             f"{(proc.stderr or proc.stdout)[-1500:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (default 5)")
    args = parser.parse_args(argv)
    replycoach, proselint = tool("replycoach"), tool("proselint")
    with tempfile.TemporaryDirectory(prefix="replycoach-startup-") as tmp:
        draft = Path(tmp) / "draft.txt"
        draft.write_text(EMAIL, encoding="utf-8")
        check = [*replycoach, "check", "--isolated", "--lang", "en", "--fail-on", "never"]
        rows: list[tuple[str, list[float]]] = [
            ("python -c pass", timed([sys.executable, "-c", "pass"], args.repeat, (0,))),
            ("replycoach check --help", timed([*replycoach, "check", "--help"], args.repeat,
                                              (0,), "--server")),
            ("replycoach check (no server)", timed([*check, "--server", "off", str(draft)],
                                                   args.repeat, (0,), "draft.txt:")),
        ]
        with running_server("--warm", "en") as server:
            rows.append(("replycoach check --server (warm)",
                         timed([*check, "--server", server.url, str(draft)], args.repeat, (0,),
                               "draft.txt:")))
        rows.append(("proselint check (0.16)",
                     timed([*proselint, "check", str(draft)], args.repeat, (0, 1))))
    print(f"one {len(EMAIL.split())}-word draft, {args.repeat} fresh processes each")
    print(f"{'command':36} {'best s':>8} {'median s':>9}")
    for name, seconds in rows:
        print(f"{name:36} {min(seconds):>8.3f} {statistics.median(seconds):>9.3f}")
    alone = min(rows[2][1])
    warm = min(rows[3][1])
    prose = min(rows[4][1])
    print(f"replycoach alone / proselint: {alone / prose:.2f}x the time; "
          f"through the server: {warm / prose:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
