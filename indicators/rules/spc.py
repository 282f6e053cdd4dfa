"""Statistical process control: an XmR chart of a series as Making Data Count reads it.

The reference is NHSRplotthedots, the NHS-R community's implementation of NHS England's "Making Data
Count" (MDC); each step below names the function of it that it follows.

Limits (ptd_spc_standard)
    Per phase, the mean of the phase's values; the moving ranges |x[i] - x[i-1]| of consecutive values (none
    across a gap); their mean; then, screened once, every moving range of 3.267 times that mean or more is
    dropped and the mean of the rest is the mean moving range. Process limits sit 2.66 mean moving ranges
    either side of the mean, and the "close to a limit" lines two thirds of the way out. A phase of one point
    has a mean but no moving range and so no limits.

Signals (ptd_calculate_point_type)
    A point beyond a limit; a trend of 7 points; 2 of 3 points close to a limit; a run of 7 on one side of
    the mean (see indicators.rules.signals). A point marked by several takes the side of the first in
    SIGNAL_ORDER.

Short phases (ptd_add_short_group_warnings)
    A phase of fewer than 12 points still has its (trial) limits and verdicts, marked provisional with its
    number of points.

Icons (geom_ptd_icon, ptd_calculate_assurance_type)
    Variation from the latest point; assurance from the target against the last phase's limits.

Rare events
    A count that is mostly zero is not judged by an XmR chart (see :func:`is_rare_event`).

Where the reference gives no limits because every moving range is zero (a constant phase: all are
screened out and the mean of none is NaN), the limits here sit on the mean; either way no point is special.
A last phase of one point has no limits, so no assurance (the reference compares the target with NaN
limits and says "inconsistent").
"""

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from itertools import pairwise

from .common import (
    _CONTEXT,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEITHER,
    ZERO,
    _check_polarity,
    _LabelledEnum,
    to_decimal,
)
from .signals import HIGH, LOW, RUN_LENGTH, _beyond_limit, _shift, _sides_of_mean, _trend, _two_of_three

__all__ = [
    "HIGH",
    "LOW",
    "MIN_POINTS",
    "RARE_EVENT_LABEL",
    "RUN_LENGTH",
    "SCREEN_FACTOR",
    "SIGMA_FACTOR",
    "SIGNAL_ORDER",
    "Assurance",
    "Limits",
    "Phase",
    "SPCPoint",
    "SPCResult",
    "Signal",
    "Variation",
    "is_rare_event",
    "normalise_phase_starts",
    "process_limits",
    "spc",
    "two_thirds_lines",
]


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
"""Making Data Count's minimum for settled limits: a phase with fewer points has provisional (trial) limits."""

SIGMA_FACTOR = Decimal("2.66")
"""Process limits sit this many mean moving ranges from the mean (3 / 1.128, as MDC rounds it)."""

SCREEN_FACTOR = Decimal("3.267")
"""A moving range this many times the mean moving range or more is screened out before the limits are set."""

RARE_EVENT_LABEL = "Rare event: not charted by XmR"


@dataclass(frozen=True)
class Limits:
    """One phase's centre line and process limits, with the (screened) mean moving range they come from.

    ``mean_moving_range`` and the limits are None for a phase with no moving range (one point, or points
    that are all separated by gaps).
    """

    mean: Decimal
    mean_moving_range: Decimal | None
    upper_limit: Decimal | None
    lower_limit: Decimal | None

    def two_thirds_lines(self) -> tuple[Decimal, Decimal]:
        """The lines two thirds of the way from the mean to the upper and to the lower limit."""
        with localcontext(_CONTEXT):
            return (
                self.mean + 2 * (self.upper_limit - self.mean) / 3,
                self.mean - 2 * (self.mean - self.lower_limit) / 3,
            )


@dataclass(frozen=True)
class Phase:
    """A stretch of the series between process changes: ``[start, stop)`` as indexes of the series.

    ``points`` is the number of values in it (gaps not counted); ``provisional`` is True when that is fewer
    than the minimum, so its limits are trial limits. ``limits`` is None only for a phase with no value.
    """

    start: int
    stop: int
    points: int
    provisional: bool
    limits: Limits | None


