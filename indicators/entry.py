"""The browser grid for entering indicator values ("Values in the browser").

Which indicators are due in a period, the grid's cells (the overall figure and one per breakdown
category), how a value follows from a numerator and a denominator, and the all-or-nothing save.
The view (views/entry.py) and the form (forms_entry.py) are thin layers over this module.

Rules the page states to the people using it:

* A blank cell means "no change": the grid never deletes a stored value.
* Percentages, rates and ratios may be given as a numerator and a denominator instead of the value.
  The value is SCALE × numerator ÷ denominator (100 for a percentage, 10,000 for a rate per 10,000,
  1,000 for a rate per 1,000, 1 for a ratio), rounded to 1 decimal place, halves rounded up.
  If the value is typed as well, it must round to the same figure.
* A value typed on its own replaces a stored numerator and denominator that no longer give it.
* The row's note is kept with the indicator's overall figure.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from .models import BreakdownCategory, Indicator, IndicatorValue, PeriodLock, PeriodLocked
from .periods import ANNUAL, MONTHLY, QUARTERLY, Period

# The recent periods offered in the picker: (frequency, heading, how many), newest first.
RECENT = ((MONTHLY, "Months", 24), (QUARTERLY, "Quarters", 8), (ANNUAL, "Financial years", 5))

SCALES = {
    Indicator.Unit.PERCENTAGE: Decimal(100),
    Indicator.Unit.RATE_PER_10K: Decimal(10000),
    Indicator.Unit.RATE_PER_1K: Decimal(1000),
    Indicator.Unit.RATIO: Decimal(1),
}
ONE_PLACE = Decimal("0.1")

# IndicatorValue's value, numerator and denominator: max_digits=14, decimal_places=3.
DECIMAL_PLACES = 3
WHOLE_DIGITS = 11

# What a negative figure is called in its error message, by unit.
NOUNS = {
    Indicator.Unit.COUNT: "count",
    Indicator.Unit.PERCENTAGE: "percentage",
    Indicator.Unit.RATE_PER_10K: "rate",
    Indicator.Unit.RATE_PER_1K: "rate",
    Indicator.Unit.DAYS: "number of days",
    Indicator.Unit.RATIO: "ratio",
}

NOT_A_NUMBER = "Enter a number, such as 12 or 75.5."
CLASH = "Someone else saved values for this period at the same moment. Nothing was saved: check and save again."
_NUMBER = re.compile(r"^(?P<sign>-)?(?P<whole>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.(?P<fraction>[0-9]+))?$")


# --------------------------------------------------------------------------- numbers


def parse_number(text):
    """A Decimal from what a person typed ("12", "1,234", "75.5", "-3"); ValidationError otherwise.

    Only plain digits are numbers: "N/A", "high", "12a", "1e3", "NaN" and "75%" are refused. Commas are
    accepted only as thousands separators. The model stores 3 decimal places and 11 whole digits.
    """
    match = _NUMBER.match(text.strip())
    if not match or not (match["whole"] or match["fraction"]):
        raise ValidationError(NOT_A_NUMBER, code="invalid")
    whole = (match["whole"] or "0").replace(",", "")
    fraction = match["fraction"] or ""
    if len(fraction) > DECIMAL_PLACES:
        raise ValidationError(f"Enter a number with no more than {DECIMAL_PLACES} decimal places.", code="places")
    if len(whole.lstrip("0")) > WHOLE_DIGITS:
        raise ValidationError("Enter a number below 100,000,000,000.", code="too_big")
    return Decimal(f"{match['sign'] or ''}{whole}" + (f".{fraction}" if fraction else ""))


def show_number(value):
    """A stored figure as people write it: 12, 1,234, 75.5 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def takes_fraction(unit):
    """Percentages, rates and ratios may be entered as a numerator and a denominator."""
    return unit in SCALES


