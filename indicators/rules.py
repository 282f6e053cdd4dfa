"""The scorecard's rules: RAG ratings, direction of travel and statistical process control (SPC).

Plain Python with no Django and no database, so the rules can be read, tested and reused on their own.

Numbers
-------
Every figure may be an ``int``, a ``float`` or a ``Decimal``. Each is converted to ``Decimal`` first
(see :func:`to_decimal`) and all arithmetic is done in ``Decimal``, in a fixed context of 28 significant
digits rounding half to even, whatever decimal context the caller has set, so the same inputs always give
the same results. A float is converted through its shortest ``repr``, so ``0.1`` is exactly one tenth.
Means and limits are returned as unrounded ``Decimal`` values; rounding is for display.

Polarity
--------
Polarity is one of the strings ``"higher_is_better"``, ``"lower_is_better"`` or ``"neither"``; the members
of ``indicators.models.Indicator.Polarity`` are such strings. Any other polarity raises ``ValueError``.

Statistical process control
---------------------------
:func:`spc` follows NHS England's "Making Data Count" (MDC) guidance for an XmR chart ("individuals and
moving range"): the process limits sit 2.66 mean moving ranges either side of the mean, and four rules
pick out special cause variation:

1. a point beyond a process limit;
2. a trend: 7 points in a row all rising or all falling;
3. two of three points in a row close to a limit (beyond two thirds of the way from the mean to it);
4. a shift: 7 or more points in a row on one side of the mean.

The icons MDC shows, variation (common cause, special cause improving or concerning, or high or low when
neither direction is better) and assurance (consistently passes, hit and miss, consistently fails the
target), come from the latest point and from the process limits.
"""

import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from enum import StrEnum
from itertools import pairwise

from core import numbers

# --------------------------------------------------------------------------- numbers and polarity

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NEITHER = "neither"
POLARITIES = frozenset({HIGHER_IS_BETTER, LOWER_IS_BETTER, NEITHER})

ZERO = Decimal(0)

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
"""The one decimal context every calculation here runs in, so results never depend on the caller's."""


def to_decimal(number) -> Decimal:
    """``number`` (an int, float or Decimal) as a Decimal, by core.numbers.to_decimal.

    A float goes through its shortest ``repr`` (``0.1`` becomes ``Decimal("0.1")``, not the binary
    fraction nearest to it). None, booleans, strings and other types raise ``TypeError`` (the rules need
    a figure); NaN and infinities raise ``ValueError``.
    """
    if number is None:
        raise TypeError("Expected an int, float or Decimal, not None")
    return numbers.to_decimal(number)


def _check_polarity(polarity) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"Unknown polarity {polarity!r}: expected one of {sorted(POLARITIES)}")


class _LabelledEnum(StrEnum):
    """A StrEnum whose members carry the words shown beside them, as Django's TextChoices do.

    Declare members as ``RED = "red", "Red"``: the value is ``"red"`` and ``RED.label`` is ``"Red"``.
    """

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


# --------------------------------------------------------------------------- RAG rating


class RAG(_LabelledEnum):
    """A red, amber or green rating against a target; the label is shown beside every colour."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


def rag(value, target, tolerance, polarity) -> RAG | None:
    """Rate ``value`` against ``target``, allowing ``tolerance`` either side before it turns red.

    higher_is_better: GREEN when value >= target, AMBER when value >= target - tolerance, else RED.
    lower_is_better: GREEN when value <= target, AMBER when value <= target + tolerance, else RED.
    Both tolerance boundaries are inclusive (a value exactly ``tolerance`` short of the target is AMBER).

    ``None`` when value or target is None or the polarity is "neither" (no colour without a direction).
    A tolerance of None means 0 (so a miss is RED at once). The polarity and the tolerance are checked
    first: an unknown polarity or a negative tolerance raises ``ValueError`` even when there is no value.
    """
    _check_polarity(polarity)
    tolerance = ZERO if tolerance is None else to_decimal(tolerance)
    if tolerance < 0:
        raise ValueError(f"A tolerance cannot be negative: {tolerance}")
    if value is None or target is None or polarity == NEITHER:
        return None
    value, target = to_decimal(value), to_decimal(target)
    with localcontext(_CONTEXT):
        if polarity == HIGHER_IS_BETTER:
            met, within_tolerance = value >= target, value >= target - tolerance
        else:
            met, within_tolerance = value <= target, value <= target + tolerance
    if met:
        return RAG.GREEN
    return RAG.AMBER if within_tolerance else RAG.RED


# --------------------------------------------------------------------------- direction of travel


class Direction(_LabelledEnum):
    """Which way a figure moved since an earlier one; up and down are for the "neither" polarity."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"
    UP = "up", "Up"
    DOWN = "down", "Down"


