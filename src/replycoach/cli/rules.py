"""`replycoach rules` (list, show) and `replycoach test-rules` (run every rule's examples)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from replycoach.model import CATEGORIES

if TYPE_CHECKING:
    from replycoach.packs import RuleSpec


def _specs(language: str | None) -> list[RuleSpec]:
    from replycoach.languages import available_languages
    from replycoach.packs import all_specs

    languages = available_languages()
    if language is not None:
        if language not in languages:
            raise click.BadParameter(f"unknown language '{language}' "
                                     f"(available: {', '.join(languages)})", param_hint="--lang")
        languages = [language]
    return all_specs(languages)


@click.group(invoke_without_command=True)
@click.option("--lang", "language", metavar="CODE", help="Only this language (and common rules).")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only this category.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def rules(ctx: click.Context, language: str | None, category: str | None,
          output_format: str) -> None:
    """List the rules: id, category, severity, language and what each one looks for.

    \b
    Examples:
      replycoach rules --lang en --category empathy
      replycoach rules show en.positivity.cannot
    """
    if ctx.invoked_subcommand is not None:
        return
    specs = [s for s in _specs(language) if category in (None, s.category)]
    if output_format == "json":
        click.echo(json.dumps([
            {"id": s.id, "category": s.category, "severity": s.severity.label,
             "language": s.language, "kind": s.kind, "description": s.description}
            for s in specs], ensure_ascii=False, indent=2))
        return
    width = max((len(s.id) for s in specs), default=10)
    for s in specs:
        click.echo(f"{s.id:<{width}}  {s.category:<15} {s.severity.label:<10} {s.language:<6} "
                   f"{s.description}")
    click.echo(f"{len(specs)} rules.")


@rules.command("show")
@click.argument("rule_id")
def show(rule_id: str) -> None:
    """Explain one rule, with the examples it must flag and must pass."""
    from replycoach.languages import available_languages
    from replycoach.packs import all_specs

    matches = [s for s in all_specs(available_languages()) if s.id == rule_id]
    if not matches:
        raise click.BadParameter(f"no rule '{rule_id}' (see `replycoach rules`)",
                                 param_hint="RULE_ID")
    spec = matches[0]
    click.echo(click.style(spec.id, bold=True))
    click.echo(f"  {spec.description}")
    click.echo(f"  category {spec.category}, severity {spec.severity.label}, kind {spec.kind}, "
               f"language {spec.language}, looks at: {', '.join(spec.segments)}"
               + (f", channels: {', '.join(spec.channels)}" if spec.channels else ""))
    click.echo(f"  message: {spec.message}")
    for suggestion in spec.suggest:
        click.echo(f"  suggests: {suggestion}")
    if spec.has_fix:
        click.echo(f"  fix: {'safe' if spec.fix_safe else 'unsafe'}")
    click.echo(f"  defined in {spec.location}")
    for title, examples in (("Flags", spec.flag_examples), ("Passes", spec.pass_examples)):
        click.echo(f"\n{title}:")
        for example in examples:
            extra = f"   (customer: {example.context!r})" if example.context else ""
            click.echo(f"  - {example.text}{extra}")


@click.command("test-rules")
@click.option("--lang", "language", metavar="CODE", help="Only this language's rules.")
@click.option("--verbose", "-v", is_flag=True, help="List every rule as it passes.")
def test_rules(language: str | None, verbose: bool) -> int:
    """Run every rule's own examples: `flag` must raise it, `pass` must not.

    Exits 1 when any example fails, so CI and the test suite catch a rule that rots.
    """
    from replycoach.selftest import all_rule_cases, check_rule

    cases = [(s, lang) for s, lang in all_rule_cases() if language in (None, lang)]
    failures, examples = 0, 0
    for spec, lang in cases:
        examples += len(spec.flag_examples) + len(spec.pass_examples)
        problems = list(check_rule(spec, lang))
        failures += len(problems)
        for problem in problems:
            click.echo(f"FAIL {problem.describe()}")
        if verbose and not problems:
            click.echo(f"ok   {spec.id} [{lang}]")
    click.echo(f"{len(cases)} rule checks, {examples} examples: "
               f"{examples - failures} passed, {failures} failed")
    return 1 if failures else 0
