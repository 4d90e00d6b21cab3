"""What `replycoach score` prints for people: a row per reply, then the summary."""

from __future__ import annotations

from collections.abc import Iterator

import click

from replycoach.scoring.aggregate import COACH_BELOW, EXCELLENT_FROM, Aggregates, GroupStats
from replycoach.scoring.records import ScoredReply
from replycoach.scoring.rubric import Rubric

ID_WIDTH = 24
AGENT_WIDTH = 14
BAR_WIDTH = 30
MAX_AGENT_ROWS = 30


def _score_style(score: float) -> str:
    return "red" if score < COACH_BELOW else "yellow" if score < EXCELLENT_FROM else "green"


def _clip(text: str | None, width: int) -> str:
    text = (text or "-").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def table_header() -> str:
    return click.style(f"{'score':>6}  {'id':<{ID_WIDTH}} {'agent':<{AGENT_WIDTH}} lang  "
                       f"{'findings':>8}  weakest categories", bold=True)


def table_row(reply: ScoredReply) -> str:
    weakest = sorted((v, c) for c, v in reply.categories.items() if v < 100)[:3]
    weak = ", ".join(f"{c} {v:g}" for v, c in weakest) or "-"
    score = click.style(f"{reply.score:>6.1f}", fg=_score_style(reply.score), bold=True)
    capped = click.style(f"  (capped: {', '.join(reply.capped_by)})", fg="red") \
        if reply.capped_by else ""
    return (f"{score}  {_clip(reply.id, ID_WIDTH):<{ID_WIDTH}} "
            f"{_clip(reply.agent, AGENT_WIDTH):<{AGENT_WIDTH}} {reply.language or '?':<5} "
            f"{len(reply.findings):>8}  {weak}{capped}")


def _bar(count: int, peak: int) -> str:
    return "█" * round(count / peak * BAR_WIDTH) if peak else ""


def _group_line(name: str, stats: GroupStats) -> str:
    return (f"  {_clip(name, 22):<22} {stats.count:>7,} "
            + click.style(f"{stats.mean:>6.1f}", fg=_score_style(stats.mean))
            + f" {stats.low:>6.1f} {stats.high:>6.1f}")


def summary_lines(agg: Aggregates, rubric: Rubric) -> Iterator[str]:
    overall = agg.overall
    if not overall.count:
        yield "No replies scored."
        return
    yield ""
    yield click.style(
        f"{overall.count:,} replies scored with rubric '{rubric.name}': mean {overall.mean:.1f}, "
        f"median {agg.median:.1f}, lowest {overall.low:.1f}, highest {overall.high:.1f}; "
        f"{agg.need_coaching:,} under {COACH_BELOW} need coaching.", bold=True)
    if agg.notes:
        yield (f"{agg.notes:,} replies in a language without rule packs got only the "
               "language-neutral checks.")
    yield ""
    yield click.style("Score distribution", bold=True)
    peak = max(overall.histogram)
    for i, count in enumerate(overall.histogram):
        band = f"{i * 10}-{i * 10 + 9}" if i < 9 else "90-100"
        yield f"  {band:>6}  " + click.style(_bar(count, peak), fg=_score_style(i * 10 + 5)) \
            + f" {count:,}"
    yield ""
    yield click.style("Categories (mean)", bold=True)
    means = overall.category_means()
    for category in rubric.categories:
        value = means.get(category.name, 0.0)
        yield f"  {category.name:<16} " + click.style(f"{value:>5.1f}", fg=_score_style(value))
    if agg.agents:
        yield ""
        yield click.style(f"  {'agent':<22} {'replies':>7} {'mean':>6} {'min':>6} {'max':>6}",
                          bold=True)
        ranked = sorted(agg.agents.items(), key=lambda item: (-item[1].mean, item[0]))
        for name, stats in ranked[:MAX_AGENT_ROWS]:
            yield _group_line(name, stats)
        if len(ranked) > MAX_AGENT_ROWS:
            yield f"  ... and {len(ranked) - MAX_AGENT_ROWS} more (see --format json)"
    top = agg.top_rules(8)
    if top:
        yield ""
        yield click.style("Most frequent findings", bold=True)
        for rule in top:
            yield (f"  {rule.count:>6,}  {rule.rule:<40} {rule.severity:<10} "
                   f"in {rule.replies:,} repl{'y' if rule.replies == 1 else 'ies'}")
    yield from _calibration_lines(agg)


def _calibration_lines(agg: Aggregates) -> Iterator[str]:
    report = agg.calibration.report(top=5)
    if report is None:
        return
    yield ""
    rho = report["spearman"]
    shown = f"Spearman {rho:+.2f}" if rho is not None else "too few or identical grades"
    yield click.style(f"Calibration against {report['graded']:,} trainer grades: {shown}",
                      bold=True)
    for category, figures in report["categories"].items():
        value = figures["spearman"]
        yield (f"  {category:<16} "
               f"{'-' if value is None else f'{value:+.2f}':>6}  ({figures['graded']:,} graded)")
    if report["disagreements"]:
        yield "  Biggest disagreements (percentile among scores vs among grades):"
        for gap in report["disagreements"]:
            yield (f"    {_clip(gap['id'], ID_WIDTH):<{ID_WIDTH}} score {gap['score']:>5.1f} "
                   f"({gap['score_percentile']:.0f}%)  grade {gap['grade']:g} "
                   f"({gap['grade_percentile']:.0f}%)")
