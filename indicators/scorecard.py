"""The scorecard as the board reads it: each indicator's latest figure, its rating, signals and story.

Everything is read in a fixed handful of queries, whatever the number of indicators or periods,
then assembled in Python with the rules of indicators.rules. Pages, exports and the exception report
all take their figures from build_scorecard(), so they always agree.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import Max

from core.datacache import cached
from core.dates import today as site_today
from core.numbers import format_number, to_decimal

from . import datacache, deadlines, rules
from .models import Commentary, Comparator, Indicator, IndicatorValue, ProcessChange, Target
from .periods import MONTHLY, Period, PeriodError

SPARKLINE_POINTS = 24
ONE_DAY = timedelta(days=1)
# A card of this many indicators or fewer (an indicator's page, a project's) is also kept where every process
# reads it (core.datacache.cached, shared): reading one back is far quicker than computing it. A whole
# scorecard's rows are not: reading them back from pickle takes about as long as computing them.
SHARED_AT_MOST = 12


@dataclass
class Figure:
    """One period's figure; ``value`` is None for a gap, a period missing in the middle of the series."""

    period: Period
    value: Decimal | None
    is_provisional: bool = False

    @property
    def is_gap(self):
        return self.value is None


@dataclass
class IndicatorRow:
    indicator: Indicator
    series: list  # [Figure], oldest first, up to the reporting period, a gap Figure for a missing period between
    expected_period: Period | None = None
    due_period: Period | None = None  # the latest period whose figure is due, by the indicator's deadline
    deadline_days: int | None = None  # the indicator's data deadline: days after a period ends
    latest: Figure | None = None
    previous: Figure | None = None
    year_before: Figure | None = None
    target: object = None  # Target or None
    rag: rules.RAG | None = None
    direction_previous: rules.Direction | None = None
    direction_year: rules.Direction | None = None
    spc: rules.SPCResult | None = None
    comparators: dict = field(default_factory=dict)  # area -> Decimal, for the latest period
    commentary: object = None  # the newest Commentary for the latest period
    is_missing: bool = False  # the latest period due has no figure, after its deadline
    gaps: list = field(default_factory=list)  # [Period] missing between two figures, after their deadline
    reasons: list = field(default_factory=list)
    process_changes: list = field(default_factory=list)
    data_version: str = ""  # the data version the row was computed at (indicators.datacache), "" for none

    @property
    def is_exception(self):
        return bool(self.reasons)

    @property
    def variation(self):
        return self.spc.variation if self.spc else None

    @property
    def assurance(self):
        return self.spc.assurance if self.spc else None

    @property
    def spc_note(self):
        """What the verdict carries: "Rare event: not charted by XmR", "provisional (N points)", or ""."""
        return self.spc.note if self.spc else ""

    @property
    def variation_text(self):
        """The variation in words with its note, as packs and spreadsheets write it."""
        if self.spc and self.spc.rare_event:
            return self.spc.note
        if self.variation is None:
            return "No figures"
        return f"{self.variation.label}, {self.spc_note}" if self.spc_note else self.variation.label

    @property
    def latest_signals(self):
        """The special-cause signals the latest point is part of, in the rules' order."""
        if not self.spc or not self.spc.points:
            return []
        signals = self.spc.points[-1].signals
        return [signal for signal in rules.SIGNAL_ORDER if signal in signals]

    @property
    def sparkline(self):
        return self.series[-SPARKLINE_POINTS:]

    @cached_property
    def spark(self):
        """The sparkline's geometry (indicators.charts.sparkline), drawn when a page first asks for it."""
        from .charts import sparkline

        return sparkline(self.sparkline)

    @cached_property
    def chart(self):
        """The SPC chart's geometry (indicators.charts.spc_chart), drawn when a page first asks for it."""
        from .charts import spc_chart  # charts formats with this module's format_value

        return spc_chart(self)

    @property
    def missing_periods(self):
        """Every period missing after its deadline, oldest first: the gaps, then the latest due."""
        return [*self.gaps, self.due_period] if self.is_missing else list(self.gaps)

    @property
    def demand_direction(self):
        """ "high" or "low" when special cause variation moves a measure of demand (polarity "neither")."""
        return DEMAND_DIRECTIONS.get(self.variation)


