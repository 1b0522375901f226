"""Static SVG bar charts drawn at build time: no script, no CDN, labels as real text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from deskbook.site.escape import escape_text

WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 44
MARGIN_BOTTOM = 40
MARGIN_TOP = 12
# Distinct in colour and in lightness, so series stay apart in grey print too.
PALETTE = ("#00796b", "#f9a825", "#5e35b1", "#d84315", "#546e7a", "#2e7d32", "#ad1457")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * 5
    return value


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    stacked: bool = True,
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """A bar chart as one <svg> element; every text in it is escaped like any cell."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    heights = totals if stacked else [v for s in series for v in s.values]
    peak = maximum or _nice_max(max(heights, default=0))
    plot_w = WIDTH - MARGIN_LEFT - 8
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    parts = [
        f'<svg class="deskbook-chart" viewBox="0 0 {WIDTH} {HEIGHT + 24 * len(series) // 3 + 24}"'
        f' role="img" aria-label="{escape_text(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape_text(title)}</title>",
    ]
    for tick in range(5):
        value = peak * tick / 4
        y = MARGIN_TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{MARGIN_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape_text(f'{value:g}{unit}')}</text>"
        )
    for i, category in enumerate(categories):
        x0 = MARGIN_LEFT + slot * i + slot * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            height = plot_h * value / peak if peak else 0
            x = x0 if stacked else x0 + bar_w * j
            y = MARGIN_TOP + plot_h - height - (plot_h * base / peak if stacked else 0)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape_text(category)} '
                f"{escape_text(s.label)}: {escape_text(f'{value:g}{unit}')}</title></rect>"
            )
            if stacked:
                base += value
        parts.append(
            f'<text x="{MARGIN_LEFT + slot * i + slot / 2:.1f}" '
            f'y="{MARGIN_TOP + plot_h + 16}" text-anchor="middle">'
            f"{escape_text(category)}</text>"
        )
    legend_y = HEIGHT + 4
    for j, s in enumerate(series):
        x = MARGIN_LEFT + (j % 3) * 190
        y = legend_y + (j // 3) * 24
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{x + 18}" y="{y + 11}">{escape_text(s.label)}</text>')
    parts.append("</svg>")
    # One line and inside a <div>: Markdown keeps a block-level HTML element as it is.
    return Markup('<div class="deskbook-chart-box">' + "".join(parts) + "</div>")


def percent(part: Decimal | None) -> float:
    return float(part) if part is not None else 0.0
