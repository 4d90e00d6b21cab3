"""mbox files: several messages, each after a `From ` line (mboxo/mboxrd)."""

from __future__ import annotations

import re

from replycoach.mail.mapped import MappedText

_FROM_LINE = re.compile(r"^From [^\r\n]*(?:\r\n|\n)", re.MULTILINE)
_ESCAPED_FROM = re.compile(r"^>(>*From )", re.MULTILINE)


def is_mbox(text: str) -> bool:
    return text.startswith("From ") and bool(_FROM_LINE.match(text))


def messages(source: str) -> list[tuple[int, int]]:
    """(start, end) of each message, without its `From ` line and the blank line before
    the next one."""
    starts = [m for m in _FROM_LINE.finditer(source)
              if m.start() == 0 or _blank_before(source, m.start())]
    spans = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(source)
        spans.append((match.end(), end))
    return spans


def _blank_before(source: str, position: int) -> bool:
    before = source[max(0, position - 4) : position]
    return before.endswith(("\n\n", "\r\n\r\n"))


def unescape_from(body: MappedText) -> MappedText:
    """mboxrd writes body lines starting with `From ` as `>From `: drop that one `>`."""
    drop = {m.start() for m in _ESCAPED_FROM.finditer(body.text)}
    if not drop:
        return body
    kept = [i for i in range(len(body.text)) if i not in drop]
    return MappedText("".join(body.text[i] for i in kept),
                      tuple(body.offsets[i] for i in kept) + (body.offsets[-1],))
