"""The work behind the API, free of any web framework: check a draft, score replies.

Rules are compiled once per language (at start-up with `warm`); every call builds its draft
exactly as `replycoach check` does, so the JSON is the same as `--format json` prints.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replycoach.config import Config, config_for, parse_config
from replycoach.draft import Draft
from replycoach.engine import language_rules, lint
from replycoach.errors import DataFileError, InputError, ReplycoachError
from replycoach.inputs import MAX_CHARS, RawInput
from replycoach.languages import available_languages
from replycoach.locales import find_locale
from replycoach.model import Finding
from replycoach.reporters import json_report
from replycoach.runner import CheckOptions, FileResult, check_input, fails
from replycoach.server.schemas import CheckRequest, ScoreRequest
from replycoach.yamlfile import LineDict

if TYPE_CHECKING:
    from replycoach.scoring.rubric import Rubric

WARM_TEXT = "Hello, thank you for your message. We will send it on Monday."


class RequestError(Exception):
    """A request the server cannot serve: its HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ServiceSettings:
    config: Path | None = None  # --config: instead of the nearest .replycoach.yml
    isolated: bool = False
    rubric: str | None = None  # the default rubric for /v1/score: a name or a file
    directory: Path | None = None  # where config discovery starts (default: the cwd)


class Service:
    def __init__(self, settings: ServiceSettings | None = None) -> None:
        self.settings = settings or ServiceSettings()
        self.directory = (self.settings.directory or Path.cwd()).resolve()
        self.config = config_for(self.directory, self.settings.config, self.settings.isolated)
        self.languages = available_languages()
        self._rubric_lock = threading.Lock()
        self._rubrics: dict[str, Rubric] = {}

    # -- start-up -------------------------------------------------------------------------
    def warm(self, languages: list[str] | None = None) -> list[str]:
        """Compile the rules of these languages (default: all) and run each pipeline once."""
        warmed = []
        for code in languages if languages is not None else self.languages:
            if code not in self.languages:
                raise ReplycoachError(f"unknown language '{code}' (available: "
                                      f"{', '.join(self.languages)})")
            rules = language_rules(code)
            draft = Draft.whole("-", WARM_TEXT, language=code, channel="chat")
            lint(draft, self.config.policy(), rules)
            warmed.append(code)
        return warmed

    # -- checks ---------------------------------------------------------------------------
    def _validate(self, lang: str | None, locale: str | None) -> None:
        if lang is not None and lang not in self.languages:
            raise RequestError(400, f"unknown language '{lang}' (available: "
                               f"{', '.join(self.languages)})")
        if locale is not None:
            try:
                find_locale(locale)
            except ReplycoachError as exc:
                raise RequestError(400, str(exc)) from None

    def check_results(self, request: CheckRequest) -> list[tuple[FileResult, bool]]:
        """Each draft's result and whether it fails `fail_on`, in order. Every text is
        looked at before any is linted, so a request is refused whole or answered whole."""
        self._validate(request.lang, request.locale)
        items = request.items()
        _check_context("context", request.context)
        for index, item in enumerate(items):
            where = "" if request.drafts is None else f"drafts[{index}]."
            _check_text(where + "text", item.text)
            _check_context(where + "context", item.context)
        config = self.config if request.config is None else request_config(request.config)
        options = CheckOptions(language=request.lang, locale=request.locale,
                               channel=request.channel, select=tuple(request.select),
                               ignore=tuple(request.ignore))
        results = []
        for item in items:
            raw = RawInput(item.path, item.text, self.directory, item.encoding)
            context = item.context if item.context is not None else request.context
            try:  # a mail message that cannot be parsed is the draft's own error
                result = check_input(raw, config, options, context)
            except ReplycoachError as exc:  # an unknown language or locale in `config`
                raise RequestError(400, str(exc)) from None
            results.append((result, fails(result, request.fail_on or result.fail_on)))
        return results

    def check(self, request: CheckRequest) -> str:
        """The `--format json` object for the request's drafts, as text."""
        checked = self.check_results(request)
        results = [result for result, _ in checked]
        report = json_report.report(results, any(failed for _, failed in checked))
        if request.with_draft:
            for entry, result in zip(report["files"], results, strict=True):
                if result.draft is not None:
                    entry["draft"] = draft_payload(result.draft, result.findings)
        return json.dumps(report, ensure_ascii=False, indent=2)

    # -- scores ---------------------------------------------------------------------------
    def rubric(self, name: str | None) -> Rubric:
        """A request names a bundled rubric; a file comes only from `serve --rubric`."""
        from replycoach.scoring.rubric import load_rubric

        if name is None and self.settings.rubric is not None:
            key, source = "", self.settings.rubric
        else:
            key = name or "default"
            source = None
        with self._rubric_lock:
            if key not in self._rubrics:
                try:
                    self._rubrics[key] = load_rubric(source or str(_bundled_rubric(key)))
                except ReplycoachError as exc:
                    raise RequestError(400, str(exc)) from None
            return self._rubrics[key]

    def score(self, request: ScoreRequest) -> str:
        """The `replycoach score --format json` object for the request's replies, as text."""
        from replycoach.scoring.aggregate import Aggregates
        from replycoach.scoring.parallel import score_rows
        from replycoach.scoring.rows import Record, make_row
        from replycoach.scoring.scorer import ScoreSettings

        if (request.text is None) == (request.rows is None):
            raise RequestError(422, "give either 'text' (one reply) or 'rows' (many)")
        self._validate(request.lang, request.locale)
        rubric = self.rubric(request.rubric)
        rows = []
        for index, values in enumerate(request.records()):
            where = f"rows[{index}]" if request.rows is not None else "text"
            try:
                rows.append(make_row(Record(where, values, str(self.directory),
                                            default_id=str(index + 1))))
            except InputError as exc:
                status = 413 if "refused" in exc.reason else 422
                raise RequestError(status, str(exc)) from None
        settings = ScoreSettings(rubric, language=request.lang, locale=request.locale,
                                 channel=request.channel, config=self.settings.config,
                                 isolated=self.settings.isolated)
        aggregates = Aggregates(rubric.names)
        replies: list[dict[str, Any]] = []
        try:
            for reply in score_rows(rows, settings, jobs=1):
                aggregates.add(reply)
                replies.append(reply.to_json())
        except InputError as exc:
            raise RequestError(422, str(exc)) from None
        except ReplycoachError as exc:
            raise RequestError(400, str(exc)) from None
        report = {"replies": replies, "agents": aggregates.agents_json(),
                  "calibration": aggregates.calibration.report(),
                  "summary": aggregates.summary_json()}
        return json.dumps(report, ensure_ascii=False, indent=2)

    # -- what the page and clients need to know ----------------------------------------------
    def meta(self) -> dict[str, Any]:
        from replycoach import __version__
        from replycoach.languages import profile_for
        from replycoach.locales import all_locales
        from replycoach.model import CATEGORIES, CHANNELS

        return {
            "version": __version__,
            "languages": [{"code": c, "name": profile_for(c).name} for c in self.languages],
            "locales": [{"tag": tag, "name": loc.name, "language": loc.language}
                        for tag, loc in sorted(all_locales().items())],
            "channels": list(CHANNELS),
            "categories": list(CATEGORIES),
            "rubrics": bundled_rubrics(),
            "score_bands": score_bands(),
        }


