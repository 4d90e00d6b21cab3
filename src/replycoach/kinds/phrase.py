"""`kind: phrase`: fixed phrases, matched on normalised words, lower case, text or lemmas."""

from __future__ import annotations

from replycoach.fields import Fields
from replycoach.kinds._spans import SpanCheck
from replycoach.kinds.base import BuildEnv
from replycoach.matching import SpanFinder

FIELDS = ("phrases", "match")
REQUIRED = ("phrases",)


def build(fields: Fields, env: BuildEnv) -> SpanCheck:
    return SpanCheck(SpanFinder(fields, env.nlp, env.profile))
