"""Checking the rows of a file: what importing each would do, without saving anything.

    result = preview(rows, plan=plan, kind="values")     # every row: new, changed, unchanged or error

Numbers are read by the grid's own parser (values.numbers.parse_number): the import refuses all that
the grid refuses ("5_0", "1e3", other scripts' digits, more than 3 decimal places...). The one thing a
file may add is a % sign after a percentage (Excel writes a percentage cell so). Locks are the values
service's (values.locks). A row's optional numerator and denominator are checked against its value by
importer.fraction, and what the row does to a stored pair (given, changed, removed) is said in its reason.
Each row keeps the version of the stored row it was checked against, so
that a confirmation after someone else changed it is refused (ImportBatch.checked keeps them).
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.dates import today as site_today

from ..models import BreakdownCategory, Comparator, Indicator, IndicatorValue
from ..periods import MONTHLY, Period, PeriodError, kind_of
from ..values import service
from ..values.locks import Locks, frozen_message
from ..values.numbers import DECIMAL_PLACES as PLACES
from ..values.numbers import LARGEST, parse_number, plain_number, show_number
from .fraction import check_fraction, fraction_change
from .read import COMPARATORS, KINDS, SPACES, VALUES, normalise
from .resolve import Indicators

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
OUTCOMES = (NEW, CHANGED, UNCHANGED, ERROR)

DECIMAL_PLACES = Decimal(1).scaleb(-PLACES)  # 0.001
LARGEST_VALUE = LARGEST

# Comparator areas as people write them, besides each choice's value and label.
AREA_ALIASES = {
    "england": Comparator.Area.ENGLAND,
    "north east": Comparator.Area.NORTH_EAST,
    "north-east": Comparator.Area.NORTH_EAST,
    "north east region": Comparator.Area.NORTH_EAST,
    "north-east region": Comparator.Area.NORTH_EAST,
    "region": Comparator.Area.NORTH_EAST,
    "regional": Comparator.Area.NORTH_EAST,
    "statistical neighbours": Comparator.Area.STATISTICAL_NEIGHBOURS,
    "statistical neighbour": Comparator.Area.STATISTICAL_NEIGHBOURS,
    "statistical neighbours average": Comparator.Area.STATISTICAL_NEIGHBOURS,
    "stat neighbours": Comparator.Area.STATISTICAL_NEIGHBOURS,
}
PROVISIONAL_WORDS = {"yes": True, "y": True, "true": True, "1": True, "provisional": True}
FINAL_WORDS = {"no": False, "n": False, "false": False, "0": False, "final": False}
PROVISIONAL_PROBLEM = "the provisional column must be yes or no (or blank to leave it as it is); {text!r} is neither"
FRACTION_REMOVED = "the numerator and denominator ({fraction}) will be removed: they do not give the new value"


class ImportRejected(Exception):
    """apply() found rows with errors; nothing was saved. `.preview` has every row's outcome."""

    def __init__(self, preview):
        self.preview = preview
        errors = preview.errors
        shown = "; ".join(row.message for row in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} row(s) have errors; nothing has been saved. {shown}{more}")


@dataclass
class RowOutcome:
    """What importing one row would do."""

    row_number: int
    kind: str = NEW
    indicator_number: str = ""
    period: Period | None = None
    category_name: str = ""
    area: str = ""  # comparators: the area's label
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    note: str = ""  # the note (values) or source (comparators) given in the file
    message: str = ""  # for an error: "Row 7: there is no indicator 99 in this plan"
    reason: str = ""  # the same without "Row 7: ", for a table that shows the row number beside it
    # Resolved for apply():
    indicator: Indicator | None = field(default=None, repr=False)
    category: BreakdownCategory | None = field(default=None, repr=False)
    area_code: str = ""
    existing: object = field(default=None, repr=False)
    base: str = ""  # the version of the stored row checked against ("" for none)
    fraction_removed: bool = False
    numerator: Decimal | None = None  # values: given in the file with the denominator, checked against the value
    denominator: Decimal | None = None
    provisional: bool | None = None  # values: what the file says (None: blank, keep it as it is)

    @property
    def is_error(self):
        return self.kind == ERROR

    @property
    def old_value_text(self):
        was_provisional = getattr(self.existing, "is_provisional", False)
        return _plain(self.old_value) + (" (provisional)" if was_provisional and self.old_value is not None else "")

    @property
    def will_be_provisional(self):
        if self.provisional is not None:
            return self.provisional
        return getattr(self.existing, "is_provisional", False)

    @property
    def new_value_text(self):
        return _plain(self.new_value) + (" (provisional)" if self.will_be_provisional and not self.is_error else "")

    @property
    def period_code(self):
        return self.period.code if self.period else ""

    @property
    def outcome_label(self):
        return {NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged", ERROR: "Error"}[self.kind]


@dataclass
class ImportPreview:
    kind: str
    rows: list
    source_rows: list = field(repr=False, default_factory=list)

    @property
    def counts(self):
        counts = dict.fromkeys(OUTCOMES, 0)
        counts.update(Counter(row.kind for row in self.rows))
        return counts

    @property
    def errors(self):
        return [row for row in self.rows if row.kind == ERROR]

    @property
    def is_valid(self):
        return not any(row.kind == ERROR for row in self.rows)

    @property
    def total(self):
        return len(self.rows)


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float):
        if not math.isfinite(cell):
            return str(cell)
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
        return f"{Decimal(repr(cell)):f}"  # as typed, never with an exponent: 1e-05 is "0.00001"
    return str(cell).strip()


