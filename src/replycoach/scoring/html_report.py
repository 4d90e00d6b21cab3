"""`--html report.html`: one self-contained page a trainer would rather look at than read.

Inline CSS and SVG only; a Content-Security-Policy forbids the page to load anything, so it
opens the same offline, from a mail attachment or a shared drive.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from replycoach.errors import ReplycoachError
from replycoach.scoring import charts
from replycoach.scoring.aggregate import COACH_BELOW, EXCELLENT_FROM, Aggregates
from replycoach.scoring.charts import SEVERITY_COLOURS, Bar, score_colour
from replycoach.scoring.rubric import Rubric

# Nothing may be fetched: no scripts, fonts, images or styles from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MAX_AGENTS = 25
MAX_SCATTER = 1500
MAX_RULES = 12

CSS = """
:root{--ink:#2b3447;--muted:#6b7588;--line:#e3e7ef;--bg:#f4f6fb;--card:#fff;--accent:#3056d3}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,
 sans-serif}
header{background:linear-gradient(120deg,#1d2742,#2f3f6b);color:#fff;padding:28px 0 64px}
.wrap{max-width:1140px;margin:0 auto;padding:0 24px}
header h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:.2px}
header p{margin:0;color:#c9d2ea}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;
 margin-top:-44px}
.kpi{background:var(--card);border-radius:12px;padding:14px 18px;
 box-shadow:0 1px 3px rgba(20,30,60,.08),0 6px 16px rgba(20,30,60,.06)}
.kpi .value{font-size:30px;font-weight:700;line-height:1.2}
.kpi .label{color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.5px}
.kpi .sub{color:var(--muted);font-size:12.5px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin-top:18px}
.card{background:var(--card);border-radius:12px;padding:18px 20px;margin-top:18px;
 box-shadow:0 1px 3px rgba(20,30,60,.08),0 6px 16px rgba(20,30,60,.06);min-width:0}
.grid .card{margin-top:0}
.grid.flat{margin-top:0;align-items:start}
h3{font-size:14px;margin:4px 0 6px;font-weight:650}
h3+table{margin-bottom:14px}
h2{font-size:17px;margin:0 0 2px;font-weight:650}
.hint{color:var(--muted);margin:0 0 12px;font-size:13px}
svg.chart{width:100%;height:auto;display:block;font-family:inherit;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);
 padding:6px 8px;white-space:nowrap}
