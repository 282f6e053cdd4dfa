"""When an indicator's figure for a period is due, and which of its periods are missing after that.

A figure is due a number of days after its period ends: the indicator's own `data_deadline_days`
where set, otherwise the default for its frequency below. The defaults follow how the figures are
published (see fixtures/README.md): local monthly and quarterly returns within weeks, national annual
statistics many months after the year ends.
"""

import datetime
import itertools

from .periods import ACADEMIC_YEAR, ANNUAL, CALENDAR_YEAR, MONTHLY, QUARTERLY, TERMLY, PeriodError

DEFAULT_DEADLINE_DAYS = {
    MONTHLY: 30,
    QUARTERLY: 45,
    ANNUAL: 270,
    ACADEMIC_YEAR: 330,
    CALENDAR_YEAR: 450,
    TERMLY: 60,
}
"""Days after a period ends before its missing figure is an exception, by frequency (reasons in
fixtures/README.md). A new frequency needs only its line here."""

FALLBACK_DEADLINE_DAYS = 90
"""For a frequency with no line above."""

MAX_LISTED_GAPS = 60
"""The most missing periods listed for one indicator: enough for five years of months."""


def deadline_days(indicator):
    """The days after a period ends by which `indicator`'s figure is due."""
    if indicator.data_deadline_days is not None:
        return indicator.data_deadline_days
    return DEFAULT_DEADLINE_DAYS.get(indicator.frequency, FALLBACK_DEADLINE_DAYS)


def is_overdue(period, days, today):
    """Whether a figure for `period`, due `days` after it ends, is late on `today`."""
    # today - days, not end + days: a period near the calendar's end (9999-12) has no later date.
    try:
        return today - datetime.timedelta(days=days) > period.end
    except OverflowError:
        return False  # `today` is too near the calendar's start for the deadline to have passed


def latest_due(expected, days, today, *, limit=MAX_LISTED_GAPS):
    """The latest period, from `expected` back, whose deadline has passed on `today`; None if none is near.

    A figure not yet due is not missing, but the one before it may be: with a 270-day deadline, the
    year that has just ended is not due while the year before it is.
    """
    period = expected
    for _ in range(limit):
        if period is None:
            return None
        if is_overdue(period, days, today):
            return period
        try:
            period = period.previous()
        except PeriodError:
            return None
    return None


def gaps(periods, days, today, *, limit=MAX_LISTED_GAPS):
    """The periods missing between the first and the last of `periods` (sorted, one frequency) that are
    overdue on `today`: at most `limit` of them, oldest first."""
    missing = []
    for before, after in itertools.pairwise(periods):
        try:
            period = before.shifted(1)
        except PeriodError:
            continue  # a period of no regular frequency has no neighbours to miss
        while period.start < after.start and len(missing) < limit:
            if is_overdue(period, days, today):
                missing.append(period)
            try:
                period = period.shifted(1)
            except PeriodError:
                break
    return missing
