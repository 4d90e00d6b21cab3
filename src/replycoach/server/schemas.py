"""Requests and responses of the HTTP API; FastAPI turns them into the OpenAPI document.

Field names follow the command line (`lang`, `locale`, `channel`, `select`, `ignore`,
`fail_on`) and the responses are exactly what `--format json` prints.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Channel = Literal["email", "chat", "social", "sms"]
SeverityName = Literal["suggestion", "warning", "error"]
FailOn = Literal["suggestion", "warning", "error", "never"]
MAX_ROWS = 1000
MAX_DRAFTS = 1000


def split_ids(value: Any) -> Any:
    """`"a,b"` or `["a", "b,c"]` -> `["a", "b", "c"]`, as --select/--ignore take them."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [part.strip() for v in value for part in v.split(",") if part.strip()]
    return value  # let validation name the wrong type


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftOptions(Strict):
    lang: str | None = Field(None, description="The draft's language (en, cs, pl, ru, vi, ar). "
                             "Default: detected.", examples=["en"])
    locale: str | None = Field(None, description="The customer's culture, e.g. en-US, ja-JP.",
                               examples=["en-GB"])
    channel: Channel | None = Field(None, description="Where the reply goes. Default: email "
                                    "for drafts shaped like a letter, chat otherwise.")


def _path_field() -> Any:
    return Field("-", max_length=4096, description="The name the draft is reported under; a "
                 "name ending in .eml or .mbox is read as an e-mail. Nothing is read from it.")


def _encoding_field() -> Any:
    return Field("utf-8", max_length=40, description="The codec `text` was decoded with "
                 "(latin-1 for a mail file in an 8bit charset other than UTF-8); only e-mail "
                 "drafts use it.")


class DraftItem(Strict):
    """One draft of a `drafts` list."""

    text: str = Field(min_length=1, description="The draft reply (or a whole e-mail message "
                      "when `path` ends in .eml).")
    path: str = _path_field()
    encoding: str = _encoding_field()
    context: str | None = Field(None, description="The customer's message this draft answers "
                                "(default: the request's `context`).")


class CheckRequest(DraftOptions):
    """Drafts to check, with the options of `replycoach check`: one draft (`text`, with
    `path`, `encoding`), or many (`drafts`), answered in one object as `replycoach check`
    answers for many files."""

    text: str | None = Field(None, min_length=1, description="The draft reply (or a whole "
                             "e-mail message when `path` ends in .eml).")
    drafts: list[DraftItem] | None = Field(
        None, min_length=1, max_length=MAX_DRAFTS, description="Many drafts, instead of "
        "`text`: each with its own `text`, `path`, `encoding` and optional `context`; the other "
        "fields apply to all of them. The answer has one `files` entry per draft, in order.")
    context: str | None = Field(None, description="The customer's message the draft answers.")
    path: str = _path_field()
    encoding: str = _encoding_field()
    select: list[str] = Field(default_factory=list, description="Only these rules: ids, packs "
                              "or categories (a list, or one comma-separated string).")
    ignore: list[str] = Field(default_factory=list, description="Skip these rules.")
    with_draft: bool = Field(False, description="Also return, in each file entry, `draft`: "
                             "the text that was linted (an e-mail's reply without headers, "
                             "quotes or signature markup), how its pieces map into `text`, and "
                             "the findings with offsets in it. `replycoach check --server` "
                             "uses it.")
    fail_on: FailOn | None = Field(None, description="The least severe finding that makes "
                                   "`summary.failed` true. Default: warning, or the config's.")
    config: dict[str, Any] | list[dict[str, Any] | None] | None = Field(
        None, description="Settings with the keys of a .replycoach.yml (severity, vocabulary, "
        "select, ...), replacing the config the server started with; a list of such objects "
        "is layered in order, as a project's file over the user's.",
        examples=[{"severity": {"en.positivity.cannot": "error"},
                   "vocabulary": {"accept": ["Acme Cloud"]}}])

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return split_ids(value)

    @model_validator(mode="after")
    def _one_form(self) -> CheckRequest:
        if (self.text is None) == (self.drafts is None):
            raise ValueError("give either 'text' (one draft) or 'drafts' (many)")
        if self.drafts is not None and {"path", "encoding"} & self.model_fields_set:
            raise ValueError("with 'drafts', give 'path' and 'encoding' in each draft")
        return self

    def items(self) -> list[DraftItem]:
        """The drafts to check, in order (one for `text`)."""
        if self.drafts is not None:
            return self.drafts
        return [DraftItem(text=self.text or "", path=self.path, encoding=self.encoding)]