def _plain(value):
    """A Decimal without trailing zeros or an exponent: 12.500 → "12.5", 1200 → "1200"."""
    return plain_number(value)


PARSER_REASONS = {
    "places": "the value has more than 3 decimal places: round it to 3 or fewer",
    "too_big": f"the value is too large: the largest accepted is {LARGEST_VALUE:,}",
}


def parse_provisional(cell):
    """(True, False or None for blank; None or the reason the cell is neither yes nor no)."""
    if isinstance(cell, bool):
        return cell, None
    text = _text(cell).lower()
    if not text:
        return None, None
    words = {**PROVISIONAL_WORDS, **FINAL_WORDS}
    if text in words:
        return words[text], None
    return None, PROVISIONAL_PROBLEM.format(text=_text(cell))


def parse_value(cell, indicator=None):
    """(Decimal, None) or (None, the reason it is not a usable number), by the grid's own parser."""
    if isinstance(cell, bool):
        return None, "the value must be a number"
    text = _text(cell)
    if not text:
        return None, "the value must be a number; the cell is empty"
    if text.endswith("%"):
        # The one thing a file may add: a % sign after a percentage, as Excel writes a percentage cell.
        text = text[:-1].strip()
        if indicator is not None and indicator.unit != Indicator.Unit.PERCENTAGE:
            return None, (
                f"indicator {indicator.number} is a {indicator.get_unit_display().lower()}, not a percentage: "
                "leave out the % sign"
            )
    try:
        return parse_number(text), None
    except ValidationError as error:
        reason = PARSER_REASONS.get(error.code, f"the value must be a number; {_text(cell)!r} is not one")
        return None, reason


# A month as a spreadsheet shows a date after a CSV has been opened and saved in Excel (UK settings).
MONTH_SPELLINGS = ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")


def parse_period(text, frequency=None):
    """A Period, or the PeriodError saying why `text` is not one (of `frequency`, when given).

    Read by the indicator's frequency (Period.parse): "2011-12" is a financial year for an annual
    indicator, an academic year for an academic-year one and December 2011 for a monthly one. A month
    may also be written as Excel shows a date: Apr-18, April 2018, 01/04/2018 (day first) or 2018-04-01;
    the month containing it is meant.
    """
    try:
        return Period.parse(text, frequency)
    except PeriodError as error:
        if frequency not in (None, MONTHLY):
            return error
        for spelling in MONTH_SPELLINGS:
            try:
                day = datetime.datetime.strptime(text, spelling).date()
            except ValueError:
                continue
            return Period.month(day.year, day.month)
        return error


def _lowercase_first(text):
    return text[:1].lower() + text[1:]


