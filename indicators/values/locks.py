"""Which signed-off (locked) period freezes a value, a target or a comparator: the one rule.

A lock is the board's sign-off of a period. What was signed off must not change afterwards:

* a value or a comparator whose period lies inside a locked period (April 2018 inside a locked
  2018-19 Q1, or 2018-19 Q1 itself). A value for a longer period (the year 2018-19 when only its first
  quarter is locked) was not part of that sign-off: an annual figure is entered after the year ends,
  when its months are long signed off;
* a target whose period overlaps a locked period at all: the 2018-19 target rates every month of
  2018-19, so once April 2018 is signed off, the target that gave April its rating is frozen too.

The grid, the import, the admin and the commands all ask `Locks.freezing()` (through the values
service), so the rule holds everywhere at once.
"""

from django.utils import timezone

from ..models import Comparator, IndicatorValue, PeriodLock, Target
from ..periods import Period

NOUNS = {IndicatorValue: "values", Target: "targets", Comparator: "comparators"}


def overlaps(first, second):
    return first.start <= second.end and second.start <= first.end


class Locks:
    """Every sign-off lock, read once (a handful of rows), answering for as many rows as asked."""

    def __init__(self, locks):
        self.locks = sorted(locks, key=lambda lock: (lock.locked_at, lock.pk))

    @classmethod
    def load(cls):
        return cls(PeriodLock.objects.select_related("locked_by"))

    def freezing(self, model, period):
        """The lock that freezes a `model` row of `period`, or None (the oldest, when several do)."""
        if period is None:
            return None
        for lock in self.locks:
            if model is Target:
                if overlaps(lock.period, period):
                    return lock
            elif lock.period.contains(period):
                return lock
        return None

    def covering(self, period):
        """The lock that makes a values grid of `period` read only, or None."""
        return self.freezing(IndicatorValue, period)


def frozen_message(lock, model, period):
    """Why a row cannot change, in words: "2018-05 falls in 2018-19 Q1, which has been signed off and locked"."""
    if model is Target:
        if lock.period == period:
            return f"{period.code} has been signed off and locked; its target cannot change"
        return f"the target for {period.code} overlaps {lock.period.code}, which has been signed off and locked"
    where = period.code if lock.period == period else f"{period.code} falls in {lock.period.code}, which"
    return f"{where} has been signed off and locked; its {NOUNS.get(model, 'values')} cannot change"


def lock_date(lock):
    return f"{timezone.localtime(lock.locked_at):%-d %B %Y}"


def row_period(row):
    if row is None or not (row.period_start and row.period_end):
        return None
    try:
        return Period(row.period_start, row.period_end)
    except ValueError:
        return None
