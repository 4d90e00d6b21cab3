"""From an e-mail file (one message or an mbox) to the Draft of what the sender wrote."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message

from replycoach.draft import Draft
from replycoach.errors import InputError
from replycoach.mail import mbox
from replycoach.mail.decode import codec_name, decode_body
from replycoach.mail.html_text import html_to_text
from replycoach.mail.mapped import MappedText
from replycoach.mail.mime import body_part, has_header_block, parse_message
from replycoach.mail.quotes import split_reply

_KNOWN_HEADER = re.compile(
    r"^(?:From|To|Cc|Bcc|Subject|Date|Message-ID|MIME-Version|Received|Return-Path|"
    r"Reply-To|In-Reply-To|References|Content-Type|Sender|Delivered-To|User-Agent|"
    r"X-Mailer):", re.IGNORECASE | re.MULTILINE)
_PLAIN_ENCODINGS = ("7bit", "8bit", "binary")


class NoOwnText(InputError):
    """The message holds nothing the sender wrote (only quotes, a signature, attachments)."""


@dataclass(frozen=True)
class MessageText:
    """One message's own text (mapped into the file), the quoted context, its headers, and
    whether the text is a verbatim copy of the file (so rewrites can go straight in)."""

    text: MappedText
    context: str | None
    headers: Message
    verbatim: bool
    blank: bool  # the body part holds nothing but white space


def looks_like_email(text: str) -> bool:
    """RFC 822 text (a header block with e-mail fields, then a blank line) or an mbox."""
    head = text[:8192]
    if mbox.is_mbox(head):
        head = head.split("\n", 1)[1] if "\n" in head else ""
    if not has_header_block(head):
        return False
    block = re.split(r"\r?\n\r?\n", head, maxsplit=1)[0]
    return bool(_KNOWN_HEADER.search(block))


def read_message(path: str, source: str, start: int, end: int, file_encoding: str,
                 from_mbox: bool = False) -> MessageText:
    root = parse_message(path, source, start, end)
    part = body_part(root)
    if part is None:
        raise InputError(path, "has no text/plain or text/html part to check")
    charset = codec_name(part.charset)
    body = decode_body(source, part.body_start, part.body_end, part.transfer_encoding, charset,
                       file_encoding)
    if from_mbox:
        body = mbox.unescape_from(body)
    html = part.content_type == "text/html"
    if html:
        body = html_to_text(body)
    reply = split_reply(body)
    verbatim = (not html and not from_mbox and part.transfer_encoding in _PLAIN_ENCODINGS
                and charset == codec_name(file_encoding))
    return MessageText(reply.text, reply.context, root.headers, verbatim,
                       blank=not body.text.strip())


def email_draft(path: str, source: str, file_encoding: str = "utf-8") -> Draft:
    """The Draft of an e-mail file: only what the sender wrote is linted; the quoted message
    it answers becomes the context; positions point into the file as given."""
    if mbox.is_mbox(source):
        spans = mbox.messages(source)
        found = [read_message(path, source, start, end, file_encoding, from_mbox=True)
                 for start, end in spans]
    else:
        found = [read_message(path, source, 0, len(source), file_encoding)]
    texts = [m.text for m in found if m.text.text.strip()]
    if not texts and all(m.blank for m in found):
        raise NoOwnText(path, "the e-mail has no body text to check")
    if not texts:
        raise NoOwnText(path, "has no text of the sender's own to check (only headers, "
                         "quoted text, a signature or attachments)")
    text = MappedText.join(texts, separator="\n")
    contexts = [m.context for m in found if m.context]
    return Draft(
        path=path, source=source, text=text.text, pieces=text.pieces(), channel="email",
        context="\n\n".join(contexts) or None, headers=found[-1].headers,
        verbatim=len(found) == 1 and found[0].verbatim,
    )