def direction(current, previous, polarity) -> Direction | None:
    """The direction of travel from ``previous`` to ``current``.

    The caller picks ``previous``: the period before, or the same period a year before.
    ``None`` when either is None; NO_CHANGE when they are equal (for every polarity); UP or DOWN when the
    polarity is "neither"; otherwise IMPROVING or WORSENING according to the polarity.
    """
    _check_polarity(polarity)
    if current is None or previous is None:
        return None
    current, previous = to_decimal(current), to_decimal(previous)
    if current == previous:
        return Direction.NO_CHANGE
    rising = current > previous
    if polarity == NEITHER:
        return Direction.UP if rising else Direction.DOWN
    better = rising if polarity == HIGHER_IS_BETTER else not rising
    return Direction.IMPROVING if better else Direction.WORSENING


# --------------------------------------------------------------------------- SPC: the vocabulary


class Signal(_LabelledEnum):
    """Making Data Count's four rules for special cause variation on an XmR chart."""

    BEYOND_LIMIT = "beyond_limit", "A point beyond a process limit"
    TREND = "trend", "7 points in a row rising or falling"
    TWO_OF_THREE = "two_of_three", "2 of 3 points close to a limit"
    SHIFT = "shift", "7 or more points in a row on one side of the mean"


SIGNAL_ORDER = (Signal.BEYOND_LIMIT, Signal.TREND, Signal.TWO_OF_THREE, Signal.SHIFT)
"""The rules in order of precedence: the first rule that marks a point decides the point's side."""


class Variation(_LabelledEnum):
    """Making Data Count's variation icon, read from the latest point."""

    COMMON_CAUSE = "common_cause", "Common cause variation"
    IMPROVING = "special_cause_improving", "Special cause: improving"
    CONCERNING = "special_cause_concerning", "Special cause: concerning"
    HIGH = "special_cause_high", "Special cause: high"
    LOW = "special_cause_low", "Special cause: low"


class Assurance(_LabelledEnum):
    """Making Data Count's assurance icon: can the process be relied on to meet the target?"""

    PASSES = "consistently_passes", "Consistently passes the target"
    HIT_AND_MISS = "hit_and_miss", "Hit and miss: the target falls within the process limits"
    FAILS = "consistently_fails", "Consistently fails the target"


MIN_POINTS = 12
"""Making Data Count's minimum: fewer points in a phase and no limits are drawn for it."""

SIGMA_FACTOR = Decimal("2.66")
"""Process limits sit this many mean moving ranges from the mean (3 / 1.128, as MDC rounds it)."""

RUN_LENGTH = 7
"""Points in a row that make a trend or a shift."""

HIGH = "high"
LOW = "low"


@dataclass(frozen=True)
class Limits:
    """One phase's centre line and process limits, with the mean moving range they come from."""

    mean: Decimal
    mean_moving_range: Decimal
    upper_limit: Decimal
    lower_limit: Decimal


@dataclass(frozen=True)
class SPCPoint:
    """One point of the series, with its phase's mean and limits and the signals it is part of.

    ``value`` is the input value exactly as given (not converted). ``mean``, ``upper_limit`` and
    ``lower_limit`` are those of the point's phase, or None when that phase is too short to have limits.
    ``side`` is ``"high"`` or ``"low"``, the side of the first signal in SIGNAL_ORDER that marks the point,
    or None when no signal marks it.
    """

    value: int | float | Decimal
    mean: Decimal | None
    upper_limit: Decimal | None
    lower_limit: Decimal | None
    signals: frozenset[Signal]
    side: str | None


@dataclass(frozen=True)
class SPCResult:
    """A whole series: every point, the last phase's mean and limits, and the two MDC icons."""

    points: tuple[SPCPoint, ...]
    mean: Decimal | None
    upper_limit: Decimal | None
    lower_limit: Decimal | None
    mean_moving_range: Decimal | None
    variation: Variation | None
    assurance: Assurance | None


# --------------------------------------------------------------------------- SPC: limits


def process_limits(values: Sequence) -> Limits:
    """The XmR chart's mean, mean moving range and process limits of ``values`` (at least 2).

    mean = the arithmetic mean; moving ranges = |x[i] - x[i-1]| for consecutive points (n - 1 of them);
    mean moving range = their mean; limits = mean ± 2.66 × mean moving range.
    The lower limit is not clamped at zero even for counts that cannot be negative: a lower limit below
    zero simply means no point can fall beyond it.
    """
    return _limits([to_decimal(value) for value in values])


