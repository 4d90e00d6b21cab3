"""`replycoach fix`: a unified diff of the safe rewrites, `--unsafe`, `--write`, and rewrites
that never corrupt the text around them."""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cli_env")

# safe: wordy "in order to" -> "to", filler "basically" deleted, "!!!" -> "!"
# unsafe: "obviously" deleted; no fix at all: "we can't"
DRAFT = (
    "Hi Anna,\n"
    "\n"
    "We basically called the depot in order to check your parcel!!!\n"
    "It obviously left late. Unfortunately, we can't refund it.\n"
)
SAFE_FIXED = (
    "Hi Anna,\n"
    "\n"
    "We called the depot to check your parcel!\n"
    "It obviously left late. Unfortunately, we can't refund it.\n"
)
ALL_FIXED = SAFE_FIXED.replace("It obviously left", "It left")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "work"


def test_fix_shows_a_unified_diff_of_safe_fixes_only(run_cli, write_draft, work):
    path = write_draft(work / "d.txt", DRAFT)
    result = run_cli("fix", "d.txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "--- a/d.txt"
    assert lines[1] == "+++ b/d.txt"
    assert lines[2].startswith("@@ ")
    assert "-We basically called the depot in order to check your parcel!!!" in lines
    assert "+We called the depot to check your parcel!" in lines
    assert not any(line.startswith(("-It", "+It")) for line in lines)  # unsafe: not shown
    assert "3 fixes" in result.output
    assert path.read_text(encoding="utf-8") == DRAFT  # nothing written


def test_fix_unsafe_adds_unsafe_rewrites(run_cli, write_draft, work):
    write_draft(work / "d.txt", DRAFT)
    lines = run_cli("fix", "--unsafe", "d.txt").stdout.splitlines()
    assert "+We called the depot to check your parcel!" in lines
    assert "-It obviously left late. Unfortunately, we can't refund it." in lines
    assert "+It left late. Unfortunately, we can't refund it." in lines


def test_fix_write_applies_safe_fixes(run_cli, write_draft, work):
    path = write_draft(work / "d.txt", DRAFT)
    result = run_cli("fix", "--write", "d.txt")
    assert result.exit_code == 0
    assert path.read_bytes().decode("utf-8") == SAFE_FIXED
    assert "---" not in result.stdout  # no diff when writing
    assert "Applied 3 fixes in 1 file" in result.stderr
    # Nothing safe is left to fix.
    assert "Would apply 0 fixes" in run_cli("fix", "d.txt").output


def test_fix_write_unsafe_applies_all_fixes(run_cli, write_draft, work):
    path = write_draft(work / "d.txt", DRAFT)
    run_cli("fix", "--write", "--unsafe", "d.txt")
    assert path.read_bytes().decode("utf-8") == ALL_FIXED


def test_fix_respects_select_and_ignore(run_cli, write_draft, work):
    path = write_draft(work / "d.txt", DRAFT)
    run_cli("fix", "--write", "--ignore", "en.clarity", "d.txt")
    assert path.read_bytes().decode("utf-8") == DRAFT.replace("parcel!!!", "parcel!")


def test_fix_follows_the_team_vocabulary(run_cli, write_draft, work):
    (work / ".replycoach.yml").write_text(
        "vocabulary:\n  accept: [basically]\n  avoid:\n    - {term: utilize, use: use}\n")
    path = write_draft(work / "d.txt", "We basically utilize the depot in order to check it.\n")
    run_cli("fix", "--write", "d.txt")  # the vocabulary rewrite is not marked safe
    assert path.read_text() == "We basically utilize the depot to check it.\n"
    run_cli("fix", "--write", "--unsafe", "d.txt")
    assert path.read_text() == "We basically use the depot to check it.\n"


def test_fix_on_a_clean_file_changes_nothing(run_cli, write_draft, work):
    clean = "Thank you for your message. Your parcel left the warehouse this morning.\n"
    path = write_draft(work / "clean.txt", clean)
    result = run_cli("fix", "--write", "clean.txt")
    assert result.exit_code == 0
    assert path.read_bytes().decode("utf-8") == clean
    shown = run_cli("fix", "clean.txt")
    assert shown.stdout == ""  # stdout carries only the diff, so it can be piped to patch
    assert shown.stderr.strip() == "Would apply 0 fixes in 0 files."


def test_fix_write_preserves_bom_and_crlf(run_cli, write_draft, work):
    original = b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode("utf-8")
    path = write_draft(work / "d.txt", original)
    run_cli("fix", "--write", "d.txt")
    assert path.read_bytes() == b"\xef\xbb\xbf" + SAFE_FIXED.replace("\n", "\r\n").encode()


def test_fix_write_preserves_a_legacy_encoding(run_cli, write_draft, work):
    text = "Café Müller basically sent it in order to help.\n"
    path = write_draft(work / "d.txt", text.encode("cp1252"))
    run_cli("fix", "--write", "--lang", "en", "--encoding", "cp1252", "d.txt")
    assert path.read_bytes() == "Café Müller sent it to help.\n".encode("cp1252")


def test_fix_write_on_an_eml_rewrites_only_the_body(run_cli, write_draft, work):
    headers = "From: agent@example.com\r\nSubject: basically in order to\r\n\r\n"
    path = write_draft(work / "r.eml", headers + DRAFT.replace("\n", "\r\n"))
    run_cli("fix", "--write", "r.eml")
    assert path.read_bytes().decode("utf-8") == headers + SAFE_FIXED.replace("\n", "\r\n")


def test_fix_stdin_with_write_prints_the_fixed_text(run_cli):
    result = run_cli("fix", "--write", "-", input=DRAFT.replace("\n", "\r\n").encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == SAFE_FIXED.replace("\n", "\r\n").encode("utf-8")
    assert "Applied 3 fixes" in result.stderr


def test_fix_stdin_with_write_and_nothing_to_fix_echoes_the_text(run_cli):
    clean = "Thank you for your message. Your parcel left the warehouse this morning.\n"
    result = run_cli("fix", "--write", "-", input=clean)
    assert result.stdout_bytes == clean.encode("utf-8")


def test_fix_stdin_diff_names_the_stream(run_cli):
    lines = run_cli("fix", "-", input=DRAFT).stdout.splitlines()
    assert lines[:2] == ["--- -", "+++ -"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(DRAFT, id="lf"),
        pytest.param(DRAFT.split("\nIt")[0], id="no-final-newline"),
        pytest.param(DRAFT.replace("\n", "\r\n"), id="crlf"),
    ],
)
def test_the_diff_applies_with_patch(run_cli, write_draft, work, source):
    if shutil.which("patch") is None:
        pytest.skip("the patch program is not installed")
    path = write_draft(work / "d.txt", source)
    diff = run_cli("fix", "d.txt").stdout_bytes  # bytes: CliRunner's .stdout folds CRLF
    applied = subprocess.run(["patch", "-p1", "--batch", "--quiet", "--reject-file=-",
                              "--no-backup-if-mismatch"], input=diff, cwd=work,
                             capture_output=True, timeout=60, check=False)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    patched = path.read_bytes()
    write_draft(work / "d.txt", source)
    run_cli("fix", "--write", "d.txt")
    assert patched == path.read_bytes()  # the diff shows exactly what --write does


def test_overlapping_fixes_apply_once(run_cli, write_draft, work):
    # "at this point in time" (safe -> "now") contains "point in time" (unsafe -> "moment").
    path = write_draft(work / "d.txt", "We can ship it at this point in time, I think.\n")
    run_cli("fix", "--write", "--unsafe", "d.txt")
    assert path.read_text(encoding="utf-8") == "We can ship it now, I think.\n"


def test_a_deleted_word_at_a_sentence_start_capitalises_the_next(run_cli, write_draft, work):
    path = write_draft(work / "d.txt", "Obviously the parcel left. Basically it is late.\n")
    run_cli("fix", "--write", "--unsafe", "d.txt")
    assert path.read_text(encoding="utf-8") == "The parcel left. It is late.\n"


# --- property: many generated texts, overlapping fixes, nothing outside them changes ----------

FRAGMENTS = [
    "in order to", "at this point in time", "point in time", "due to the fact that",
    "basically", "Basically", "actually", "obviously", "Obviously", "clearly", "!!", "!!!",
    "we", "called", "the parcel", "Děkuji", "😀", "e\u0301", "مرحبا", "left", "it", "ok",
    ",", ".", "?", "\n", "\r\n", "\n\n", " ", "\t",
]


def generated_texts(count: int, seed: int = 20240601) -> list[str]:
    rng = random.Random(seed)
    texts = []
    while len(texts) < count:
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(3, 25))]
        joiners = [rng.choice([" ", " ", " ", "", "  "]) for _ in parts]
        text = "".join(p + j for p, j in zip(parts, joiners, strict=True))
        if text.strip() and any(ch.isalpha() for ch in text):
            texts.append(text)
    return texts


