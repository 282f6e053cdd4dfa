"""Which periods are ready to sign off: what the home page offers a board administrator to lock.

A period is ready when it has ended, no sign-off lock covers it yet (`indicators.values.locks`: the
grid of a month inside a locked quarter is already read only), the plan has figures for it, and its
figures are in as far as they will be: each of the plan's indicators reported at its frequency has its
figure, or the data deadline (`indicators.deadlines`) of every such indicator has passed. A figure
still missing after its deadline is an exception on the scorecard and does not hold the sign-off up;
one still within its deadline does.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from core.datacache import cached

from . import datacache, deadlines
from .models import Indicator, IndicatorValue
from .periods import Period, PeriodError
from .values.locks import Locks


@dataclass(frozen=True)
class ReadyPeriod:
    period: Period
    figures: int
    """How many of the plan's indicators reported at the period's frequency have their figure for it."""
    expected: int
    """How many of the plan's indicators are reported at the period's frequency."""

    @property
    def is_complete(self):
        return self.figures >= self.expected


def ready_periods(figures, deadline_days, locks, today):
    """The ready periods, newest first (then shortest first: a month before its quarter).

    `figures` maps each Period to the number of indicators of its frequency with a figure for it;
    `deadline_days` maps each frequency to the data deadlines (days) of the plan's indicators reported
    at it; `locks` is a values.locks.Locks. Pure: no query.
    """
    ready = []
    for period, count in figures.items():
        if period.end >= today or locks.covering(period) is not None:
            continue
        days = deadline_days.get(period.frequency)
        if not days:
            continue  # no indicator of the plan is reported at this kind of period
        complete = count >= len(days)
        if complete or deadlines.is_overdue(period, max(days), today):
            ready.append(ReadyPeriod(period=period, figures=count, expected=len(days)))
    ready.sort(key=lambda item: (item.period.end, item.period.start), reverse=True)
    return ready


def periods_ready_to_sign_off(plan, today):
    """The plan's periods ready to sign off on `today` (see the module's docstring), newest first.

    The figures counted by period are kept until the scorecard's data next changes (indicators.datacache):
    counting them reads every value of the plan. The sign-off locks are read afresh: one query, or three
    when the figures are counted.
    """
    version = datacache.data_version()  # read before the data: see core.datacache
    days, figures = cached("sign-off-figures", version, (plan.pk, today), lambda: _figures(plan, today))
    return ready_periods(figures, days, Locks.load(), today)


def _figures(plan, today):
    """(deadline days by frequency, {Period: indicators with a figure for it}) of the periods ended before today."""
    days = defaultdict(list)
    for indicator in Indicator.objects.filter(entries__plan=plan).only("frequency", "data_deadline_days"):
        days[indicator.frequency].append(deadlines.deadline_days(indicator))
    counted = (
        IndicatorValue.objects.filter(indicator__entries__plan=plan, category__isnull=True, period_end__lt=today)
        .values_list("period_start", "period_end", "indicator__frequency")
        .annotate(count=Count("indicator", distinct=True))
        .order_by()
    )
    figures = {}
    for start, end, frequency, count in counted:
        try:
            period = Period(start, end)
        except PeriodError:
            continue
        if period.frequency == frequency:  # a figure of another kind of period is not part of this one's set
            figures[period] = figures.get(period, 0) + count
    return dict(days), figures