def draft_payload(draft: Draft, findings: list[Finding]) -> dict[str, Any]:
    """What a client needs to rebuild the Draft and Findings exactly (client.py)."""
    return {
        "text": draft.text,
        "pieces": [[p.start, p.source_start, p.length] for p in draft.pieces],
        "verbatim": draft.verbatim,
        "locale": draft.locale,
        "findings": [{"rule": f.rule, "category": f.category, "severity": f.severity.label,
                      "message": f.message, "start": f.start, "end": f.end,
                      "suggestions": list(f.suggestions),
                      "fix": None if f.fix is None else {
                          "start": f.fix.start, "end": f.fix.end,
                          "replacement": f.fix.replacement, "safe": f.fix.safe}}
                     for f in findings],
    }


def request_config(value: dict[str, Any] | list[dict[str, Any] | None]) -> Config:
    """A request's `config`: one .replycoach.yml as an object, or several layered in order."""
    layers = value if isinstance(value, list) else [value]
    config = Config()
    for index, data in enumerate(layers):
        label = f"request config[{index}]" if isinstance(value, list) else "request"
        try:
            config = parse_config(_line_dicts(data), Path(label)).over(config)
        except DataFileError as exc:
            raise RequestError(422, str(exc)) from None
    return config


def _line_dicts(data: Any) -> Any:
    """JSON objects as the YAML loader's dicts (with no line numbers), which the config
    parser expects all the way down."""
    if isinstance(data, dict):
        converted = LineDict((key, _line_dicts(value)) for key, value in data.items())
        converted.key_lines = {}
        return converted
    if isinstance(data, list):
        return [_line_dicts(item) for item in data]
    return data


def _check_text(name: str, text: str) -> None:
    if not text.strip():
        raise RequestError(422, f"{name} is empty: there is no draft to check")
    if len(text) > MAX_CHARS:
        raise RequestError(413, f"{name} is {len(text):,} characters long; drafts above "
                           f"{MAX_CHARS:,} are refused")


def _check_context(name: str, context: str | None) -> None:
    if context is not None and len(context) > MAX_CHARS:
        raise RequestError(413, f"{name} is {len(context):,} characters long; above "
                           f"{MAX_CHARS:,} are refused")


def score_bands() -> dict[str, float]:
    """Where `replycoach score` draws the lines between needs coaching, good and excellent."""
    from replycoach.scoring.aggregate import COACH_BELOW, EXCELLENT_FROM

    return {"excellent_from": EXCELLENT_FROM, "coach_below": COACH_BELOW}


@cache
def bundled_rubrics() -> list[str]:
    from replycoach.resources import bundled_folder

    try:
        return sorted(p.stem for p in bundled_folder("rubrics").glob("*.yml"))
    except ReplycoachError:
        return []


def _bundled_rubric(name: str) -> Path:
    from replycoach.resources import bundled_folder

    path = bundled_folder("rubrics") / f"{name}.yml"
    if not path.is_file():
        raise ReplycoachError(f"no bundled rubric '{name}' (bundled rubrics: "
                              f"{', '.join(bundled_rubrics())})")
    return path
