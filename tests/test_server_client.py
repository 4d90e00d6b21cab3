"""`replycoach check` through a warm server: named (--server, REPLYCOACH_SERVER) or found
through the state file, with the same output and exit status as a local run, and a local run
whenever the server cannot be used."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serverprocess import ServerProcess
from stubserver import QuietHandler, serving

pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="the server extra is not installed (pip install "
                    "'.[serve]')")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Hi Anna,\n\nAt this point in time we cannot refund it. 😀 As I already said, "
        "it left.\n\nBest regards,\nTom\n", encoding="utf-8")
    (folder / "b.eml").write_bytes(
        b"From: tom@example.com\r\nTo: anna@example.cz\r\nSubject: Re: refund\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
        b"quoted-printable\r\n\r\nWe cannot refund sale items, sorry =E2=80=93 obviously.\r\n")
    (folder / ".replycoach.yml").write_text(
        "severity:\n  en.positivity.cannot: error\nvocabulary:\n  avoid:\n"
        "    - term: parcel\n      use: package\n", encoding="utf-8")
    (folder / "c.md").write_text("Your parcel is late. Calm down!!!\n", encoding="utf-8")
    return folder


def run(*args: str | Path, server: ServerProcess, env: dict[str, str] | None = None,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "replycoach", *map(str, args)], input=input,
                          capture_output=True, text=True, encoding="utf-8",
                          env=environment(server, env), timeout=180, check=False)


def environment(server: ServerProcess, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This machine's environment with the server's state folder, without REPLYCOACH_SERVER."""
    env = {k: v for k, v in os.environ.items() if k != "REPLYCOACH_SERVER"}
    env.update({"XDG_STATE_HOME": str(server.state_home),
                "XDG_CONFIG_HOME": str(server.folder / "config")})
    return {**env, **(extra or {})}


def requests_seen(server: ServerProcess) -> int:
    return server.log().count('"POST /v1/check HTTP/1.1"')


def same_as_local(args: list[str | Path], server: ServerProcess, url: str | None = None
                  ) -> tuple[subprocess.CompletedProcess[str], int]:
    """`check ARGS` through the server at `url` (default: `server`), asserted to print and
    exit exactly as a local run; with the number of check requests `server` saw."""
    local = run(*args, "--server", "off", server=server)
    before = requests_seen(server)
    remote = run(*args, "--server", url or server.url, server=server)
    assert (remote.returncode, remote.stdout, remote.stderr) == (
        local.returncode, local.stdout, local.stderr)
    return remote, requests_seen(server) - before


@pytest.mark.parametrize("output", ["text", "json"])
def test_named_server_prints_what_a_local_run_prints(server: ServerProcess, drafts: Path,
                                                     output: str):
    args = ["check", "--format", output, "--lang", "en", "--context",
            EXAMPLES / "customer.txt", drafts, drafts / "missing.txt"]
    remote, requests = same_as_local(args, server)
    assert requests == 1, "the folder's drafts went in one request"
    assert remote.returncode == 2  # missing.txt
    if output == "json":
        files = {f["path"]: f for f in json.loads(remote.stdout)["files"]}
        severities = {f["rule"]: f["severity"] for f in files[str(drafts / "a.txt")]["findings"]}
        assert severities["en.positivity.cannot"] == "error", "the draft folder's config"
        assert any(f["rule"] == "team.avoid" for f in files[str(drafts / "c.md")]["findings"])


def test_stdin_and_env_variable(server: ServerProcess):
    text = "We cannot refund sale items.\n"
    local = run("check", "--server", "off", "--lang", "en", "-", server=server, input=text)
    before = requests_seen(server)
    remote = run("check", "--lang", "en", "-", server=server, input=text,
                 env={"REPLYCOACH_SERVER": server.url})
    assert requests_seen(server) == before + 1
    assert (remote.returncode, remote.stdout) == (local.returncode, local.stdout)


def test_a_running_server_is_found_through_its_state_file(server: ServerProcess, drafts: Path):
    before = requests_seen(server)
    found = run("check", drafts / "a.txt", server=server)
    assert requests_seen(server) == before + 1
    off = run("check", "--server", "off", drafts / "a.txt", server=server)
    assert requests_seen(server) == before + 1
    assert (found.returncode, found.stdout, found.stderr) == (off.returncode, off.stdout,
                                                              off.stderr)


