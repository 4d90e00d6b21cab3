"""Load test: many concurrent clients against `replycoach serve` on 127.0.0.1.

Run it from the repository root, with the Python replycoach is installed in:

    python benchmarks/load_test.py                      # 50 clients for 30 s
    python benchmarks/load_test.py --clients 20 --duration 10
    python benchmarks/load_test.py --url http://127.0.0.1:8787

It starts `replycoach serve --port 0` (all six languages compiled) unless --url is given;
only loopback URLs are accepted. Each client (an asyncio task sharing one httpx.AsyncClient
with at most --clients connections) posts drafts to /v1/check in turn — the 151-word
e-mail, chat lines, a draft in each other language, now and then a /v1/score — until the
time is up. Everything is bounded: the duration (at most 600 s), the requests (at most
--max-requests), and each request's time (30 s).

It reports requests per second, latency percentiles, every error by kind (status code or
exception), and the server's resident memory at the start (after a warm-up round), every
five seconds, and at the end, with the growth. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

import httpx
from bench_server import EMAIL, OTHER_LANGUAGES, Latencies, memory_kib, running_server

CHAT = ["hi, we cannot refund that lol", "As I already said, your parcel left on Monday!!!",
        "Thanks for waiting, I've reset your password; you can log in again now."]
MAX_DURATION = 600.0
REQUEST_TIMEOUT = 30.0


def bodies() -> list[tuple[str, dict[str, object]]]:
    work: list[tuple[str, dict[str, object]]] = [
        ("/v1/check", {"text": EMAIL, "context": "Where is my cable??"}),
        ("/v1/check", {"text": EMAIL, "lang": "en", "locale": "en-GB"})]
    work += [("/v1/check", {"text": text, "channel": "chat"}) for text in CHAT]
    work += [("/v1/check", {"text": text, "lang": code}) for code, text in
             OTHER_LANGUAGES.items()]
    work.append(("/v1/score", {"text": EMAIL, "lang": "en"}))
    return work


class Tally:
    def __init__(self) -> None:
        self.ok = 0
        self.errors: Counter[str] = Counter()
        self.seconds: list[float] = []
        self.sent = 0


async def client_loop(http: httpx.AsyncClient, work: list[tuple[str, dict[str, object]]],
                      offset: int, deadline: float, tally: Tally, max_requests: int) -> None:
    for path, body in itertools.islice(itertools.cycle(work), offset, None):
        if time.monotonic() >= deadline or tally.sent >= max_requests:
            return
        tally.sent += 1
        start = time.perf_counter()
        try:
            answer = await http.post(path, json=body)
        except httpx.HTTPError as exc:
            tally.errors[type(exc).__name__] += 1
            continue
        tally.seconds.append(time.perf_counter() - start)
        if answer.status_code == 200:
            tally.ok += 1
        else:
            tally.errors[f"HTTP {answer.status_code}"] += 1


async def sample_memory(pid: int | None, deadline: float, samples: list[tuple[float, int]]
                        ) -> None:
    started = time.monotonic()
    while pid and time.monotonic() < deadline:
        samples.append((time.monotonic() - started, memory_kib(pid).get("VmRSS", 0)))
        await asyncio.sleep(5)


async def run(url: str, pid: int | None, clients: int, duration: float, max_requests: int
              ) -> int:
    work = bodies()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits,
                                 timeout=REQUEST_TIMEOUT) as http:
        for path, body in work:  # warm-up: every kind of request once
            (await http.post(path, json=body)).raise_for_status()
        start_memory = memory_kib(pid) if pid else {}
        tally = Tally()
        samples: list[tuple[float, int]] = []
        deadline = time.monotonic() + duration
        began = time.perf_counter()
        await asyncio.gather(
            sample_memory(pid, deadline, samples),
            *(client_loop(http, work, i, deadline, tally, max_requests)
              for i in range(clients)))
        elapsed = time.perf_counter() - began
    end_memory = memory_kib(pid) if pid else {}
    latencies = Latencies(tally.seconds or [0.0], [])
    print(f"{clients} clients for {elapsed:.1f} s against {url}")
    print(f"requests: {tally.sent} sent, {tally.ok} ok, {sum(tally.errors.values())} failed "
          f"{dict(tally.errors) or ''}; {tally.ok / elapsed:.1f} ok/s")
    print(f"latency ms: p50 {latencies.percentile(50):.1f}, p90 {latencies.percentile(90):.1f}, "
          f"p99 {latencies.percentile(99):.1f}, max {max(latencies.seconds) * 1000:.1f}")
    if pid:
        start_rss = start_memory.get("VmRSS", 0) / 1024
        end_rss = end_memory.get("VmRSS", 0) / 1024
        print(f"server RSS MiB: start {start_rss:.1f}, end {end_rss:.1f} "
              f"(growth {end_rss - start_rss:+.1f}), peak {end_memory.get('VmHWM', 0) / 1024:.1f}")
        print("RSS every 5 s: " + ", ".join(f"{t:.0f}s {kib / 1024:.0f}" for t, kib in samples))
    return 1 if tally.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (max 600)")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--url", help="a running server on this machine")
    parser.add_argument("--threads", type=int, help="`replycoach serve --threads` (default: "
                        "the server's own)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500:
        parser.error("--clients must be 1..500")
    duration = min(max(args.duration, 1.0), MAX_DURATION)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("only a server on this machine (127.0.0.1) may be load-tested")
    serve_args = ["--threads", str(args.threads)] if args.threads else []
    with running_server(*serve_args, url=args.url) as server:
        return asyncio.run(run(server.url, server.pid, args.clients, duration,
                               args.max_requests))


if __name__ == "__main__":
    sys.exit(main())
