"""The four rules that pick out special cause variation on one phase of an XmR chart.

Each rule takes one phase's values (Decimals, with None for a gap: a missing period in the middle of the
series) and the phase's limits, and returns ``{index in phase: side}`` for the points it marks, where the
side is ``"high"`` or ``"low"``. The rules read NHSRplotthedots (the NHS-R community's implementation of
Making Data Count) function by function; each says which of its functions it follows. A gap is on no side
of the mean, is close to no limit and joins no step, so a run, a trend or a window of three that would
cross it is broken, as a point on the mean breaks a run.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import pairwise

HIGH = "high"
LOW = "low"

RUN_LENGTH = 7
"""Points in a row that make a trend (six steps) or a run on one side of the mean."""


def _runs(keys: Sequence) -> Iterator[tuple[int, int, str]]:
    """(start, stop, key) for each maximal run of equal keys that are not None."""
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if keys[start] is not None:
                yield start, index, keys[start]
            start = index


def _side(value: Decimal | None, above: Decimal, below: Decimal) -> str | None:
    """HIGH when value is strictly above ``above``, LOW when strictly below ``below``, else None (and for a gap)."""
    if value is None:
        return None
    if value > above:
        return HIGH
    if value < below:
        return LOW
    return None


def _sides_of_mean(values, limits) -> list[str | None]:
    """Each point's side of the mean: the reference's ``relative_to_mean`` (0 on the mean, and for a gap)."""
    mean = limits.mean
    return [None if value is None else HIGH if value > mean else LOW if value < mean else None for value in values]


def _beyond_limit(values: Sequence[Decimal | None], limits) -> dict[int, str]:
    """Rule 1, ``outside_limits`` of ptd_spc_standard(): above the upper or below the lower process limit.

    On a limit is not beyond it. Without limits (a phase of one point) nothing is beyond.
    """
    if limits.upper_limit is None:
        return {}
    marks = {}
    for index, value in enumerate(values):
        side = _side(value, limits.upper_limit, limits.lower_limit)
        if side:
            marks[index] = side
    return marks


def _trend(values: Sequence[Decimal | None], limits) -> dict[int, str]:
    """Rule 2, ptd_seven_point_trend() and ptd_part_of_seven_trend(): 7 points in a row each strictly above
    (or each strictly below) the one before; every point of the run is marked.

    Seven points make six steps; an equal step (or a gap) breaks the run. A turning point shared by a rise
    and a fall takes the side of the later one, as ptd_special_cause_type() reads "the right side" for a
    point that is part of a trend either side. (The reference reads that right-hand step for any point of a
    trend whose next point is in a trend, even a different trend after an equal or opposite step; here such a
    point keeps its own trend's side. The latest point, which sets the variation icon, is the same either way.)
    """
    steps = [
        None
        if previous is None or current is None
        else HIGH
        if current > previous
        else LOW
        if current < previous
        else None
        for previous, current in pairwise(values)
    ]
    marks: dict[int, str] = {}
    for start, stop, side in _runs(steps):
        # Steps start..stop-1 join points start..stop.
        if stop - start + 1 >= RUN_LENGTH:
            marks.update(dict.fromkeys(range(start, stop + 1), side))  # a later trend overrides
    return marks


def _close_to_limit(values, limits, beyond) -> list[str | None]:
    """``close_to_limits`` of ptd_spc_standard(): the side of a point inside its limit but beyond the line
    two thirds of the way from the mean to it; None for any other point (a point beyond a limit is not close).
    ``beyond`` is what _beyond_limit() marks.
    """
    upper_line, lower_line = limits.two_thirds_lines()
    return [None if index in beyond else _side(value, upper_line, lower_line) for index, value in enumerate(values)]


def _two_of_three(values: Sequence[Decimal | None], limits, *, sides=None, beyond=None) -> dict[int, str]:
    """Rule 3, ptd_two_in_three() and ptd_part_of_two_in_three(): in a window of three points in a row, all
    three strictly on the same side of the mean, at least two are close to that side's limit; the close
    points of such a window are marked, not the third point.

    Close means inside the limit and beyond the two-thirds line: a point beyond the process limit does not
    count towards the two (it is marked by rule 1). A window must lie wholly within the phase.
    ``sides`` and ``beyond``, the points' sides of the mean and rule 1's marks, may be passed when known.
    """
    if limits.upper_limit is None:
        return {}
    close = _close_to_limit(values, limits, _beyond_limit(values, limits) if beyond is None else beyond)
    if len(close) - close.count(None) < 2:
        return {}  # most phases: fewer than two close points anywhere
    sides = _sides_of_mean(values, limits) if sides is None else sides
    marks = {}
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        side = sides[start]
        if side is None or any(sides[index] != side for index in window):
            continue
        near = [index for index in window if close[index] == side]
        if len(near) >= 2:
            marks.update(dict.fromkeys(near, side))
    return marks


def _shift(values: Sequence[Decimal | None], limits, *, sides=None) -> dict[int, str]:
    """Rule 4, ptd_seven_point_one_side_mean() and ptd_part_of_seven_trend(): 7 or more points in a row
    strictly above (or below) the mean; every point of the run is marked.

    A point exactly on the mean (or a gap) belongs to neither side and breaks the run.
    """
    marks = {}
    for start, stop, side in _runs(_sides_of_mean(values, limits) if sides is None else sides):
        if stop - start >= RUN_LENGTH:
            marks.update(dict.fromkeys(range(start, stop), side))
    return marks