def value_from_fraction(unit, numerator, denominator):
    """SCALE × numerator ÷ denominator, rounded to 1 decimal place (halves up): 45 / 60 as a percentage is 75.0."""
    return (SCALES[unit] * Decimal(numerator) / Decimal(denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def agrees(unit, value, numerator, denominator):
    """Whether `value` is what the numerator and denominator give, to 1 decimal place."""
    computed = value_from_fraction(unit, numerator, denominator)
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) == computed


def figure_errors(indicator, value):
    """The message for a figure this indicator's unit cannot take, or None."""
    if value < 0:
        return f"A {NOUNS.get(indicator.unit, 'figure')} cannot be negative."
    errors = indicator.validate_figure(value)
    return errors.get("value")


# --------------------------------------------------------------------------- periods


def recent_periods(today):
    """[(heading, [Period, ...]), ...]: the last 24 months, 8 quarters and 5 financial years.

    Newest first, each list starting with the period that contains `today` (still running).
    """
    return [
        (heading, [Period.containing(today, frequency).shifted(-steps) for steps in range(count)])
        for frequency, heading, count in RECENT
    ]


def lock_covering(period):
    """The sign-off lock that makes `period` read only, or None."""
    span = SimpleNamespace(period_start=period.start, period_end=period.end)
    return PeriodLock.objects.covering(span).order_by("locked_at", "pk").first()


# --------------------------------------------------------------------------- the grid


@dataclass
class Cell:
    """One figure of one indicator: the overall figure (category None) or one breakdown category's."""

    indicator: Indicator
    category: BreakdownCategory | None
    current: IndicatorValue | None

    @property
    def key(self):
        return (self.indicator.pk, self.category.pk if self.category else None)

    @property
    def parts(self):
        if takes_fraction(self.indicator.unit):
            return ("value", "numerator", "denominator")
        return ("value",)

    def name(self, part):
        """The form field's name, such as "i12-all-value" or "i12-34-numerator"."""
        return f"i{self.indicator.pk}-{self.category.pk if self.category else 'all'}-{part}"

    @property
    def figure(self):
        return self.category.name if self.category else "Overall"

    @property
    def label(self):
        """What a screen reader says for the cell's inputs: "Indicator 4, Police"."""
        return f"Indicator {self.indicator.number}, {self.category.name if self.category else 'overall'}"

    @property
    def current_text(self):
        if self.current is None:
            return ""
        text = show_number(self.current.value)
        if self.indicator.unit == Indicator.Unit.PERCENTAGE:
            text += "%"
        elif self.indicator.unit == Indicator.Unit.DAYS:
            text += " days"
        if self.current.numerator is not None and self.current.denominator is not None:
            text += f" ({show_number(self.current.numerator)} / {show_number(self.current.denominator)})"
        return text


@dataclass
class Row:
    """An indicator due in the period: its overall figure first, then one cell per breakdown category."""

    indicator: Indicator
    cells: list[Cell]

    @property
    def overall(self):
        return self.cells[0]

    @property
    def note_name(self):
        return f"i{self.indicator.pk}-note"

    @property
    def note_label(self):
        return f"Indicator {self.indicator.number}, note"

    @property
    def current_note(self):
        return self.overall.current.note if self.overall.current else ""


@dataclass
class Grid:
    period: Period
    board: object | None
    rows: list[Row]
    lock: PeriodLock | None = None

    @property
    def cells(self):
        return [cell for row in self.rows for cell in row.cells]

    @property
    def frequency_text(self):
        """How often the grid's indicators are reported: "monthly", "quarterly" or "annually"."""
        return {ANNUAL: "annually"}.get(self.period.frequency, self.period.frequency)

    @property
    def takes_fractions(self):
        return any(takes_fraction(row.indicator.unit) for row in self.rows)


def due_indicators(plan, period, board=None):
    """The plan's indicators reported at the period's frequency (monthly for a month...), in natural order.

    Their breakdown categories come in one more query, as `indicator.breakdown.categories.all()`.
    """
    categories = BreakdownCategory.objects.order_by("order", "pk")
    indicators = (
        Indicator.objects.filter(plan=plan, frequency=period.frequency)
        .select_related("breakdown")
        .prefetch_related(Prefetch("breakdown__categories", queryset=categories))
        .order_by("sort_key")
    )
    if board is not None:
        indicators = indicators.filter(lead_board=board)
    return list(indicators)


def stored_values(indicators, period, *, for_update=False):
    """{(indicator id, category id or None): IndicatorValue} for the period, in one query."""
    values = IndicatorValue.objects.filter(
        indicator_id__in=[indicator.pk for indicator in indicators],
        period_start=period.start,
        period_end=period.end,
    ).order_by()
    if for_update:
        values = values.select_for_update()
    return {(value.indicator_id, value.category_id): value for value in values}


def build_grid(plan, period, board=None):
    """The grid for `period` (and `board`, or every board): a handful of queries, whatever its size."""
    indicators = due_indicators(plan, period, board)
    values = stored_values(indicators, period)
    rows = []
    for indicator in indicators:
        categories = list(indicator.breakdown.categories.all()) if indicator.breakdown_id else []
        cells = [Cell(indicator, None, values.get((indicator.pk, None)))]
        cells += [Cell(indicator, category, values.get((indicator.pk, category.pk))) for category in categories]
        rows.append(Row(indicator, cells))
    return Grid(period=period, board=board, rows=rows, lock=lock_covering(period))


# --------------------------------------------------------------------------- saving


@dataclass
class Change:
    """What was typed for one cell: the value to store, and the numerator and denominator if given."""

    cell: Cell
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def has_fraction(self):
        return self.numerator is not None and self.denominator is not None


class GridErrors(Exception):
    """Errors found while saving, keyed by form field name (None for the grid as a whole)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class SaveResult:
    saved: list[IndicatorValue] = field(default_factory=list)

    @property
    def count(self):
        return len(self.saved)


def _apply(value_row, change):
    unit = change.cell.indicator.unit
    value_row.value = change.value
    if change.has_fraction:
        value_row.numerator, value_row.denominator = change.numerator, change.denominator
    elif (
        value_row.numerator is not None
        and value_row.denominator is not None
        and takes_fraction(unit)
        and value_row.denominator > 0
        and not agrees(unit, change.value, value_row.numerator, value_row.denominator)
    ):
        # A new value typed on its own: the old numerator and denominator no longer describe it.
        value_row.numerator = value_row.denominator = None


def _state(value_row):
    return (value_row.value, value_row.numerator, value_row.denominator, value_row.note, value_row.is_demo)


def _field_for(cell, row, key):
    if key == "note":
        return row.note_name
    if key in cell.parts:
        return cell.name(key)
    return cell.name("value")


def save_grid(grid, changes, notes, user):
    """Create or update every changed value of the grid in one transaction: all of them, or none.

    `changes` are Change objects; `notes` maps an indicator id to the note typed for its row. Each row is
    checked with full_clean(), so the model's own rules apply. A value that would not change is not
    written (and gets no history). Raises PeriodLocked if the period is signed off, GridErrors otherwise.
    """
    rows = {row.indicator.pk: row for row in grid.rows}
    by_key = {change.cell.key: change for change in changes}
    cells = [
        cell for cell in grid.cells if cell.key in by_key or (cell.category is None and cell.indicator.pk in notes)
    ]
    period = grid.period
    result = SaveResult()
    try:
        with transaction.atomic():
            lock = lock_covering(period)
            if lock is not None:
                raise PeriodLocked(
                    f"{period.label} was signed off on {timezone.localtime(lock.locked_at):%-d %B %Y} and is locked."
                )
            stored = stored_values([row.indicator for row in grid.rows], period, for_update=True)
            errors = {}
            for cell in cells:
                row = rows[cell.indicator.pk]
                change = by_key.get(cell.key)
                value_row = stored.get(cell.key)
                if value_row is None:
                    if change is None:
                        errors.setdefault(row.note_name, []).append(
                            "Enter the overall figure as well: a note is kept with the overall figure."
                        )
                        continue
                    value_row = IndicatorValue(period_start=period.start, period_end=period.end)
                    before = None
                else:
                    before = _state(value_row)
                # The grid's own instances, so full_clean() asks nothing more about them.
                value_row.indicator = cell.indicator
                value_row.category = cell.category
                if change is not None:
                    _apply(value_row, change)
                if cell.category is None and notes.get(cell.indicator.pk):
                    value_row.note = notes[cell.indicator.pk]
                value_row.is_demo = False
                if _state(value_row) == before:
                    continue
                value_row.entered_by = user
                try:
                    value_row.full_clean()
                except ValidationError as error:
                    for key, messages in error.message_dict.items():
                        errors.setdefault(_field_for(cell, row, key), []).extend(messages)
                    continue
                result.saved.append(value_row)
            if errors:
                raise GridErrors(errors)
            for value_row in result.saved:
                value_row.save()
    except IntegrityError:
        raise GridErrors({None: [CLASH]}) from None
    return result
