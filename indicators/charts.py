"""Geometry of the scorecard's charts, drawn on the server as SVG (templates/indicators/_chart.svg).

No JavaScript draws anything: these functions turn figures into coordinates, and the templates
write them out. Every chart is shown beside a table of the same figures.
"""

import math
from dataclasses import dataclass, field

from core.numbers import to_decimal

from .models import Comparator
from .periods import MONTHLY, QUARTERLY, Period, year_label
from .scorecard import format_value

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
Y_TICKS = 5
AXIS_FONT_SIZE = 11
CHAR_WIDTH = 0.68 * AXIS_FONT_SIZE  # a generous average advance for the sans-serif fonts the chart is drawn in
LABEL_GAP = 6  # the least room between two x-axis labels


def _scale(low, high, size, pad_start, pad_end, invert=False):
    span = (high - low) or 1.0

    def to_pixels(value):
        share = (float(value) - low) / span
        if invert:
            share = 1 - share
        return round(pad_start + share * (size - pad_start - pad_end), 1)

    return to_pixels


def _bounds(values):
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.05
    return low - margin, high + margin


def _segments(points):
    """The "x,y x,y" strings of the runs of points between gaps (a None in `points` is a gap)."""
    segments, current = [], []
    for point in [*points, None]:
        if point is None:
            if current:
                segments.append(" ".join(f"{px},{py}" for px, py in current))
            current = []
        else:
            current.append(point)
    return segments


def sparkline(figures):
    """A small line of the recent figures, broken at a gap, the latest point marked.

    None when there are fewer than 2 figures with a value.
    """
    values = [None if f.value is None else float(f.value) for f in figures]
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return None
    low, high = _bounds(present)
    x = _scale(0, len(values) - 1, SPARK_WIDTH, SPARK_PAD, SPARK_PAD)
    y = _scale(low, high, SPARK_HEIGHT, SPARK_PAD, SPARK_PAD, invert=True)
    points = [None if v is None else (x(i), y(v)) for i, v in enumerate(values)]
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "segments": _segments(points),
        "last": points[-1],
        "first_label": figures[0].period.short_label,
        "last_label": figures[-1].period.short_label,
    }


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value_text: str
    signals: list = field(default_factory=list)
    side: str | None = None
    period: Period | None = None

    def __post_init__(self):
        # Written out as text here, once: a template would pass every number through localisation.
        self.cx, self.cy = str(self.x), str(self.y)
        self.sx, self.sy = str(int(self.x) - 5), str(int(self.y) - 5)  # the corner of a signalled point's square


def spc_chart(row):
    """The indicator's figures with its target, mean and process limits, and the signalled points marked."""
    figures = row.series
    if not figures:
        return None
    unit = row.indicator.unit
    spc = row.spc
    lines = []
    values = [float(f.value) for f in figures if f.value is not None]
    extra = []
    if spc is not None:
        for point in spc.points:
            extra += [float(v) for v in (point.mean, point.upper_limit, point.lower_limit) if v is not None]
    target = float(row.target.value) if row.target is not None else None
    if target is not None:
        extra.append(target)
    low, high = _bounds(values + extra)
    x = _scale(0, max(len(figures) - 1, 1), WIDTH, LEFT, RIGHT)
    y = _scale(low, high, HEIGHT, TOP, BOTTOM, invert=True)

    points = []
    positions = []  # each figure's (x, y), None for a gap: the line breaks there
    for index, figure in enumerate(figures):
        if figure.value is None:
            positions.append(None)
            continue
        point = spc.points[index] if spc is not None else None
        points.append(
            ChartPoint(
                x=x(index),
                y=y(figure.value),
                label=figure.period.short_label,
                value_text=format_value(figure.value, unit),
                signals=sorted(point.signals) if point is not None else [],
                side=point.side if point is not None else None,
                period=figure.period,
            )
        )
        positions.append((points[-1].x, points[-1].y))

    if spc is not None:
        # Mean and limits are drawn phase by phase: they step where a process change was marked.
        for name, attr in (("mean", "mean"), ("upper", "upper_limit"), ("lower", "lower_limit")):
            segments = []
            current = []
            previous_value = object()
            for index, point in enumerate(spc.points):
                value = getattr(point, attr)
                if value is None or value != previous_value:
                    if len(current) > 1:
                        segments.append(current)
                    current = []
                if value is not None:
                    current.append((x(index), y(value)))
                previous_value = value
            if len(current) > 1:
                segments.append(current)
            for segment in segments:
                # One value across the phase: a straight line, drawn from its first point to its last.
                ends = (segment[0], segment[-1])
                lines.append({"kind": name, "points": " ".join(f"{px},{py}" for px, py in ends)})
    target_y = str(y(target)) if target is not None else None

    ticks = []
    for i in range(Y_TICKS + 1):
        value = low + (high - low) * i / Y_TICKS
        ticks.append({"y": str(y(value)), "text": format_value(to_decimal(round(value, 3)), unit)})
    x_labels = x_axis_labels(
        [(index, p.x, p.label) for index, p in zip(_present(figures), points, strict=True)], x(1) - x(0)
    )

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "segments": _segments(positions),
        "count": len(points),
        "gaps": len(figures) - len(points),
        "lines": lines,
        "target_y": target_y,
        "target_text": format_value(row.target.value, unit) if row.target is not None else "",
        "ticks": ticks,
        "x_labels": x_labels,
        "signalled": [p for p in points if p.signals],
        "grid": figure_grid(points),
        **paper_marks(points),
    }


