"""`replycoach locales` (list) and `replycoach locales show TAG` (explain one profile)."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from replycoach.locales import Locale


def _summary(locale: Locale) -> dict[str, object]:
    return {
        "locale": locale.tag, "name": locale.name, "language": locale.language,
        "register": locale.register, "titles": locale.titles,
        "first_name_alone": locale.first_name_alone, "t_v": locale.t_v,
        "emoji": locale.emoji, "exclamations": locale.exclamations, "slang": locale.slang,
        "directness": locale.directness,
    }


@click.group(invoke_without_command=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def locales(ctx: click.Context, output_format: str) -> None:
    """List the customer-culture profiles that --locale accepts.

    A profile describes the customer's culture, not the draft's language: the register a
    reply should keep, how to address people, greeting and sign-off norms, tolerance for
    emoji, exclamation marks and slang, and how directly a refusal may be put.

    \b
    Examples:
      replycoach locales
      replycoach locales show ja-JP
      replycoach check --locale ja-JP draft.txt
    """
    if ctx.invoked_subcommand is not None:
        return
    from replycoach.locales import all_locales

    profiles = list(all_locales().values())
    if output_format == "json":
        click.echo(json.dumps([_summary(p) for p in profiles], ensure_ascii=False, indent=2))
        return
    for p in profiles:
        click.echo(f"{p.tag:<7} {p.name:<28} register {p.register:<8} "
                   f"address {p.t_v if p.t_v != 'none' else p.titles + ' titles':<18} "
                   f"emoji {p.emoji:<6} directness {p.directness}")
    click.echo(f"{len(profiles)} locales.")


def _paragraph(title: str, text: str) -> None:
    click.echo(click.style(title, bold=True))
    click.echo(textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  "))


@locales.command("show")
@click.argument("tag")
def show(tag: str) -> None:
    """Explain one profile in plain words, with its sources."""
    from replycoach.locales import find_locale

    p = find_locale(tag)
    click.echo(click.style(f"{p.tag}: {p.name}", bold=True))
    t_v = {"formal": "use the formal (V) form of address",
           "informal": "the informal (T) form is normal",
           "none": "no T-V pronoun choice"}[p.t_v]
    click.echo(f"  Register: {p.register}. Titles {p.titles}; first name alone "
               f"{'is fine' if p.first_name_alone else 'is too familiar'}; {t_v}.")
    click.echo(f"  Tolerance: emoji {p.emoji}, exclamation marks {p.exclamations}, "
               f"slang {p.slang}. Directness: {p.directness}.\n")
    _paragraph("Addressing the customer", p.address_how)
    _paragraph("Greeting", p.greeting_how + " e.g. " + " / ".join(p.greeting_examples))
    _paragraph("Signing off", p.sign_off_how + " e.g. " + " / ".join(p.sign_off_examples))
    _paragraph("Saying no", p.refusal)
    click.echo(click.style("Sources", bold=True))
    for source in p.sources:
        click.echo(textwrap.fill(source, width=88, initial_indent="  - ",
                                 subsequent_indent="    "))
    click.echo(f"\n  defined in {p.path}")
