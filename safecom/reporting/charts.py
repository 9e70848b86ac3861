"""Charts drawn on the server as SVG: no scripts, the same in the page and the PDF.

Each chart has a title and a description for screen readers; the page also shows the same
numbers in a table, because a chart alone is not enough for everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

RAG_COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "grey": "#b1b4b6"}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "No data"}
INK = "#0b0c0c"


def _svg(width: int, height: int, title: str, desc: str, body: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def rag_stacked_bars(
    rows: Sequence[tuple[str, dict[str, int]]], *, title: str, ident: str = "rag"
) -> str:
    """One horizontal bar per row (an area), split red/amber/green/no data."""
    label_w, bar_w, row_h = 170, 420, 28
    height = row_h * len(rows) + 40
    parts = []
    for i, (label, counts) in enumerate(rows):
        y = 10 + i * row_h
        total = sum(counts.values()) or 1
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        x = float(label_w)
        for rag in ("red", "amber", "green", "grey"):
            n = counts.get(rag, 0)
            if not n:
                continue
            w = bar_w * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{RAG_COLOURS[rag]}"><title>{RAG_LABELS[rag]}: {n}</title></rect>'
            )
            if w >= 22:
                colour = INK if rag in ("amber", "grey") else "#ffffff"
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                    f'font-size="12" fill="{colour}">{n}</text>'
                )
            x += w
    legend_y = height - 12
    for j, rag in enumerate(("red", "amber", "green", "grey")):
        lx = label_w + j * 100
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{RAG_COLOURS[rag]}"/><text x="{lx + 16}" y="{legend_y}" '
            f'font-size="12" fill="{INK}">{RAG_LABELS[rag]}</text>'
        )
    desc = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{counts.get(r, 0)} {RAG_LABELS[r].lower()}" for r in ("red", "amber", "green", "grey")
        )
        for label, counts in rows
    )
    return _svg(label_w + bar_w + 20, height, title, desc, "".join(parts), ident)


def line_chart(
    series: Sequence[tuple[str, str, Sequence[tuple[dt.date, float]]]],
    *,
    title: str,
    y_label: str,
    ident: str = "trend",
) -> str:
    """Lines over time: series of (name, colour, [(day, value)])."""
    width, height, left, bottom, top = 620, 240, 50, 30, 12
    days = sorted({d for _, _, pts in series for d, _ in pts})
    values = [v for _, _, pts in series for _, v in pts]
    if not days:
        return _svg(
            width,
            60,
            title,
            "No data yet.",
            '<text x="10" y="30" font-size="13">'
            "No snapshots yet: the trend appears after the first daily snapshot.</text>",
            ident,
        )
    top_value = max([*values, 1.0])
    span = max(1, (days[-1] - days[0]).days)

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        x = left + (width - left - 10) * ((day - days[0]).days / span)
        y = top + (height - top - bottom) * (1 - value / top_value)
        return x, y

    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        f'stroke="{INK}"/>',
        f'<text x="4" y="{top + 10}" font-size="12" fill="{INK}">{escape(y_label)}</text>',
        f'<text x="{left}" y="{height - 8}" font-size="12" fill="{INK}">{days[0]:%d %b}</text>',
        f'<text x="{width - 10}" y="{height - 8}" font-size="12" text-anchor="end" '
        f'fill="{INK}">{days[-1]:%d %b %Y}</text>',
    ]
    for name, colour, points in series:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(d, v) for d, v in points))
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"><title>{escape(name)}</title></polyline>'
        )
    desc = "; ".join(
        f"{name}: from {pts[0][1]:g} to {pts[-1][1]:g}" for name, _, pts in series if pts
    )
    return _svg(width, height, title, desc, "".join(parts), ident)
