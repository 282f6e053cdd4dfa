"""Reporting periods as the figures are published: months, financial quarters and years (April to March),
academic years (September to August), calendar years and school terms.

A period is a first and a last day. Its kind (its frequency) follows from those two days alone: no two kinds
share a length and a first month. Each kind has one written form (its code), which the import file, the
grid's address and every download use, and a few other forms a person may type:

    kind            code            dates                          also read
    monthly         "2018-04"       1 Apr 2018 to 30 Apr 2018      Apr-18, April 2018 (in an import)
    quarterly       "2018-19 Q1"    1 Apr 2018 to 30 Jun 2018      2018/19 Q1
    annual          "2018-19"       1 Apr 2018 to 31 Mar 2019      2018/19, FY 2018-19 (a financial year)
    academic_year   "AY 2018-19"    1 Sep 2018 to 31 Aug 2019      AY 2018/19, academic year 2018-19
    calendar_year   "2018"          1 Jan 2018 to 31 Dec 2018      CY 2018, calendar year 2018
    termly          "Autumn 2018"   1 Sep 2018 to 31 Dec 2018      Autumn term 2018, Autumn 2018/19
                    "Spring 2019"   1 Jan 2019 to 30 Apr 2019      Spring term 2019, Spring 2018/19
                    "Summer 2019"   1 May 2019 to 31 Aug 2019      Summer term 2019, Summer 2018/19

School terms have fixed dates here, four months each, a third of the academic year: Autumn from September
to December, Spring from January to April, Summer from May to August. The Easter break falls near the
spring-summer boundary, and the school census days (October, January, May) fall one in each term. No term
is three months long, so a term is never mistaken for a financial quarter (Spring to 31 March would be Q4).

A period typed for an indicator is read by that indicator's frequency (`Period.parse(text, frequency)`):
"2011-12" is the financial year 2011-12 for an annual indicator, the academic year 2011-12 for an
academic-year indicator and December 2011 for a monthly one. Read without a frequency (the grid's period
box, a sign-off) a year pair is a month where it can be one ("2011-12" is December 2011) and a financial
year otherwise; the codes above are never ambiguous.

Targets follow the indicator's kind of year (`target_frequency`): a financial year for monthly, quarterly
and annual indicators, an academic year for academic-year and termly ones, a calendar year for calendar-year
ones.
"""

import datetime
import re
from dataclasses import dataclass

from core import dates
from core.dates import month_end

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
ACADEMIC_YEAR, CALENDAR_YEAR, TERMLY = "academic_year", "calendar_year", "termly"
FREQUENCIES = (MONTHLY, QUARTERLY, ANNUAL, ACADEMIC_YEAR, CALENDAR_YEAR, TERMLY)


@dataclass(frozen=True)
class Kind:
    """One kind of period: its length, a month one starts in, and the words a page or a message uses."""

    frequency: str
    months: int
    anchor: int
    noun: str
    """"a month": what one period of the kind is called."""
    reported: str
    """"monthly": as in "indicator 3 is reported monthly"."""
    example: str
    """The forms a person may type, as in "write a month such as 2018-04"."""
    heading: str
    """The heading of a list of such periods: "Months"."""


KINDS = {
    kind.frequency: kind
    for kind in (
        Kind(MONTHLY, 1, 1, "a month", "monthly", "a month such as 2018-04", "Months"),
        Kind(QUARTERLY, 3, 4, "a quarter", "quarterly", "a quarter such as 2018-19 Q1", "Quarters"),
        Kind(
            ANNUAL,
            12,
            4,
            "a financial year",
            "annually",
            "a financial year such as 2018-19 (April to March)",
            "Financial years",
        ),
        Kind(
            ACADEMIC_YEAR,
            12,
            9,
            "an academic year",
            "by academic year",
            "an academic year such as AY 2018-19 or 2018-19 (September to August)",
            "Academic years",
        ),
        Kind(
            CALENDAR_YEAR,
            12,
            1,
            "a calendar year",
            "by calendar year",
            "a calendar year such as 2018",
            "Calendar years",
        ),
        Kind(
            TERMLY,
            4,
            9,
            "a school term",
            "by school term",
            "a school term such as Autumn 2018, Spring 2019 or Summer 2019",
            "School terms",
        ),
    )
}

TERMS = {"autumn": 9, "spring": 1, "summer": 5}
"""Each school term's first month; a term is four months long."""
TERM_NAMES = {month: name.capitalize() for name, month in TERMS.items()}

