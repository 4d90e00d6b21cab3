"""The customer's culture from an e-mail's headers."""

from __future__ import annotations

from email.message import Message
from email.utils import getaddresses

from replycoach.locales import Locale, find_locale, locale_for_tld

LOCALE_HEADER = "X-Customer-Locale"


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