class ScoreRequest(DraftOptions):
    """Replies to score against a rubric, with the options of `replycoach score`.

    Either `text` (one reply, with optional `context`, `agent`, `grade`) or `rows` (objects
    with the columns a .jsonl input has: id, text or reply, agent, context, lang, locale,
    channel, grade, grade_<category>; other keys are passed through)."""

    text: str | None = Field(None, min_length=1, description="One reply to score.")
    context: str | None = Field(None, description="The customer's message (with `text`).")
    id: str | None = Field(None, max_length=200, description="The reply's id (with `text`).")
    agent: str | None = Field(None, max_length=200, description="Who wrote it (with `text`).")
    grade: float | str | None = Field(None, description="The trainer's grade (with `text`).")
    rows: list[dict[str, Any]] | None = Field(None, max_length=MAX_ROWS,
                                              description="Many replies, as JSON-lines rows.")
    rubric: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$",
                               description="A bundled rubric by name. Default: the server's "
                               "(`replycoach serve --rubric`), else `default`.")

    def records(self) -> list[dict[str, Any]]:
        if self.rows is not None:
            return self.rows
        row: dict[str, Any] = {"id": self.id or "1", "text": self.text}
        for key in ("context", "agent", "grade"):
            if getattr(self, key) is not None:
                row[key] = getattr(self, key)
        return [row]


class FixModel(BaseModel):
    start: int
    end: int
    line: int
    column: int
    replacement: str
    safety: Literal["safe", "unsafe"]


class FindingModel(BaseModel):
    rule: str
    category: str
    severity: SeverityName
    message: str
    line: int = Field(description="1-based, in characters of the text as sent.")
    column: int
    end_line: int
    end_column: int
    start: int = Field(description="Character (code point) offset in the text as sent.")
    end: int
    text: str = Field(description="The flagged words.")
    suggestions: list[str]
    fix: FixModel | None


class DraftModel(BaseModel):
    text: str
    pieces: list[list[int]] = Field(description="[start in draft, start in text, length]")
    verbatim: bool
    locale: str | None
    findings: list[dict[str, Any]] = Field(description="rule, category, severity, message, "
                                           "start, end (draft offsets), suggestions, fix")


class FileModel(BaseModel):
    path: str
    language: str | None
    channel: str | None = None
    findings: list[FindingModel]
    error: str | None = Field(None, description="Set when the draft could not be read.")
    note: str | None = Field(None, description="Set when only language-neutral rules ran.")
    draft: DraftModel | None = Field(None, description="Only with `with_draft`.")


class SummaryModel(BaseModel):
    files: int
    checked: int
    unreadable: int
    partial: int
    findings: int
    errors: int
    warnings: int
    suggestions: int
    failed: bool


class CheckResponse(BaseModel):
    """Exactly what `replycoach check --format json` prints."""

    files: list[FileModel]
    summary: SummaryModel


class ScoreResponse(BaseModel):
    """Exactly what `replycoach score --format json` prints."""

    replies: list[dict[str, Any]]
    agents: dict[str, Any]
    calibration: dict[str, Any] | None
    summary: dict[str, Any]


class ErrorResponse(BaseModel):
    error: str = Field(description="What was wrong, in one line (never the draft's text).")
    detail: list[dict[str, Any]] | None = Field(None, description="Per-field problems.")


class LanguageModel(BaseModel):
    code: str
    name: str


class LocaleModel(BaseModel):
    tag: str
    name: str
    language: str


class MetaResponse(BaseModel):
    version: str
    languages: list[LanguageModel]
    locales: list[LocaleModel]
    channels: list[str]
    categories: list[str]
    rubrics: list[str]
    score_bands: dict[str, float] = Field(description="excellent_from and coach_below: the "
                                          "score bands of `replycoach score`.")
    max_body_bytes: int
    timeout_seconds: float
