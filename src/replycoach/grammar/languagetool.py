"""LanguageTool's HTTP API (v2): the request for a draft, and its response read as matches.

LanguageTool counts `offset` and `length` in Java chars, that is UTF-16 code units: every
emoji or other character outside the Basic Multilingual Plane before a match shifts it by one.
`Utf16Index` turns them into Python string indices, so findings land on the right words.

The documented response: {"matches": [{"message", "shortMessage", "offset", "length",
"replacements": [{"value"}], "rule": {"id", "description", "issueType",
"category": {"id", "name"}}}, ...]}. LanguageTool has no Czech and no Vietnamese.
"""

from __future__ import annotations

import json
import urllib.parse
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from replycoach.model import Severity

# Our language codes -> LanguageTool's. Czech and Vietnamese are not among its languages.
LANGUAGES = {"en": "en-US", "pl": "pl-PL", "ru": "ru-RU", "ar": "ar"}
NO_LANGUAGETOOL = {"cs": "Czech", "vi": "Vietnamese"}
DEFAULT_TIMEOUT = 5.0

# LanguageTool's rule categories -> ours; anything else is `correctness`.
CATEGORIES = {
    "TYPOS": "correctness", "GRAMMAR": "correctness", "PUNCTUATION": "correctness",
    "TYPOGRAPHY": "correctness", "CASING": "correctness", "CONFUSED_WORDS": "correctness",
    "COMPOUNDING": "correctness", "SEMANTICS": "correctness", "FALSE_FRIENDS": "correctness",
    "MISC": "correctness", "STYLE": "clarity", "REDUNDANCY": "clarity",
    "PLAIN_ENGLISH": "clarity", "REPETITIONS": "clarity", "REPETITIONS_STYLE": "clarity",
    "WIKIPEDIA": "clarity", "TEXT_ANALYSIS": "clarity", "COLLOCATIONS": "clarity",
    "NONSTANDARD_PHRASES": "clarity", "REGIONALISMS": "clarity",
    "GENDER_NEUTRALITY": "inclusivity",
}
# LanguageTool's issue types (from the W3C ITS list) -> how loud the finding is.
SEVERITIES = {"misspelling": Severity.WARNING, "grammar": Severity.WARNING,
              "duplication": Severity.WARNING}


class LanguageToolUnavailable(Exception):
    """LanguageTool could not be reached, or answered with something that is not a check."""


@dataclass(frozen=True)
class Match:
    start: int  # Python string indices into the text that was sent
    end: int
    message: str
    short_message: str
    replacements: tuple[str, ...]
    rule_id: str
    rule_description: str
    category_id: str
    issue_type: str

    @property
    def category(self) -> str:
        return CATEGORIES.get(self.category_id, "correctness")

    @property
    def severity(self) -> Severity:
        return SEVERITIES.get(self.issue_type, Severity.SUGGESTION)


class Utf16Index:
    """Maps offsets counted in UTF-16 code units to indices into the Python string."""

    def __init__(self, text: str) -> None:
        # The UTF-16 offset at which each astral character (two code units) starts.
        self._astral: list[int] = []
        units = 0
        for char in text:
            if ord(char) > 0xFFFF:
                self._astral.append(units)
                units += 2
            else:
                units += 1

    def to_index(self, units: int) -> int:
        """The string index at UTF-16 offset `units`: each astral character that ends before
        it counted two units and is one character (inside a pair: that character's start)."""
        complete = bisect_right(self._astral, units - 2)
        index = units - complete
        if complete < len(self._astral) and self._astral[complete] == units - 1:
            index -= 1
        return index


def check_url(server: str) -> str:
    """The /v2/check address of a server given as 'http://host:8081', '.../v2' or '.../v2/'."""
    parsed = urllib.parse.urlsplit(server.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"'{server}' is not an http(s) URL of a LanguageTool server")
    path = parsed.path.rstrip("/")
    if not path.endswith("/v2"):
        path += "/v2"
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path + "/check", "", ""))


def build_request(text: str, language: str, disabled_categories: tuple[str, ...] = ()
                  ) -> dict[str, str]:
    """The form fields of a POST /v2/check for `text` in one of our LANGUAGES."""
    fields = {"text": text, "language": LANGUAGES[language]}
    if disabled_categories:
        fields["disabledCategories"] = ",".join(disabled_categories)
    return fields


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_response(data: Any, text: str) -> list[Match]:
    """The matches of a /v2/check response for `text`, with Python string offsets. A match
    that falls outside the text (a server's offset bug) is dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
        raise LanguageToolUnavailable("the answer is not a LanguageTool check result")
    index = Utf16Index(text)
    matches = []
    for raw in data["matches"]:
        if not isinstance(raw, dict):
            continue
        offset, length = raw.get("offset"), raw.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 \
                or length < 0:
            continue
        start, end = index.to_index(offset), index.to_index(offset + length)
        if end > len(text) or start > end:
            continue
        rule = raw.get("rule") if isinstance(raw.get("rule"), dict) else {}
        category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
        replacements = tuple(
            r["value"] for r in raw.get("replacements") or []
            if isinstance(r, dict) and isinstance(r.get("value"), str))
        matches.append(Match(
            start=start, end=end, message=_text(raw.get("message")),
            short_message=_text(raw.get("shortMessage")), replacements=replacements,
            rule_id=_text(rule.get("id")) or "UNKNOWN", rule_description=_text(
                rule.get("description")), category_id=_text(category.get("id")),
            issue_type=_text(rule.get("issueType"))))
    return matches


class LanguageToolClient:
    """Checks texts against one LanguageTool server, each request bounded by `timeout`."""

    def __init__(self, server: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.server = server
        self.url = check_url(server)
        self.timeout = timeout

    def check(self, text: str, language: str, disabled_categories: tuple[str, ...] = ()
              ) -> list[Match]:
        import urllib.error  # here: a check with grammar off never talks to LanguageTool
        import urllib.request

        body = urllib.parse.urlencode(build_request(text, language, disabled_categories))
        request = urllib.request.Request(
            self.url, data=body.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise LanguageToolUnavailable(f"it answered HTTP {exc.code}") from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise LanguageToolUnavailable(
                    f"no answer within {self.timeout:g} s") from exc
            raise LanguageToolUnavailable(f"{reason}") from exc
        except TimeoutError as exc:
            raise LanguageToolUnavailable(f"no answer within {self.timeout:g} s") from exc
        except (OSError, ValueError) as exc:
            raise LanguageToolUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return parse_response(data, text)