class Reasons:
    RED = "Red against its target"
    CONCERNING = "Special cause variation of concern"
    FAILS = "Consistently fails its target"
    MISSING = "Value missing after the data deadline"
    DEMAND = "Unusual change in demand"
    """Special cause variation, high or low, in an indicator where neither is better (a measure of demand)."""

    @classmethod
    def demand(cls, direction):
        """The reason as it reads, with its direction: "Unusual change in demand (high)"."""
        return f"{cls.DEMAND} ({direction})"


DEMAND_DIRECTIONS = {rules.Variation.HIGH: "high", rules.Variation.LOW: "low"}


def reporting_period(code):
    """The month asked for as a code such as 2019-03, or None for "the latest month with data".

    Raises PeriodError for a code that is not a month.
    """
    if not code:
        return None
    period = Period.parse(code)
    if not period.fits(MONTHLY):
        raise PeriodError("Choose a month, such as 2019-03.")
    return period


def month_containing(last_end):
    """The month a scorecard runs up to when its latest figure ends on `last_end` (None for no figure)."""
    return Period.containing(last_end, MONTHLY) if last_end else None


def latest_month_with_data(plan, *, up_to=None, indicators=None):
    """The latest month with any overall figure for the plan's indicators (the scorecard's default), or None.

    The plan's indicators are those its scorecard lists (its entries), or `indicators` (ids) when given.
    With `up_to` (a date), only figures of periods ending by then count.
    """
    if indicators is not None:
        figures = IndicatorValue.objects.filter(indicator_id__in=indicators, category__isnull=True)
    else:
        figures = IndicatorValue.objects.filter(indicator__entries__plan=plan, category__isnull=True)
    if up_to is not None:
        figures = figures.filter(period_end__lte=up_to)
    return month_containing(figures.aggregate(last=Max("period_end"))["last"])


@dataclass
class Scorecard:
    rows: list
    as_at: Period | None  # the month the figures run up to
    data_version: str = ""  # what the rows were computed from (indicators.datacache): a key for kept fragments
    judged_on: object = None  # the date the rows are judged at (a plan's close, or today)


def plan_scorecard(plan, indicators, *, as_at=None, today=None):
    """The scorecard of `plan` for `indicators` (as indicators.listing lists them), judged at the plan's date.

    A plan whose year has ended (or that is closed) is read as at `plan.judged_on()`: no figure of a
    period ending after it, and data deadlines judged on it; the month asked for is brought back to it.
    The current plan within its year and a draft are judged today, as build_scorecard does.
    """
    today = today or site_today()
    judged = plan.judged_on(today)
    up_to = None
    if judged < today:
        up_to = judged
        last_month = Period.containing(judged, MONTHLY)
        last_month = last_month if last_month.end <= judged else last_month.previous()
        if as_at is not None and as_at.end > last_month.end:
            as_at = last_month
    card = build_scorecard(indicators, as_at=as_at, today=judged, up_to=up_to)
    card.judged_on = judged
    return card


def build_scorecard(indicators, *, as_at=None, today=None, up_to=None):
    """Rows for these indicators, reporting up to the month `as_at` (a Period), judged on `today`.

    Without `as_at`, the figures run up to the latest month that has any value for these
    indicators (of a period ending by the date `up_to`, when given). `indicators` is a queryset, read
    once with outcome and lead board, or a list of indicators already read (indicators.listing). The
    rows are computed once per change of the data (indicators.datacache) and read back after: two
    queries then.
    """
    today = today or site_today()
    version = datacache.data_version()  # read before the data: see indicators.datacache
    if hasattr(indicators, "select_related"):
        indicators = indicators.select_related("outcome", "lead_board")
    indicators = list(indicators)
    ids = [indicator.pk for indicator in indicators]
    if not ids:
        return Scorecard([], as_at, judged_on=today)
    parts = (ids, as_at.code if as_at is not None else None, today.isoformat(), up_to)
    card = cached(
        "scorecard",
        version,
        parts,
        lambda: _compute_scorecard(indicators, ids, as_at, today, version, up_to),
        shared=len(ids) <= SHARED_AT_MOST,
    )
    # Each caller gets its own rows to decorate (texts, charts), each with the indicator as just read
    # (its title, its board's name, its publishing flags); the kept rows stay as computed.
    fresh = dict(zip(ids, indicators, strict=True))
    rows = []
    for kept in card.rows:
        row = copy.copy(kept)
        row.indicator = fresh[kept.indicator.pk]
        rows.append(row)
    return Scorecard(rows, card.as_at, version, today)


