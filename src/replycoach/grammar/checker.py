"""Grammar findings from LanguageTool, added to a checked draft's findings when enabled.

Off by default. On with `grammar: {enabled: true}` in .replycoach.yml or `--grammar`; the
server is `grammar.server` or `--grammar-server URL`, otherwise a local LanguageTool that
language-tool-python runs. Only then does the draft's text (the agent's part, not the quoted
customer message) leave the machine, and only to that server.

Matches become findings with our categories, rule ids `<lang>.grammar.<LanguageTool rule>`,
the draft's offsets, and --select/--ignore, severity overrides and the team vocabulary applied.
While replycoach's own spelling rule runs, LanguageTool's TYPOS category is turned off: ours
knows the draft's names and the team's terms. A server that cannot be reached is reported
once; the other checks' findings stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from replycoach.config import Config, config_for
from replycoach.draft import Draft
from replycoach.grammar.languagetool import (
    DEFAULT_TIMEOUT,
    LANGUAGES,
    NO_LANGUAGETOOL,
    LanguageToolClient,
    LanguageToolUnavailable,
    Match,
)
from replycoach.grammar.local import LocalLanguageTool
from replycoach.languages import profile_for
from replycoach.model import Finding, Fix
from replycoach.policy import Policy
from replycoach.runner import CheckOptions, FileResult
from replycoach.segments import split_segments

PROSE_SEGMENTS = ("greeting", "body", "closing")
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class GrammarChoice:
    """What the command line says: --grammar/--no-grammar, --grammar-server URL."""

    enabled: bool | None = None
    server: str | None = None


@dataclass(frozen=True)
class GrammarSettings:
    enabled: bool
    server: str | None  # None: a local LanguageTool
    timeout: float


def settings_for(choice: GrammarChoice, config: Config) -> GrammarSettings:
    """The command line wins over the config; naming a server turns grammar on."""
    enabled = choice.enabled
    if enabled is None:
        enabled = bool(choice.server) or bool(config.grammar_enabled)
    return GrammarSettings(enabled, choice.server or config.grammar_server,
                           config.grammar_timeout or DEFAULT_TIMEOUT)


def _accepted(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    return [m.span() for term in terms
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, re.IGNORECASE)]


def to_findings(matches: list[Match], draft: Draft, policy: Policy,
                existing: Sequence[Finding] = ()) -> list[Finding]:
    """LanguageTool's matches as findings, in the draft's prose only (not the signature)."""
    language = draft.language or ""
    regions = [(s.start, s.end) for s in split_segments(draft.text, profile_for(language))
               if s.name in PROSE_SEGMENTS and s.end > s.start]
    accepted = _accepted(draft.text, policy.accept)
    taken = {(f.start, f.end, f.category) for f in existing}
    findings = []
    for match in matches:
        rule = f"{language}.grammar.{match.rule_id}"
        category = match.category
        if not any(lo <= match.start < hi for lo, hi in regions) \
                or not policy.enabled(rule, category) \
                or (match.start, match.end, category) in taken \
                or any(lo <= match.start and match.end <= hi for lo, hi in accepted):
            continue
        suggestions = list(match.replacements[:MAX_SUGGESTIONS])
        fix = (Fix(match.start, match.end, match.replacements[0], safe=False)
               if len(match.replacements) == 1 else None)
        message = match.message or match.short_message or match.rule_description
        findings.append(Finding(rule, category, policy.severity(rule, category, match.severity),
                                f"{message} (LanguageTool)", match.start, match.end,
                                suggestions, fix))
    return findings


class GrammarPass:
    """Adds LanguageTool's findings to each checked draft whose settings enable grammar.
    `say` gets the one-line notes meant for standard error."""

    def __init__(self, choice: GrammarChoice, options: CheckOptions,
                 say: Callable[[str], None]) -> None:
        self.choice = choice
        self.options = options
        self.say = say
        self.clients: dict[str | None, LanguageToolClient] = {}
        self.local = LocalLanguageTool()
        self.down: set[str | None] = set()  # servers that could not be reached: not retried
        self.told: set[str] = set()

    def _once(self, key: str, line: str) -> None:
        if key not in self.told:
            self.told.add(key)
            self.say(line)

    def _client(self, settings: GrammarSettings) -> LanguageToolClient:
        if settings.server not in self.clients:
            # language-tool-python shows its own progress while it downloads LanguageTool.
            url = self.local.start() if settings.server is None else settings.server
            try:
                self.clients[settings.server] = LanguageToolClient(url, settings.timeout)
            except ValueError as exc:
                raise LanguageToolUnavailable(str(exc)) from exc
        return self.clients[settings.server]

    def apply(self, result: FileResult) -> None:
        draft = result.draft
        if result.error is not None or draft is None or not draft.language:
            return
        directory = result.raw.directory if result.raw is not None else Path.cwd()
        config = config_for(directory, self.options.config, self.options.isolated)
        settings = settings_for(self.choice, config)
        if not settings.enabled or settings.server in self.down:
            return
        if draft.language in NO_LANGUAGETOOL:
            name = NO_LANGUAGETOOL[draft.language]
            self._once(draft.language, f"note: LanguageTool has no {name}: grammar is not "
                                       f"checked in {name} drafts (spelling is)")
            return
        if draft.language not in LANGUAGES:
            return
        policy = config.policy(self.options.select, self.options.ignore)
        own_spelling = policy.enabled(f"{draft.language}.spelling.misspelling", "correctness")
        try:
            matches = self._client(settings).check(
                draft.text, draft.language, ("TYPOS",) if own_spelling else ())
        except LanguageToolUnavailable as exc:
            self.down.add(settings.server)
            what = (f"LanguageTool at {settings.server} could not be reached"
                    if settings.server else "a local LanguageTool could not be started")
            self.say(f"warning: {what} ({exc}): grammar is not checked; the other checks ran")
            return
        added = to_findings(matches, draft, policy, result.findings)
        result.findings = sorted(result.findings + added,
                                 key=lambda f: (f.start, -f.severity, f.rule))

    def close(self) -> None:
        self.local.close()