def _limits(numbers: Sequence[Decimal]) -> Limits:
    """process_limits() of values already converted to Decimal (spc() converts them once)."""
    if len(numbers) < 2:
        raise ValueError("Process limits need at least 2 values.")
    with localcontext(_CONTEXT):
        mean = sum(numbers, ZERO) / len(numbers)
        moving_ranges = [abs(current - previous) for previous, current in pairwise(numbers)]
        total = sum(moving_ranges, ZERO)
        mean_moving_range = total / len(moving_ranges)
        # 2.66 × total / count rather than 2.66 × (total / count): one rounding fewer, so that,
        # say, 2.66 × 20 / 14 is exactly 3.8.
        spread = SIGMA_FACTOR * total / len(moving_ranges)
        return Limits(mean, mean_moving_range, upper_limit=mean + spread, lower_limit=mean - spread)


def two_thirds_lines(mean, upper, lower) -> tuple[Decimal, Decimal]:
    """The lines two thirds of the way from the mean to the upper and to the lower limit: (upper, lower).

    A point beyond one of them is "close to a limit" for MDC's two-of-three rule.
    """
    mean, upper, lower = to_decimal(mean), to_decimal(upper), to_decimal(lower)
    with localcontext(_CONTEXT):
        return mean + 2 * (upper - mean) / 3, mean - 2 * (mean - lower) / 3


def normalise_phase_starts(phase_starts: Iterable[int] | None, length: int) -> tuple[int, ...]:
    """The indexes where a new phase begins, sorted, without duplicates or indexes that start nothing.

    Index 0 (the series already starts there), negative indexes and indexes at or past ``length`` are
    dropped rather than rejected, so a marker on a period that has since been dropped does no harm.
    """
    indexes = {operator.index(start) for start in phase_starts or ()}
    return tuple(sorted(start for start in indexes if 0 < start < length))


# --------------------------------------------------------------------------- SPC: the four rules
# Each rule takes one phase's values (Decimals) and limits, and returns {index in phase: side}.


def _runs(keys: Sequence) -> Iterator[tuple[int, int, str]]:
    """(start, stop, key) for each maximal run of equal keys that are not None."""
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if keys[start] is not None:
                yield start, index, keys[start]
            start = index


def _side(value: Decimal, above: Decimal, below: Decimal) -> str | None:
    """HIGH when value is strictly above ``above``, LOW when strictly below ``below``, else None."""
    if value > above:
        return HIGH
    if value < below:
        return LOW
    return None


def _beyond_limit(values: Sequence[Decimal], limits: Limits) -> dict[int, str]:
    """MDC rule 1: a point above the upper or below the lower process limit (on a limit is not beyond)."""
    marks = {}
    for index, value in enumerate(values):
        side = _side(value, limits.upper_limit, limits.lower_limit)
        if side:
            marks[index] = side
    return marks


def _trend(values: Sequence[Decimal], limits: Limits) -> dict[int, str]:
    """MDC rule 2: 7 or more points in a row each strictly above (or below) the one before; all are marked.

    Seven points make six steps; an equal step breaks the run. A turning point can end one trend and
    start the next: it keeps the side of the earlier trend, so a point's side never changes as later
    points arrive.
    """
    steps = [_side(current, previous, previous) for previous, current in pairwise(values)]
    marks: dict[int, str] = {}
    for start, stop, side in _runs(steps):
        # Steps start..stop-1 join points start..stop.
        if stop - start + 1 >= RUN_LENGTH:
            for index in range(start, stop + 1):
                marks.setdefault(index, side)
    return marks


def _two_of_three(values: Sequence[Decimal], limits: Limits) -> dict[int, str]:
    """MDC rule 3: 2 of 3 points in a row beyond the two-thirds line on the same side.

    Only the points beyond the line are marked, not the third point of the window. A point beyond the
    process limit is beyond the two-thirds line too. A point exactly on the line is not beyond it.
    """
    upper_line, lower_line = two_thirds_lines(limits.mean, limits.upper_limit, limits.lower_limit)
    sides = [_side(value, upper_line, lower_line) for value in values]
    marks = {}
    for start in range(len(values) - 2):
        window = sides[start : start + 3]
        if window.count(None) >= 2:
            continue  # at most one point beyond a line: no two on one side
        for side in (HIGH, LOW):
            if window.count(side) >= 2:
                marks.update((start + offset, side) for offset, seen in enumerate(window) if seen == side)
    return marks


def _shift(values: Sequence[Decimal], limits: Limits) -> dict[int, str]:
    """MDC rule 4: 7 or more points in a row strictly above (or below) the mean; all are marked.

    A point exactly on the mean belongs to neither side and breaks the run.
    """
    sides = [_side(value, limits.mean, limits.mean) for value in values]
    marks = {}
    for start, stop, side in _runs(sides):
        if stop - start >= RUN_LENGTH:
            marks.update(dict.fromkeys(range(start, stop), side))
    return marks


