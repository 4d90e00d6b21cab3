"""Customer-culture profiles: the `locales` command, choosing a locale, and drafts per locale
that must or must not raise formality findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from replycoach.cli import cli
from replycoach.errors import DataFileError, ReplycoachError
from replycoach.locales import all_locales, find_locale, parse_locale
from replycoach.runner import CheckOptions, check_paths

SHIPPED = ["en-US", "en-GB", "en-IN", "de-DE", "fr-FR", "pt-BR", "ja-JP", "zh-CN", "ar-SA",
           "cs-CZ", "pl-PL", "ru-RU", "vi-VN"]
DRAFTS_DIR = Path(__file__).parent / "data" / "locale_drafts"
DRAFTS = {tag: cases for path in sorted(DRAFTS_DIR.glob("*.yml"))
          for tag, cases in yaml.safe_load(path.read_text("utf-8")).items()}


def test_every_promised_locale_ships_with_sources() -> None:
    locales = all_locales()
    assert set(SHIPPED) <= set(locales)
    for locale in locales.values():
        assert locale.sources, f"{locale.tag} cites no source"
        assert locale.greeting_examples and locale.sign_off_examples


def test_locales_command_lists_profiles_as_json() -> None:
    result = CliRunner().invoke(cli, ["locales", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert {entry["locale"] for entry in listed} >= set(SHIPPED)
    assert all(entry["name"] for entry in listed)


def test_locales_show_explains_in_plain_words() -> None:
    result = CliRunner().invoke(cli, ["locales", "show", "ja-JP"])
    assert result.exit_code == 0
    assert "Register: formal" in result.output and "Sources" in result.output
    assert "first name alone is too familiar" in result.output


def test_locale_tags_match_without_regard_to_case() -> None:
    assert find_locale("en-gb").tag == "en-GB"
    with pytest.raises(ReplycoachError, match="unknown locale 'xx-YY'"):
        find_locale("xx-YY")


def test_a_broken_profile_names_file_line_and_field(tmp_path: Path) -> None:
    source = (Path(__file__).parent.parent / "locales" / "de-DE.yml").read_text("utf-8")
    broken = tmp_path / "de-DE.yml"
    broken.write_text(source.replace("register: formal", "register: stiff"), "utf-8")
    with pytest.raises(DataFileError) as caught:
        parse_locale(broken)
    message = str(caught.value)
    assert "de-DE.yml:" in message and "'register'" in message and "stiff" in message


def _findings(tmp_path: Path, text: str, locale: str, suffix: str = ".txt") -> list[str]:
    draft = tmp_path / f"draft{suffix}"
    draft.write_text(text, "utf-8")
    [result] = check_paths([str(draft)], CheckOptions(locale=locale, isolated=True))
    assert result.error is None, result.error
    return [f.rule for f in result.findings]


CASES = [(tag, kind, case) for tag, cases in DRAFTS.items()
         for kind in ("flag", "pass") for case in cases[kind]]


@pytest.mark.parametrize(("tag", "kind", "case"), CASES,
                         ids=[f"{t}-{k}-{i}" for i, (t, k, _) in enumerate(CASES)])
def test_drafts_per_locale(tmp_path: Path, tag: str, kind: str, case: dict) -> None:
    rules = _findings(tmp_path, case["text"], tag)
    if kind == "flag":
        assert case["rule"] in rules, rules
    else:
        assert not [r for r in rules if ".formality." in r], rules


def test_every_shipped_locale_has_flag_and_pass_drafts_in_two_languages() -> None:
    missing = [tag for tag in SHIPPED if tag not in DRAFTS
               or len(DRAFTS[tag]["flag"]) < 2 or len(DRAFTS[tag]["pass"]) < 2]
    assert not missing, f"locales without own-language and English drafts: {missing}"


def test_locale_comes_from_the_config(tmp_path: Path) -> None:
    (tmp_path / ".replycoach.yml").write_text("locale: ja-JP\n", "utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("Your refund is on its way 😊\n", "utf-8")
    [result] = check_paths([str(draft)], CheckOptions())
    assert result.draft.locale == "ja-JP"
    assert "common.formality.emoji" in [f.rule for f in result.findings]


EML = ("From: agent@shop.example\r\nTo: {to}\r\n{extra}Subject: Your order\r\n\r\n"
       "Your refund is on its way 😊\r\n")


@pytest.mark.parametrize(("to", "extra", "expected"), [
    ("Kenji Tanaka <kenji@example.co.jp>", "", "ja-JP"),
    ("jan@firma.cz", "", "cs-CZ"),
    ("pat@example.com", "X-Customer-Locale: de-DE\r\n", "de-DE"),
    ("pat@example.com", "", "en-US"),  # a generic domain says nothing: the language default
])
def test_eml_locale_from_headers(tmp_path: Path, to: str, extra: str, expected: str) -> None:
    draft = tmp_path / "reply.eml"
    draft.write_text(EML.format(to=to, extra=extra), "utf-8")
    [result] = check_paths([str(draft)], CheckOptions(isolated=True))
    assert result.error is None, result.error
    assert result.draft.locale == expected


def test_command_line_locale_beats_the_headers(tmp_path: Path) -> None:
    draft = tmp_path / "reply.eml"
    draft.write_text(EML.format(to="kenji@example.co.jp", extra=""), "utf-8")
    [result] = check_paths([str(draft)], CheckOptions(locale="pt-BR", isolated=True))
    assert result.draft.locale == "pt-BR"