def clusters(fixes: list[dict]) -> list[list[dict]]:
    """Groups of fixes whose spans overlap or touch."""
    groups: list[list[dict]] = []
    for fix in sorted(fixes, key=lambda f: (f["start"], f["end"])):
        if groups and fix["start"] <= max(f["end"] for f in groups[-1]):
            groups[-1].append(fix)
        else:
            groups.append([fix])
    return groups


def possible_outputs(source: str, group: list[dict]) -> set[str]:
    """What the group's span may become: any non-overlapping subset of its fixes applied."""
    lo, hi = group[0]["start"], max(f["end"] for f in group)
    results = set()
    for size in range(len(group) + 1):
        for subset in itertools.combinations(group, size):
            ordered = sorted(subset, key=lambda f: (f["start"], f["end"]))
            if any(a["end"] > b["start"] for a, b in itertools.pairwise(ordered)):
                continue
            out, cursor = [], lo
            for fix in ordered:
                out.append(source[cursor:fix["start"]])
                out.append(fix["replacement"])
                cursor = fix["end"]
            out.append(source[cursor:hi])
            results.add("".join(out))
    return results


def explained(source: str, fixed: str, fixes: list[dict]) -> bool:
    """Is `fixed` = the untouched text between the fix spans, unchanged and in order, with
    each span replaced by one of its possible outputs?"""
    positions, cursor = {0}, 0
    for group in clusters(fixes):
        gap = source[cursor:group[0]["start"]]
        outputs = possible_outputs(source, group)
        positions = {p + len(gap) + len(out) for p in positions if fixed.startswith(gap, p)
                     for out in outputs if fixed.startswith(out, p + len(gap))}
        cursor = max(f["end"] for f in group)
    return any(fixed[p:] == source[cursor:] for p in positions)


