"""Charts as plain geometry, drawn as SVG by templates/charts/: the same markup in the browser
and in WeasyPrint's PDFs, with no JavaScript and no inline styles (the CSP holds).

Each chart carries its own numbers so the template can show them as a table beside it: a
chart never relies on colour alone (series also differ by dash pattern and marker shape).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

# GOV.UK colours with at least 3:1 contrast on white (WCAG 1.4.11 non-text contrast).
PALETTE = ("#1d70b8", "#0b0c0c", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 56


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """0 and round steps up to at least `maximum` (1, 2, 2.5 or 5 times a power of ten)."""
    if maximum <= 0:
        return [0.0, 1.0]
    power = 10 ** math.floor(math.log10(maximum / count))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * count >= maximum)
    steps = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass
class BarChart:
    title: str
    chart_id: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    value_heading: str = "Value"
    label_heading: str = "Item"


def bar_chart(
    title: str,
    items: Sequence[tuple[str, Decimal | float | int]],
    *,
    formatter: Callable[[object], str] = str,
    value_heading: str = "Value",
    label_heading: str = "Item",
    colour: str = PALETTE[0],
) -> BarChart:
    values = [float(v or 0) for _, v in items]
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(items), 1)
    bars = []
    for index, ((label, raw), value) in enumerate(zip(items, values, strict=True)):
        height = plot_height * max(value, 0) / top if top else 0
        bars.append(
            Bar(
                label=str(label),
                value=value,
                text=formatter(raw),
                x=round(LEFT + index * slot + slot * 0.15, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(slot * 0.7, 2),
                height=round(height, 2),
                colour=colour,
            )
        )
    return BarChart(
        title=title,
        chart_id=f"chart-{slugify(title)}",
        bars=bars,
        ticks=[
            Tick(y=round(HEIGHT - BOTTOM - plot_height * t / top, 2), label=formatter(_num(t)))
            for t in ticks
        ],
        value_heading=value_heading,
        label_heading=label_heading,
    )


def _num(value: float):
    return Decimal(str(value)) if value != int(value) else Decimal(int(value))


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    text: str
    polygon: str = ""  # the marker's outline, for the shapes drawn as polygons


# The first and last points sit this far inside the plot, so their centred labels fit.
LINE_INSET = 28


def _polygon(marker: str, x: float, y: float) -> str:
    """A diamond or triangle marker around (x, y), as SVG polygon points; "" for the rest."""
    offsets = {
        "diamond": ((0, -6), (6, 0), (0, 6), (-6, 0)),
        "triangle": ((0, -6), (6, 5), (-6, 5)),
    }.get(marker, ())
    return " ".join(f"{round(x + dx, 2)},{round(y + dy, 2)}" for dx, dy in offsets)


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    marker: str
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class LineChart:
    title: str
    chart_id: str
    labels: list[tuple[float, str]]
    series: list[Series]
    ticks: list[Tick]
    rows: list[tuple[str, list[str]]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | float | int | None]]],
    *,
    formatter: Callable[[object], str] = str,
) -> LineChart:
    """One line per series over shared x labels (periods); None leaves a gap."""
    values = [float(v) for _, vs in series for v in vs if v is not None]
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    step = (plot_width - 2 * LINE_INSET) / max(len(labels) - 1, 1)
    xs = [round(LEFT + LINE_INSET + i * step, 2) for i in range(len(labels))]
    drawn = []
    for index, (name, vs) in enumerate(series):
        line = Series(
            name=name,
            colour=PALETTE[index % len(PALETTE)],
            dash=DASHES[index % len(DASHES)],
            marker=MARKERS[index % len(MARKERS)],
        )
        for x, label, value in zip(xs, labels, vs, strict=True):
            if value is None:
                continue
            y = round(HEIGHT - BOTTOM - plot_height * float(value) / top, 2) if top else 0
            line.points.append(
                Point(
                    x=x,
                    y=y,
                    label=label,
                    text=formatter(value),
                    polygon=_polygon(line.marker, x, y),
                )
            )
        drawn.append(line)
    rows = [
        (label, [formatter(vs[i]) if vs[i] is not None else "–" for _, vs in series])
        for i, label in enumerate(labels)
    ]
    return LineChart(
        title=title,
        chart_id=f"chart-{slugify(title)}",
        labels=list(zip(xs, labels, strict=True)),
        series=drawn,
        ticks=[
            Tick(y=round(HEIGHT - BOTTOM - plot_height * t / top, 2), label=formatter(_num(t)))
            for t in ticks
        ],
        rows=rows,
    )


# --- Horizontal bars (appended for the board's dashboard) -------------------------------------
# For categories with long names (placement categories, comparator areas): the names sit in a
# column on the left, unclipped, and each bar carries its value as text at its end.

HBAR_LABEL_WIDTH = 250
HBAR_VALUE_WIDTH = 90
HBAR_ROW = 30
HBAR_TOP, HBAR_BOTTOM = 8, 28
# A label longer than its column wraps onto more lines (never cut short): two lines fit a
# row; a row with more grows by a line's height for each.
HBAR_LABEL_GAP = 8  # between the label column and the bars
HBAR_FONT_SIZE = 13
HBAR_LINE = 15

# Advance widths in em of Arial/Liberation Sans, by kind of character: enough to wrap a label
# before it reaches the edge (slightly generous, so a line never runs past its column).
_NARROW = set("iIjlft.,:;'!|()[] ")
_WIDE = set("mwMW@%")
_CAPITAL = set("ABCDEFGHKNOQRSUVXYZ&")


def text_width(text: str, font_size: float = HBAR_FONT_SIZE) -> float:
    """The width of `text` in px, estimated from its characters (no font is measured)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _WIDE:
            em += 0.87
        elif char in _CAPITAL:
            em += 0.72
        else:
            em += 0.57
    return em * font_size