TARGET_FREQUENCIES = {ACADEMIC_YEAR: ACADEMIC_YEAR, TERMLY: ACADEMIC_YEAR, CALENDAR_YEAR: CALENDAR_YEAR}
"""The kind of year a target covers, by the indicator's frequency; a financial year for the others."""

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[-/](\d{2})\s*Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})[-/](\d{2})$")
_FINANCIAL = re.compile(r"^(?:FY|financial\s+year)\s*(\d{4})[-/](\d{2})$", re.IGNORECASE)
_ACADEMIC = re.compile(r"^(?:AY|academic\s+year)\s*(\d{4})[-/](\d{2})$", re.IGNORECASE)
_CALENDAR = re.compile(r"^(?:CY\s*|calendar\s+year\s+)?(\d{4})$", re.IGNORECASE)
_TERM = re.compile(r"^(autumn|spring|summer)(?:\s+term)?\s+(\d{4})(?:[-/](\d{2}))?$", re.IGNORECASE)

EVERY_FORM = (
    "Write a month as 2018-04, a quarter as 2018-19 Q1, a financial year as 2018-19, an academic year as "
    "AY 2018-19, a calendar year as 2018, or a school term as Autumn 2018."
)


class PeriodError(ValueError):
    """A period that cannot be read or does not fit."""


def kind_of(frequency):
    """The Kind of a frequency; PeriodError for one that is not known."""
    try:
        return KINDS[frequency]
    except KeyError:
        raise PeriodError(f"Unknown frequency {frequency!r}.") from None


def target_frequency(frequency):
    """The kind of period a target of an indicator of `frequency` covers (annual: a financial year)."""
    return TARGET_FREQUENCIES.get(frequency, ANNUAL)


