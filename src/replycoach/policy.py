"""Which rules run and how loud they are: --select/--ignore, severity overrides, vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from replycoach.model import Severity


def selector_matches(token: str, rule_id: str, category: str) -> bool:
    """A selector is a category, a rule id, or an id prefix such as a pack (`en.positivity`)."""
    token = token.strip()
    return token in (category, rule_id) or rule_id.startswith(token + ".")


@dataclass(frozen=True)
class AvoidTerm:
    """A team's word to avoid, with the word to use instead (if any)."""

    term: str
    use: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Policy:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, Severity], ...] = ()
    accept: tuple[str, ...] = ()
    avoid: tuple[AvoidTerm, ...] = ()

    def enabled(self, rule_id: str, category: str) -> bool:
        if self.select and not any(selector_matches(t, rule_id, category) for t in self.select):
            return False
        return not any(selector_matches(t, rule_id, category) for t in self.ignore)

    def severity(self, rule_id: str, category: str, default: Severity) -> Severity:
        """The most specific override wins (rule id, then pack prefix, then category); among
        equally specific ones the last, so a project file overrides the user's."""
        best, best_length = default, -1
        for token, severity in self.severities:
            if not selector_matches(token, rule_id, category):
                continue
            length = len(token) if token != category else 0
            if length >= best_length:
                best, best_length = severity, length
        return best
