"""`kind: pattern`: spaCy Matcher token patterns, written exactly as spaCy documents them."""

from __future__ import annotations

from replycoach.fields import Fields
from replycoach.kinds._spans import SpanCheck
from replycoach.kinds.base import BuildEnv

FIELDS = ("patterns",)
REQUIRED = ("patterns",)


def build(fields: Fields, env: BuildEnv) -> SpanCheck:
    return SpanCheck(env.span_finder(fields))