def wrap_label(text: str, width: float, font_size: float = HBAR_FONT_SIZE) -> tuple[str, ...]:
    """`text` in lines no wider than `width` px, broken between words (a word too long for a
    line on its own is broken inside it, with a hyphen)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font_size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while text_width(word, font_size) > width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", font_size) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return tuple(lines)


@dataclass(frozen=True)
class VerticalTick:
    x: float
    label: str


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    value: float
    text: str
    y: float
    width: float
    height: float
    label_y: float
    text_x: float
    colour: str
    label_lines: tuple[tuple[float, str], ...] = ()  # (y, text): the label, wrapped to fit


@dataclass
class HorizontalBarChart:
    title: str
    chart_id: str
    bars: list[HorizontalBar]
    ticks: list[VerticalTick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = HBAR_LABEL_WIDTH
    baseline: float = 0.0  # the y of the axis under the bars
    value_heading: str = "Value"
    label_heading: str = "Item"


def horizontal_bar_chart(
    title: str,
    items: Sequence[tuple[str, Decimal | float | int | None]],
    *,
    formatter: Callable[[object], str] = str,
    value_heading: str = "Value",
    label_heading: str = "Item",
    colours: Sequence[str] = (PALETTE[0],),
) -> HorizontalBarChart:
    """One bar per item, top to bottom in the order given; a None value draws no bar but keeps
    its row (and its text, from `formatter(None)`). `colours` repeat down the rows: give a
    different one to pick out a row (this council against its comparators), and say so in the
    label, since colour alone must not carry the meaning."""
    values = [float(v) if v is not None else 0.0 for _, v in items]
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]
    plot_width = WIDTH - HBAR_LABEL_WIDTH - HBAR_VALUE_WIDTH
    wrapped = [wrap_label(str(label), HBAR_LABEL_WIDTH - HBAR_LABEL_GAP) for label, _ in items]
    rows = [max(HBAR_ROW, HBAR_LINE * len(lines) + 6) for lines in wrapped]
    height = HBAR_TOP + (sum(rows) if rows else HBAR_ROW) + HBAR_BOTTOM
    baseline = height - HBAR_BOTTOM
    bars = []
    y = HBAR_TOP
    for index, ((label, raw), value) in enumerate(zip(items, values, strict=True)):
        length = round(plot_width * max(value, 0) / top, 2) if top else 0
        row, lines = rows[index], wrapped[index]
        middle = y + row / 2
        first = middle - HBAR_LINE * (len(lines) - 1) / 2
        bars.append(
            HorizontalBar(
                label=str(label),
                value=value,
                text=formatter(raw),
                y=round(middle - HBAR_ROW * 0.35, 2),
                width=length,
                height=round(HBAR_ROW * 0.7, 2),
                label_y=round(middle, 2),
                text_x=round(HBAR_LABEL_WIDTH + length + 6, 2),
                colour=colours[index % len(colours)],
                label_lines=tuple(
                    (round(first + n * HBAR_LINE, 2), line) for n, line in enumerate(lines)
                ),
            )
        )
        y += row
    return HorizontalBarChart(
        title=title,
        chart_id=f"chart-{slugify(title)}",
        bars=bars,
        ticks=[
            VerticalTick(
                x=round(HBAR_LABEL_WIDTH + plot_width * t / top, 2), label=formatter(_num(t))
            )
            for t in ticks
        ],
        height=height,
        baseline=baseline,
        value_heading=value_heading,
        label_heading=label_heading,
    )