td{border-bottom:1px solid var(--line);padding:7px 8px;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;
 font-weight:600;color:#fff;white-space:nowrap}
.score{display:inline-block;min-width:46px;text-align:center;border-radius:6px;color:#fff;
 font-weight:700;padding:1px 6px}
mark{background:#fff3c4;border-radius:3px;padding:0 3px;color:inherit}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#44506a}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--muted);font-size:12.5px;margin-top:8px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;
 vertical-align:-1px}
.empty{color:var(--muted);font-style:italic}
ul.plain{margin:0;padding-left:16px}
ul.plain li{margin-bottom:4px}
footer{color:var(--muted);font-size:12px;padding:26px 0 40px}
@media (max-width:860px){.grid{grid-template-columns:1fr}}
@media print{header{background:#1d2742;-webkit-print-color-adjust:exact}}
"""

BANDS = ((EXCELLENT_FROM, f"excellent: {EXCELLENT_FROM}–100"),
         (COACH_BELOW, f"good: {COACH_BELOW}–{EXCELLENT_FROM - 1}"),
         (0, f"needs coaching: under {COACH_BELOW}"))


def _score(value: float | None) -> str:
    if value is None:
        return "–"
    return (f'<span class="score" style="background:{score_colour(value)}">'
            f"{value:.1f}</span>")


def _kpi(label: str, value: str, sub: str = "", colour: str | None = None) -> str:
    style = f' style="color:{colour}"' if colour else ""
    return (f'<div class="kpi"><div class="label">{escape(label)}</div>'
            f'<div class="value"{style}>{value}</div><div class="sub">{sub}</div></div>')


def _card(title: str, hint: str, body: str, cls: str = "") -> str:
    return (f'<section class="card {cls}"><h2>{escape(title)}</h2>'
            f'<p class="hint">{hint}</p>{body}</section>')


def _kpis(agg: Aggregates) -> str:
    overall = agg.overall
    below = agg.need_coaching
    cards = [
        _kpi("Replies scored", f"{overall.count:,}",
             f"{len(agg.agents)} agents" if agg.agents else "no agent column"),
        _kpi("Mean score", f"{overall.mean:.1f}", f"median {agg.median or 0:.1f}",
             score_colour(overall.mean)),
        _kpi("Need coaching", f"{below / overall.count * 100:.0f}%" if overall.count else "–",
             f"{below:,} replies under {COACH_BELOW}"),
        _kpi("Findings per reply", f"{overall.findings / max(overall.count, 1):.1f}",
             f"{sum(r.count for r in agg.rules.values()):,} in all"),
    ]
    report = agg.calibration.report()
    if report and report.get("spearman") is not None:
        cards.append(_kpi("Agreement with trainer", f"{report['spearman']:+.2f}",
                          f"Spearman ρ over {report['graded']:,} graded replies"))
    return '<div class="kpis">' + "".join(cards) + "</div>"


def _distribution(agg: Aggregates) -> str:
    legend = "".join(f'<span><i style="background:{score_colour(lo + 5 if lo else 50)}"></i>'
                     f"{escape(name)}</span>" for lo, name in BANDS)
    return _card("Score distribution", "How many replies fall in each band of ten points.",
                 charts.histogram(agg.overall.histogram, width=500)
                 + f'<div class="legend">{legend}</div>')


def _categories(agg: Aggregates, rubric: Rubric) -> str:
    means = agg.overall.category_means()
    bars = [Bar(c.name, means.get(c.name, 0.0), score_colour(means.get(c.name, 0.0)),
                note=f"weight {c.weight:g}", tooltip=f"{c.name}: {means.get(c.name, 0):.1f}"
                f" — {c.description}") for c in rubric.categories]
    return _card("Scores per category", "The mean of each rubric category (100 is perfect); "
                 "the weakest ones are where coaching pays off most.",
                 charts.hbars("chart-categories", bars, 100, "Mean score per category",
                              width=500, label_width=130, note_width=70))


def _agents(agg: Aggregates) -> str:
    if not agg.agents:
        return _card("Scores per agent", "", '<p class="empty">The input has no agent column '
                     "(or a folder of drafts has no sub-folders per agent).</p>")
    ranked = sorted(agg.agents.items(), key=lambda item: (-item[1].mean, item[0]))
    shown = ranked[:MAX_AGENTS]
    bars = [Bar(name, round(s.mean, 1), score_colour(s.mean), note=_replies(s.count),
                low=s.low, high=s.high) for name, s in shown]
    more = (f" The {len(ranked) - MAX_AGENTS} other agents are in the JSON output."
            if len(ranked) > MAX_AGENTS else "")
    chart = charts.hbars("chart-agents", bars, 100, "Mean score per agent")
    return _card("Scores per agent", "Mean score per agent; the whisker spans their lowest and "
                 f"highest reply.{more}", chart)


def _replies(count: int) -> str:
    return f"{count:,} repl{'y' if count == 1 else 'ies'}"


def _heatmap(agg: Aggregates, rubric: Rubric) -> str:
    if not agg.agents:
        return ""
    ranked = sorted(agg.agents.items(), key=lambda item: (-item[1].mean, item[0]))[:MAX_AGENTS]
    values = {(name, c): v for name, s in ranked for c, v in s.category_means().items()}
    chart = charts.heatmap([n for n, _ in ranked], rubric.names, values,
                           "Mean category score per agent")
    return _card("Agents by category", "Each cell is an agent's mean score in one category: "
                 "red cells are the habits to coach, agent by agent.", chart)


def _findings(agg: Aggregates) -> str:
    top = agg.top_rules(MAX_RULES)
    if not top:
        return _card("Most frequent findings", "", '<p class="empty">No findings at all.</p>')
    bars = [Bar(r.rule, r.count, SEVERITY_COLOURS.get(r.severity, SEVERITY_COLOURS[""]),
                note=f"in {_replies(r.replies)}") for r in top]
    chart = charts.hbars("chart-findings", bars, max(r.count for r in top),
                         "Most frequent findings", label_width=300, decimals=0)
    legend = "".join(f'<span><i style="background:{SEVERITY_COLOURS[s]}"></i>{s}</span>'
                     for s in ("error", "warning", "suggestion"))
    rows = []
    for r in top:
        examples = " ".join(f"<mark>{escape(e['text'])}</mark> <code>{escape(e['id'])}</code>"
                            for e in r.examples) or '<span class="empty">–</span>'
        colour = SEVERITY_COLOURS.get(r.severity, SEVERITY_COLOURS[""])
        rows.append(
            f"<tr><td><code>{escape(r.rule)}</code><br>"
            f'<span class="pill" style="background:{colour}">{escape(r.severity or "?")}</span> '
            f"{escape(r.category)}</td><td>{escape(r.message)}</td>"
            f'<td class="num">{r.count:,}</td><td>{examples}</td></tr>')
    table = ("<table><thead><tr><th>rule</th><th>what it says</th><th class=num>times</th>"
             "<th>examples (flagged words, reply id)</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>")
    return _card("Most frequent findings", "The rules that fired most often, with examples "
                 "from the replies.", chart + f'<div class="legend">{legend}</div>' + table)


def _missed(agg: Aggregates) -> str:
    if not agg.missed or not agg.overall.count:
        return ""
    total = agg.overall.count
    bars = [Bar(name, count / total * 100, "#7a8fd6", note=_replies(count))
            for name, count in agg.missed.most_common(8)]
    chart = charts.hbars("chart-missed", bars, 100, "Good habits most often missing",
                         unit="%", label_width=380, decimals=0)
    return _card("Good habits most often missing", "Share of replies that could have earned "
                 "each of the rubric's rewards and did not.", chart)


def _calibration(agg: Aggregates) -> str:
    report = agg.calibration.report(top=6)
    if report is None:
        return ""
    calibration = agg.calibration
    stride = max(1, calibration.graded // MAX_SCATTER)
    points = [(calibration.scores[i], calibration.grades[i])
              for i in range(0, calibration.graded, stride)]
    chart = ""
    if points:
        chart = charts.scatter(points, "replycoach score", "trainer's grade",
                               "replycoach score against the trainer's grade")
    parts = []
    rho = report.get("spearman")
    summary = (f"Spearman rank correlation <b>{rho:+.2f}</b> over {report['graded']:,} graded "
               "replies (1 means the same order, 0 no relation)." if rho is not None else
               "Too few graded replies (or all graded alike) for a correlation.")
    cats = report.get("categories") or {}
    if cats:
        cells = "".join(f"<tr><td>{escape(c)}</td><td class=num>{v['graded']:,}</td>"
                        f"<td class=num>{_rho(v['spearman'])}</td></tr>" for c, v in cats.items())
        parts.append("<h3>Per category</h3><table><thead><tr><th>category</th>"
                     "<th class=num>graded</th><th class=num>Spearman ρ</th></tr></thead>"
                     f"<tbody>{cells}</tbody></table>")
    gaps = report.get("disagreements") or []
    if gaps:
        cells = "".join(
            f"<tr><td><code>{escape(g['id'])}</code></td><td class=num>{_score(g['score'])}"
            f"</td><td class=num>{g['score_percentile']:.0f}</td><td class=num>{g['grade']:g}"
            f"</td><td class=num>{g['grade_percentile']:.0f}</td></tr>" for g in gaps)
        parts.append("<h3>Where replycoach and the trainer disagree most</h3>"
                     "<table><thead><tr><th>reply</th><th class=num>score</th>"
                     "<th class=num>its percentile</th><th class=num>grade</th>"
                     "<th class=num>its percentile</th></tr></thead>"
                     f"<tbody>{cells}</tbody></table>")
    body = (f'<div class="grid flat"><div>{chart}</div><div>{"".join(parts)}</div></div>')
    return _card("Calibration against the trainer's grades", summary, body)


def _rho(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _lowest(agg: Aggregates) -> str:
    lowest = agg.lowest
    if not lowest:
        return ""
    rows = []
    for entry in lowest:
        findings = "".join(f"<li>{escape(f['message'])} <mark>{escape(f['text'])}</mark></li>"
                           for f in entry.findings)
        findings = f'<ul class="plain">{findings}</ul>' if findings else \
            '<span class="empty">–</span>'
        missed = ", ".join(escape(m) for m in entry.missed) or "–"
        rows.append(f"<tr><td class=num>{_score(entry.score)}</td><td><code>{escape(entry.id)}"
                    f"</code></td><td>{escape(entry.agent or '–')}</td><td>{findings}</td>"
                    f"<td>{missed}</td></tr>")
    return _card("Coach these first", "The lowest-scoring replies, with what cost them "
                 "points and which good habits they missed.",
                 "<table><thead><tr><th class=num>score</th><th>reply</th><th>agent</th>"
                 "<th>findings</th><th>missed</th></tr></thead><tbody>" + "".join(rows)
                 + "</tbody></table>")


def _rubric(rubric: Rubric) -> str:
    rewards = "; ".join(f"{escape(r.description)} (+{r.points:g} {escape(r.category)})"
                        for r in rubric.rewards)
    return (f"Rubric <b>{escape(rubric.name)}</b> ({escape(Path(rubric.path).name)}): "
            f"{escape(rubric.description)} Rewards: {rewards or 'none'}.")


def render(agg: Aggregates, rubric: Rubric, sources: Sequence[str]) -> str:
    names = ", ".join(Path(s).name for s in sources)
    body = [
        _kpis(agg),
        '<div class="grid">', _distribution(agg), _categories(agg, rubric), "</div>",
        _agents(agg), _heatmap(agg, rubric), _findings(agg), _missed(agg), _calibration(agg),
        _lowest(agg),
    ]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>replycoach · reply scores · {escape(names)}</title>
<style>{CSS}</style></head>
<body><header><div class="wrap"><h1>Reply scores</h1>
<p>{escape(names)} · {_replies(agg.overall.count)} · rubric {escape(rubric.name)}</p></div>
</header><main class="wrap">{"".join(body)}</main>
<footer class="wrap">{_rubric(rubric)} Made by replycoach score.</footer></body></html>
"""


def write_report(path: Path, agg: Aggregates, rubric: Rubric, sources: Sequence[str]) -> None:
    try:
        path.write_text(render(agg, rubric, sources), encoding="utf-8")
    except OSError as exc:
        raise ReplycoachError(f"--html {path}: cannot write: {exc.strerror or exc}") from None

