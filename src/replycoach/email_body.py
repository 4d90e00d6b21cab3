"""E-mail input, kept for imports: the work is done by the `replycoach.mail` package."""

from __future__ import annotations

from replycoach.mail.locale import LOCALE_HEADER, locale_from_headers
from replycoach.mail.message import email_draft, looks_like_email

__all__ = ["LOCALE_HEADER", "email_draft", "locale_from_headers", "looks_like_email"]
