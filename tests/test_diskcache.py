"""Derived files kept between runs: built once, read back, rebuilt when damaged, never needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from replycoach import detect
from replycoach.diskcache import CACHE_ENV, pickled


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back(cache_dir: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    assert pickled("things", "k1", build) == {"built": 1}
    assert pickled("things", "k1", build) == {"built": 1}
    assert len(calls) == 1
    assert (cache_dir / "things" / "k1.pickle").is_file()
    assert pickled("things", "k2", build) == {"built": 2}  # another key, another build


def test_a_damaged_file_is_rebuilt(cache_dir: Path) -> None:
    target = cache_dir / "things" / "k.pickle"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x80\x05 not a pickle")
    assert pickled("things", "k", lambda: [1, 2, 3]) == [1, 2, 3]
    assert pickled("things", "k", lambda: ["rebuilt again"]) == [1, 2, 3]


def test_an_unwritable_cache_only_costs_time(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert pickled("things", "k", lambda: "value") == "value"


def test_language_detection_is_the_same_from_the_cached_model(cache_dir: Path) -> None:
    drafts = {
        "en": "Thank you for your patience while we look into your order.",
        "cs": "Dobrý den, děkujeme za trpělivost, objednávku jsme odeslali.",
        "pl": "Dzień dobry, dziękujemy za cierpliwość, zamówienie zostało wysłane.",
        "ar": "شكرا لتواصلك معنا، سنرسل طلبك اليوم.",
    }
    languages = ["ar", "cs", "en", "pl", "ru", "vi"]
    detect._identifier.cache_clear()
    fresh = {code: detect.detect_language(text, languages) for code, text in drafts.items()}
    assert list((cache_dir / "langid").glob("*.pickle")), "the identifier was not cached"
    detect._identifier.cache_clear()
    cached = {code: detect.detect_language(text, languages) for code, text in drafts.items()}
    assert fresh == cached == {code: code for code in drafts}


def test_the_identifiers_table_is_mapped_and_a_damaged_one_rebuilt(cache_dir: Path) -> None:
    text = "Dobrý den, děkujeme za trpělivost, objednávku jsme odeslali."
    languages = ["ar", "cs", "en", "pl", "ru", "vi"]
    detect._identifier.cache_clear()
    assert detect.detect_language(text, languages) == "cs"
    [table] = (cache_dir / "langid").glob("*.table")
    detect._identifier.cache_clear()
    assert detect.detect_language(text, languages) == "cs"
    identifier = detect._identifier(detect._candidates(tuple(languages)))
    assert isinstance(identifier.tk_nextmove, memoryview), "read from the cache, not mapped"
    table.write_bytes(table.read_bytes()[:4096])  # cut short: rebuilt, never misread
    detect._identifier.cache_clear()
    assert detect.detect_language(text, languages) == "cs"
    assert table.stat().st_size > 4096
    detect._identifier.cache_clear()