@dataclass(frozen=True)
class SPCPoint:
    """One point of the series, with its phase's mean and limits and the signals it is part of.

    ``value`` is the input value exactly as given (not converted), or None for a gap. ``mean``,
    ``upper_limit`` and ``lower_limit`` are those of the point's phase (None where the phase has none).
    ``side`` is ``"high"`` or ``"low"``, the side of the first signal in SIGNAL_ORDER that marks the point,
    or None when no signal marks it.
    """

    value: int | float | Decimal | None
    mean: Decimal | None
    upper_limit: Decimal | None
    lower_limit: Decimal | None
    signals: frozenset[Signal]
    side: str | None

    @property
    def is_gap(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class SPCResult:
    """A whole series: every point, its phases, the last phase's mean and limits, and the two MDC icons.

    ``rare_event`` is True when the series is not judged by an XmR chart at all (see is_rare_event): then
    no point has limits or signals and there is no variation or assurance.
    """

    points: tuple[SPCPoint, ...]
    mean: Decimal | None
    upper_limit: Decimal | None
    lower_limit: Decimal | None
    mean_moving_range: Decimal | None
    variation: Variation | None
    assurance: Assurance | None
    phases: tuple[Phase, ...] = ()
    rare_event: bool = False

    @property
    def provisional(self) -> bool:
        """Whether the latest phase's limits are provisional (fewer than MIN_POINTS points)."""
        return bool(self.phases) and self.phases[-1].provisional and not self.rare_event

    @property
    def phase_points(self) -> int:
        """The number of points in the latest phase (0 for an empty series)."""
        return self.phases[-1].points if self.phases else 0

    @property
    def note(self) -> str:
        """What a page says beside the verdict: the rare event, or "provisional (N points)", or nothing."""
        if self.rare_event:
            return RARE_EVENT_LABEL
        if self.provisional:
            return f"provisional ({self.phase_points} point{'' if self.phase_points == 1 else 's'})"
        return ""


# --------------------------------------------------------------------------- limits


def process_limits(values: Sequence) -> Limits:
    """The XmR chart's mean, screened mean moving range and process limits of ``values`` (at least 2).

    None in ``values`` is a gap: no moving range is taken across it. See the module's docstring.
    """
    numbers = [None if value is None else to_decimal(value) for value in values]
    if sum(number is not None for number in numbers) < 2:
        raise ValueError("Process limits need at least 2 values.")
    return _limits(numbers)


def _limits(numbers: Sequence[Decimal | None]) -> Limits:
    """process_limits() of values already converted to Decimal (spc() converts them once); one value at least."""
    present = [number for number in numbers if number is not None]
    ranges = [
        abs(current - previous)
        for previous, current in pairwise(numbers)
        if previous is not None and current is not None
    ]
    with localcontext(_CONTEXT):
        mean = sum(present, ZERO) / len(present)
        if not ranges:
            return Limits(mean, None, None, None)
        first_mean = sum(ranges, ZERO) / len(ranges)
        if first_mean > 0:  # all zero: the reference keeps none (see the module's docstring); keep them all
            screen = SCREEN_FACTOR * first_mean
            ranges = [mr for mr in ranges if mr < screen]
        total = sum(ranges, ZERO)
        # 2.66 × total / count rather than 2.66 × (total / count): one rounding fewer, so that,
        # say, 2.66 × 20 / 14 is exactly 3.8.
        spread = SIGMA_FACTOR * total / len(ranges)
        return Limits(mean, total / len(ranges), upper_limit=mean + spread, lower_limit=mean - spread)


def two_thirds_lines(mean, upper, lower) -> tuple[Decimal, Decimal]:
    """The lines two thirds of the way from the mean to the upper and to the lower limit: (upper, lower).

    A point beyond one of them and inside its limit is "close to a limit" for the two-of-three rule.
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


def is_rare_event(values: Sequence) -> bool:
    """Whether a count is a rare event, which an XmR chart does not judge: more than half its values are 0.

    MDC charts rare events (a few incidents a year) as the time between them (a g or t chart), not as an
    XmR chart of counts: with mostly zeros the moving ranges are mostly zero, the limits collapse onto the
    mean and a single event looks like special cause. ``values`` are a count's values (gaps as None, which
    are not counted); spc() reads them for the latest phase.
    """
    present = [value for value in values if value is not None]
    zeros = sum(to_decimal(value) == 0 for value in present)
    return bool(present) and zeros * 2 > len(present)


# --------------------------------------------------------------------------- points and icons

_RULES = {
    Signal.BEYOND_LIMIT: _beyond_limit,
    Signal.TREND: _trend,
    Signal.TWO_OF_THREE: _two_of_three,
    Signal.SHIFT: _shift,
}

_NO_SIGNALS = frozenset()


def _phase_points(raw: Sequence, values: Sequence[Decimal | None], limits: Limits | None) -> list[SPCPoint]:
    """The points of one phase; without limits they have no mean, no limits and no signals."""
    if limits is None:
        return [SPCPoint(value, None, None, None, _NO_SIGNALS, None) for value in raw]
    beyond = _beyond_limit(values, limits)
    sides = _sides_of_mean(values, limits)
    marks = {
        Signal.BEYOND_LIMIT: beyond,
        Signal.TREND: _trend(values, limits),
        Signal.TWO_OF_THREE: _two_of_three(values, limits, sides=sides, beyond=beyond),
        Signal.SHIFT: _shift(values, limits, sides=sides),
    }
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


def _variation(latest: SPCPoint, polarity: str) -> Variation:
    """MDC's variation icon from the latest point (ptd_point_type): its side read through the polarity."""
    if not latest.signals:
        return Variation.COMMON_CAUSE
    high = latest.side == HIGH
    if polarity == HIGHER_IS_BETTER:
        return Variation.IMPROVING if high else Variation.CONCERNING
    if polarity == LOWER_IS_BETTER:
        return Variation.CONCERNING if high else Variation.IMPROVING
    return Variation.HIGH if high else Variation.LOW


