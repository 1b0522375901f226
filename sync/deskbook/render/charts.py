"""Static SVG bar charts drawn at build time: no script, no CDN, labels as real text.

Counts get whole-number ticks; a rate that only moves between 94 and 100 % gets an axis from a
floor below its lowest value, drawn as a dashed line and said in words under the chart, so the
variation shows and nobody mistakes a short bar for a small value. Every chart is followed by a
sentence naming its highest, lowest and latest values, for readers who cannot see the bars.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from deskbook.i18n import text
from deskbook.render.escape import escape_text

WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_BOTTOM = 40
MARGIN_TOP = 12
# Category labels drawn on a phone: more would overlap at the phone's label size.
PHONE_LABELS = 6
# Distinct in colour and in lightness, so series stay apart in grey print too.
PALETTE = ("#00796b", "#f9a825", "#5e35b1", "#d84315", "#546e7a", "#2e7d32", "#ad1457")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + self.step * i for i in range(count + 1)]


def _nice_step(span: float, integer: bool) -> float:
    """The 1-2-5 step that cuts `span` into at most five parts; never below 1 for counts."""
    raw = span / 5 if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = float(factor * magnitude)
        if step >= raw and (not integer or step == int(step)):
            return max(step, 1.0) if integer else step
    return float(10 * magnitude)


def axis(
    values: list[float], maximum: float | None = None, floor: bool = False, integer: bool = True
) -> Axis:
    """The value axis: from 0, or (`floor`) from a round number below the lowest value."""
    top = max(values, default=0)
    bottom = min(values, default=0)
    low = 0.0
    if floor and values and bottom > 0:
        spread = max(top - bottom, (maximum or top) * 0.02, 1)
        step = _nice_step(spread * 2, integer)
        low = max(0.0, math.floor((bottom - spread / 2) / step) * step)
    step = _nice_step((maximum if maximum is not None else top) - low, integer)
    high = maximum if maximum is not None else low + step * max(math.ceil((top - low) / step), 1)
    if maximum is not None and (high - low) / step != int((high - low) / step):
        step = _nice_step(high - low, integer)
    return Axis(low, high, step)


def _number(value: float, unit: str) -> str:
    shown = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{shown}{unit}"


def summary(categories: list[str], series: list[Series], unit: str, lang: str) -> str:
    """Highest, lowest and latest value of each series, as one sentence each."""
    lines = []
    for s in series:
        if not s.values:
            continue
        high = max(range(len(s.values)), key=lambda i: s.values[i])
        low = min(range(len(s.values)), key=lambda i: s.values[i])
        lines.append(
            text(
                "ui.chart-summary",
                lang,
                series=s.label,
                high=_number(s.values[high], unit),
                high_at=categories[high],
                low=_number(s.values[low], unit),
                low_at=categories[low],
                last=_number(s.values[-1], unit),
                last_at=categories[-1],
            )
        )
    return " ".join(lines)


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    lang: str,
    stacked: bool = True,
    maximum: float | None = None,
    unit: str = "",
    floor: bool = False,
    integer: bool = True,
) -> Markup:
    """A bar chart as one <svg> element and a summary; every text in it is escaped."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    heights = totals if stacked else [v for s in series for v in s.values]
    scale = axis(heights, maximum, floor, integer)
    span = scale.high - scale.low
    plot_w = WIDTH - MARGIN_LEFT - 8
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    every = max(1, math.ceil(len(categories) / PHONE_LABELS))

    def y_of(value: float) -> float:
        return MARGIN_TOP + plot_h - plot_h * (value - scale.low) / span

    parts = [
        f'<svg class="deskbook-chart" viewBox="0 0 {WIDTH} {HEIGHT + 24 * len(series) // 3 + 24}"'
        f' role="img" aria-label="{escape_text(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape_text(title)}</title>",
    ]
    for tick in scale.ticks:
        y = y_of(tick)
        kind = "floor" if tick == scale.low and scale.low > 0 else "grid"
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" class="{kind}"/>'
        )
        parts.append(
            f'<text class="tick" x="{MARGIN_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape_text(_number(tick, unit))}</text>"
        )
    for i, category in enumerate(categories):
        x0 = MARGIN_LEFT + slot * i + slot * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            start = max(base, scale.low) if stacked else scale.low
            end = max(base + value if stacked else value, scale.low)
            x = x0 if stacked else x0 + bar_w * j
            parts.append(
                f'<rect x="{x:.1f}" y="{y_of(end):.1f}" width="{bar_w:.1f}" '
                f'height="{y_of(start) - y_of(end):.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape_text(category)} {escape_text(s.label)}: "
                f"{escape_text(_number(value, unit))}</title></rect>"
            )
            if stacked:
                base += value
        # On a phone only every n-th label is drawn (the last always): they would overlap.
        minor = " minor" if (len(categories) - 1 - i) % every else ""
        parts.append(
            f'<text class="category{minor}" x="{MARGIN_LEFT + slot * i + slot / 2:.1f}" '
            f'y="{MARGIN_TOP + plot_h + 18}" text-anchor="middle">'
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
    words = summary(categories, series, unit, lang)
    if scale.low > 0:
        words = text("ui.chart-floor", lang, floor=_number(scale.low, unit)) + " " + words
    # One line and inside a <div>: Markdown keeps a block-level HTML element as it is.
    return Markup(
        '<div class="deskbook-chart-box">'
        + "".join(parts)
        + f'<p class="deskbook-chart-summary">{escape_text(words)}</p></div>'
    )


def percent(part: Decimal | None) -> float:
    return float(part) if part is not None else 0.0
