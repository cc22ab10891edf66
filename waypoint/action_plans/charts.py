"""Server-rendered SVG charts (no JavaScript), always shown beside a table of the same data.

Each chart has a title and a description for screen readers; colours come from a fixed palette and
every value is also written as text, so the chart works printed in black and white.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE: dict[str, str] = {
    "not_started": "#8595a5",
    "on_track": "#1d6b3a",
    "delayed": "#c98a00",
    "completed": "#1f5f8b",
    "dropped": "#d5dce3",
    "on_time": "#1d6b3a",
    "late": "#c98a00",
    "missing": "#a3261b",
}
_FALLBACK = "#4a5866"


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]

    @property
    def total(self) -> int:
        return sum(segment.value for segment in self.segments)


def stacked_bars(
    bars: Sequence[Bar], *, title: str, description: str, chart_id: str, width: int = 640
) -> SafeString:
    """Horizontal stacked bars, one per row, scaled to the largest total, with a legend."""
    label_width, bar_height, gap, legend_height = 190, 22, 10, 28
    plot_width = width - label_width - 50
    largest = max((bar.total for bar in bars), default=0) or 1
    height = legend_height + len(bars) * (bar_height + gap) + gap
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="chart__svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    keys: dict[str, str] = {}
    for bar in bars:
        for segment in bar.segments:
            keys.setdefault(segment.key, segment.label)
    x = 0
    for key, label in keys.items():
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{PALETTE.get(key, _FALLBACK)}"/>'
            f'<text x="{x + 18}" y="16" font-size="12" fill="#16212b">{escape(label)}</text>'
        )
        x += 24 + 7 * len(label)
    y = legend_height
    for bar in bars:
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12" fill="#16212b">{escape(bar.label[:32])}</text>'
        )
        offset = float(label_width)
        for segment in bar.segments:
            if not segment.value:
                continue
            length = plot_width * segment.value / largest
            parts.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                f'fill="{PALETTE.get(segment.key, _FALLBACK)}"><title>{escape(segment.label)}: '
                f"{segment.value}</title></rect>"
            )
            offset += length
        parts.append(
            f'<text x="{offset + 6:.1f}" y="{y + 15}" font-size="12" fill="#16212b">{bar.total}</text>'
        )
        y += bar_height + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
