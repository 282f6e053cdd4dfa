"""The browser grid for entering indicator values ("Values in the browser").

Which indicators are due in a period, the grid's cells (the overall figure and one per breakdown
category) and the all-or-nothing save through the values service. The view (views/entry.py) and
the form (values/forms.py) are thin layers over this module.

Rules the page states to the people using it:

* A blank cell means "no change": the grid never deletes a stored value.
* Percentages, rates and ratios may be given as a numerator and a denominator instead of the value
  (values/numbers.py). If the value is typed as well, it must round to the same figure.
* A value typed on its own replaces a stored numerator and denominator that no longer give it.
* The row's note is kept with the indicator's overall figure.
* Each figure is final or provisional (a list beside it): changing only that is a change of the figure,
  with its history, and needs a figure stored or typed.
* Each cell carries the version of the figure it showed: if someone else changed that figure since,
  nothing is saved and the page says who changed what (service.ValuesConflict).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from ..listing import as_listed
from ..models import BreakdownCategory, Indicator, IndicatorValue, PeriodLock, ScorecardEntry
from ..periods import ACADEMIC_YEAR, ANNUAL, CALENDAR_YEAR, KINDS, MONTHLY, QUARTERLY, TERMLY, Period
from . import service
from .locks import Locks
from .numbers import show_number, takes_fraction

# The recent periods offered in the picker: (frequency, how many), newest first.
RECENT = ((MONTHLY, 24), (QUARTERLY, 8), (ANNUAL, 5), (ACADEMIC_YEAR, 5), (CALENDAR_YEAR, 5), (TERMLY, 9))

STATUS_NEEDS_FIGURE = "Enter the figure as well: only a stored or typed figure can be provisional."
CLASH = "Someone else saved values for this period at the same moment. Nothing was saved: check and save again."
NOTE_NEEDS_FIGURE = "Enter the overall figure as well: a note is kept with the overall figure."


# --------------------------------------------------------------------------- periods


def recent_periods(today):
    """[(heading, [Period, ...]), ...]: the last 24 months, 8 quarters, 5 financial years, 5 academic
    years, 5 calendar years and 9 school terms.

    Newest first, each list starting with the period that contains `today` (still running).
    """
    return [
        (KINDS[frequency].heading, [Period.containing(today, frequency).shifted(-steps) for steps in range(count)])
        for frequency, count in RECENT
    ]


def lock_covering(period):
    """The sign-off lock that makes a grid of `period` read only, or None."""
    return Locks.load().covering(period)


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
    def status_name(self):
        """The list saying whether the figure is final or provisional."""
        return self.name("status")

    @property
    def is_provisional(self):
        return bool(self.current and self.current.is_provisional)

    @property
    def version_name(self):
        """The hidden field carrying the version of the figure the page showed."""
        return self.name("version")

    @property
    def version(self):
        return service.version(self.current)

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
        """How often the grid's indicators are reported: "monthly", "annually", "by academic year"..."""
        kind = KINDS.get(self.period.frequency)
        return kind.reported if kind else ""

    @property
    def takes_fractions(self):
        return any(takes_fraction(row.indicator.unit) for row in self.rows)


def due_indicators(plan, period, board=None):
    """The plan's indicators reported at the period's frequency (monthly for a month...), in natural order,
    numbered and led as the plan's scorecard lists them (indicators.listing).

    Their breakdown categories come in one more query, as `indicator.breakdown.categories.all()`.
    """
    categories = BreakdownCategory.objects.order_by("order", "pk")
    entries = (
        ScorecardEntry.objects.filter(plan=plan, indicator__frequency=period.frequency)
        .select_related("indicator__breakdown", "outcome", "lead_board")
        .prefetch_related(Prefetch("indicator__breakdown__categories", queryset=categories))
        .order_by("sort_key")
    )
    if board is not None:
        entries = entries.filter(lead_board=board)
    return [as_listed(entry, plan) for entry in entries]


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
    """What was typed for one cell: the value to store (None: keep the stored one), the numerator and
    denominator if given, and whether the figure is provisional (None: keep it as it is)."""

    cell: Cell
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    is_provisional: bool | None = None


class GridErrors(Exception):
    """Errors found while saving, keyed by form field name (None for the grid as a whole)."""

    def __init__(self, errors, *, locked=False):
        super().__init__(errors)
        self.errors = errors
        self.locked = locked


def _field_for(cell, row, name):
    if name == "note":
        return row.note_name
    if name in cell.parts:
        return cell.name(name)
    return cell.name("value")


def save_grid(grid, changes, notes, user, versions=None):
    """Create or update every changed value of the grid through the values service: all of them, or none.

    `changes` are Change objects; `notes` maps an indicator id to the note typed for its row;
    `versions` maps a cell's key to the version of its figure the page showed (a cell missing from it
    is not checked). Raises service.ValuesConflict if someone else changed one of these figures since,
    GridErrors otherwise (with `locked` set when the period is signed off). Returns the service's Saved.
    """
    versions = versions or {}
    rows = {row.indicator.pk: row for row in grid.rows}
    by_key = {change.cell.key: change for change in changes}
    cells = [
        cell for cell in grid.cells if cell.key in by_key or (cell.category is None and cell.indicator.pk in notes)
    ]
    period = grid.period
    try:
        with transaction.atomic():
            stored = stored_values([row.indicator for row in grid.rows], period, for_update=True)
            edits, errors, where = [], {}, {}
            for cell in cells:
                row = rows[cell.indicator.pk]
                change = by_key.get(cell.key)
                value_row = stored.get(cell.key)
                if value_row is None:
                    if change is None:
                        errors.setdefault(row.note_name, []).append(NOTE_NEEDS_FIGURE)
                        continue
                    if change.value is None:
                        errors.setdefault(cell.status_name, []).append(STATUS_NEEDS_FIGURE)
                        continue
                    value_row = IndicatorValue(period_start=period.start, period_end=period.end)
                # The grid's own instances, so validation asks nothing more about them.
                value_row.indicator = cell.indicator
                value_row.category = cell.category
                if change is not None and change.value is not None:
                    service.set_figure(value_row, change.value, change.numerator, change.denominator)
                if change is not None and change.is_provisional is not None:
                    value_row.is_provisional = change.is_provisional
                if cell.category is None and notes.get(cell.indicator.pk):
                    value_row.note = notes[cell.indicator.pk]
                value_row.is_demo = False
                name = cell.name("value")
                where[name] = (cell, row)
                edits.append(service.Edit(value_row, versions.get(cell.key), name))
            if errors:
                raise GridErrors(errors)
            try:
                return service.save(edits, user=user, reason=service.change_reason("grid"))
            except service.ValuesInvalid as invalid:
                if invalid.locked:
                    raise GridErrors({None: [invalid.locked[0].message]}, locked=True) from None
                for problem in invalid.problems:
                    cell, row = where[problem.where]
                    errors.setdefault(_field_for(cell, row, problem.field or "value"), []).append(problem.message)
                raise GridErrors(errors) from None
    except IntegrityError:
        raise GridErrors({None: [CLASH]}) from None