SIGNAL_FILLS = {"high": "#e76f51", "low": "#2a9d8f"}


def paper_marks(points):
    """The points as a paper draws them: one path of dots, and one of squares for each side of a signal.

    The same places, sizes and colours as the page's circles and squares, in three shapes instead of one per
    point with its tooltip: a PDF shows no tooltip, and lays out and draws each shape on its own.
    """
    dots = "".join(f"M{round(p.x - 3, 1)} {p.y}a3 3 0 1 0 6 0a3 3 0 1 0 -6 0" for p in points if not p.signals)
    squares = {}
    for p in points:
        if p.signals:
            fill = SIGNAL_FILLS["high" if p.side == "high" else "low"]
            squares[fill] = squares.get(fill, "") + f"M{p.sx} {p.sy}h10v10h-10z"
    return {"paper_dots": dots, "paper_squares": [{"fill": fill, "d": d} for fill, d in squares.items()]}


# The columns of a year of figures: a financial year's months, or its quarters, in order.
GRID_COLUMNS = {
    MONTHLY: ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"],
    QUARTERLY: ["Q1 (Apr–Jun)", "Q2 (Jul–Sep)", "Q3 (Oct–Dec)", "Q4 (Jan–Mar)"],
}


def figure_grid(points):
    """The chart's figures as a table of financial years by month or by quarter, oldest year first.

    {"columns": [heading], "rows": [(year label, [ChartPoint or None for no figure])]}: five years of
    monthly figures in five rows, not sixty. None unless every figure is a month, or every one a
    quarter: the figures of other periods are listed one per row.
    """
    frequencies = {point.period.frequency for point in points}
    if len(frequencies) != 1 or (frequency := frequencies.pop()) not in GRID_COLUMNS:
        return None
    columns = GRID_COLUMNS[frequency]
    months_each = 12 // len(columns)
    years = {}
    for point in points:
        cells = years.setdefault(point.period.financial_year_start, [None] * len(columns))
        cells[(point.period.start.month - 4) % 12 // months_each] = point
    return {"columns": columns, "rows": [(year_label(year), cells) for year, cells in sorted(years.items())]}


def _present(figures):
    """The indexes of the figures that have a value (the points of the chart)."""
    return [index for index, figure in enumerate(figures) if figure.value is not None]


def label_width(text):
    """The width an x-axis label takes, in the chart's units (an estimate on the wide side)."""
    return len(text) * CHAR_WIDTH


def x_axis_labels(points, spacing, width=WIDTH):
    """Which points get an x-axis label, and where, so that no label is drawn over another.

    `points` are (figure index, x, text); `spacing` is the distance between two periods. Every k-th period
    is labelled, counting back from the latest (always labelled), with k the fewest periods whose width holds
    the longest label; a label that would still touch its neighbour (after a gap) is left out. A label that
    would run past the chart's edge is moved inwards just enough. Each label's "left" and "right" are its extent.
    """
    if not points:
        return []

    def extent(x, text):
        size = label_width(text)
        centre = min(max(x, size / 2), width - size / 2)
        return centre, centre - size / 2, centre + size / 2

    widest = max(label_width(text) for _, _, text in points)
    last_shift = points[-1][1] - extent(points[-1][1], points[-1][2])[0]
    every = max(1, math.ceil((widest + LABEL_GAP + last_shift) / spacing)) if spacing > 0 else 1
    latest = points[-1][0]
    labels, left_limit = [], width + LABEL_GAP
    for index, x, text in reversed(points):
        if (latest - index) % every:
            continue
        centre, left, right = extent(x, text)
        if right + LABEL_GAP > left_limit or left < 0:
            continue
        x_text = str(round(centre, 1))  # written out once, as the points' coordinates are
        labels.append(
            {"x": round(centre, 1), "cx": x_text, "label": text, "left": round(left, 1), "right": round(right, 1)}
        )
        left_limit = left
    return labels[::-1]


def decorate_rows(rows):
    """Give scorecard rows the texts every page and paper shows, formatted by unit (their sparkline and
    chart are drawn when a template first asks for them: IndicatorRow.spark and .chart)."""
    for row in rows:
        unit = row.indicator.unit
        row.latest_text = format_value(row.latest.value, unit) if row.latest else "—"
        row.previous_text = format_value(row.previous.value, unit) if row.previous else "—"
        row.target_text = format_value(row.target.value, unit) if row.target else "—"
        row.comparator_texts = [
            (label, format_value(row.comparators.get(area), unit)) for area, label in Comparator.Area.choices
        ]
    return rows