_RULES = {
    Signal.BEYOND_LIMIT: _beyond_limit,
    Signal.TREND: _trend,
    Signal.TWO_OF_THREE: _two_of_three,
    Signal.SHIFT: _shift,
}


_NO_SIGNALS = frozenset()


def _phase_points(raw: Sequence, values: Sequence[Decimal], limits: Limits | None) -> list[SPCPoint]:
    """The points of one phase; without limits they have no mean, no limits and no signals."""
    if limits is None:
        return [SPCPoint(value, None, None, None, _NO_SIGNALS, None) for value in raw]
    marks = {signal: _RULES[signal](values, limits) for signal in SIGNAL_ORDER}
    marked = set().union(*marks.values())
    mean, upper, lower = limits.mean, limits.upper_limit, limits.lower_limit
    points = []
    for index, value in enumerate(raw):
        if index not in marked:  # most points: no signal to look up
            points.append(SPCPoint(value, mean, upper, lower, _NO_SIGNALS, None))
            continue
        signals = [signal for signal in SIGNAL_ORDER if index in marks[signal]]
        points.append(SPCPoint(value, mean, upper, lower, frozenset(signals), marks[signals[0]][index]))
    return points


# --------------------------------------------------------------------------- SPC: the icons


def _variation(latest: SPCPoint, polarity: str) -> Variation:
    """MDC's variation icon from the latest point: its special cause side read through the polarity."""
    if not latest.signals:
        return Variation.COMMON_CAUSE
    high = latest.side == HIGH
    if polarity == HIGHER_IS_BETTER:
        return Variation.IMPROVING if high else Variation.CONCERNING
    if polarity == LOWER_IS_BETTER:
        return Variation.CONCERNING if high else Variation.IMPROVING
    return Variation.HIGH if high else Variation.LOW


def _assurance(limits: Limits | None, target: Decimal | None, polarity: str) -> Assurance | None:
    """MDC's assurance icon: where the target sits against the process limits.

    A target exactly on a limit lies within the limits, so it is HIT_AND_MISS.
    """
    if limits is None or target is None or polarity == NEITHER:
        return None
    if polarity == HIGHER_IS_BETTER:
        passes, fails = limits.lower_limit > target, limits.upper_limit < target
    else:
        passes, fails = limits.upper_limit < target, limits.lower_limit > target
    if passes:
        return Assurance.PASSES
    return Assurance.FAILS if fails else Assurance.HIT_AND_MISS


# --------------------------------------------------------------------------- SPC: the whole series


def spc(values, polarity, target=None, phase_starts=(), min_points=MIN_POINTS) -> SPCResult:
    """An XmR chart of ``values`` (oldest first) as Making Data Count reads it.

    ``values`` must hold no None (drop missing periods first): a None raises ``ValueError``.

    ``phase_starts`` are the indexes where the process changed. The series is split into phases
    [0, s1), [s1, s2), ... and each phase's mean and limits come from its own points only; signals are
    looked for within a phase, so no run crosses a phase boundary. See :func:`normalise_phase_starts`
    for how index 0, out-of-range and duplicate indexes are dropped. A phase with fewer than
    ``min_points`` points has no limits and its points no signals. ``min_points`` must be at least 2.

    The result's mean, limits and mean moving range are those of the last phase (None without limits).
    ``variation`` comes from the latest point (None when the last phase has no limits); ``assurance``
    compares ``target`` with the last phase's limits (None without a target, limits or a polarity
    other than "neither").
    """
    _check_polarity(polarity)
    if min_points < 2:
        raise ValueError(f"min_points must be at least 2 (a moving range needs two points), not {min_points}")
    raw = list(values)
    for index, value in enumerate(raw):
        if value is None:
            raise ValueError(f"values[{index}] is None: drop missing periods before charting the series")
    numbers = [to_decimal(value) for value in raw]
    target = None if target is None else to_decimal(target)

    starts = normalise_phase_starts(phase_starts, len(numbers))
    points: list[SPCPoint] = []
    limits = None
    for start, stop in zip((0, *starts), (*starts, len(numbers)), strict=True):
        if stop <= start:  # only for an empty series
            continue
        limits = _limits(numbers[start:stop]) if stop - start >= min_points else None
        points.extend(_phase_points(raw[start:stop], numbers[start:stop], limits))

    return SPCResult(
        points=tuple(points),
        mean=limits.mean if limits else None,
        upper_limit=limits.upper_limit if limits else None,
        lower_limit=limits.lower_limit if limits else None,
        mean_moving_range=limits.mean_moving_range if limits else None,
        variation=_variation(points[-1], polarity) if limits else None,
        assurance=_assurance(limits, target, polarity),
    )
