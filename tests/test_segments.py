"""Greeting, body, closing and signature are found the way an agent lays out a reply."""

from __future__ import annotations

from replycoach.languages import load_profile
from replycoach.segments import split_segments


def segments_of(text: str) -> dict[str, str]:
    return {s.name: text[s.start : s.end] for s in split_segments(text, load_profile("en"))}


def test_email_layout_with_sign_off_and_signature() -> None:
    text = (
        "Hi Dana,\n\nThanks for your patience. I've issued the refund today.\n\n"
        "If anything else comes up, just reply here.\n\nBest regards,\nSam\nAcme Support\n"
    )
    parts = segments_of(text)
    assert parts["greeting"] == "Hi Dana,"
    assert "issued the refund" in parts["body"]
    assert parts["closing"].startswith("If anything else comes up")
    assert "Best regards," in parts["closing"]
    assert parts["signature"].strip() == "Sam\nAcme Support"


def test_signature_separator_line_starts_the_signature() -> None:
    text = "Hello,\n\nYour order ships Monday.\n-- \nSam | Acme\n+1 555 0100\n"
    parts = segments_of(text)
    assert parts["signature"].startswith("-- ")
    assert "555" not in parts["body"]


def test_greeting_on_the_same_line_as_the_text() -> None:
    parts = segments_of("Hi Tom, your parcel left our warehouse this morning.")
    assert parts["greeting"] == "Hi Tom,"
    assert parts["body"].strip() == "your parcel left our warehouse this morning."


def test_chat_message_is_all_body() -> None:
    text = "Thanks for waiting! The replacement is on its way and arrives Friday."
    parts = segments_of(text)
    assert list(parts) == ["body"]
    assert parts["body"] == text


def test_thanks_in_the_first_line_is_not_a_sign_off() -> None:
    text = "Thanks for reaching out.\nYour refund was issued today.\nIt takes 3 days."
    parts = segments_of(text)
    assert "signature" not in parts
    assert parts["body"].startswith("Thanks for reaching out.")


def test_arabic_sentences_split_at_a_full_stop_glued_to_the_word() -> None:
    """spaCy keeps 'غداً.' as one token; a caseless letter after it still starts a sentence."""
    from replycoach.analysis import Analysis
    from replycoach.draft import Draft
    from replycoach.engine import language_rules

    text = "سيصلك الطرد غداً. سيتصل بك المندوب قبل وصوله. أتمنى لك يوماً سعيداً."
    rules = language_rules("ar")
    analysis = Analysis.of(Draft.whole("x", text, language="ar"), rules.profile, rules.nlp)
    assert len(analysis.sentences) == 3
