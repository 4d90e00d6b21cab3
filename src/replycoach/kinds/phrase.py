"""`kind: phrase`: fixed phrases, matched on normalised words, lower case, text or lemmas."""

from __future__ import annotations

from replycoach.fields import Fields
from replycoach.kinds._spans import SpanCheck
from replycoach.kinds.base import BuildEnv

FIELDS = ("phrases", "match")
REQUIRED = ("phrases",)


def build(fields: Fields, env: BuildEnv) -> SpanCheck:
    return SpanCheck(env.span_finder(fields))
