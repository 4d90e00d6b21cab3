"""Find the part of a plain e-mail that the agent wrote: the body after the headers.

Multipart and transfer-encoded messages need a MIME decoder with an offset map; until that
lands they are refused with a clear message rather than linted wrongly.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses

from replycoach.draft import Draft, Piece
from replycoach.errors import InputError
from replycoach.locales import Locale, find_locale, locale_for_tld

_HEADER_END = re.compile(r"\r?\n\r?\n")
LOCALE_HEADER = "X-Customer-Locale"


def looks_like_email(text: str) -> bool:
    """True for RFC 822 text: a header block starting at the first line."""
    head = text[:2000]
    first = head.split("\n", 1)[0]
    return bool(re.match(r"^(From |Return-Path:|Received:|From:|To:|Subject:|Date:|"
                         r"Message-ID:|MIME-Version:)", first, re.IGNORECASE)) and bool(
        _HEADER_END.search(head))


def email_draft(path: str, source: str) -> Draft:
    match = _HEADER_END.search(source)
    if not match:
        raise InputError(path, "looks like an e-mail but has no blank line after its headers")
    headers = HeaderParser().parsestr(source[: match.start()])
    content_type = headers.get_content_type()
    encoding = (headers.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if content_type != "text/plain" or encoding not in ("7bit", "8bit", "binary"):
        raise InputError(
            path,
            f"is a {content_type} e-mail with {encoding} encoding; only plain-text e-mail "
            "bodies can be checked so far (save the reply as .txt)",
        )
    body_start = match.end()
    body = source[body_start:]
    if not body.strip():
        raise InputError(path, "the e-mail has no body text to check")
    return Draft(path=path, source=source, text=body, pieces=[Piece(0, body_start, len(body))],
                 channel="email", headers=headers)


def locale_from_headers(headers: Message) -> Locale | None:
    """The customer's culture from an e-mail: an explicit X-Customer-Locale header, else the
    country-code domain of the first To: address (generic domains say nothing)."""
    explicit = headers.get(LOCALE_HEADER)
    if explicit:
        return find_locale(str(explicit).strip())
    addresses = getaddresses([str(v) for v in headers.get_all("To", [])])
    for _name, address in addresses:
        if "@" in address:
            return locale_for_tld(address.rsplit("@", 1)[1].strip(">"))
    return None
