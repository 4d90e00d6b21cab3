"""The built wheel ships the rules, and an installed copy finds them without REPLYCOACH_RULES."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOT_PACKS = {"language.yml", "signals.yml"}


def _build(outdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir),
                           str(REPO)], capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    built = _build(outdir)
    if built.returncode != 0:
        # Offline, build's isolated env cannot fetch hatchling: build without isolation.
        if importlib.util.find_spec("hatchling") is None:
            pytest.skip("cannot build the wheel: `python -m build` failed (no network?) and "
                        "hatchling is not installed for --no-build-isolation:\n"
                        + built.stderr[-600:])
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--wheel-dir", str(outdir), str(REPO)],
            capture_output=True, text=True, timeout=600, check=False)
        assert built.returncode == 0, built.stderr[-2000:]
    (path,) = outdir.glob("replycoach-*.whl")
    return path


def test_wheel_ships_the_rules(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "replycoach/rules/en/language.yml" in names
    assert "replycoach/__main__.py" in names
    packs = [n for n in names if n.startswith("replycoach/rules/")
             and n.endswith(".yml") and Path(n).name not in NOT_PACKS]
    assert packs, "no rule pack in the wheel"
    # Every rules file of the checkout is in the wheel, at the same place.
    in_checkout = {f"replycoach/rules/{p.relative_to(REPO / 'rules').as_posix()}"
                   for p in (REPO / "rules").rglob("*.yml")}
    assert in_checkout <= names, sorted(in_checkout - names)


def test_unpacked_wheel_finds_its_own_rules(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "REPLYCOACH_RULES"}
    env["PYTHONPATH"] = str(site)
    script = ("import runpy, sys, replycoach; print(replycoach.__file__, file=sys.stderr); "
              "sys.argv = ['replycoach', 'rules', '--format', 'json']; "
              "runpy.run_module('replycoach', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().startswith(str(site / "replycoach")), proc.stderr
    rules = json.loads(proc.stdout)
    shipped = {Path(n).parent.name for n in zipfile.ZipFile(wheel).namelist()
               if n.startswith("replycoach/rules/") and n.endswith(".yml")
               and Path(n).name not in NOT_PACKS}
    assert rules, "the installed wheel lists no rules"
    assert {r["language"] for r in rules} == shipped