def _compute_scorecard(indicators, ids, as_at, today, version, up_to=None):
    figures = IndicatorValue.objects.filter(indicator_id__in=ids, category__isnull=True)
    if as_at is not None:
        figures = figures.filter(period_end__lte=as_at.end)
    elif up_to is not None:
        figures = figures.filter(period_end__lte=up_to)
    series = defaultdict(list)
    periods = {}  # one Period per (start, end): every indicator's April 2018 is the same object
    for indicator_id, start, end, value, provisional in figures.order_by("indicator_id", "period_start").values_list(
        "indicator_id", "period_start", "period_end", "value", "is_provisional"
    ):
        period = periods.get((start, end))
        if period is None:
            period = periods[start, end] = Period(start, end)
        _append_closing_gaps(series[indicator_id], period, periods)
        series[indicator_id].append(Figure(period, value, provisional))
    if as_at is None and periods:
        as_at = month_containing(max(end for _, end in periods))
    cutoff = as_at.end if as_at else today

    targets = defaultdict(list)
    if series:
        # Only targets that can cover a latest period: none that ended before the earliest of them began.
        earliest = min(points[-1].period.start for points in series.values())
        for target in Target.objects.filter(indicator_id__in=ids, period_end__gte=earliest).order_by("period_start"):
            targets[target.indicator_id].append(target)

    changes = defaultdict(list)
    for change in ProcessChange.objects.filter(indicator_id__in=ids).order_by("period_start"):
        changes[change.indicator_id].append(change)

    rows = []
    for indicator in indicators:
        row = IndicatorRow(indicator=indicator, series=series.get(indicator.pk, []), data_version=version)
        row.process_changes = changes.get(indicator.pk, [])
        _judge(row, targets.get(indicator.pk, []), cutoff, today)
        rows.append(row)

    _attach_latest_extras(rows)
    return Scorecard(rows, as_at)


def _append_closing_gaps(figures, period, periods):
    """Before appending `period`'s figure, add a gap Figure for each period of its frequency missing since
    the figure before it, so SPC and the charts see the gap instead of closing it up."""
    if not figures or period.start == figures[-1].period.end + ONE_DAY:  # none missing: the next period follows
        return
    if period.frequency is None or figures[-1].period.frequency != period.frequency:
        return
    missing = figures[-1].period.shifted(1)
    while missing.start < period.start:
        missing = periods.setdefault((missing.start, missing.end), missing)
        figures.append(Figure(missing, None))
        missing = missing.shifted(1)


def _find(series, period):
    """The figure of `period` in a series sorted by start, looking back from the latest: the periods
    looked for (the latest's previous and year before, the expected one) are near the end. None for a gap."""
    for figure in reversed(series):
        if figure.period == period:
            return None if figure.is_gap else figure
        if figure.period.start < period.start:
            return None
    return None


def _judge(row, targets, cutoff, today):
    indicator = row.indicator
    try:
        expected = Period.containing(cutoff, indicator.frequency)
        if expected.end > cutoff:
            expected = expected.previous()
    except PeriodError:
        expected = None
    row.expected_period = expected
    if row.series:
        row.latest = row.series[-1]
        period = row.latest.period
        row.previous = _find(row.series, period.previous()) if period.frequency else None
        row.year_before = _find(row.series, period.year_before()) if period.frequency else None
        row.target = next((t for t in targets if t.period_start <= period.start and period.end <= t.period_end), None)
        polarity = indicator.polarity
        if row.target is not None:
            row.rag = rules.rag(row.latest.value, row.target.value, row.target.tolerance, polarity)
        if row.previous:
            row.direction_previous = rules.direction(row.latest.value, row.previous.value, polarity)
        if row.year_before:
            row.direction_year = rules.direction(row.latest.value, row.year_before.value, polarity)
        phase_starts = [
            index
            for change in row.process_changes
            for index in [_first_index_from(row.series, change.period_start)]
            if index is not None
        ]
        row.spc = rules.spc(
            [figure.value for figure in row.series],
            polarity,
            target=row.target.value if row.target is not None else None,
            phase_starts=phase_starts,
            counts=indicator.unit == Indicator.Unit.COUNT,
        )
    _find_missing(row, expected, today)

    if row.rag == rules.RAG.RED:
        row.reasons.append(Reasons.RED)
    if row.variation == rules.Variation.CONCERNING:
        row.reasons.append(Reasons.CONCERNING)
    if indicator.polarity == Indicator.Polarity.NEITHER and row.demand_direction:
        row.reasons.append(Reasons.demand(row.demand_direction))
    if row.assurance == rules.Assurance.FAILS:
        row.reasons.append(Reasons.FAILS)
    if row.is_missing or row.gaps:
        row.reasons.append(Reasons.MISSING)