def _assurance(limits: Limits | None, target: Decimal | None, polarity: str) -> Assurance | None:
    """MDC's assurance icon (ptd_calculate_assurance_type): the target against the last phase's limits.

    A target exactly on a limit lies within the limits, so it is HIT_AND_MISS.
    """
    if limits is None or limits.upper_limit is None or target is None or polarity == NEITHER:
        return None
    if polarity == HIGHER_IS_BETTER:
        passes, fails = limits.lower_limit > target, limits.upper_limit < target
    else:
        passes, fails = limits.upper_limit < target, limits.lower_limit > target
    if passes:
        return Assurance.PASSES
    return Assurance.FAILS if fails else Assurance.HIT_AND_MISS


# --------------------------------------------------------------------------- the whole series


def spc(values, polarity, target=None, phase_starts=(), min_points=MIN_POINTS, counts=False) -> SPCResult:
    """An XmR chart of ``values`` (oldest first) as Making Data Count reads it.

    A None in ``values`` is a gap, a period missing in the middle of the series: it is never special, it
    breaks runs, trends and windows of three, no moving range is taken across it, and it is not counted
    among its phase's points.

    ``phase_starts`` are the indexes where the process changed. The series is split into phases
    [0, s1), [s1, s2), ... and each phase's mean and limits come from its own points only; signals are
    looked for within a phase, so no run crosses a phase boundary. See :func:`normalise_phase_starts`
    for how index 0, out-of-range and duplicate indexes are dropped. A phase with fewer than
    ``min_points`` values has provisional (trial) limits and verdicts. ``min_points`` must be at least 2.

    With ``counts`` (the values count events), a latest phase that :func:`is_rare_event` gives a result
    with ``rare_event`` set and no limits, signals, variation or assurance.

    The result's mean, limits and mean moving range are those of the last phase. ``variation`` comes from
    the latest value (None for a series with no value); ``assurance`` compares ``target`` with the last
    phase's limits (None without a target or limits, and for the polarity "neither").
    """
    _check_polarity(polarity)
    if min_points < 2:
        raise ValueError(f"min_points must be at least 2 (a moving range needs two points), not {min_points}")
    raw = list(values)
    numbers = [None if value is None else to_decimal(value) for value in raw]
    target = None if target is None else to_decimal(target)

    starts = normalise_phase_starts(phase_starts, len(numbers))
    bounds = [(start, stop) for start, stop in zip((0, *starts), (*starts, len(numbers)), strict=True) if stop > start]
    rare = counts and bool(bounds) and is_rare_event(numbers[bounds[-1][0] :])

    points: list[SPCPoint] = []
    phases: list[Phase] = []
    limits = None
    for start, stop in bounds:
        count = sum(number is not None for number in numbers[start:stop])
        limits = _limits(numbers[start:stop]) if count and not rare else None
        phases.append(Phase(start, stop, count, provisional=count < min_points, limits=limits))
        points.extend(_phase_points(raw[start:stop], numbers[start:stop], limits))

    latest = next((point for point in reversed(points) if not point.is_gap), None)
    return SPCResult(
        points=tuple(points),
        mean=limits.mean if limits else None,
        upper_limit=limits.upper_limit if limits else None,
        lower_limit=limits.lower_limit if limits else None,
        mean_moving_range=limits.mean_moving_range if limits else None,
        variation=_variation(latest, polarity) if limits and latest else None,
        assurance=_assurance(limits, target, polarity),
        phases=tuple(phases),
        rare_event=rare,
    )
