"""Measure rules against a labelled corpus of drafts: which rules must fire, which may.

A corpus file (`tests/corpus/<lang>.yml`) lists realistic drafts with the rule ids each must
raise (`must`) and may raise (`may`); any other finding is a false alarm. Recall is found
`must` hits over all `must` ids; precision is correct findings over all findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from replycoach.config import Config
from replycoach.draft import Draft
from replycoach.engine import lint
from replycoach.fields import Fields
from replycoach.inputs import RawInput
from replycoach.model import CHANNELS
from replycoach.policy import Policy
from replycoach.runner import CheckOptions, build_draft
from replycoach.yamlfile import load_yaml


@dataclass(frozen=True)
class LabelledDraft:
    id: str
    text: str
    must: frozenset[str]
    may: frozenset[str]
    context: str | None = None
    channel: str | None = None
    locale: str | None = None


@dataclass
class Corpus:
    language: str
    drafts: list[LabelledDraft]
    one_sentence: list[str]


@dataclass
class DraftOutcome:
    draft: LabelledDraft
    fired: set[str]

    @property
    def missed(self) -> set[str]:
        return set(self.draft.must) - self.fired

    @property
    def false_alarms(self) -> set[str]:
        return self.fired - self.draft.must - self.draft.may


@dataclass
class Evaluation:
    language: str
    outcomes: list[DraftOutcome] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return sum(len(o.draft.must) for o in self.outcomes)

    @property
    def found(self) -> int:
        return sum(len(o.draft.must & o.fired) for o in self.outcomes)

    @property
    def false_alarms(self) -> int:
        return sum(len(o.false_alarms) for o in self.outcomes)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        correct = sum(len(o.fired & (o.draft.must | o.draft.may)) for o in self.outcomes)
        total = correct + self.false_alarms
        return correct / total if total else 1.0


def load_corpus(path: Path) -> Corpus:
    top = Fields(load_yaml(path), path, "corpus")
    top.reject_unknown(["language", "drafts", "one_sentence"])
    drafts = []
    for item in top.get("drafts", list, required=True):
        name = item.get("id", "?") if isinstance(item, dict) else "?"
        fields = Fields(item, path, f"draft '{name}'")
        fields.reject_unknown(["id", "text", "context", "channel", "locale", "must", "may"])
        drafts.append(LabelledDraft(
            id=fields.get("id", str, required=True),
            text=fields.get("text", str, required=True),
            must=frozenset(fields.get("must", list, default=[])),
            may=frozenset(fields.get("may", list, default=[])),
            context=fields.get("context", str),
            channel=fields.get("channel", str, choices=CHANNELS),
            locale=fields.get("locale", str),
        ))
    return Corpus(top.get("language", str, required=True), drafts,
                  [str(s) for s in top.get("one_sentence", list, default=[])])


def as_draft(draft: LabelledDraft, language: str) -> Draft:
    """The draft as `check` would build it (channel decided the same way)."""
    raw = RawInput(f"<{draft.id}>", draft.text, Path.cwd())
    options = CheckOptions(language=language, channel=draft.channel, locale=draft.locale)
    return build_draft(raw, options, Config(), draft.context)


def evaluate(corpus: Corpus, policy: Policy | None = None, language: str | None = None
             ) -> Evaluation:
    """Lint every draft (in `language`, default the corpus's own) and compare with labels."""
    language = language or corpus.language
    evaluation = Evaluation(language)
    for labelled in corpus.drafts:
        fired = {f.rule for f in lint(as_draft(labelled, language), policy or Policy())}
        evaluation.outcomes.append(DraftOutcome(labelled, fired))
    return evaluation