def not_of_kind(text, frequency):
    """The message for `text` typed for an indicator reported at `frequency` that is not one of its periods."""
    kind = kind_of(frequency)
    return f"{text!r} is not {kind.noun}; write {kind.example}"


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
    def _of(cls, start, frequency):
        return cls(start, month_end(add_months(start, KINDS[frequency].months - 1)))

    @classmethod
    def month(cls, year, month):
        start = first_day(year, month)
        return cls(start, month_end(start))

    @classmethod
    def quarter(cls, start_year, quarter):
        """Quarter 1 to 4 of the financial year starting in April of `start_year`."""
        if quarter not in (1, 2, 3, 4):
            raise PeriodError("A quarter is Q1, Q2, Q3 or Q4.")
        return cls._of(add_months(first_day(start_year, 4), 3 * (quarter - 1)), QUARTERLY)

    @classmethod
    def financial_year(cls, start_year):
        return cls._of(first_day(start_year, 4), ANNUAL)

    @classmethod
    def academic_year(cls, start_year):
        """September of `start_year` to August of the next."""
        return cls._of(first_day(start_year, 9), ACADEMIC_YEAR)

    @classmethod
    def calendar_year(cls, year):
        return cls._of(first_day(year, 1), CALENDAR_YEAR)

    @classmethod
    def term(cls, name, year):
        """The school term "autumn", "spring" or "summer" of the calendar year `year` (Autumn 2018, Spring 2019)."""
        month = TERMS.get(str(name).lower())
        if month is None:
            raise PeriodError("A school term is Autumn, Spring or Summer.")
        return cls._of(first_day(year, month), TERMLY)

    @classmethod
    def containing(cls, day, frequency):
        """The period of this frequency that contains `day`."""
        kind = kind_of(frequency)
        offset = (day.month - kind.anchor) % kind.months
        return cls._of(add_months(first_day(day.year, day.month), -offset), frequency)

    @classmethod
    def parse(cls, text, frequency=None):
        """Read a period as written (see the module's table); PeriodError with a plain message otherwise.

        With a `frequency`, the text is read as a period of that kind or refused: a year pair such as
        "2011-12" is a financial year for "annual", an academic year for "academic_year" and a month for
        "monthly"; "2018-19 Q1" for an annual indicator is refused, saying what to write instead.
        """
        if frequency is None:
            return cls._parse_any(text)
        kind = kind_of(frequency)
        raw = text.strip() if isinstance(text, str) else text
        if isinstance(raw, str) and (match := _YEAR.match(raw)) and frequency in (ANNUAL, ACADEMIC_YEAR):
            start_year = cls._start_year(match[1], match[2], raw, kind.noun)
            return cls.financial_year(start_year) if frequency == ANNUAL else cls.academic_year(start_year)
        try:
            period = cls._parse_any(text)
        except PeriodError:
            period = None
        if period is None or not period.fits(frequency):
            raise PeriodError(not_of_kind(str(raw), frequency) + ".")
        return period

    @classmethod
    def _parse_any(cls, text):
        if isinstance(text, datetime.datetime):
            text = text.date()
        if isinstance(text, datetime.date):
            return cls.month(text.year, text.month)
        raw = str(text).strip()
        if match := _QUARTER.match(raw):
            return cls.quarter(cls._start_year(match[1], match[2], raw), int(match[3]))
        if match := _FINANCIAL.match(raw):
            return cls.financial_year(cls._start_year(match[1], match[2], raw))
        if match := _ACADEMIC.match(raw):
            return cls.academic_year(cls._start_year(match[1], match[2], raw, "an academic year"))
        if match := _TERM.match(raw):
            return cls._term(match, raw)
        if match := _CALENDAR.match(raw):
            return cls.calendar_year(int(match[1]))
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
        raise PeriodError(f"{raw!r} is not a period. {EVERY_FORM}")

    @classmethod
    def _term(cls, match, raw):
        """Autumn 2018, Spring term 2019, or the term of an academic year: Spring 2018/19 is Spring 2019."""
        name, year = match[1].lower(), int(match[2])
        if match[3] is not None:
            start_year = cls._start_year(match[2], match[3], raw, "an academic year")
            year = start_year if name == "autumn" else start_year + 1
        return cls.term(name, year)

    @staticmethod
    def _start_year(first, second, raw, noun="a financial year"):
        start_year = int(first)
        if (start_year + 1) % 100 != int(second):
            raise PeriodError(f"{raw!r} is not {noun}: the second year must follow the first, as in 2018-19.")
        return start_year

    # ----------------------------------------------------------------- what a period is

    def __post_init__(self):
        if self.end <= self.start:
            raise PeriodError("A period must end after it starts.")

    @property
    def frequency(self):
        """The kind of period (monthly, quarterly, annual, academic_year, ...) it is exactly; None if none."""
        if self.start.day != 1 or self.end != month_end(self.end):
            return None
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        for kind in KINDS.values():
            if kind.months == months and (self.start.month - kind.anchor) % months == 0:
                return kind.frequency
        return None

    @property
    def financial_year_start(self):
        return financial_year_of(self.start)

    @property
    def code(self):
        """The period as the import file writes it: 2018-04, 2018-19 Q1, 2018-19, AY 2018-19, 2018, Autumn 2018."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if frequency == QUARTERLY:
            quarter = (self.start.month - 4) % 12 // 3 + 1
            return f"{year_label(self.financial_year_start)} Q{quarter}"
        if frequency == ANNUAL:
            label = year_label(self.financial_year_start)
            # "2007-08" would read back as August 2007: such a year is written "FY 2007-08".
            return f"FY {label}" if 1 <= int(label[-2:]) <= 12 else label
        if frequency == ACADEMIC_YEAR:
            return f"AY {year_label(self.start.year)}"
        if frequency == CALENDAR_YEAR:
            return f"{self.start.year:04d}"
        if frequency == TERMLY:
            return f"{TERM_NAMES[self.start.month]} {self.start.year:04d}"
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def label(self):
        """The period in words for pages: "April 2018", "2018-19 Q1 (Apr–Jun 2018)", "2018-19",
        "Academic year 2018-19", "Calendar year 2018", "Autumn term 2018 (Sep–Dec 2018)"."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start:%B %Y}"
        if frequency == QUARTERLY:
            return f"{self.code} ({self.start:%b}–{self.end:%b %Y})"
        if frequency == ANNUAL:
            return self.code
        if frequency == ACADEMIC_YEAR:
            return f"Academic year {year_label(self.start.year)}"
        if frequency == CALENDAR_YEAR:
            return f"Calendar year {self.start.year:04d}"
        if frequency == TERMLY:
            return f"{TERM_NAMES[self.start.month]} term {self.start.year:04d} ({self.start:%b}–{self.end:%b %Y})"
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    @property
    def short_label(self):
        """A compact label for chart axes: "Apr 18", "Q1 18-19", "2018-19", "AY 18-19", "2018", "Aut 18"."""
        frequency = self.frequency
        if frequency == MONTHLY:
            return f"{self.start:%b %y}"
        if frequency == QUARTERLY:
            year = self.financial_year_start
            return f"Q{(self.start.month - 4) % 12 // 3 + 1} {year % 100:02d}-{(year + 1) % 100:02d}"
        if frequency == ACADEMIC_YEAR:
            return f"AY {self.start.year % 100:02d}-{(self.start.year + 1) % 100:02d}"
        if frequency == TERMLY:
            return f"{TERM_NAMES[self.start.month][:3]} {self.start.year % 100:02d}"
        return self.code

    def __str__(self):
        return self.label

    # ----------------------------------------------------------------- neighbours

    def shifted(self, steps):
        """The period `steps` periods of the same frequency later (negative: earlier)."""
        frequency = self.frequency
        if frequency is None:
            raise PeriodError("Only a month, quarter, year or school term has neighbours.")
        return Period._of(add_months(self.start, KINDS[frequency].months * steps), frequency)

    def previous(self):
        return self.shifted(-1)

    def year_before(self):
        """The same period a year earlier (Autumn 2017 for Autumn 2018)."""
        start = add_months(self.start, -12)
        return Period(start, month_end(add_months(self.end.replace(day=1), -12)))

    def contains(self, other):
        return self.start <= other.start and other.end <= self.end

    def fits(self, frequency):
        return self.frequency == frequency

    def target_period(self, frequency):
        """The year a target for this period covers, for an indicator reported at `frequency`."""
        return Period.containing(self.start, target_frequency(frequency))


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
