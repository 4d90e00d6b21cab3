"""Unicode forms in drafts: decomposed accents (NFD) match rules and keep exact positions."""

from __future__ import annotations

import json
import unicodedata

from click.testing import CliRunner

from replycoach.cli import cli


def test_decomposed_unicode_is_matched_and_located_in_the_file(tmp_path) -> None:
    """Drafts typed on macOS or with a Vietnamese IME in decomposed mode (NFD) still match
    rules written composed, and positions count the file's own characters."""
    text = unicodedata.normalize("NFD", "Dobrý den,\nbohužel to nemůžeme udělat.\n")
    path = tmp_path / "nfd.txt"
    path.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--lang", "cs", "--format", "json",
                                      str(path)])
    findings = json.loads(result.output)["files"][0]["findings"]
    [cannot] = [f for f in findings if f["rule"] == "cs.positivity.cannot"]
    assert text[cannot["start"]:cannot["end"]] == cannot["text"]
    assert unicodedata.normalize("NFC", cannot["text"]) == "nemůžeme"
    assert (cannot["line"], cannot["column"]) == (2, 13)  # 'bohužel' is 8 characters in NFD


def test_a_fix_keeps_the_arabic_proclitic_the_draft_attached(tmp_path) -> None:
    """'وليش' (and why) matches the phrase 'ليش' through its proclitic; the rewrite must keep
    the 'و': 'ولماذا', not 'لماذا'."""
    path = tmp_path / "ar.txt"
    path.write_text("وليش ما وصلك الطلب؟\n", "utf-8")
    result = CliRunner().invoke(cli, ["fix", "--write", "--unsafe", "--isolated", "--lang", "ar",
                                      "--locale", "ar-SA", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == "ولماذا ما وصلك الطلب؟\n"
