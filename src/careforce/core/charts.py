"""Charts as SVG made on the server: they print, and work without JavaScript.

Each chart carries a <title> and <desc> for screen readers; pages put the same figures in a table
beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f6f8b", "#e07a1f", "#5b8c3a", "#9b4f96", "#c2413b", "#3c5a99", "#8a6d3b", "#2a9d8f"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlight: bool = False


def _fmt(value: float, decimals: int = 1) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _fit(label: str, width: float, char_width: float = 7.6) -> str:
    """Shorten a label to the room it has; the whole label stays in the bar's <title>."""
    room = int(width / char_width)
    return label if len(label) <= room else label[: max(1, room - 1)].rstrip() + "…"


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    decimals: int = 1,
    reference: float | None = None,
    reference_label: str = "",
) -> SafeString:
    """Horizontal bars, one per label, values written at the bar's end.

    `decimals`: decimal places of the values written. `reference`: a value marked by a dashed line across
    the bars (e.g. 1 for a ratio that is balanced at 1), named by `reference_label` above it.
    """
    row, gap, label_w, pad = 26, 6, min(240, max(80, 7.6 * max((len(b.label) for b in bars), default=8))), 12
    top_pad = pad + (16 if reference is not None else 0)  # room for the reference's label
    height = top_pad + pad + len(bars) * (row + gap)
    top = max([b.value for b in bars] + ([reference] if reference is not None else []), default=0) or 1
    plot_w = width - label_w - pad * 2 - 70
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="t d">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape('; '.join(f'{b.label}: {_fmt(b.value, decimals)} {unit}'.strip() for b in bars))}</desc>",
    ]
    for i, bar in enumerate(bars):
        y = top_pad + i * (row + gap)
        w = max(1.0, plot_w * bar.value / top) if bar.value else 0
        colour = PALETTE[1] if bar.highlight else PALETTE[0]
        parts.append(
            f'<text x="{label_w}" y="{y + row * 0.68:.1f}" text-anchor="end" class="chart-label">'
            f"<title>{escape(bar.label)}</title>{escape(_fit(bar.label, label_w))}</text>"
        )
        parts.append(
            f'<rect x="{label_w + 8}" y="{y}" width="{w:.1f}" height="{row}" rx="3" fill="{colour}"></rect>'
        )
        parts.append(
            f'<text x="{label_w + 14 + w:.1f}" y="{y + row * 0.68:.1f}" class="chart-value">'
            f"{escape(_fmt(bar.value, decimals))}{(' ' + escape(unit)) if unit else ''}</text>"
        )
    if reference is not None:
        x = label_w + 8 + plot_w * reference / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 4}" x2="{x:.1f}" y2="{height - pad + 4}" class="chart-reference"'
            ' stroke="#1d2630" stroke-width="1.5" stroke-dasharray="5 4"></line>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad - 8}" text-anchor="middle" class="chart-tick">'
            f"{escape(reference_label or _fmt(reference, decimals))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    points: Sequence[tuple[str, float]], *, title: str, width: int = 640, height: int = 220
) -> SafeString:
    """One series over time (years on the x axis)."""
    pad_l, pad_r, pad_t, pad_b = 70, 20, 16, 32
    values = [v for _, v in points]
    lo, hi = (min(values), max(values)) if values else (0, 1)
    if hi == lo:
        hi = lo + 1
    lo = max(0, lo - (hi - lo) * 0.2)
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    step = plot_w / max(1, len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + i * step, pad_t + plot_h * (1 - (v - lo) / (hi - lo))

    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape('; '.join(f'{k}: {_fmt(v)}' for k, v in points))}</desc>",
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - pad_r}" y2="{pad_t + plot_h}" class="chart-axis"/>',
    ]
    for frac in (0, 0.5, 1):
        v = lo + (hi - lo) * frac
        y = pad_t + plot_h * (1 - frac)
        parts.append(
            f'<text x="{pad_l - 8}" y="{y + 4:.1f}" text-anchor="end" class="chart-tick">{_fmt(round(v))}</text>'
        )
        parts.append(
            f'<line x1="{pad_l}" y1="{y:.1f}" x2="{width - pad_r}" y2="{y:.1f}" class="chart-grid"/>'
        )
    if coords:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        parts.append(f'<path d="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>')
    for (label, _v), (x, y) in zip(points, coords, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" class="chart-tick">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def short_labels(organisations) -> list[str]:
    """Chart labels that stay apart when cut to the chart's room: organisation names are long and begin
    alike ("Social assistance service of …"), so a bar is named by its place, with the kind of organisation
    when two share a place, and the whole name only when that is still ambiguous."""

    def counts(labels):
        return {label: labels.count(label) for label in labels}

    labels = [org.area.display_name for org in organisations]
    seen = counts(labels)
    labels = [
        f"{lbl} · {org.get_kind_display()}" if seen[lbl] > 1 else lbl
        for lbl, org in zip(labels, organisations, strict=True)
    ]
    seen = counts(labels)
    return [org.name if seen[lbl] > 1 else lbl for lbl, org in zip(labels, organisations, strict=True)]
