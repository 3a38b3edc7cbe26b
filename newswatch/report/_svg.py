"""Charts as inline SVG, drawn here (no plotting library, no script, nothing fetched): they work offline, in
any browser and in an e-mail, and every bar carries its numbers (``data-*`` attributes and a ``<title>``
tooltip) so a reader can hover and a test can check them against the store."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

#: Fixed colours for the topics analysts know; others take the palette in order.
TOPIC_COLOURS = {"nato": "#1f4e9c", "ukraine": "#e0a800", "russia": "#c0392b", "(no topic)": "#9aa0a6"}
PALETTE = ("#2a9d8f", "#8e44ad", "#e76f51", "#264653", "#6a994e", "#d62828", "#457b9d", "#b5838d", "#f4a261",
           "#3d405b")


def colours(names: Sequence[str], fixed: Mapping[str, str] = TOPIC_COLOURS) -> dict[str, str]:
    free = iter(PALETTE * (len(names) // len(PALETTE) + 1))
    return {name: fixed.get(name) or next(free) for name in names}


def nice_step(maximum: float, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 x 10^n) giving about ``ticks`` gridlines up to ``maximum``."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _legend(names: Sequence[str], palette: Mapping[str, str], x: float, y: float) -> list[str]:
    parts, offset = [], 0.0
    for name in names:
        parts.append(f'<rect x="{x + offset:.1f}" y="{y - 10}" width="12" height="12" fill="{palette[name]}"/>'
                     f'<text x="{x + offset + 16:.1f}" y="{y}" class="legend">{escape(name)}</text>')
        offset += 28 + 7.5 * len(name)
    return parts


def grouped_bars_by_day(days: Sequence[date], series: Mapping[str, Sequence[int]], *, element_id: str,
                        title: str, width: int = 860, height: int = 300) -> str:
    """One group of bars per day, one bar per series (topic); y axis = articles."""
    names = list(series)
    palette = colours(names)
    left, right, top, bottom = 44, 36, 34, 44  # right: room for the last day label
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for values in series.values() for v in values), default=0)
    step = nice_step(peak)
    y_max = max(step * math.ceil(peak / step), step)
    parts = [f'<svg id="{_attr(element_id)}" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{_attr(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * tick / y_max
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{tick}</text>')
    group_w = plot_w / max(len(days), 1)
    bar_w = group_w * 0.8 / max(len(names), 1)
    label_every = max(1, math.ceil(len(days) / 14))
    for d, day in enumerate(days):
        x0 = left + d * group_w + group_w * 0.1
        for s, name in enumerate(names):
            count = series[name][d]
            h = plot_h * count / y_max
            parts.append(
                f'<rect class="bar" x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 1, 1):.1f}"'
                f' height="{h:.1f}" fill="{palette[name]}" data-series="{_attr(name)}" data-day="{day.isoformat()}"'
                f' data-count="{count}"><title>{escape(name)}, {day:%a %d %b}: {count}</title></rect>')
        if d % label_every == 0:
            parts.append(f'<text x="{left + d * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" class="tick" '
                         f'text-anchor="middle">{day:%a %d %b}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    parts.extend(_legend(names, palette, left, 18))
    parts.append("</svg>")
    return "".join(parts)


def stacked_rows(rows: Mapping[str, Mapping[str, int]], *, element_id: str, title: str, width: int = 860) -> str:
    """One horizontal bar per row (outlet), split into segments (languages); the total at the bar's end."""
    segments = list(dict.fromkeys(seg for parts in rows.values() for seg in parts))
    palette = colours(segments, {})
    label_w, row_h, top = 170, 26, 34
    height = top + row_h * max(len(rows), 1) + 10
    plot_w = width - label_w - 60
    peak = max((sum(parts.values()) for parts in rows.values()), default=0) or 1
    out = [f'<svg id="{_attr(element_id)}" class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{_attr(title)}">',
           f"<title>{escape(title)}</title>"]
    for r, (row, parts) in enumerate(rows.items()):
        y = top + r * row_h
        label = row if len(row) <= 24 else row[:23] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" class="label" text-anchor="end">{escape(label)}</text>')
        x = float(label_w)
        for segment, count in parts.items():
            w = plot_w * count / peak
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                       f'fill="{palette[segment]}" data-row="{_attr(row)}" data-series="{_attr(segment)}" '
                       f'data-count="{count}"><title>{escape(row)}, {escape(segment)}: {count}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="total">{sum(parts.values())}</text>')
    out.extend(_legend(segments, palette, label_w, 18))
    out.append("</svg>")
    return "".join(out)
