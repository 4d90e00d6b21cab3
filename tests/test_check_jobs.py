"""`check --jobs N`: the files of a folder checked by worker processes give exactly the output
of one process, in the same order, errors and notes included."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from replycoach import batch, workers

REPO = Path(__file__).resolve().parents[1]
MAIL = REPO / "tests" / "fixtures" / "mail"
CUSTOMER = "I have been waiting for two weeks and nobody answers. This is unacceptable!!"


@pytest.fixture
def workers_started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small chunks, so that a few dozen files already go to workers; records each start."""
    monkeypatch.setattr(batch, "CHUNK_FILES", 4)
    started: list[int] = []
    in_workers = batch._in_workers

    def spy(chunks: list[list[str]], *args: object) -> Iterator[object]:
        started.append(len(chunks))
        return in_workers(chunks, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_in_workers", spy)
    return started


def corpus_drafts(per_language: int) -> list[tuple[str, str, str]]:
    """(language, id, text) of drafts from each language's regression corpus, good and bad."""
    drafts = []
    for path in sorted((REPO / "tests" / "corpus").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        chosen = data["drafts"][::6][:per_language]
        drafts += [(data["language"], d["id"], d["text"]) for d in chosen]
    return drafts


def draft_folder(root: Path) -> Path:
    """English drafts first (the ones this process checks before starting workers), then the
    other languages in a/ and b/; then e-mails, a German draft (a note) and a binary file (an
    error) in c/."""
    folder = root / "drafts"
    drafts = sorted(corpus_drafts(per_language=5), key=lambda d: d[0] != "en")
    for number, (language, name, text) in enumerate(drafts):
        half = "a" if number < len(drafts) // 2 else "b"
        target = folder / half / f"{number:02d}-{language}-{name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    mail = folder / "c"
    mail.mkdir()
    for name in ("gmail_qp_vi.eml", "gmail_base64_windows-1256_ar.eml", "forwarded_en.eml"):
        shutil.copyfile(MAIL / name, mail / name)
    (mail / "de.txt").write_text("Vielen Dank für Ihre Nachricht, wir melden uns morgen bei "
                                 "Ihnen mit einer Lösung.\n", encoding="utf-8")
    (mail / "zz-binary.txt").write_bytes(b"\x00\x01 not a draft")
    return folder


@pytest.mark.parametrize("options", [
    ["--format", "json", "--channel", "email"],
    ["--format", "text", "--context", "CUSTOMER", "--fail-on", "suggestion"],
])
def test_two_jobs_print_what_one_job_prints(tmp_path: Path, run_cli, workers_started,
                                           options: list[str]) -> None:
    folder = draft_folder(tmp_path)
    customer = tmp_path / "customer.txt"
    customer.write_text(CUSTOMER, encoding="utf-8")
    options = [str(customer) if o == "CUSTOMER" else o for o in options]
    one = run_cli("check", "--isolated", *options, folder)
    assert workers_started == []
    two = run_cli("check", "--isolated", "--jobs", "2", *options, folder)
    assert workers_started, "the files were not shared among workers"
    assert one.exit_code == 2  # the binary file could not be read; the others were checked
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert "no rule packs" in one.stderr and "binary" in one.stderr
    assert one.stdout.count("\n") > 20


def test_a_broken_config_met_by_a_worker_stops_the_run_where_one_job_stops(
        tmp_path: Path, run_cli, workers_started) -> None:
    folder = draft_folder(tmp_path)
    (folder / "b" / ".replycoach.yml").write_text("fail_on: sometimes\n", encoding="utf-8")
    one = run_cli("check", folder)
    two = run_cli("check", "-j", "2", folder)
    assert workers_started
    assert one.exit_code == 2 and "fail_on" in one.stderr
    # Stopped at the broken folder, after reporting the files before it.
    assert f"{Path('drafts', 'a')}" in one.stdout and f"{Path('drafts', 'b')}" not in one.stdout
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)


def test_one_file_a_few_files_or_stdin_start_no_worker(tmp_path: Path, run_cli,
                                                       workers_started) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("We can't refund it, as I already said.\n", encoding="utf-8")
    assert run_cli("check", "--isolated", "-j", "4", draft).exit_code == 1
    few = tmp_path / "few"
    few.mkdir()
    for number in range(6):  # the first chunk and one more: no worker would be faster
        (few / f"{number}.txt").write_text("Thanks, I reset your password.\n", encoding="utf-8")
    assert run_cli("check", "--isolated", "-j", "4", few).exit_code == 0
    piped = run_cli("check", "--isolated", "-j", "0", "-", input="We can't help you.\n")
    assert piped.exit_code == 1
    assert workers_started == []


def test_no_worker_is_forked_while_another_thread_runs(tmp_path: Path, run_cli,
                                                      workers_started,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork copies every lock as it is: one held by a running thread would never be
    released in the worker. Such a run is checked in this process instead, all the same."""
    monkeypatch.setattr(batch, "THREADS_GRACE_SECONDS", 0.05)
    folder = draft_folder(tmp_path)
    one = run_cli("check", "--isolated", "--format", "json", folder)
    release = threading.Event()
    busy = threading.Thread(target=release.wait, name="busy")
    busy.start()
    try:
        two = run_cli("check", "--isolated", "--format", "json", "-j", "2", folder)
    finally:
        release.set()
        busy.join()
    assert workers_started == []
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)


def test_jobs_zero_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 6)
    assert (workers.resolve_jobs(0), workers.resolve_jobs(1), workers.resolve_jobs(3)) == (6, 1, 3)


def test_check_help_documents_jobs(run_cli) -> None:
    shown = " ".join(run_cli("check", "--help").stdout.split())
    assert "-j, --jobs" in shown and "0: one per core" in shown