def _find_missing(row, expected, today):
    """The latest period due by the indicator's deadline, whether its figure is missing, and the gaps."""
    days = row.deadline_days = deadlines.deadline_days(row.indicator)
    row.due_period = deadlines.latest_due(expected, days, today)
    # A due period at or before the latest figure is either there or a gap between figures.
    row.is_missing = bool(row.due_period and (not row.series or row.due_period.start > row.series[-1].period.start))
    frequency = row.indicator.frequency
    periods = [figure.period for figure in row.series if not figure.is_gap and figure.period.fits(frequency)]
    row.gaps = deadlines.gaps(periods, days, today)


def _first_index_from(series, day):
    for index, figure in enumerate(series):
        if figure.period.start >= day:
            return index
    return None


def _attach_latest_extras(rows):
    """Comparators and the newest commentary for each row's latest period: two queries for all rows."""
    latest = {row.indicator.pk: row.latest.period for row in rows if row.latest}
    if not latest:
        return
    starts = {period.start for period in latest.values()}
    by_id = {row.indicator.pk: row for row in rows}

    for comparator in Comparator.objects.filter(indicator_id__in=latest, period_start__in=starts):
        period = latest[comparator.indicator_id]
        if (comparator.period_start, comparator.period_end) == (period.start, period.end):
            by_id[comparator.indicator_id].comparators[comparator.area] = comparator.value

    for commentary in (
        Commentary.objects.filter(indicator_id__in=latest, period_start__in=starts)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        period = latest[commentary.indicator_id]
        if (commentary.period_start, commentary.period_end) == (period.start, period.end):
            by_id[commentary.indicator_id].commentary = commentary  # the newest wins


def group_by_outcome(rows):
    """[(outcome, [rows])] in outcome order, keeping the rows' natural order within each."""
    groups = {}
    for row in rows:
        groups.setdefault(row.indicator.outcome, []).append(row)
    return sorted(groups.items(), key=lambda item: item[0].number)


def group_by_outcome_and_board(rows):
    """[(outcome, [(board, [rows])])] for the exception report."""
    result = []
    for outcome, outcome_rows in group_by_outcome(rows):
        boards = {}
        for row in outcome_rows:
            boards.setdefault(row.indicator.lead_board, []).append(row)
        result.append((outcome, sorted(boards.items(), key=lambda item: item[0].name)))
    return result


UNIT_PLACES = {
    Indicator.Unit.COUNT: 0,
    Indicator.Unit.PERCENTAGE: 1,
    Indicator.Unit.RATIO: 2,
}
"""Decimal places each unit is written with; any other unit (rates) takes 1. Days: see format_value."""


def format_value(value, unit):
    """A figure as the scorecard writes it: 1,234 for counts, 45.6% for percentages, 12.3 for rates.

    The number itself is core.numbers.format_number's; this adds only the unit's places and words.
    """
    if value is None:
        return "—"
    value = to_decimal(value)
    if unit == Indicator.Unit.DAYS:
        whole = value == value.to_integral_value()
        return f"{format_number(value, places=0 if whole else 1)} days"
    text = format_number(value, places=UNIT_PLACES.get(unit, 1))
    return f"{text}%" if unit == Indicator.Unit.PERCENTAGE else text
