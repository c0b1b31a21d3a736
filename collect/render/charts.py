"""Inline SVG charts drawn at build time: no script, no network, prints as it shows.

Each chart is a plain ``<svg>`` with a ``<title>`` and text labels, so it reads without
colour and screen readers get the figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from markupsafe import Markup, escape

INK = "#1f2937"
MUTED = "#9ca3af"
ACCENT = "#2563eb"
WARN = "#dc2626"
LIGHT = "#dbeafe"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, items: Sequence[tuple[str, Decimal]], show: Callable[[Decimal], str],
              colours: Sequence[str] | None = None, width: int = 560, height: int = 220) -> Markup:
    """Vertical bars with the value above each and its label below."""
    top, bottom, side = 24, 34, 8
    n = max(1, len(items))
    peak = max((v for _, v in items), default=Decimal(0)) or Decimal(1)
    slot = (width - 2 * side) / n
    bar = slot * 0.62
    plot = height - top - bottom
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" stroke="{MUTED}"/>']
    for i, (label, value) in enumerate(items):
        h = float(value / peak) * plot if value > 0 else 0.0
        x = side + i * slot + (slot - bar) / 2
        y = height - bottom - h
        colour = colours[i] if colours else ACCENT
        parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" height="{_num(h)}" fill="{colour}">'
                     f'<title>{escape(label)}: {escape(show(value))}</title></rect>')
        parts.append(f'<text x="{_num(x + bar / 2)}" y="{_num(y - 6)}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(show(value))}</text>')
        parts.append(f'<text x="{_num(x + bar / 2)}" y="{height - bottom + 16}" text-anchor="middle" font-size="12" '
                     f'fill="{INK}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_chart(title: str, points: Sequence[tuple[str, Decimal, Decimal]], show: Callable[[Decimal], str],
                legend: tuple[str, str], width: int = 560, height: int = 220) -> Markup:
    """Month-end columns: the whole balance (light) with its overdue part (dark) in front,
    the overdue figure written above each column so the trend reads without hovering."""
    top, bottom, side = 28, 34, 8
    n = max(1, len(points))
    peak = max((max(o, t) for _, o, t in points), default=Decimal(0)) or Decimal(1)
    slot = (width - 2 * side) / n
    bar = slot * 0.7
    plot = height - top - bottom
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<rect x="{side}" y="4" width="10" height="10" fill="{LIGHT}"/>'
             f'<text x="{side + 14}" y="13" font-size="11" fill="{INK}">{escape(legend[0])}</text>',
             f'<rect x="{side + 130}" y="4" width="10" height="10" fill="{WARN}"/>'
             f'<text x="{side + 144}" y="13" font-size="11" fill="{INK}">{escape(legend[1])}</text>',
             f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" stroke="{MUTED}"/>']
    for i, (label, overdue, total) in enumerate(points):
        x = side + i * slot + (slot - bar) / 2
        for value, colour in ((total, LIGHT), (overdue, WARN)):
            h = float(value / peak) * plot if value > 0 else 0.0
            parts.append(f'<rect x="{_num(x)}" y="{_num(height - bottom - h)}" width="{_num(bar)}" '
                         f'height="{_num(h)}" fill="{colour}"><title>{escape(label)}: {escape(show(value))}</title></rect>')
        column = float(max(overdue, total) / peak) * plot if max(overdue, total) > 0 else 0.0
        parts.append(f'<text class="v" x="{_num(x + bar / 2)}" y="{_num(height - bottom - column - 4)}" '
                     f'text-anchor="middle" font-size="10" fill="{WARN}">{escape(show(overdue))}</text>')
        parts.append(f'<text x="{_num(x + bar / 2)}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def funnel_chart(title: str, items: Sequence[tuple[str, int]], width: int = 560, row: int = 26) -> Markup:
    """Horizontal bars: customers at each step of the ladder."""
    label_w = 150
    height = row * max(1, len(items)) + 8
    peak = max((v for _, v in items), default=0) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, count) in enumerate(items):
        y = 4 + i * row
        w = (width - label_w - 40) * count / peak
        parts.append(f'<text x="{label_w - 8}" y="{y + row * 0.62:.1f}" text-anchor="end" font-size="12" '
                     f'fill="{INK}">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{_num(w)}" height="{row - 8}" fill="{ACCENT}"/>')
        parts.append(f'<text x="{_num(label_w + w + 6)}" y="{y + row * 0.62:.1f}" font-size="12" '
                     f'fill="{INK}">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
