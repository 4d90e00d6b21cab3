"""What spelling costs `replycoach check`, on the real Twitter customer-care replies.

Run it from the repository root, with the Python of the environment replycoach is installed in:

    python benchmarks/bench_spelling.py
    python benchmarks/bench_spelling.py --corpus path/to/twitter-care.jsonl --repeat 5

Every reply (JSON lines with id, context, reply) becomes a draft in its detected language on the
social channel, with the customer's message as its context. Then, best of --repeat runs each:

* loading each dictionary the drafts need (once per process);
* the spelling rules alone over every draft, with empty word caches, as a new process has:
  the spelling cost per draft (ms);
* every rule over every draft (`lint`, what `check` does in-process), once without the
  spelling rules (--ignore <lang>.spelling) and once with them: the slowdown;
* the same as two `replycoach check` processes over a folder of the replies (start-up and
  dictionary loading included);
* one short draft per language, each a new `replycoach check` process with and without its
  spelling rule: what an agent waits for at the command line, dictionary loading included.

Times are CPU times (the least of the runs), so other work on the machine disturbs them
little, except for the single drafts: there the agent waits for the wall clock, so the median
wall-clock time of --repeat alternating runs is reported. (A draft whose words are all among
the language's 100,000 most common never loads hunspell, and one whose words derive from their
dictionary entries loads only that core list; see spelling/dictionaries.py.)
With --coverage it also counts, for each language's regression corpus in tests/corpus, the
drafts answered by the common words alone, by the core list, and those that needed the full
list (each draft with freshly loaded dictionaries, as in a new process).
It exits 1 when spelling slows `check` down by more than half (--max-slowdown 1.5) in any of
these.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from replycoach.detect import UnsupportedLanguage, detect_language
from replycoach.draft import Draft
from replycoach.engine import language_rules, lint
from replycoach.kinds import spelling as spelling_kind
from replycoach.languages import available_languages
from replycoach.policy import Policy
from replycoach.spelling import dictionaries
from replycoach.spelling.dictionaries import load_dictionary, load_hunspell

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpora" / "twitter-care.jsonl"


def load_drafts(path: Path) -> list[Draft]:
    available = available_languages()
    drafts = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = str(row.get("reply") or "")
        try:
            language = detect_language(text, available)
        except UnsupportedLanguage:
            continue  # no rule packs, no spelling rule: nothing to measure
        drafts.append(Draft.whole(f"{row.get('id', number)}.txt", text, language=language,
                                  channel="social", context=row.get("context") or None))
    return drafts


def spelling_ids(languages: set[str]) -> tuple[str, ...]:
    return tuple(f"{code}.spelling" for code in sorted(languages))


def cpu(work: Callable[[], object]) -> float:
    """The CPU time of one run, with empty word caches as in a new process."""
    spelling_kind._checker.cache_clear()
    start = time.process_time()
    work()
    return time.process_time() - start


def best(repeat: int, *works: Callable[[], object]) -> list[float]:
    """The least CPU time of each piece of work over `repeat` rounds, run in turn so that
    the machine's other work weighs on them alike."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for timing, work in zip(times, works, strict=True):
            timing.append(cpu(work))
    return [min(t) for t in times]


def check_process(folder: Path, ignore: tuple[str, ...]) -> float:
    """The CPU time (user + system) of one `replycoach check` process over the folder."""
    command = [sys.executable, "-m", "replycoach", "check", "--server", "off", "--isolated",
               "--channel", "social", "--fail-on", "never", "--format", "json", str(folder)]
    if ignore:
        command[4:4] = ["--ignore", ",".join(ignore)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 2) or not proc.stdout.startswith("{"):
        raise SystemExit(f"replycoach check failed ({proc.returncode}): {proc.stderr[-500:]}")
    return seconds


# One short reply per language, as an agent would check it before sending.
SINGLE_DRAFTS = {
    "en": "Hi Sam,\n\nThanks for your patience. Your refund was sent today and should reach "
          "your card within five working days.\n\nBest regards,\nAnna",
    "cs": "Dobrý den,\n\nděkujeme za trpělivost. Peníze jsme Vám dnes vrátili a na účtu je "
          "uvidíte do pěti pracovních dnů.\n\nS pozdravem\nAnna",
    "pl": "Dzień dobry,\n\ndziękujemy za cierpliwość. Zwrot został dziś wysłany i pojawi się "
          "na koncie w ciągu pięciu dni roboczych.\n\nPozdrawiam\nAnna",
    "ru": "Здравствуйте!\n\nСпасибо за терпение. Мы сегодня вернули деньги, они поступят на "
          "карту в течение пяти рабочих дней.\n\nС уважением,\nАнна",
    "vi": "Chào anh Nam,\n\nCảm ơn anh đã kiên nhẫn chờ. Chúng tôi đã hoàn tiền hôm nay, "
          "tiền sẽ về thẻ của anh trong năm ngày làm việc.\n\nTrân trọng,\nAnna",
    "ar": "مرحبا أحمد،\n\nشكرا لتواصلك معنا. نعتذر عن التأخير في توصيل طلبك، وقد تم شحنه "
          "اليوم وسيصلك خلال يومين.\n\nمع خالص التحية،\nفريق الدعم",
}


