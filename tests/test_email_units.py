"""The pieces of e-mail reading: decoders that keep positions, MIME boundaries, the quote and
signature cutter's patterns in six languages, and the locale from headers."""

from __future__ import annotations

import base64
import email
import quopri
from email.parser import HeaderParser

import pytest

from replycoach.mail.decode import decode_body
from replycoach.mail.mapped import MappedText
from replycoach.mail.message import email_draft, looks_like_email
from replycoach.mail.mime import body_part, parse_message
from replycoach.mail.quotes import split_reply

SAMPLES = [
    "plain ASCII",
    "Příliš žluťoučký kůň úpěl ďábelské ódy = 100 %\n",
    "Zażółć gęślą jaźń — a very long line " * 5,
    "Съешь же ещё этих мягких французских булок\r\nда выпей чаю\r\n",
    "Tiếng Việt có dấu: Chúng tôi đã gửi lại đơn hàng.",
    "مرحبا أحمد، شكرا لتواصلك معنا\t\n",
    "trailing spaces   \nand tabs\t\n= signs =3D\n",
]


def _encodable(text: str, charset: str) -> bool:
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


CHARSET_SAMPLES = [(text, charset) for text in SAMPLES
                   for charset in ("utf-8", "iso-8859-2", "windows-1251", "windows-1256")
                   if _encodable(text, charset)]


@pytest.mark.parametrize("text, charset", CHARSET_SAMPLES)
def test_quoted_printable_decodes_like_quopri(text, charset):
    raw = text.encode(charset)
    encoded = quopri.encodestring(raw).decode("ascii")
    mapped = decode_body(encoded, 0, len(encoded), "quoted-printable", charset, "utf-8")
    assert mapped.text == quopri.decodestring(encoded.encode()).decode(charset)
    for index, char in enumerate(mapped.text):
        start = mapped.offsets[index]
        # each character points at its own encoding: itself, or the '=' of '=XX'
        assert encoded[start] == char or encoded[start] == "=" or char in "\r\n"


@pytest.mark.parametrize("text", SAMPLES)
def test_base64_decodes_like_the_standard_library(text):
    encoded = base64.encodebytes(text.encode("utf-8")).decode("ascii")
    mapped = decode_body(encoded, 0, len(encoded), "base64", "utf-8", "utf-8")
    assert mapped.text == text
    assert list(mapped.offsets) == sorted(mapped.offsets)  # positions never go backwards


def test_unknown_charset_and_bad_bytes_do_not_stop_reading():
    mapped = decode_body("caf=E9 ok", 0, 9, "quoted-printable", "x-no-such-charset", "utf-8")
    assert mapped.text == "caf\ufffd ok"


def test_mapped_text_pieces_round_trip():
    source = "xxHello, world\nyy"
    mapped = MappedText.join([MappedText.verbatim(source, 2, 8), MappedText.verbatim(
        source, 9, 15)], separator="\n")
    assert mapped.text == "Hello,\nworld\n"
    pieces = mapped.pieces()
    # the separator is made up: it maps to where the next part starts
    assert [(p.start, p.source_start) for p in pieces] == [(0, 2), (6, 9), (7, 9), (13, 15)]
    assert pieces[-1].length == 0  # marks where the text ends in the source


NESTED = """From: a@example.com
To: b@example.com
Subject: nested
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

preamble text that is not a part
--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/html; charset=utf-8

<p>HTML version</p>
--inner
Content-Type: text/plain; charset=utf-8

Plain version.
--inner--
epilogue of inner
--outer
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

not the reply
--outer--
epilogue
"""


def test_nested_multipart_picks_the_plain_alternative():
    root = parse_message("m.eml", NESTED)
    part = body_part(root)
    assert part is not None and part.content_type == "text/plain"
    assert NESTED[part.body_start : part.body_end] == "Plain version."
    reference = email.message_from_string(NESTED)
    plain = [p for p in reference.walk() if p.get_content_type() == "text/plain"][0]
    assert plain.get_payload() == "Plain version."


def test_missing_closing_boundary_takes_the_rest():
    text = NESTED.replace("--outer--\nepilogue\n", "").replace(
        "--outer\nContent-Type: text/plain; name", "--outerX\nContent-Type: text/plain; name")
    assert email_draft("m.eml", text).text == "Plain version."


@pytest.mark.parametrize("text, expected", [
    ("From: a@example.com\nSubject: hi\n\nbody", True),
    ("Date: Mon, 3 Mar 2025\nX-Mailer: x\n\nbody", True),
    ("From a@example.com Mon Mar  3 11:30:00 2025\nFrom: a@example.com\n\nbody", True),
    ("Hi Jan:\n\nbody", False),
    ("Note: remember\n\nbody", False),
    ("Subject: hi\nthis line is no header\n\nbody", False),
])
def test_looks_like_email(text, expected):
    assert looks_like_email(text) is expected


