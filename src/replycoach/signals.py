"""Named signals (`rules/<lang>/signals.yml`): phrase sets that conditions refer to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from replycoach.fields import Fields
from replycoach.languages import LanguageProfile
from replycoach.matching import SpanFinder, uses_lemmas
from replycoach.yamlfile import load_yaml

if TYPE_CHECKING:
    from spacy.language import Language

SIGNALS_FILE = "signals.yml"
SIGNAL_FIELDS = ("phrases", "match", "patterns", "regex", "case_sensitive", "description")


@dataclass
class SignalSpecs:
    """Parsed, not yet compiled: enough to validate names used by rules."""

    path: Path
    specs: dict[str, Fields]

    @property
    def needs_lemmas(self) -> bool:
        return any(uses_lemmas(f) for f in self.specs.values())

    def compile(self, nlp: Language, profile: LanguageProfile) -> dict[str, SpanFinder]:
        return {name: SpanFinder(fields, nlp, profile) for name, fields in self.specs.items()}


def load_signal_specs(folder: Path, language: str) -> SignalSpecs:
    path = folder / SIGNALS_FILE
    if not path.is_file():
        return SignalSpecs(path, {})
    top = Fields(load_yaml(path), path, "signals file")
    top.reject_unknown(["language", "signals"])
    declared = top.get("language", str, required=True)
    if declared != language:
        raise top.error("language", f"says '{declared}' but the folder is '{language}'")
    raw = top.get("signals", dict, required=True)
    specs = {}
    for name, body in raw.items():
        fields = Fields(body, path, f"signal '{name}'", line=raw.line_of(name))
        fields.reject_unknown(SIGNAL_FIELDS)
        specs[str(name)] = fields
    return SignalSpecs(path, specs)
