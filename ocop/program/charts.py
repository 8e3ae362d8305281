"""Charts of the programme pages as server-rendered SVG: no script, no CDN, the same markup in the
browser and in the PDF (WeasyPrint). Pure module: numbers and labels in, safe markup out.

Readable and accessible by construction: each chart is an ``<svg role="img">`` named by its
``<title>`` and described by its ``<desc>`` (the figures in words, for screen readers); every bar
and point carries its value as text (not only as length or colour); lines are 4 px with markers,
and series differ by dash pattern and marker shape as well as colour.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ocop.program.measures import number as _number

INK, MUTED, GRID = "#1f2937", "#4b5563", "#e5e7eb"
BAR, GOAL, LINE, PLAN = "#1d4ed8", "#b45309", "#1d4ed8", "#b45309"
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    goal: Decimal | None = None  # drawn as a marker across the bar
    text: str = ""  # the value as shown (defaults to number(value))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | None]
    dashed: bool = False  # the plan's line: dashed, square markers


def number(value) -> str:
    """A value in Vietnamese number style, whatever numeric type it comes as (— for none)."""
    return _number(None if value is None else Decimal(value))


def _f(x: float) -> str:
    return f"{x:.1f}"


def _tick(value: float, peak: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1) if peak >= 10 else Decimal("0.01"))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _head(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    opening = format_html(
        '<svg class="ocop-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="chart{}-t chart{}-d" style="max-width:{}px;{}">'
        '<title id="chart{}-t">{}</title><desc id="chart{}-d">{}</desc>',
        width, height, n, n, width, FONT, n, title, n, desc,
    )
    return opening, "</svg>"


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "", goal_label: str = "",
              scale: Decimal | None = None) -> SafeString:
    """Horizontal bars, one row per label, the value written after each bar; a goal, when given,
    is a thick vertical mark across its row. SCALE fixes the full length (100 for percentages)."""
    label_w, bar_w, value_w, row_h, top = 290, 340, 130, 30, 10
    width = label_w + bar_w + value_w
    legend = 24 if any(b.goal is not None for b in bars) else 0
    height = top + row_h * len(bars) + legend + 8
    peak = max([float(b.value or 0) for b in bars] + [float(b.goal or 0) for b in bars] + [float(scale or 0)]) or 1.0
    desc = "; ".join(f"{b.label}: {b.text or number(b.value)}{(' ' + unit) if unit else ''}"
                     + (f" ({goal_label} {number(b.goal)})" if b.goal is not None else "") for b in bars)
    opening, closing = _head(width, height, title, desc)
    parts = [opening]
    for index, b in enumerate(bars):
        y = top + index * row_h
        length = bar_w * float(b.value or 0) / peak
        parts.append(format_html(
            '<g><title>{}: {}</title>'
            '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="13" font-weight="600" fill="{}">{}</text></g>',
            b.label, b.text or number(b.value),
            label_w - 8, _f(y + row_h / 2 + 4), INK, _short(b.label, 36),
            label_w, _f(y + 5), _f(max(length, 1.5)), row_h - 10, BAR,
            _f(label_w + length + 6), _f(y + row_h / 2 + 4), INK, b.text or number(b.value),
        ))
        if b.goal is not None:
            x = label_w + bar_w * float(b.goal) / peak
            parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="4"></line>',
                                     _f(x), _f(x), _f(y + 1), _f(y + row_h - 1), GOAL))
    if legend:
        y = top + row_h * len(bars) + 14
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="4"></line>'
            '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
            label_w, label_w, y - 10, y + 4, GOAL, label_w + 8, y + 2, MUTED, goal_label,
        ))
    parts.append(closing)
    return mark_safe("".join(parts))


def line_chart(title: str, x_labels: Sequence[str], series: Sequence[Series], *, unit: str = "") -> SafeString:
    """Lines over the years (4 px, a marker and the value at every point): the running total of
    what was done beside the plan's running share, or a rate year by year."""
    values = [float(v) for s in series for v in s.values if v is not None]
    peak = (max(values) if values else 0) or 1.0
    if unit == "%" and peak <= 100:  # a rate is read against the whole scale
        peak = 100.0
    # Room for the longest tick on the left and half the longest point label on the right.
    widest = max([len(number(_tick(peak, peak)))] + [len(number(v)) for s in series for v in s.values])
    left, right, top, bottom, height = max(48, 14 + 7 * widest), max(30, 4 + 4 * widest), 34, 40, 300
    width = max(520, left + right + 110 * len(x_labels))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(x_labels) - 1, 1)

    def xy(i, v):
        return left + (step * i if len(x_labels) > 1 else plot_w / 2), top + plot_h * (1 - float(v) / peak)

    desc = " ".join(
        f"{s.name}: " + ", ".join(f"{x} {number(v) if v is not None else '—'}" for x, v in zip(x_labels, s.values,
                                                                                                strict=False)) + "."
        for s in series)
    opening, closing = _head(width, height, title, desc)
    parts = [opening]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"></line>'
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
            left, width - right, _f(y), _f(y), GRID, left - 6, _f(y + 4), MUTED,
            number(_tick(peak * fraction, peak)),
        ))
    for i, label in enumerate(x_labels):
        x, _y = xy(i, 0)
        parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">{}</text>',
                                 _f(x), height - bottom + 20, INK, label))
    if unit:
        parts.append(format_html('<text x="{}" y="{}" font-size="12" fill="{}">{}</text>', 4, 16, MUTED, unit))
    for index, s in enumerate(series):
        colour = PLAN if s.dashed else LINE
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        path = " ".join(f"{_f(xy(i, v)[0])},{_f(xy(i, v)[1])}" for i, v in points)
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="4" stroke-linejoin="round"{}></polyline>',
            path, colour, mark_safe(' stroke-dasharray="10 6"') if s.dashed else ""))
        for i, v in points:
            x, y = xy(i, v)
            marker = (format_html('<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>', _f(x - 5), _f(y - 5),
                                  colour) if s.dashed else
                      format_html('<circle cx="{}" cy="{}" r="5.5" fill="{}"></circle>', _f(x), _f(y), colour))
            dy = 18 if s.dashed else -10
            parts.append(format_html('<g><title>{} {}: {}</title>{}<text x="{}" y="{}" text-anchor="middle" '
                                     'font-size="12" font-weight="600" fill="{}">{}</text></g>',
                                     s.name, x_labels[i], number(v), marker, _f(x), _f(y + dy), colour, number(v)))
        lx = left + index * 260
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="16" y2="16" stroke="{}" stroke-width="4"{}></line>'
            '<text x="{}" y="20" font-size="12" fill="{}">{}</text>',
            lx + 40, lx + 70, colour, mark_safe(' stroke-dasharray="10 6"') if s.dashed else "", lx + 76, INK,
            s.name))
    parts.append(closing)
    return mark_safe("".join(parts))