def checked_through(server: ServerProcess, draft: Path) -> set[str]:
    """The modules `check --server URL draft` imported (it must report the draft's 'We
    cannot')."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "replycoach", "check", "--server",
         server.url, str(draft)], capture_output=True, text=True, timeout=180, check=False,
        env=environment(server), cwd=draft.parent)
    assert proc.returncode == 1 and "en.positivity.cannot" in proc.stdout, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:")}


def test_the_warm_path_does_not_import_spacy(server: ServerProcess, drafts: Path):
    imported = checked_through(server, drafts / "a.txt")
    assert not {"spacy", "thinc", "uvicorn", "fastapi", "pydantic"} & imported


def test_the_warm_path_imports_only_what_sending_needs(server: ServerProcess, tmp_path: Path):
    """The time an agent waits in a pre-send hook: no language detection, no YAML parser
    (no config file here), no e-mail parser for a plain draft, no worker pool, no
    LanguageTool client while grammar is off."""
    draft = tmp_path / "plain" / "draft.txt"
    draft.parent.mkdir()
    draft.write_text("We cannot refund sale items.\n", encoding="utf-8")
    imported = checked_through(server, draft)
    assert not {"py3langid", "numpy", "yaml", "replycoach.mail.message", "multiprocessing",
                "urllib.request"} & imported


def test_a_server_started_with_other_rules_is_not_used(server: ServerProcess, drafts: Path,
                                                       tmp_path: Path):
    other_rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", other_rules)  # a rule author's folder
    before = requests_seen(server)
    proc = run("check", drafts / "a.txt", server=server,
               env={"REPLYCOACH_RULES": str(other_rules)})
    assert proc.returncode == 1 and "en.positivity.cannot" in proc.stdout
    assert requests_seen(server) == before


def test_a_stale_state_file_means_a_silent_local_run(tmp_path: Path, drafts: Path):
    stale = ServerProcess(tmp_path / "stale")
    stale.state_file.parent.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale.state_file.write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": int(dead)}),
                                encoding="utf-8")
    proc = run("check", drafts / "a.txt", server=stale)
    assert proc.returncode == 1 and "en.positivity.cannot" in proc.stdout
    assert proc.stderr == ""


def test_a_named_server_that_is_down_means_a_local_run_with_a_note(tmp_path: Path,
                                                                     drafts: Path):
    nobody = ServerProcess(tmp_path / "nobody")
    proc = run("check", "--server", "http://127.0.0.1:9", drafts / "a.txt", server=nobody)
    assert proc.returncode == 1 and "en.positivity.cannot" in proc.stdout
    assert "no server at http://127.0.0.1:9" in proc.stderr
    assert "checking locally" in proc.stderr


def test_a_bad_server_value_is_a_usage_error(tmp_path: Path, drafts: Path):
    proc = run("check", "--server", "ftp://x", drafts / "a.txt",
               server=ServerProcess(tmp_path / "x"))
    assert proc.returncode == 2
    assert "not an http:// URL" in proc.stderr


def test_unknown_language_says_what_a_local_run_says(server: ServerProcess, drafts: Path):
    remote = run("check", "--server", server.url, "--lang", "xx", drafts / "a.txt",
                 server=server)
    local = run("check", "--server", "off", "--lang", "xx", drafts / "a.txt", server=server)
    assert (remote.returncode, remote.stderr) == (local.returncode, local.stderr) == (
        2, local.stderr)
    assert "unknown language 'xx'" in remote.stderr


@pytest.fixture
def two_folders(drafts: Path) -> Path:
    """`drafts` (its own config) and a subfolder with another config, met in that order."""
    other = drafts / "zz"
    other.mkdir()
    (other / ".replycoach.yml").write_text("severity:\n  en.positivity.cannot: suggestion\n",
                                           encoding="utf-8")
    (other / "d.txt").write_text("We cannot refund sale items, sorry.\n", encoding="utf-8")
    (other / "e.txt").write_text("Thanks for waiting! It is on its way.\n", encoding="utf-8")
    return drafts


def test_drafts_go_in_one_request_per_config(server: ServerProcess, two_folders: Path):
    remote, requests = same_as_local(["check", "--format", "json", "--lang", "en",
                                      two_folders], server)
    assert requests == 2, "one request per folder config"
    files = {Path(f["path"]).name: f for f in json.loads(remote.stdout)["files"]}
    assert {f["rule"]: f["severity"] for f in files["d.txt"]["findings"]}[
        "en.positivity.cannot"] == "suggestion", "the subfolder's own config"


@dataclass
class Counts:
    refused: int = 0
    forwarded: int = 0


@contextmanager
def refusing_proxy(upstream: str, status: int) -> Iterator[tuple[str, Counts]]:
    """(URL, counts) of a server in front of the real one that answers every many-draft
    request with `status` (422: a server from before `drafts`; 413: a small --max-body;
    400: one draft's error) and passes one-draft requests through."""
    target = urlsplit(upstream)
    counts = Counts()

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if "drafts" in json.loads(body):
                counts.refused += 1
                self.answer(status, json.dumps({"error": "refused"}).encode())
                return
            counts.forwarded += 1
            upstream_http = http.client.HTTPConnection(target.hostname, target.port)
            upstream_http.request("POST", self.path, body=body,
                                  headers={"Content-Type": "application/json"})
            response = upstream_http.getresponse()
            self.answer(response.status, response.read())
            upstream_http.close()

    with serving(Handler) as url:
        yield url, counts


@pytest.mark.parametrize("status", [422, 413, 400])
def test_a_refused_batch_is_sent_again_draft_by_draft(server: ServerProcess, drafts: Path,
                                                       status: int):
    with refusing_proxy(server.url, status) as (url, counts):
        same_as_local(["check", "--format", "json", "--lang", "en", drafts], server, url)
    assert (counts.refused, counts.forwarded) == (1, 3)


def test_a_broken_config_stops_the_run_after_the_drafts_before_it(server: ServerProcess,
                                                                   two_folders: Path):
    (two_folders / "zz" / ".replycoach.yml").write_text("language: zz\n", encoding="utf-8")
    remote, _ = same_as_local(["check", two_folders], server)
    assert remote.returncode == 2 and "a.txt" in remote.stdout
    assert "unknown language 'zz'" in remote.stderr
