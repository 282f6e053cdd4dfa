"""Reporting periods on UK public-sector financial years: April to March, Q1 = April to June.

A period is a first and a last day. Three kinds are used, written as the board writes them:

    monthly     "2018-04"      1 April 2018 to 30 April 2018
    quarterly   "2018-19 Q1"   1 April 2018 to 30 June 2018
    annual      "2018-19"      1 April 2018 to 31 March 2019
"""

import datetime
import re
from dataclasses import dataclass

from core import dates
from core.dates import month_end

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
FREQUENCIES = (MONTHLY, QUARTERLY, ANNUAL)

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[-/](\d{2})\s*Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})[-/](\d{2})$")


class PeriodError(ValueError):
    """A period that cannot be read or does not fit."""


def first_day(year, month):
    """The first day of a month; PeriodError (not a bare ValueError) for a year no date can hold."""
    try:
        return dates.first_day(year, month)
    except ValueError as error:
        raise PeriodError(str(error)) from error


def add_months(day, months):
    """The first day of the month `months` after (or before) the month of `day` (PeriodError past year 9999)."""
    try:
        return dates.add_months(day, months)
    except ValueError as error:
        raise PeriodError(str(error)) from error


def financial_year_of(day):
    """The calendar year in which the financial year containing `day` starts (2018 for 2018-19)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start_year):
    return f"{start_year:04d}-{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    # ----------------------------------------------------------------- making periods

    @classmethod
    def month(cls, year, month):
        start = first_day(year, month)
        return cls(start, month_end(start))

    @classmethod
    def quarter(cls, start_year, quarter):
        """Quarter 1 to 4 of the financial year starting in April of `start_year`."""
        if quarter not in (1, 2, 3, 4):
            raise PeriodError("A quarter is Q1, Q2, Q3 or Q4.")
        start = add_months(first_day(start_year, 4), 3 * (quarter - 1))
        return cls(start, month_end(add_months(start, 2)))

    @classmethod
    def financial_year(cls, start_year):
        return cls(first_day(start_year, 4), month_end(first_day(start_year + 1, 3)))

    @classmethod
    def containing(cls, day, frequency):
        """The period of this frequency that contains `day`."""
        if frequency == MONTHLY:
            return cls.month(day.year, day.month)
        year = financial_year_of(day)
        if frequency == QUARTERLY:
            months_in = (day.month - 4) % 12
            return cls.quarter(year, months_in // 3 + 1)
        if frequency == ANNUAL:
            return cls.financial_year(year)
        raise PeriodError(f"Unknown frequency {frequency!r}.")

    @classmethod
    def parse(cls, text):
        """Read "2018-04", "2018-19 Q1" or "2018-19"; PeriodError with a plain message otherwise."""
        if isinstance(text, datetime.datetime):
            text = text.date()
        if isinstance(text, datetime.date):
            return cls.month(text.year, text.month)
        raw = str(text).strip()
        if match := _QUARTER.match(raw):
            return cls.quarter(cls._start_year(match[1], match[2], raw), int(match[3]))
        # "2018-04" is a month and "2018-19" a financial year. Where both readings fit ("2011-12"),
        # the month wins: the board's financial years are written with a second year above 12 until 2100.
        month_match = _MONTH.match(raw)
        if month_match and 1 <= int(month_match[2]) <= 12:
            return cls.month(int(month_match[1]), int(month_match[2]))
        if month_match and _YEAR.match(raw) and (int(month_match[1]) + 1) % 100 != int(month_match[2]):
            raise PeriodError(
                f"{raw!r} is not a period: a month must be 01 to 12, and a financial year is written 2018-19."
            )
        if match := _YEAR.match(raw):
            return cls.financial_year(cls._start_year(match[1], match[2], raw))
        if month_match:
            raise PeriodError(
                f"{raw!r} is not a period: a month must be 01 to 12, and a financial year is written 2018-19."
            )
        raise PeriodError(
            f"{raw!r} is not a period. Write a month as 2018-04, a quarter as 2018-19 Q1, "
            "or a financial year as 2018-19."
        )

    @staticmethod
    def _start_year(first, second, raw):
        start_year = int(first)
        if (start_year + 1) % 100 != int(second):
            raise PeriodError(f"{raw!r} is not a financial year: the second year must follow the first, as in 2018-19.")
        return start_year

    # ----------------------------------------------------------------- what a period is

    def __post_init__(self):
        if self.end <= self.start:
            raise PeriodError("A period must end after it starts.")

    @property
    def frequency(self):
        """monthly, quarterly or annual if the period is exactly one of those; None otherwise."""
        if self.start.day != 1 or self.end != month_end(self.end):
            return None
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months == 1:
            return MONTHLY
        if months == 3 and self.start.month in (1, 4, 7, 10):
            return QUARTERLY
        if months == 12 and self.start.month == 4:
            return ANNUAL
        return None

    @property
    def financial_year_start(self):
        return financial_year_of(self.start)

    @property
    def code(self):
        """The period as the import file writes it: 2018-04, 2018-19 Q1 or 2018-19."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if frequency == QUARTERLY:
            quarter = (self.start.month - 4) % 12 // 3 + 1
            return f"{year_label(self.financial_year_start)} Q{quarter}"
        if frequency == ANNUAL:
            return year_label(self.financial_year_start)
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def label(self):
        """The period in words for pages: "April 2018", "2018-19 Q1 (Apr–Jun 2018)", "2018-19"."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start:%B %Y}"
        if frequency == QUARTERLY:
            return f"{self.code} ({self.start:%b}–{self.end:%b %Y})"
        if frequency == ANNUAL:
            return self.code
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    @property
    def short_label(self):
        """A compact label for chart axes: "Apr 18", "Q1 18-19", "2018-19"."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start:%b %y}"
        if frequency == QUARTERLY:
            year = self.financial_year_start
            return f"Q{(self.start.month - 4) % 12 // 3 + 1} {year % 100:02d}-{(year + 1) % 100:02d}"
        return self.code

    def __str__(self):
        return self.label

    # ----------------------------------------------------------------- neighbours

    def shifted(self, steps):
        """The period `steps` periods of the same frequency later (negative: earlier)."""
        frequency = self.frequency
        if frequency is None:
            raise PeriodError("Only a month, quarter or financial year has neighbours.")
        months = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}[frequency] * steps
        start = add_months(self.start, months)
        length = {MONTHLY: 0, QUARTERLY: 2, ANNUAL: 11}[frequency]
        return Period(start, month_end(add_months(start, length)))

    def previous(self):
        return self.shifted(-1)

    def year_before(self):
        """The same period a year earlier."""
        start = add_months(self.start, -12)
        return Period(start, month_end(add_months(self.end.replace(day=1), -12)))

    def contains(self, other):
        return self.start <= other.start and other.end <= self.end

    def fits(self, frequency):
        return self.frequency == frequency


