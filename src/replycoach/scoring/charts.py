"""Inline SVG charts for the HTML report: no scripts, no fonts or images from anywhere.

Every chart is an `<svg class="chart ...">` with a viewBox, so it scales with the page, and a
`<title>` on each mark, so hovering shows the exact figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e08a1e", "suggestion": "#3b82c4",
                    "": "#8a94a6"}
# Red below 70 (needs coaching), amber to yellow-green through 70-89, green from 90.
_STOPS = ((0, (192, 57, 43)), (55, (222, 112, 44)), (69.9, (226, 150, 38)), (70, (232, 178, 34)),
          (89.9, (150, 178, 70)), (90, (80, 160, 100)), (100, (39, 130, 82)))
GRID = "#e3e7ef"
INK = "#2b3447"
MUTED = "#6b7588"


def score_colour(value: float) -> str:
    """Red for poor scores through amber to green for excellent ones."""
    value = min(max(value, 0.0), 100.0)
    for (lo, c1), (hi, c2) in zip(_STOPS, _STOPS[1:], strict=False):
        if value <= hi:
            t = (value - lo) / (hi - lo)
            r, g, b = (round(a + (b_ - a) * t) for a, b_ in zip(c1, c2, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    return "#278252"


def _svg(kind: str, width: float, height: float, body: list[str], label: str) -> str:
    # Never drawn larger than its natural size, so text in every chart has the same size.
    return (f'<svg class="chart {kind}" viewBox="0 0 {width:g} {height:g}" role="img" '
            f'style="max-width:{width:g}px" aria-label="{escape(label)}" '
            'xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = 12,
          fill: str = INK, weight: str = "normal", extra: str = "", tooltip: str = "") -> str:
    title = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}" font-weight="{weight}"{extra}>{title}{escape(content)}</text>')


def _clip(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def histogram(counts: Sequence[int], label: str = "Score distribution", width: int = 500
              ) -> str:
    """Replies per band of ten points, each bar in the colour of its band."""
    height, left, bottom, top = 280, 44, 34, 22
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak = max(max(counts, default=0), 1)
    step = plot_w / len(counts)
    body = []
    for tick in _ticks(peak):
        y = top + plot_h - tick / peak * plot_h
        body.append(f'<line x1="{left}" x2="{width - 12}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{tick:,}", anchor="end", size=11, fill=MUTED))
    for i, count in enumerate(counts):
        lo = i * 100 // len(counts)
        hi = (i + 1) * 100 // len(counts)
        h = count / peak * plot_h
        x = left + i * step + 3
        y = top + plot_h - h
        band = f"{lo}–{hi}" if i == len(counts) - 1 else f"{lo}–{hi - 1}"
        body.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step - 6:.1f}" '
                    f'height="{max(h, 0):.1f}" rx="3" fill="{score_colour(lo + 5)}">'
                    f"<title>{escape(band)}: {count:,} replies</title></rect>")
        if count:
            body.append(_text(x + (step - 6) / 2, y - 5, f"{count:,}", anchor="middle",
                              size=11, weight="600"))
        body.append(_text(x + (step - 6) / 2, height - bottom + 16, band, anchor="middle",
                          size=11, fill=MUTED))
    body.append(f'<line x1="{left}" x2="{width - 12}" y1="{top + plot_h}" y2="{top + plot_h}" '
                f'stroke="{MUTED}"/>')
    body.append(_text(left + plot_w / 2, height - 2, "score", anchor="middle", size=11,
                      fill=MUTED))
    return _svg("chart-histogram", width, height, body, label)


def _ticks(peak: float, wanted: int = 4) -> list[int]:
    raw = max(peak / wanted, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, int(peak) + 1, step))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    note: str = ""  # shown after the value ("12 replies")
    low: float | None = None  # a range drawn across the bar (min..max)
    high: float | None = None
    tooltip: str = ""


def hbars(kind: str, bars: Sequence[Bar], maximum: float, label: str, *, unit: str = "",
          width: int = 1040, label_width: int = 220, note_width: int = 130,
          decimals: int = 1) -> str:
    """One horizontal bar per item, value printed at its end; optional min-max whiskers.
    `width` is the chart's natural width in pixels: make it the card's, so text keeps its size."""
    row, top = 28, 8
    value_width = 56
    plot_w = width - label_width - value_width - note_width
    height = top * 2 + row * max(len(bars), 1)
    maximum = maximum or 1
    clip = max(int((label_width - 14) / 6.6), 8)
    body = []
    for fraction in (0.25, 0.5, 0.75, 1.0):
        x = label_width + plot_w * fraction
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - top}" '
                    f'stroke="{GRID}"/>')
    for i, bar in enumerate(bars):
        y = top + i * row
        w = max(bar.value / maximum * plot_w, 0)
        tip = bar.tooltip or f"{bar.label}: {bar.value:,.{decimals}f}{unit} {bar.note}".strip()
        body.append(_text(label_width - 10, y + row / 2 + 4, _clip(bar.label, clip),
                          anchor="end", size=12, tooltip=bar.label))
        body.append(f'<rect x="{label_width}" y="{y + 5}" width="{plot_w}" height="{row - 10}" '
                    f'rx="4" fill="#f1f3f8"/>')
        body.append(f'<rect class="bar" x="{label_width}" y="{y + 5}" width="{w:.1f}" '
                    f'height="{row - 10}" rx="4" fill="{bar.colour}"><title>{escape(tip)}'
                    f"</title></rect>")
        if bar.low is not None and bar.high is not None:
            x1 = label_width + bar.low / maximum * plot_w
            x2 = label_width + bar.high / maximum * plot_w
            mid = y + row / 2
            body.append(f'<path d="M{x1:.1f},{mid:.1f}H{x2:.1f}M{x1:.1f},{mid - 6:.1f}'
                        f'V{mid + 6:.1f}M{x2:.1f},{mid - 6:.1f}V{mid + 6:.1f}" '
                        f'stroke="{INK}" stroke-opacity="0.55" stroke-width="1.5" fill="none">'
                        f"<title>range {bar.low:g}–{bar.high:g}</title></path>")
        body.append(_text(label_width + plot_w + 8, y + row / 2 + 4,
                          f"{bar.value:,.{decimals}f}{unit}", size=12, weight="600"))
        if bar.note:
            body.append(_text(label_width + plot_w + value_width, y + row / 2 + 4, bar.note,
                              size=11, fill=MUTED))
    return _svg(kind, width, height, body, label)


def heatmap(rows: Sequence[str], columns: Sequence[str], values: dict[tuple[str, str], float],
            label: str) -> str:
    """Rows (agents) by columns (categories), each cell coloured by its mean score."""
    cell_w, cell_h, left, top = 62, 26, 170, 92
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 6
    body = []
    for j, column in enumerate(columns):
        x = left + j * cell_w + cell_w / 2
        body.append(_text(x, top - 8, column, size=11, fill=MUTED,
                          extra=f' transform="rotate(-38 {x:.1f} {top - 8})"'))
    for i, name in enumerate(rows):
        y = top + i * cell_h
        body.append(_text(left - 10, y + cell_h / 2 + 4, _clip(name, 22), anchor="end", size=12,
                          tooltip=name))
        for j, column in enumerate(columns):
            value = values.get((name, column))
            x = left + j * cell_w
            if value is None:
                body.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                            f'height="{cell_h - 2}" rx="3" fill="#f1f3f8"/>')
                continue
            ink = "#ffffff" if value < 70 or value >= 90 else INK
            body.append(f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                        f'height="{cell_h - 2}" rx="3" fill="{score_colour(value)}"><title>'
                        f"{escape(name)} · {escape(column)}: {value:.1f}</title></rect>")
            body.append(_text(x + cell_w / 2, y + cell_h / 2 + 4, f"{value:.0f}",
                              anchor="middle", size=11, fill=ink, weight="600"))
    return _svg("chart-heatmap", width, height, body, label)


def scatter(points: Sequence[tuple[float, float]], x_label: str, y_label: str,
            label: str, width: int = 500) -> str:
    """replycoach's score (x) against the trainer's grade (y)."""
    height, left, bottom, top, right = 300, 52, 40, 14, 16
    plot_w, plot_h = width - left - right, height - top - bottom
    ys = [y for _, y in points] or [0.0, 1.0]
    y_lo, y_hi = min(ys), max(ys)
    if y_hi == y_lo:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    body = []
    for tick in range(0, 101, 20):
        x = left + tick / 100 * plot_w
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(x, top + plot_h + 16, str(tick), anchor="middle", size=11,
                          fill=MUTED))
    for k in range(5):
        value = y_lo + (y_hi - y_lo) * k / 4
        y = top + plot_h - k / 4 * plot_h
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{value:g}", anchor="end", size=11, fill=MUTED))
    for score, grade in points:
        x = left + score / 100 * plot_w
        y = top + plot_h - (grade - y_lo) / (y_hi - y_lo) * plot_h
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4.5" '
                    f'fill="{score_colour(score)}" fill-opacity="0.75" stroke="#ffffff" '
                    f'stroke-width="0.8"><title>score {score:g}, grade {grade:g}</title></circle>')
    body.append(_text(left + plot_w / 2, height - 4, x_label, anchor="middle", size=11,
                      fill=MUTED))
    body.append(_text(14, top + plot_h / 2, y_label, anchor="middle", size=11, fill=MUTED,
                      extra=f' transform="rotate(-90 14 {top + plot_h / 2:.1f})"'))
    return _svg("chart-scatter", width, height, body, label)