def dictionary_loads(name: str) -> str:
    """How long each step of a dictionary takes to load (each once per process)."""
    start = time.perf_counter()
    dictionary = load_dictionary(name)
    known, common = time.perf_counter() - start, len(dictionary.known)
    if dictionary.core_folder is None:
        steps = "no core list"
        full_when = "when a word is not common"
    else:
        start = time.perf_counter()
        load_hunspell(name, dictionary.core_folder)
        seconds = time.perf_counter() - start
        steps = (f"core list ({core_entries_count(dictionary.core_folder, name):,} entries) "
                 f"in {seconds * 1000:.0f} ms (when a word is not common)")
        full_when = "when the core list lacks one"
    start = time.perf_counter()
    dictionary.stem("\u2063")  # the full list answers this
    full = time.perf_counter() - start
    return (f"{common:,} common words known in {known * 1000:.0f} ms, {steps}, "
            f"full list in {full * 1000:.0f} ms ({full_when})")


def core_entries_count(folder: Path, name: str) -> int:
    with (folder / f"{name}.dic").open("rb") as dic:
        return int(dic.readline())


def coverage() -> None:
    """Corpus drafts answered by common words, by the core list, or needing the full list."""
    corpus = REPO_ROOT / "tests" / "corpus"
    for path in sorted(corpus.glob("*.yml")):
        code = path.stem
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))["drafts"]
        counts = {"common words": 0, "core list": 0, "full list": 0}
        for row in rows:
            dictionaries._loaded.clear()
            spelling_kind._checker.cache_clear()
            lint(Draft.whole("draft.txt", row["text"], language=code),
                 Policy(select=(f"{code}.spelling",)))
            loaded = list(dictionaries._loaded.values())
            step = ("full list" if any(d.engine_loaded for d in loaded) else
                    "core list" if any(d.core_loaded for d in loaded) else "common words")
            counts[step] += 1
        print(f"  {code}: {len(rows)} drafts: " +
              ", ".join(f"{n} by the {step}" for step, n in counts.items()))


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"replycoach check failed ({proc.returncode}): {proc.stderr[-500:]}")
    return time.perf_counter() - start


def single_drafts(repeat: int) -> float:
    """Median wall-clock time of a cold `check` on one draft, with and without spelling."""
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for code, text in SINGLE_DRAFTS.items():
            draft = Path(tmp) / f"{code}.txt"
            draft.write_text(text, encoding="utf-8")
            command = [sys.executable, "-m", "replycoach", "check", "--server", "off",
                       "--isolated", "--lang", code, "--fail-on", "never", str(draft)]
            wall(command)  # caches (dictionary copy, language model) as after the first run
            off, on = [], []
            for _ in range(repeat):
                off.append(wall([*command[:4], "--ignore", f"{code}.spelling", *command[4:]]))
                on.append(wall(command))
            ratio = statistics.median(on) / statistics.median(off)
            worst = max(worst, ratio)
            print(f"  one {code} draft: {statistics.median(off):.2f} s without spelling, "
                  f"{statistics.median(on):.2f} s with it: x{ratio:.2f}")
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-slowdown", type=float, default=1.5)
    parser.add_argument("--coverage", action="store_true",
                        help="count the corpus drafts each dictionary step answers")
    parser.add_argument("--no-processes", action="store_true",
                        help="skip the two `replycoach check` process runs")
    args = parser.parse_args()

    drafts = load_drafts(args.corpus.resolve())
    languages = {d.language for d in drafts if d.language}
    ids = spelling_ids(languages)
    counts = ", ".join(f"{c}: {sum(d.language == c for d in drafts)}" for c in sorted(languages))
    print(f"{len(drafts)} replies from {args.corpus.name} ({counts})")

    for code in sorted(languages):
        language_rules(code)  # spaCy pipeline and rules: the same with or without spelling
        for rule in language_rules(code).rules:
            if rule.spec.kind == "spelling":
                for name in rule.check.settings.dictionaries:  # type: ignore[attr-defined]
                    print(f"  dictionary {name}: {dictionary_loads(name)}")

    only = Policy(select=ids)
    without = Policy(ignore=ids)
    everything = Policy()
    n = len(drafts)
    # `lint` with only the spelling rules still builds each draft's analysis: the cost of
    # that is an empty selection's.
    nothing = Policy(select=("no.such.rule",))
    spelling, analysis, plain, full = best(
        args.repeat, lambda: [lint(d, only) for d in drafts],
        lambda: [lint(d, nothing) for d in drafts],
        lambda: [lint(d, without) for d in drafts],
        lambda: [lint(d, everything) for d in drafts])
    found = sum(len(lint(d, only)) for d in drafts)
    per_draft = (spelling - analysis) / n * 1000
    print(f"spelling alone: {per_draft:.2f} ms per draft (word caches empty at the start; "
          f"{found} findings in {n} drafts)")
    print(f"check in-process: {plain / n * 1000:.2f} ms per draft without spelling, "
          f"{full / n * 1000:.2f} ms with it: x{full / plain:.2f}")
    slowdown = full / plain

    if not args.no_processes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for number, draft in enumerate(drafts):
                (folder / f"{number:05d}.txt").write_text(draft.text, encoding="utf-8")
            runs = [(check_process(folder, ids), check_process(folder, ()))
                    for _ in range(args.repeat)]
            off, on = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"replycoach check process ({n} files, start-up included): {off:.2f} s CPU "
              f"without spelling, {on:.2f} s with it: x{on / off:.2f}")
        slowdown = max(slowdown, on / off)
        print("single drafts, a new process each (median wall clock):")
        slowdown = max(slowdown, single_drafts(args.repeat))

    if args.coverage:
        print("regression corpora (tests/corpus), which dictionary step answered each draft:")
        coverage()

    verdict = "ok" if slowdown <= args.max_slowdown else "TOO SLOW"
    print(f"slowdown x{slowdown:.2f} (limit x{args.max_slowdown:.2f}): {verdict}")
    return 0 if slowdown <= args.max_slowdown else 1


if __name__ == "__main__":
    sys.exit(main())