def test_fixes_never_corrupt_text_outside_their_spans(run_cli, write_draft, work):
    texts = generated_texts(120)
    folder = work / "generated"
    paths = [write_draft(folder / f"t{i:03}.txt", text) for i, text in enumerate(texts)]
    report = json.loads(run_cli("check", "--lang", "en", "--format", "json", "--fail-on",
                                "never", "generated").stdout)
    fixes_by_path = {entry["path"]: [f["fix"] for f in entry["findings"] if f["fix"]]
                     for entry in report["files"]}
    assert sum(len(f) for f in fixes_by_path.values()) > 200  # the texts do exercise fixes
    overlapping = sum(any(a["end"] > b["start"] for a, b in itertools.pairwise(
        sorted(f, key=lambda x: (x["start"], x["end"])))) for f in fixes_by_path.values())
    assert overlapping > 10  # and overlapping ones
    result = run_cli("fix", "--write", "--unsafe", "--lang", "en", "generated")
    assert result.exit_code == 0
    for path, source in zip(paths, texts, strict=True):
        fixed = path.read_bytes().decode("utf-8")
        fixes = fixes_by_path[f"generated/{path.name}"]
        assert explained(source, fixed, fixes), f"{source!r}\n->\n{fixed!r}\n{fixes}"
        if fixes:
            assert fixed != source
