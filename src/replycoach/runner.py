"""From what the user named to findings: read, build drafts, pick settings, detect, lint."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from replycoach.config import Config, config_for
from replycoach.draft import Draft
from replycoach.errors import InputError, ReplycoachError
from replycoach.inputs import RawInput, expand_paths, read_input
from replycoach.languages import available_languages, profile_for
from replycoach.locales import all_locales, find_locale
from replycoach.model import Finding, Severity

DEFAULT_CHANNEL = "chat"


@dataclass(frozen=True)
class CheckOptions:
    """Command-line choices; None means 'use the config file, then the default'."""

    language: str | None = None
    locale: str | None = None
    channel: str | None = None
    context: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Path | None = None
    isolated: bool = False
    encoding: str | None = None


@dataclass
class FileResult:
    path: str
    raw: RawInput | None = None
    draft: Draft | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # could not be read or checked: exit status 2
    fail_on: str = "warning"

    @property
    def language(self) -> str | None:
        return self.draft.language if self.draft else None

    @property
    def note(self) -> str | None:
        """Set when the draft was checked only partly (a language without rule packs)."""
        return self.draft.note if self.draft else None


def choose_locale(draft: Draft, options: CheckOptions, config: Config) -> str | None:
    """--locale, then the config, then the e-mail's headers, then the language's default."""
    tag = options.locale or config.locale
    if tag:
        return find_locale(tag).tag
    if draft.headers is not None:
        from replycoach.email_body import locale_from_headers

        from_headers = locale_from_headers(draft.headers)
        if from_headers is not None:
            return from_headers.tag
    if draft.language is None:
        return None
    default = profile_for(draft.language).default_locale or next(
        (tag for tag, locale in all_locales().items() if locale.language == draft.language), None)
    return default if default in all_locales() else None


def looks_like_letter(text: str, language: str) -> bool:
    """A greeting line and a sign-off: checked as e-mail when no channel is given."""
    from replycoach.segments import split_segments

    names = {s.name for s in split_segments(text, profile_for(language))}
    return "greeting" in names and ("signature" in names or "closing" in names)


def build_draft(raw: RawInput, options: CheckOptions, config: Config, context: str | None
                ) -> Draft:
    # Imported here: a check sent to a warm server builds no draft (client.py), and its
    # start-up is the time an agent waits.
    from replycoach.detect import UnsupportedLanguage, detect_language
    from replycoach.email_body import email_draft, looks_like_email

    if raw.suffix in (".eml", ".mbox") or (
            raw.suffix not in (".txt", ".md") and looks_like_email(raw.text)):
        draft = email_draft(raw.path, raw.text, raw.encoding)
    else:
        draft = Draft.whole(raw.path, raw.text)
    draft.compose()
    available = available_languages()
    language = options.language or config.language
    if language is not None and language not in available:
        raise ReplycoachError(
            f"unknown language '{language}' (available: {', '.join(available)})")
    if language is None:
        try:
            language = detect_language(draft.text, available)
        except UnsupportedLanguage as exc:
            # Another language's rules would only mislead; the language-neutral ones still help.
            language, draft.note = exc.language, str(exc)
    draft.language = language
    draft.locale = choose_locale(draft, options, config)
    draft.context = context if context is not None else draft.context  # --context wins
    if draft.context is not None:
        draft.context = unicodedata.normalize("NFC", draft.context)
    channel = options.channel or config.channel
    if channel is None and draft.channel != "email":
        channel = "email" if looks_like_letter(draft.text, draft.language) else DEFAULT_CHANNEL
    draft.channel = channel or draft.channel
    return draft


def read_context(options: CheckOptions) -> str | None:
    if options.context is None:
        return None
    return read_input(options.context, options.encoding).text


def check_paths(names: list[str], options: CheckOptions, jobs: int = 1
                ) -> Iterator[FileResult]:
    """Lint every named draft, in order; a draft that cannot be read yields a result with
    `error`. With `jobs` above 1, the files of a batch are shared among that many worker
    processes (replycoach/batch.py), with the same results in the same order."""
    available = available_languages()
    if options.language is not None and options.language not in available:
        raise ReplycoachError(
            f"unknown language '{options.language}' (available: {', '.join(available)})")
    if options.locale is not None:
        find_locale(options.locale)
    context = read_context(options)
    if jobs > 1:
        from replycoach.batch import check_in_parallel

        yield from check_in_parallel(list(expand_paths(names)), options, context, jobs)
        return
    for name in expand_paths(names):
        yield check_file(name, options, context)


def check_file(name: str, options: CheckOptions, context: str | None) -> FileResult:
    """Read, build and lint one named draft (`context`: the --context text, read once)."""
    raw = None
    try:
        raw = read_input(name, options.encoding)
        config = config_for(raw.directory, options.config, options.isolated)
    except InputError as exc:
        return FileResult(name, raw=raw, error=str(exc))
    return check_input(raw, config, options, context)


def check_input(raw: RawInput, config: Config, options: CheckOptions, context: str | None
                ) -> FileResult:
    """Build and lint a draft already read, with the config that applies to it."""
    from replycoach.engine import lint  # here: a check sent to a server needs no engine

    result = FileResult(raw.path, raw=raw, fail_on=config.fail_on or "warning")
    try:
        result.draft = build_draft(raw, options, config, context)
        result.findings = lint(result.draft, config.policy(options.select, options.ignore))
    except InputError as exc:
        # This draft alone cannot be checked; broken rules or config stop the run instead.
        result.error = str(exc)
    return result


def fails(result: FileResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Severity.parse(fail_on)
    return any(f.severity >= threshold for f in result.findings)