class _Context:
    """Everything the checks need, loaded in a handful of queries.

    A row names its indicator by code or by its number in the plan of the row's period (importer.resolve).
    """

    def __init__(self, rows, plan, kind):
        self.kind = kind
        self.indicators = Indicators(plan)
        self.categories = {}  # breakdown id → {normalised name: category}
        self.category_names = {}
        if kind == VALUES:
            breakdown_ids = self.indicators.breakdown_ids()
            for category in BreakdownCategory.objects.filter(breakdown_id__in=breakdown_ids).order_by("order"):
                self.categories.setdefault(category.breakdown_id, {})[normalise(category.name)] = category
                self.category_names.setdefault(category.breakdown_id, []).append(category.name)
        self.periods = {}  # (text, frequency or None) → Period or PeriodError
        # Each row's indicator (or the problem naming it) and period, read once: [(indicator, problem, period)]
        self.resolved = [
            self.indicators.resolve(_text(row.get("indicator")), _text(row.get("period")), self.period) for row in rows
        ]
        good = [period for _, _, period in self.resolved if isinstance(period, Period)]
        ids = {indicator.pk for indicator, _, _ in self.resolved if indicator is not None}
        self.existing = {}
        self.locks = Locks.load()
        if good and ids:
            first, last = min(p.start for p in good), max(p.start for p in good)
            span = {"indicator_id__in": ids, "period_start__gte": first, "period_start__lte": last}
            if kind == VALUES:
                for value in IndicatorValue.objects.filter(**span):
                    key = (value.indicator_id, value.period_start, value.period_end, value.category_id)
                    self.existing[key] = value
            else:
                for comparator in Comparator.objects.filter(**span):
                    key = (comparator.indicator_id, comparator.period_start, comparator.period_end, comparator.area)
                    self.existing[key] = comparator
        self.today = site_today()

    def period(self, text, frequency):
        """The Period `text` names for an indicator of `frequency` (None: any kind), or the PeriodError why not."""
        key = (text, frequency)
        if key not in self.periods:
            self.periods[key] = parse_period(text, frequency)
        return self.periods[key]

    def frozen(self, period):
        """Why rows of `period` cannot change (a sign-off), or ""."""
        model = IndicatorValue if self.kind == VALUES else Comparator
        lock = self.locks.freezing(model, period)
        return frozen_message(lock, model, period) if lock is not None else ""


def _check_common(row, outcome, context, problems, resolved):
    """Indicator and period: sets outcome.indicator and outcome.period when they are good."""
    number = _text(row.get("indicator"))
    outcome.indicator_number = number
    indicator, problem, period = resolved
    if not number:
        problems.append("the indicator is missing")
    elif indicator is None:
        problems.append(problem)
    else:
        outcome.indicator = indicator
        outcome.indicator_number = indicator.number

    period_text = _text(row.get("period"))
    if not period_text:
        problems.append("the period is missing")
        return
    if isinstance(period, PeriodError):
        reason = _lowercase_first(str(period))
        if indicator is not None:
            reported = kind_of(indicator.frequency).reported
            reason = f"indicator {indicator.number} is reported {reported}: {reason.rstrip('.')}"
        problems.append(reason)
        return
    outcome.period = period
    if period.start > context.today:
        problems.append(f"{period.code} has not started yet")


def _check_category(row, outcome, context, problems):
    text = _text(row.get("category"))
    indicator = outcome.indicator
    if not text:
        return True  # blank: the overall figure, for any indicator
    outcome.category_name = text
    if indicator is None:
        return False
    if indicator.breakdown_id is None:
        problems.append(f"indicator {indicator.number} has no breakdown by category: leave the category blank")
        return False
    category = context.categories.get(indicator.breakdown_id, {}).get(normalise(text))
    if category is None:
        names = ", ".join(context.category_names.get(indicator.breakdown_id, []))
        problems.append(
            f"{text!r} is not a category of indicator {indicator.number}'s breakdown "
            f"({indicator.breakdown.name}): use one of {names}, or leave it blank for the overall figure"
        )
        return False
    outcome.category = category
    outcome.category_name = category.name
    return True


def _area_code(text):
    name = normalise(text).replace("(", "").replace(")", "")
    name = SPACES.sub(" ", name).strip()
    for value, label in Comparator.Area.choices:
        if name in (normalise(value), normalise(label).replace("(", "").replace(")", "")):
            return value
    return AREA_ALIASES.get(name)


def _check_area(row, outcome, problems):
    text = _text(row.get("area"))
    if not text:
        problems.append("the area is missing: use England, North East or Statistical neighbours")
        return False
    code = _area_code(text)
    if code is None:
        outcome.area = text
        problems.append(f"{text!r} is not a comparator area: use England, North East or Statistical neighbours")
        return False
    outcome.area_code = code
    outcome.area = Comparator.Area(code).label
    return True


