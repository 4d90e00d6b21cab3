"""One row to score: its columns checked and typed, with errors naming the line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from replycoach.errors import InputError, ReplycoachError
from replycoach.inputs import MAX_CHARS
from replycoach.locales import find_locale
from replycoach.model import CATEGORIES, CHANNELS

TEXT_COLUMNS = ("text", "reply")
KNOWN_COLUMNS = ("id", *TEXT_COLUMNS, "agent", "context", "lang", "locale", "channel", "grade")
GRADE_PREFIX = "grade_"


@dataclass
class Row:
    """One reply to score, with what the trainer's file says about it."""

    id: str
    text: str
    where: str  # "replies.csv:12" or a draft's path: where errors and notes point
    directory: str  # where config discovery starts
    suffix: str = ""  # ".eml" for e-mail files: build_draft reads them as e-mails
    agent: str | None = None
    context: str | None = None
    lang: str | None = None
    locale: str | None = None
    channel: str | None = None
    grade: float | None = None
    grades: dict[str, float] = field(default_factory=dict)  # grade_<category> columns
    columns: dict[str, Any] = field(default_factory=dict)  # unknown columns, passed through


@dataclass
class Record:
    """A raw row: its place in the input and its column values, not yet checked."""

    where: str
    values: dict[str, Any]
    directory: str
    suffix: str = ""
    default_id: str = ""
    default_agent: str | None = None


def column_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _text(record: Record, column: str, value: Any) -> str | None:
    """A cell as text: None when empty; numbers become text; lists and objects are refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(record.where, f"column '{column}': expected text, got "
                         f"{type(value).__name__}")
    text = str(value)
    return text if text.strip() else None


def parse_grade(record: Record, column: str, value: Any) -> float | None:
    """A trainer's grade: 4, "4.5", "4,5" (decimal comma), "85%"; empty means ungraded."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        cleaned = value.strip().rstrip("%").strip()
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            number = float(cleaned)
        except ValueError:
            pass
        else:
            if number == number and abs(number) != float("inf"):  # not NaN or infinite
                return number
    raise InputError(record.where, f"column '{column}': {value!r} is not a number")


def make_row(record: Record) -> Row:
    """Check one record and turn it into a Row; errors name the line and the column."""
    known: dict[str, tuple[str, Any]] = {}
    columns: dict[str, Any] = {}
    grades: dict[str, float] = {}
    for name, value in record.values.items():
        key = column_key(str(name))
        category = key.removeprefix(GRADE_PREFIX) if key.startswith(GRADE_PREFIX) else None
        if key in KNOWN_COLUMNS:
            known[key] = (str(name), value)
        elif category in CATEGORIES:
            grade = parse_grade(record, str(name), value)
            if grade is not None:
                grades[category] = grade
        else:
            columns[str(name)] = value

    def get(key: str) -> str | None:
        name, value = known.get(key, (key, None))
        return _text(record, name, value)

    text = get("text") or get("reply")
    if text is None:
        raise InputError(record.where, "has no reply text (column 'text' or 'reply')")
    if len(text) > MAX_CHARS:
        raise InputError(record.where, f"reply is {len(text):,} characters long; replies above "
                         f"{MAX_CHARS:,} are refused")
    channel = get("channel")
    if channel is not None and channel.strip().lower() not in CHANNELS:
        raise InputError(record.where, f"column 'channel': {channel!r} is not one of: "
                         f"{', '.join(CHANNELS)}")
    locale = get("locale")
    if locale is not None:
        try:
            locale = find_locale(locale).tag
        except ReplycoachError as exc:
            raise InputError(record.where, f"column 'locale': {exc}") from None
    lang = get("lang")
    grade_name, grade_value = known.get("grade", ("grade", None))
    return Row(
        id=(get("id") or record.default_id).strip(),
        text=text,
        where=record.where,
        directory=record.directory,
        suffix=record.suffix,
        agent=(get("agent") or record.default_agent or None),
        context=get("context"),
        lang=lang.strip().lower().replace("_", "-").split("-")[0] if lang else None,
        locale=locale,
        channel=channel.strip().lower() if channel else None,
        grade=parse_grade(record, grade_name, grade_value),
        grades=grades,
        columns=columns,
    )
