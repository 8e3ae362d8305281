"""Geometry of the public site's charts, drawn as server-rendered SVG (pure module).

A horizontal bar chart: one row per item, the label on the left, the bar scaled to the largest
value, the number at the end of the bar. Templates draw it from these numbers only (no script).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_height: int

    @property
    def bar_x(self) -> int:
        return self.label_width


def bar_chart(items, *, width: int = 560, label_width: int = 200, bar_height: int = 22, gap: int = 10,
              value_room: int = 56) -> BarChart:
    """ITEMS are (label, value) pairs with value ≥ 0."""
    items = [(str(label), max(int(value or 0), 0)) for label, value in items]
    largest = max((value for _label, value in items), default=0)
    room = max(width - label_width - value_room, 1)
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (bar_height + gap)
        length = round(room * value / largest) if largest else 0
        bars.append(Bar(label, value, y, length, y + bar_height * 2 // 3, label_width + length + 6))
    height = max(len(items) * (bar_height + gap) - gap, bar_height)
    return BarChart(tuple(bars), width, height, label_width, bar_height)
