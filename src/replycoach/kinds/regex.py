"""`kind: regex`: Python regular expressions over the draft's text."""

from __future__ import annotations

from replycoach.fields import Fields
from replycoach.kinds._spans import SpanCheck
from replycoach.kinds.base import BuildEnv

FIELDS = ("regex", "case_sensitive")
REQUIRED = ("regex",)


def build(fields: Fields, env: BuildEnv) -> SpanCheck:
    return SpanCheck(env.span_finder(fields))
