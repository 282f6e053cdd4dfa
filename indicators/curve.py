"""Turning the curve: the rules of asking a lead board for commentary on an exception.

When an indicator is an exception on the scorecard (indicators.scorecard: red, special cause of
concern, consistently failing its target, or its figure missing after the data deadline), its lead
board is asked for commentary on the period the exception is about: the period whose figure is
missing, otherwise the latest period with a figure. One request per indicator and period
(indicators.models.CommentaryRequest); any commentary written for that indicator and period answers it.

The due date of a request made on day D:

1. five working days (Monday to Friday; the site knows no bank holidays) before the first known
   board meeting that still leaves those days, that is, the first meeting M with
   `working_days_before(M, 5) >= D`. Meetings are known from the board papers (a pack made or
   asked for a meeting date): papers registers a source of meeting dates with
   `register_meeting_source` in its AppConfig.ready(), as indicators may not import papers;
2. with no such meeting: FALLBACK_DAYS_AFTER_DEADLINE calendar days after the period's data deadline
   (the period's end plus the indicator's data deadline, indicators.deadlines), but never fewer than five working
   days after D, so that no request is overdue on the day it is made.

A request is "due" until the end of its due date and "overdue" from the next day, until commentary is
written for its indicator and period.
"""

import datetime
from dataclasses import dataclass

WORKING_DAYS_BEFORE_MEETING = 5
"""How many working days before a board meeting commentary is due, so it can go into the pack."""

FALLBACK_DAYS_AFTER_DEADLINE = 14
"""With no known meeting: how many calendar days after the period's data deadline commentary is due."""

MINIMUM_WORKING_DAYS = 5
"""However the date is worked out, a board has at least this many working days from the request."""


# --------------------------------------------------------------------------- working days


def is_working_day(day):
    return day.weekday() < 5


def add_working_days(day, count):
    """The working day `count` working days after `day` (before it, for a negative count)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_before(day, count):
    """The working day `count` working days before `day`: five before Thursday 18 April is Thursday 11 April."""
    return add_working_days(day, -count)


# --------------------------------------------------------------------------- meetings


_meeting_sources = []


def register_meeting_source(source):
    """Register `source(plan, on_or_after) -> iterable of dates`: board meetings known on or after a day.

    A higher app (papers) calls this from its AppConfig.ready(); registering the same source twice is harmless.
    """
    if source not in _meeting_sources:
        _meeting_sources.append(source)
    return source


def known_meetings(plan, on_or_after):
    """Every known meeting date of the plan's board on or after `on_or_after`, earliest first."""
    dates = set()
    for source in _meeting_sources:
        dates.update(source(plan, on_or_after))
    return sorted(day for day in dates if day >= on_or_after)


# --------------------------------------------------------------------------- the due date


def data_deadline(period, deadline_days):
    """The last day a period's figure may arrive before it counts as missing."""
    return period.end + datetime.timedelta(days=deadline_days)


def due_date(period, *, today, deadline_days, meetings=()):
    """When commentary on `period` asked for on `today` is due, given the known meeting dates (see above)."""
    for meeting in sorted(meetings):
        due = working_days_before(meeting, WORKING_DAYS_BEFORE_MEETING)
        if due >= today:
            return due
    fallback = data_deadline(period, deadline_days) + datetime.timedelta(days=FALLBACK_DAYS_AFTER_DEADLINE)
    return max(fallback, add_working_days(today, MINIMUM_WORKING_DAYS))


# --------------------------------------------------------------------------- what an exception asks for


def exception_period(row):
    """The period a scorecard row's exception is about (its missing period, else its latest), or None."""
    if not row.is_exception:
        return None
    if row.is_missing and row.expected_period is not None:
        return row.expected_period
    return row.latest.period if row.latest else None


@dataclass(frozen=True)
class CommentaryDue:
    """What a page says of a request not yet answered: "Commentary due 11 April 2019" or "Commentary overdue"."""

    due_on: datetime.date
    is_overdue: bool

    @property
    def text(self):
        if self.is_overdue:
            return f"Commentary overdue: it was due on {self.due_on:%-d %B %Y}"
        return f"Commentary due {self.due_on:%-d %B %Y}"


def commentary_due(request, *, today):
    """CommentaryDue for a request (annotated with is_fulfilled), or None once commentary is written."""
    if request is None or request.is_fulfilled:
        return None
    return CommentaryDue(due_on=request.due_on, is_overdue=request.due_on < today)


def attach_commentary_due(rows, *, today):
    """Set `row.commentary_due` (a CommentaryDue or None) on each scorecard row that is an exception: one query."""
    from .models import CommentaryRequest

    wanted = {}
    for row in rows:
        row.commentary_due = None
        period = exception_period(row)
        if period is not None:
            wanted[row.indicator.pk, period.start, period.end] = row
    if not wanted:
        return rows
    requests = CommentaryRequest.objects.with_fulfilment().filter(
        indicator_id__in={key[0] for key in wanted}, period_start__in={key[1] for key in wanted}
    )
    for request in requests:
        row = wanted.get((request.indicator_id, request.period_start, request.period_end))
        if row is not None:
            row.commentary_due = commentary_due(request, today=today)
    return rows
