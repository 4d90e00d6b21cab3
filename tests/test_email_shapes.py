"""Real-world message shapes in six languages: only the sender's words are linted, the quoted
message becomes the context, and every character of the draft points at the right place in
the .eml file.

Fixtures: tests/fixtures/mail (made by make_fixtures.py, encoded as the named clients do).
Positions are checked exactly: the file's characters at a phrase's mapped span decode (8bit,
quoted-printable, HTML entities) to the phrase. For base64, a position points at the base64
character where the encoding of the character's first byte starts; that too is checked.
"""

from __future__ import annotations

import base64
import email
import email.policy
import html
import quopri
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from replycoach.draft import Draft
from replycoach.mail.message import email_draft

FIXTURES = Path(__file__).parent / "fixtures" / "mail"


@dataclass(frozen=True)
class Shape:
    own: tuple[str, ...]  # phrases the agent wrote: in the draft, mapped exactly
    not_own: tuple[str, ...]  # quoted text, attributions, signatures, footers: not linted
    context: str | None  # a phrase of the quoted customer message (None: no context)
    encoding: str  # how the body part is encoded: 8bit | qp | base64
    charset: str
    html: bool = False


SHAPES: dict[str, Shape] = {
    "gmail_top_posted_qp_en.eml": Shape(
        own=("Hi Jan,", "we can\u2019t refund the original, obviously", "in order to check",
             "Best regards,"),
        not_own=("Anna Agent | Acme Support", "+1 555 0100", "wrote:", "ridiculous"),
        context="The screen arrived broken", encoding="qp", charset="utf-8"),
    "mutt_bottom_posted_8bit_en.eml": Shape(
        own=("Hi Jan,", "It left our warehouse this morning", "Sure, I basically attached it",
             "Thanks for your patience,"),
        not_own=("Where is my parcel", "[2025-03-03 10:12]", "VAT number?", "Acme Support"),
        context="It was due on Friday", encoding="8bit", charset="utf-8"),
    "outlook_html_only_qp_en.eml": Shape(
        own=("Dear Mr Novak,", "We are unable to change the delivery address",
             "courier\u2019s team will call you before they deliver & you can redirect it",
             "Please don\u2019t hesitate"),
        not_own=("Acme Support | +1 555 0100", "From:", "Sent:", "typed the wrong address",
                 "font-family", "margin-top"),
        context="This is unacceptable, nobody answers", encoding="qp", charset="cp1252",
        html=True),
    "forwarded_en.eml": Shape(
        own=("Hi Petra,", "Could you check this double charge?", "Thanks,"),
        not_own=("Forwarded message", "charged twice", "Subject: Double charge"),
        context="I was charged twice", encoding="8bit", charset="utf-8"),
    "apple_iphone_en.eml": Shape(
        own=("Hi Jan, the refund was sent today.",),
        not_own=("Sent from my iPhone", "wrote:", "Where is my refund"),
        context="Where is my refund?", encoding="8bit", charset="utf-8"),
    "mixed_attachment_crlf_en.eml": Shape(
        own=("Hi Jan,", "we basically re-issued it", "Best,"),
        not_own=("PDF", "invoice-1182.pdf", "multi-part message"),
        context=None, encoding="8bit", charset="ascii"),
    "thunderbird_qp_iso8859-2_cs.eml": Shape(
        own=("Dobrý den, pane Nováku,", "balík dorazí ve čtvrtek", "Omlouváme se za potíže.",
             "S pozdravem"),
        not_own=("napsal(a)", "nikdo mi neodpovídá", "zákaznická podpora Acme"),
        context="Už týden čekám na balík", encoding="qp", charset="iso-8859-2"),
    "outlook_8bit_iso8859-2_cs.eml": Shape(
        own=("Dobrý den,", "žluťoučký kůň úpěl", "S pozdravem"),
        not_own=("Od:", "Odesláno:", "Předmět:", "Kde je moje faktura"),
        context="Čekám už týden", encoding="8bit", charset="iso-8859-2"),
    "gmail_base64_pl.eml": Shape(
        own=("Dzień dobry,", "Zwrot pieniędzy zlecimy jeszcze dziś", "Pozdrawiam"),
        not_own=("napisał(a)", "To skandal", "jan.kowalski@example.pl"),
        context="Czekam na zwrot od dwóch tygodni", encoding="base64", charset="utf-8"),
    "thunderbird_qp_pl.eml": Shape(
        own=("Dzień dobry,", "paczka została wysłana wczoraj", "Z poważaniem"),
        not_own=("pisze:", "Gdzie jest moja paczka"),
        context="Gdzie jest moja paczka?", encoding="qp", charset="utf-8"),
    "gmail_qp_windows-1251_ru.eml": Shape(
        own=("Здравствуйте, Иван!", "он придёт в четверг", "С уважением,"),
        not_own=("ivan.petrov@example.ru", "Где мой заказ", "мар. 2025 г."),
        context="Жду уже две недели", encoding="qp", charset="cp1251"),
    "outlook_8bit_windows-1251_ru.eml": Shape(
        own=("Иван, добрый день!", "просто ответьте на это письмо"),
        not_own=("Отправлено с iPhone", "От:", "Кому:", "Тема:", "Третий раз прошу"),
        context="Пришлите счёт, пожалуйста", encoding="8bit", charset="cp1251"),
    "gmail_qp_vi.eml": Shape(
        own=("Chào anh An,", "Chúng tôi đã gửi lại đơn hàng", "Trân trọng,"),
        not_own=("đã viết:", "Tôi đã chờ hai tuần", "an.nguyen@example.vn"),
        context="Tôi đã chờ hai tuần rồi", encoding="qp", charset="utf-8"),
    "thunderbird_html_base64_vi.eml": Shape(
        own=("Chào chị Lan,", "Chúng tôi đã hoàn tiền cho chị hôm nay."),
        not_own=("hỗ trợ khách hàng Acme", "đã viết:", "trừ tiền hai lần"),
        context="Tại sao tôi bị trừ tiền hai lần?", encoding="base64", charset="utf-8",
        html=True),
    "gmail_base64_windows-1256_ar.eml": Shape(
        own=("مرحبا أحمد،", "تم شحن طلبك اليوم", "مع أطيب التحيات،"),
        not_own=("ahmed.ali@example.sa", "أين طلبي", "تمت كتابة"),
        context="أنتظر منذ أسبوعين", encoding="base64", charset="cp1256"),
    "outlook_8bit_windows-1256_ar.eml": Shape(
        own=("مرحبا أحمد،", "أرسلنا لك الفاتورة في المرفق.", "مع التحية،"),
        not_own=("من:", "تم الإرسال:", "الموضوع:", "أين الفاتورة"),
        context="أين الفاتورة؟", encoding="8bit", charset="cp1256"),
}