def _check_row(row, context, seen, resolved):
    number = row.get("row_number") or 0
    outcome = RowOutcome(row_number=number)
    problems = []
    _check_common(row, outcome, context, problems, resolved)
    if context.kind == VALUES:
        key_ok = _check_category(row, outcome, context, problems)
        outcome.note = _text(row.get("note"))
        outcome.provisional, provisional_problem = parse_provisional(row.get("provisional"))
        if provisional_problem:
            problems.append(provisional_problem)
    else:
        key_ok = _check_area(row, outcome, problems)
        outcome.note = _text(row.get("source"))
        if len(outcome.note) > Comparator._meta.get_field("source").max_length:
            problems.append("the source is longer than 255 characters")

    value, value_problem = parse_value(row.get("value"), outcome.indicator)
    if value_problem:
        problems.append(value_problem)
    elif outcome.indicator is not None:
        for message in outcome.indicator.validate_figure(value).values():
            problems.append(_lowercase_first(message).rstrip("."))
    outcome.new_value = value
    if context.kind == VALUES:
        numerator, denominator, fraction_problems = check_fraction(
            _text(row.get("numerator")), _text(row.get("denominator")), outcome.indicator, value
        )
        problems += fraction_problems
        outcome.numerator, outcome.denominator = numerator, denominator

    key = None
    if outcome.indicator is not None and outcome.period is not None and key_ok:
        last = outcome.category.pk if context.kind == VALUES and outcome.category else None
        if context.kind == COMPARATORS:
            last = outcome.area_code
        key = (outcome.indicator.pk, outcome.period.start, outcome.period.end, last)
        if key in seen:
            what = "category" if context.kind == VALUES else "area"
            problems.append(f"it repeats row {seen[key]} (the same indicator, period and {what})")
            key = None
        else:
            seen[key] = number
        if frozen := context.frozen(outcome.period):
            problems.append(frozen)

    if problems:
        outcome.kind = ERROR
        joined = "; ".join(problems)
        outcome.reason = joined[:1].upper() + joined[1:]
        outcome.message = f"Row {number}: {joined}"
        return outcome

    existing = context.existing.get(key)
    outcome.existing = existing
    outcome.base = service.version(existing)
    fraction = fraction_change(existing, outcome.numerator, outcome.denominator) if context.kind == VALUES else ""
    if existing is None:
        outcome.kind = NEW
        _give_reasons(outcome, [fraction] if fraction else [])
        return outcome
    outcome.old_value = existing.value
    old_text = existing.note if context.kind == VALUES else existing.source
    text_changed = bool(outcome.note) and outcome.note != old_text
    status_changed = context.kind == VALUES and outcome.provisional not in (None, existing.is_provisional)
    changed = existing.value != value or text_changed or status_changed or fraction
    outcome.kind = CHANGED if changed else UNCHANGED
    reasons = []
    if outcome.kind == CHANGED and existing.value == value:
        what = [("the note changes" if context.kind == VALUES else "the source changes")] if text_changed else []
        if status_changed:
            what.append("now provisional" if outcome.provisional else "now final")
        reasons.append("same value; " + "; ".join([*what, *([fraction] if fraction else [])]))
    elif fraction:
        reasons.append(fraction)
    given = outcome.numerator is not None
    if context.kind == VALUES and existing.value != value and existing.numerator is not None and not given:
        # The values service's rule (service.set_figure), said in the preview: never dropped silently.
        probe = IndicatorValue(
            indicator=outcome.indicator, numerator=existing.numerator, denominator=existing.denominator
        )
        if service.set_figure(probe, value):
            outcome.fraction_removed = True
            removed = f"{show_number(existing.numerator)} / {show_number(existing.denominator)}"
            reasons.append(FRACTION_REMOVED.format(fraction=removed))
    _give_reasons(outcome, reasons)
    return outcome


def _give_reasons(outcome, reasons):
    if reasons:
        joined = "; ".join(reasons)
        outcome.reason = joined[:1].upper() + joined[1:] + "."


def preview(rows, *, plan, kind=VALUES):
    """What importing `rows` into `plan` would do, row by row, without saving anything."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}.")
    rows = list(rows)
    context = _Context(rows, plan, kind)
    seen = {}
    outcomes = [_check_row(row, context, seen, resolved) for row, resolved in zip(rows, context.resolved, strict=True)]
    return ImportPreview(kind=kind, rows=outcomes, source_rows=rows)