def test_locale_from_headers_still_works():
    from replycoach.email_body import locale_from_headers

    headers = HeaderParser().parsestr("To: Jan <jan@example.cz>\n\n")
    assert locale_from_headers(headers) is not None
    explicit = HeaderParser().parsestr("X-Customer-Locale: pl-PL\nTo: a@example.com\n\n")
    assert locale_from_headers(explicit).tag == "pl-PL"


OWN = "Thanks for waiting, the parcel ships today.\n"

# (language or client, lines that introduce the customer's earlier message)
ATTRIBUTIONS = [
    ("en Gmail", "On Mon, 3 Mar 2025 at 10:12, Jan Novak <jan@example.com> wrote:"),
    ("en Gmail wrapped", "On Mon, 3 Mar 2025 at 10:12, Jan Novak <\njan@example.com> wrote:"),
    ("en Thunderbird", "On 03/03/2025 10:12, Jan Novak wrote:"),
    ("en mutt", "* Jan Novak <jan@example.com> [2025-03-03 10:12]:"),
    ("en Gnus", "Jan Novak <jan@example.com> writes:"),
    ("cs Gmail", "po 3. 3. 2025 v 10:12 odesílatel Jan Novák <jan@example.cz> napsal:"),
    ("cs Thunderbird", "Dne 03.03.2025 v 10:12 Jan Novák napsal(a):"),
    ("pl Gmail", "pon., 3 mar 2025 o 10:12 Jan Kowalski <jan@example.pl> napisał(a):"),
    ("pl Thunderbird", "W dniu 3.03.2025 o 10:12, Jan Kowalski pisze:"),
    ("ru Gmail", "пн, 3 мар. 2025 г. в 10:12, Иван Петров <ivan@example.ru>:"),
    ("ru Thunderbird", "03.03.2025 10:12, Иван Петров пишет:"),
    ("ru Apple Mail", "3 марта 2025 г., в 10:12, Иван Петров <ivan@example.ru> написал(а):"),
    ("vi Gmail", "Vào Th 2, 3 thg 3, 2025 vào lúc 10:12 Nguyễn Văn An <an@example.vn> "
                 "đã viết:"),
    ("vi Thunderbird", "Vào 03/03/2025 10:12, Nguyễn Văn An đã viết:"),
    ("ar Gmail", "\u202bفي الاثنين، 3 مارس 2025 في 10:12 ص تمت كتابة ما يلي بواسطة "
                 "\u202aأحمد\u202c\u200f <\u202aahmed@example.sa\u202c\u200f>:\u202c"),
    ("ar Outlook", "في 3 مارس 2025، كتب أحمد علي:"),
]


@pytest.mark.parametrize("client, attribution", ATTRIBUTIONS, ids=[a for a, _ in ATTRIBUTIONS])
def test_attribution_and_quote_are_cut(client, attribution):
    body = f"{OWN}\n{attribution}\n> Where is my parcel?\n> Jan\n"
    reply = split_reply(MappedText.verbatim(body))
    assert reply.text.text == OWN
    assert reply.context == "Where is my parcel?\nJan"


@pytest.mark.parametrize("client, attribution", ATTRIBUTIONS, ids=[a for a, _ in ATTRIBUTIONS])
def test_attribution_over_unquoted_history_ends_the_reply(client, attribution):
    """Outlook and some webmails put the earlier message under the attribution without '>'."""
    body = f"{OWN}\n{attribution}\n\nWhere is my parcel?\n"
    reply = split_reply(MappedText.verbatim(body))
    assert reply.text.text == OWN
    assert reply.context == "Where is my parcel?"