def periods_between(first, last, frequency):
    """Every period of `frequency` from the one containing `first` to the one containing `last`, in order."""
    period = Period.containing(first, frequency)
    end = Period.containing(last, frequency)
    result = []
    while period <= end:
        result.append(period)
        period = period.shifted(1)
    return result


# --------------------------------------------------------------------------- the dates a plan's papers may name

PLAN_MARGIN_YEARS = 5
"""A meeting, a reporting month or a process change may fall this many years either side of its plan."""


@dataclass(frozen=True)
class DateRange:
    """The first and last day (both inclusive) that a plan's board packs and process changes may name."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def around(cls, starts_on, ends_on, years=PLAN_MARGIN_YEARS):
        """From the first of the month `years` before `starts_on` to the last day `years` after `ends_on`."""
        return cls(dates.add_months(starts_on, -12 * years), month_end(dates.add_months(ends_on, 12 * years)))

    @classmethod
    def of_plan(cls, plan, years=PLAN_MARGIN_YEARS):
        return cls.around(plan.starts_on, plan.ends_on, years)

    def __contains__(self, day):
        return self.first <= day <= self.last

    def holds(self, period):
        """Whether the whole of `period` lies within the range."""
        return period.start in self and period.end in self

    def date_error(self):
        return (
            f"Enter a date from {self.first:%-d %B %Y} to {self.last:%-d %B %Y}: "
            f"within {PLAN_MARGIN_YEARS} years of the plan."
        )

    def period_error(self):
        return (
            f"Enter a period from {self.first:%B %Y} to {self.last:%B %Y}: "
            f"within {PLAN_MARGIN_YEARS} years of the plan."
        )
