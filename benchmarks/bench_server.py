"""Warm checks through `replycoach serve`: latency per request and the server's memory.

Run it from the repository root, with the Python replycoach is installed in (with the
`serve` extra):

    python benchmarks/bench_server.py
    python benchmarks/bench_server.py --requests 2000
    python benchmarks/bench_server.py --url http://127.0.0.1:8787   # a server already running

It starts `replycoach serve --port 0` on 127.0.0.1 with all six languages compiled (unless
--url), then, one request at a time over one keep-alive connection:

* POST /v1/check with a 150-word English e-mail (language given, then detected): p50, p90,
  p99 and max wall-clock latency seen by the client, after 20 warm-up requests;
* POST /v1/check with a short draft in each of the other languages;
* POST /v1/score with the same e-mail;

and reports the server's start-up time and its resident memory (VmRSS now, VmHWM peak) from
/proc. Targets (issue 8): p50 under 10 ms and p99 under 50 ms for the e-mail.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

EMAIL = """Hi Anna,

Thank you for getting in touch about order 48213, and I'm sorry the charger arrived without its
cable. I can see how annoying that is when you needed it for a trip this week.

At this point in time we cannot send a single cable on its own, as the parts are packed at
the factory. What I can do instead is send you a complete new charger today by express
delivery, at no cost to you. It should reach you on Thursday before noon, and you will get a
tracking link by e-mail as soon as it leaves our warehouse. You can keep the first charger or
drop it at any post office with the prepaid label I have attached.

If Thursday is too late for your trip, just reply and I will find a store near you.

Thanks for your patience.

Best regards,
Tom Novak
Customer Care"""

OTHER_LANGUAGES = {
    "cs": "Dobrý den, bohužel vám nemůžeme vrátit peníze. Jak jsem už psal, zásilka odešla.",
    "pl": "Dzień dobry, niestety nie możemy zwrócić pieniędzy. Jak już pisałem, paczka wyszła.",
    "ru": "Здравствуйте, к сожалению, мы не можем вернуть деньги. Как я уже писал, посылка ушла.",
    "vi": "Chào anh, rất tiếc chúng tôi không thể hoàn tiền. Như tôi đã nói, gói hàng đã gửi đi.",
    "ar": "مرحبا، للأسف لا يمكننا استرداد المبلغ. كما قلت سابقا، تم شحن الطلب.",
}
SERVING = re.compile(r"serving on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT = 600.0


@dataclass
class Latencies:
    seconds: list[float]
    server: list[float]  # what the server says it spent (Server-Timing), in seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return ordered[index] * 1000

    def row(self, name: str) -> dict[str, float | str | int]:
        return {"what": name, "n": len(self.seconds), "p50_ms": round(self.percentile(50), 2),
                "p90_ms": round(self.percentile(90), 2), "p99_ms": round(self.percentile(99), 2),
                "max_ms": round(max(self.seconds) * 1000, 2),
                "mean_ms": round(statistics.fmean(self.seconds) * 1000, 2),
                "server_p50_ms": round(statistics.median(self.server) * 1000, 2)
                if self.server else None}


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, from /proc (Linux)."""
    values: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    except OSError:
        pass
    return values


@dataclass
class Server:
    url: str
    pid: int | None
    started_in: float | None


@contextmanager
def running_server(*args: str, url: str | None = None) -> Iterator[Server]:
    """`replycoach serve --port 0` on 127.0.0.1 (or the server at `url`), stopped at the end."""
    if url is not None:
        yield Server(url.rstrip("/"), None, None)
        return
    with tempfile.TemporaryDirectory(prefix="replycoach-serve-") as tmp:
        log_path = Path(tmp) / "server.log"
        env = {**os.environ, "XDG_STATE_HOME": tmp}
        started = time.perf_counter()
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "replycoach", "serve", "--port", "0", "--no-access-log",
                 "--no-state-file", *args], stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=env, cwd=tmp)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            found = None
            while found is None:
                found = SERVING.search(log_path.read_text(errors="replace"))
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("replycoach serve did not start:\n"
                                     + log_path.read_text(errors="replace")[-2000:])
                time.sleep(0.05)
            server = Server(found.group(1), proc.pid, 0.0)
            while True:  # answering, not only listening
                try:
                    if httpx.get(server.url + "/v1/health", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            server.started_in = time.perf_counter() - started
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def measure(client: httpx.Client, path: str, body: dict[str, object], count: int,
            warmup: int = 20) -> Latencies:
    for _ in range(warmup):
        client.post(path, json=body).raise_for_status()
    seconds, server = [], []
    for _ in range(count):
        start = time.perf_counter()
        answer = client.post(path, json=body)
        seconds.append(time.perf_counter() - start)
        answer.raise_for_status()
        timing = re.search(r"dur=([\d.]+)", answer.headers.get("server-timing", ""))
        if timing:
            server.append(float(timing.group(1)) / 1000)
    return Latencies(seconds, server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500,
                        help="timed requests for the e-mail (default 500)")
    parser.add_argument("--url", help="use this running server instead of starting one")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    words = len(EMAIL.split())
    rows = []
    with running_server(url=args.url) as server, httpx.Client(base_url=server.url,
                                                               timeout=60) as client:
        memory_warm = memory_kib(server.pid) if server.pid else {}
        email = {"text": EMAIL, "context": "Where is the cable for my charger??"}
        rows.append(measure(client, "/v1/check", {**email, "lang": "en"}, args.requests)
                    .row(f"check: {words}-word e-mail, lang en"))
        rows.append(measure(client, "/v1/check", email, args.requests)
                    .row(f"check: {words}-word e-mail, language detected"))
        for code, text in OTHER_LANGUAGES.items():
            rows.append(measure(client, "/v1/check", {"text": text, "lang": code},
                                max(50, args.requests // 10), warmup=5)
                        .row(f"check: short draft, lang {code}"))
        rows.append(measure(client, "/v1/score", {**email, "lang": "en"},
                            max(50, args.requests // 5), warmup=5)
                    .row(f"score: {words}-word e-mail"))
        memory_after = memory_kib(server.pid) if server.pid else {}
    report = {"url": server.url, "started_in_s": round(server.started_in, 2)
              if server.started_in is not None else None,
              "rss_warm_mib": round(memory_warm.get("VmRSS", 0) / 1024, 1),
              "rss_after_mib": round(memory_after.get("VmRSS", 0) / 1024, 1),
              "peak_rss_mib": round(memory_after.get("VmHWM", 0) / 1024, 1),
              "results": rows}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"server {server.url}: started (six languages compiled) in "
          f"{report['started_in_s']} s; RSS {report['rss_warm_mib']} MiB warm, "
          f"{report['rss_after_mib']} MiB after, peak {report['peak_rss_mib']} MiB")
    print(f"{'what':45} {'n':>5} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'server p50':>10}")
    for row in rows:
        print(f"{row['what']:45} {row['n']:>5} {row['p50_ms']:>8} {row['p90_ms']:>8} "
              f"{row['p99_ms']:>8} {row['max_ms']:>8} {row['server_p50_ms']!s:>10}")
    print("(client-observed wall time per request over one keep-alive connection; 'server "
          "p50' is the check itself, from the Server-Timing header)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