HEADER_BLOCKS = [
    ("en", "From: Jan\nSent: Monday, March 3, 2025 10:12 AM\nTo: Support\nSubject: Parcel"),
    ("en bold", "*From:* Jan\n*Sent:* Monday\n*To:* Support\n*Subject:* Parcel"),
    ("cs", "Od: Jan\nOdesláno: pondělí 3. března 2025 10:12\nKomu: Podpora\nPředmět: Balík"),
    ("pl", "Od: Jan\nWysłano: poniedziałek, 3 marca 2025 10:12\nDo: Pomoc\nTemat: Paczka"),
    ("ru", "От: Иван\nОтправлено: 3 марта 2025 г. 10:12\nКому: Поддержка\nТема: Заказ"),
    ("vi", "Từ: An\nĐã gửi: Thứ Hai, 3 tháng 3, 2025 10:12\nĐến: Hỗ trợ\nChủ đề: Đơn"),
    ("ar", "من: أحمد\nتم الإرسال: الاثنين، 3 مارس 2025 10:12 ص\nإلى: الدعم\nالموضوع: طلب"),
    ("separator", "-----Original Message-----\nFrom: Jan\nSent: Monday"),
    ("forward", "---------- Forwarded message ---------\nFrom: Jan <jan@example.com>"),
    ("forward cs", "---------- Přeposlaná zpráva ---------\nOd: Jan <jan@example.cz>"),
    ("outlook line", "________________________________\nFrom: Jan\nSent: Monday"),
    ("apple forward", "Begin forwarded message:\n\nFrom: Jan <jan@example.com>"),
]


@pytest.mark.parametrize("kind, block", HEADER_BLOCKS, ids=[k for k, _ in HEADER_BLOCKS])
def test_outlook_header_blocks_and_forwards_end_the_reply(kind, block):
    body = f"{OWN}\n{block}\n\nWhere is my parcel?\n"
    reply = split_reply(MappedText.verbatim(body))
    assert reply.text.text == OWN
    assert reply.context is not None and "Where is my parcel?" in reply.context


@pytest.mark.parametrize("signature", [
    "-- \nAnna Agent\nAcme", "--\nAnna", "Sent from my iPhone", "Get Outlook for Android",
    "Odesláno z mého telefonu", "Wysłane z iPhone'a", "Отправлено с iPhone",
    "Được gửi từ iPhone của tôi", "أُرسلت من الـ iPhone",
])
def test_signatures_and_phone_footers_are_not_linted(signature):
    reply = split_reply(MappedText.verbatim(f"{OWN}\n{signature}\n"))
    assert reply.text.text == OWN


@pytest.mark.parametrize("text", [
    "Here is what to do next:\n1. Open the app.\n2. Tap Orders.\n",
    "Thanks,\nI have checked your order and it ships today.\n",
    "--- Summary ---\nYour parcel ships today.\n",
    "From: the warehouse, your parcel left today.\nTo: your door by Friday.\n",
    "Call us at 10:30 on +420 123 456 789.\n",
])
def test_the_agents_own_words_are_kept(text):
    """Lines that merely resemble quote markers are the agent's and stay in the draft."""
    assert split_reply(MappedText.verbatim(text)).text.text == text


def test_interleaved_answers_keep_their_paragraphs():
    body = "> Q1?\nA1.\n> Q2?\nA2.\n"
    reply = split_reply(MappedText.verbatim(body))
    assert reply.text.text == "A1.\n\nA2.\n"
    assert reply.context == "Q1?\n\nQ2?"
    positions = [reply.text.offsets[reply.text.text.index(a)] for a in ("A1", "A2")]
    assert [body[p : p + 2] for p in positions] == ["A1", "A2"]


def test_nested_quotes_give_the_customers_own_words():
    body = ("Thanks, fixed.\n\nOn Mon, Jan <jan@example.com> wrote:\n> Still broken!\n>\n"
            "> On Sun, Anna <anna@acme.example> wrote:\n>> Try restarting it.\n")
    reply = split_reply(MappedText.verbatim(body))
    assert reply.context == "Still broken!"


def test_gmail_html_reply_cuts_signature_and_quote_and_maps_into_the_markup():
    from replycoach.mail.html_text import html_to_text

    markup = ('<div dir="ltr">Hi Jan,<div><br></div><div>I&#39;m looking into it.</div>'
              '<div>Best,</div><span class="gmail_signature_prefix">-- </span><br>'
              '<div class="gmail_signature">Anna | Acme</div></div><br>'
              '<div class="gmail_quote"><div class="gmail_attr">On Mon, 3 Mar 2025 at 10:12, '
              'Jan &lt;<a href="mailto:jan@example.com">jan@example.com</a>&gt; wrote:<br>'
              '</div><blockquote class="gmail_quote">This is ridiculous!<br>Jan</blockquote>'
              '</div>')
    reply = split_reply(html_to_text(MappedText.verbatim(markup)))
    assert reply.text.text == "Hi Jan,\n\nI'm looking into it.\nBest,\n"
    assert reply.context == "This is ridiculous!\nJan"
    apostrophe = reply.text.text.index("'")
    assert markup[reply.text.offsets[apostrophe]:].startswith("&#39;")
    looking = reply.text.text.index("looking")
    assert markup[reply.text.offsets[looking]:].startswith("looking into it.")