def load(name: str) -> tuple[Draft, bytes, str]:
    """As the guard reads a message: UTF-8 when it is, else Latin-1 (every byte kept)."""
    data = (FIXTURES / name).read_bytes()
    try:
        text, file_encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, file_encoding = data.decode("latin-1"), "latin-1"
    return email_draft(name, text, file_encoding), data, file_encoding


def stdlib_body(data: bytes, want_html: bool) -> str:
    """What the standard library decodes for the part replycoach lints."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = message.get_body(preferencelist=("html",) if want_html else ("plain",))
    assert part is not None
    return part.get_content()


def span_in_file(draft: Draft, phrase: str) -> tuple[int, int]:
    start = draft.text.index(phrase)
    return draft.source_offset(start), draft.source_offset(start + len(phrase))


def decode_span(raw: str, shape: Shape, file_encoding: str) -> str:
    data = raw.encode(file_encoding)
    if shape.encoding == "qp":
        data = quopri.decodestring(data)
    text = data.decode(shape.charset)
    if shape.html:
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", "", text)))
        text = text.replace("\u00a0", " ")
    return text


def test_every_fixture_has_a_shape() -> None:
    names = {p.name for p in FIXTURES.glob("*.eml")}
    assert names == set(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_only_the_senders_words_are_linted(name: str) -> None:
    draft, _, _ = load(name)
    shape = SHAPES[name]
    for phrase in shape.own:
        assert phrase in draft.text, phrase
    for phrase in shape.not_own:
        assert phrase not in draft.text, phrase
    assert draft.channel == "email"


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_quoted_customer_message_is_the_context(name: str) -> None:
    draft, _, _ = load(name)
    expected = SHAPES[name].context
    if expected is None:
        assert draft.context is None
    else:
        assert draft.context is not None and expected in draft.context
        assert ">" not in draft.context  # quote marks are gone


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_draft_is_what_the_standard_library_decodes(name: str) -> None:
    """Decoding with offsets never disagrees with `email`: every line of the draft is a line
    of the part as the standard library decodes it (HTML: of its text)."""
    draft, data, _ = load(name)
    shape = SHAPES[name]
    decoded = stdlib_body(data, shape.html)
    if shape.html:
        decoded = html.unescape(re.sub(r"<[^>]*>", " ", decoded)).replace("\u00a0", " ")
        decoded = re.sub(r"\s+", " ", decoded)
    for line in draft.text.splitlines():
        words = re.sub(r"\s+", " ", line).strip()
        assert words in decoded if shape.html else line in decoded.splitlines(), line


@pytest.mark.parametrize("name", sorted(n for n, s in SHAPES.items() if s.encoding != "base64"))
def test_positions_point_at_the_phrase_in_the_file(name: str) -> None:
    draft, _, file_encoding = load(name)
    shape = SHAPES[name]
    for phrase in shape.own:
        start, end = span_in_file(draft, phrase)
        assert decode_span(draft.source[start:end], shape, file_encoding) == phrase


@pytest.mark.parametrize("name", sorted(n for n, s in SHAPES.items() if s.encoding == "base64"))
def test_base64_positions_point_at_the_encoding_of_the_first_byte(name: str) -> None:
    """In a base64 body a phrase maps to the base64 character where its first byte starts:
    decoding from that character's group yields the phrase at that byte."""
    draft, _, _ = load(name)
    shape = SHAPES[name]
    body_start = draft.source.index("\n\n", draft.source.index("base64")) + 2
    alphabet = re.compile(r"[A-Za-z0-9+/=]")
    stream = "".join(alphabet.findall(draft.source[body_start:]))
    position_in_stream = {}
    count = 0
    for offset in range(body_start, len(draft.source)):
        if alphabet.match(draft.source[offset]):
            position_in_stream[offset] = count
            count += 1
    decoded = base64.b64decode(stream)
    for phrase in shape.own:
        start, _ = span_in_file(draft, phrase)
        index = position_in_stream[start]
        first_byte = index // 4 * 3 + index % 4
        assert decoded[first_byte:].decode(shape.charset).startswith(
            phrase if not shape.html else phrase.split()[0])


def test_an_mbox_is_checked_message_by_message() -> None:
    source = (FIXTURES / "sent.mbox").read_text(encoding="utf-8")
    draft = email_draft("sent.mbox", source)
    assert "Hi Jan," in draft.text and "Hi Eva," in draft.text
    assert "From now on you can track it" in draft.text  # mboxrd's >From unescaped
    assert "Where is my parcel?" not in draft.text
    assert draft.context == "Where is my parcel?"
    start, end = span_in_file(draft, "we re-issued the invoice")
    assert source[start:end] == "we re-issued the invoice"
    start, end = span_in_file(draft, "From now on")
    assert source[start - 1 : end] == ">From now on"
