"""Language detection picks the draft's language, and refuses to lint a language we lack."""

from __future__ import annotations

import pytest

from replycoach.detect import UnsupportedLanguage, detect_language


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for reaching out! Your refund was issued today.",
        "@jane_doe Sorry about that - could you DM us your order number? https://t.co/x",
        "I've checked your account and the charge was reversed this morning.",
    ],
)
def test_english_drafts_are_english(text: str) -> None:
    assert detect_language(text, ["en"]) == "en"


def test_very_short_text_uses_the_default() -> None:
    assert detect_language("OK, thanks!", ["en"]) == "en"


def test_a_german_draft_is_not_linted_as_english() -> None:
    text = "Vielen Dank für Ihre Nachricht. Wir haben Ihre Bestellung heute versendet."
    with pytest.raises(UnsupportedLanguage) as caught:
        detect_language(text, ["en"])
    assert caught.value.language == "de"
    assert "--lang" in str(caught.value)


def test_czech_without_diacritics_is_czech_not_slovak() -> None:
    text = "Vase objednavka c. 48213 dnes odpoledne opustila nas sklad a je na ceste k Vam."
    assert detect_language(text, ["cs", "en"]) == "cs"


def test_real_slovak_is_not_taken_for_czech() -> None:
    text = "Ďakujeme za Vašu správu, objednávku Vám pošleme v pondelok ráno."
    with pytest.raises(UnsupportedLanguage):
        detect_language(text, ["cs", "en"])
