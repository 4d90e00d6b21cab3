"""One open document linted into LSP diagnostics and the code actions that fix them.

Plain functions over lsprotocol types; the pygls wiring is in server.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lsprotocol import types

from replycoach.config import config_for
from replycoach.engine import lint
from replycoach.errors import InputError
from replycoach.fixes import apply_fixes
from replycoach.inputs import RawInput
from replycoach.lsp.positions import UTF16, LineMap
from replycoach.model import Fix
from replycoach.reporters.positions import Locator
from replycoach.runner import CheckOptions, build_draft

SOURCE = "replycoach"
SEVERITIES = {"error": types.DiagnosticSeverity.Error,
              "warning": types.DiagnosticSeverity.Warning,
              "suggestion": types.DiagnosticSeverity.Information}


@dataclass(frozen=True)
class LspSettings:
    """`replycoach lsp` options, overridden by the client's initializationOptions."""

    lang: str | None = None
    locale: str | None = None
    channel: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Path | None = None
    isolated: bool = False
    debounce: float = 0.15  # seconds of quiet typing before a check

    def merged(self, options: Any) -> LspSettings:
        """These settings with a client's `initializationOptions` (a JSON object) on top."""
        if not isinstance(options, dict):
            return self
        values: dict[str, Any] = {}
        for key in ("lang", "locale", "channel"):
            if isinstance(options.get(key), str):
                values[key] = options[key]
        for key in ("select", "ignore"):
            value = options.get(key)
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list):
                values[key] = tuple(p.strip() for v in value if isinstance(v, str)
                                    for p in v.split(",") if p.strip())
        if isinstance(options.get("debounce"), int | float):
            values["debounce"] = max(0.0, float(options["debounce"]))
        return LspSettings(**{**self.__dict__, **values})


@dataclass
class Linted:
    """A document's findings, with their ranges in the client's position units."""

    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    fixes: list[tuple[types.Diagnostic, Fix, types.Range]] = field(default_factory=list)
    text: str = ""


def path_of(uri: str) -> Path:
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    return Path(unquote(parts.path).rsplit("/", 1)[-1] or "untitled")


def lint_document(uri: str, version: int | None, text: str, settings: LspSettings,
                  encoding: str = UTF16) -> Linted:
    """Check a document as `replycoach check` checks its file (config from its folder)."""
    path = path_of(uri)
    directory = path.parent if path.parent.is_dir() else Path.cwd()
    raw = RawInput(str(path), text, directory)
    config = config_for(directory, settings.config, settings.isolated)
    options = CheckOptions(language=settings.lang, locale=settings.locale,
                           channel=settings.channel, select=settings.select,
                           ignore=settings.ignore)
    linted = Linted(uri, version, text=text)
    if not text.strip():
        return linted
    try:
        draft = build_draft(raw, options, config, None)
        findings = lint(draft, config.policy(options.select, options.ignore))
    except InputError:
        return linted
    locator = Locator(draft)
    lines = LineMap(text, encoding)
    for finding in findings:
        where = locator.finding(finding)
        diagnostic = types.Diagnostic(
            range=_range(lines, where["start"], where["end"]),
            message=_message(where),
            severity=SEVERITIES[where["severity"]],
            code=where["rule"],
            source=SOURCE,
            data={"category": where["category"]},
        )
        linted.diagnostics.append(diagnostic)
        fix = where["fix"]
        if fix is not None and draft.verbatim:
            file_fix = Fix(fix["start"], fix["end"], fix["replacement"], fix["safety"] == "safe")
            linted.fixes.append((diagnostic, file_fix, _range(lines, file_fix.start,
                                                               file_fix.end)))
    return linted


def _range(lines: LineMap, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = lines.position(start), lines.position(end)
    return types.Range(start=types.Position(line=l1, character=c1),
                       end=types.Position(line=l2, character=c2))


def _message(where: dict[str, Any]) -> str:
    lines = [f"{where['message']} [{where['category']}]"]
    lines.extend(f"suggestion: {s}" for s in where["suggestions"])
    return "\n".join(lines)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def code_actions(linted: Linted, wanted: types.Range, only: list[str] | None = None
                 ) -> list[types.CodeAction]:
    """Quick fixes for the findings the range touches, and 'fix all safe' for the file."""
    actions: list[types.CodeAction] = []
    quick = types.CodeActionKind.QuickFix
    fix_all = types.CodeActionKind.SourceFixAll
    if not only or any(k == quick or k.startswith(quick + ".") or quick.startswith(k)
                       for k in only):
        for diagnostic, fix, fix_range in linted.fixes:
            if not _overlaps(diagnostic.range, wanted):
                continue
            original = linted.text[fix.start:fix.end]
            title = (f"Replace '{original}' with '{fix.replacement}'" if fix.replacement
                     else f"Delete '{original}'")
            if not fix.safe:
                title += " (check the meaning)"
            actions.append(types.CodeAction(
                title=title, kind=quick, diagnostics=[diagnostic], is_preferred=fix.safe,
                edit=types.WorkspaceEdit(changes={linted.uri: [
                    types.TextEdit(range=fix_range, new_text=fix.replacement)]})))
    safe = [(d, f, r) for d, f, r in linted.fixes if f.safe]
    if safe and (not only or any(k in (fix_all, "source") for k in only)):
        _, chosen = apply_fixes(linted.text, [f for _, f, _ in safe])
        ranges = {id(f): r for _, f, r in safe}
        edits = [types.TextEdit(range=ranges[id(f)], new_text=f.replacement) for f in chosen]
        actions.append(types.CodeAction(
            title=f"Apply {len(edits)} safe replycoach fix{'es' if len(edits) != 1 else ''}",
            kind=fix_all, edit=types.WorkspaceEdit(changes={linted.uri: edits})))
    return actions
