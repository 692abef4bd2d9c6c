"""Geometry for the stats page's charts, drawn as inline SVG by the templates.

Pure functions: numbers in, rectangles and labels out. No JavaScript and no
network: the page's Content-Security-Policy forbids both, and SVG attributes
(unlike ``style`` attributes) are not inline styles.
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence


def nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def stacked_bars(
    rows: Sequence[Mapping[str, Any]],
    series: Sequence[str],
    *,
    key: str = "day",
    width: int = 720,
    height: int = 220,
    pad_left: int = 40,
    pad_bottom: int = 28,
) -> dict[str, Any]:
    """One stacked column per row (e.g. decisions per day, stacked by outcome)."""
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - 8
    top = nice_max(max((sum(int(r.get(s, 0)) for s in series) for r in rows), default=0))
    slot = plot_w / max(len(rows), 1)
    bar_w = max(2.0, slot * 0.7)
    bars = []
    for i, row in enumerate(rows):
        x = pad_left + i * slot + (slot - bar_w) / 2
        y = float(8 + plot_h)
        segments = []
        for name in series:
            value = int(row.get(name, 0))
            h = plot_h * value / top
            y -= h
            if value:
                segments.append({"series": name, "value": value, "x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1)})
        label = str(row[key])
        bars.append({"label": label, "short": label[5:] if len(label) == 10 else label, "x": round(x + bar_w / 2, 1), "segments": segments, "total": sum(int(row.get(s, 0)) for s in series), "show_label": i % max(1, len(rows) // 8) == 0})
    ticks = [{"value": f"{top * f:g}", "y": round(8 + plot_h * (1 - f), 1)} for f in (0, 0.25, 0.5, 0.75, 1)]
    return {"width": width, "height": height, "left": pad_left, "right": width - 8, "base": 8 + plot_h, "bars": bars, "ticks": ticks, "series": list(series)}


def histograms(counts: Mapping[str, Sequence[int]], *, width: int = 220, height: int = 110) -> list[dict[str, Any]]:
    """One small histogram per label over [0, 1], bins left to right."""
    charts = []
    for label in sorted(counts):
        bins = list(counts[label])
        top = max(bins, default=0) or 1
        plot_h = height - 22
        bar_w = (width - 4) / max(len(bins), 1)
        bars = []
        for i, n in enumerate(bins):
            h = plot_h * n / top
            bars.append({"x": round(2 + i * bar_w, 1), "y": round(4 + plot_h - h, 1), "w": round(bar_w - 1, 1), "h": round(h, 1), "count": n, "low": i / len(bins), "high": (i + 1) / len(bins)})
        charts.append({"label": label, "width": width, "height": height, "base": 4 + plot_h, "bars": bars, "total": sum(bins)})
    return charts


def rate_bars(rows: Sequence[Mapping[str, Any]], *, width: int = 520, row_height: int = 26, label_width: int = 150) -> dict[str, Any]:
    """Horizontal bars of agreement rates (0-1), one per row: confirmed part and overturned part."""
    plot_w = width - label_width - 60
    out = []
    for i, row in enumerate(rows):
        reviewed = row["reviewed"] or 1
        ok_w = plot_w * row["confirmed"] / reviewed
        out.append({
            "label": row["label"],
            "y": i * row_height + 4,
            "ok_w": round(ok_w, 1),
            "bad_x": round(label_width + ok_w, 1),
            "bad_w": round(plot_w - ok_w, 1),
            "rate": row["agreement"],
            "reviewed": row["reviewed"],
            "overturned": row["overturned"],
        })
    return {"width": width, "height": max(1, len(rows)) * row_height + 8, "label_width": label_width, "plot_w": plot_w, "rows": out, "row_height": row_height}
