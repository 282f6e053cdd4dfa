"""The scorecard as a spreadsheet: the rows the scorecard page shows, and every value behind them.

The rows come from indicators.scorecard.build_scorecard(), filtered as the page filters them, so the
download and the page always agree. Two sheets:

- "Scorecard": a title row, a header row, then each outcome's heading and its indicators' rows;
- "Values": every value (overall and by category) of those indicators in long form, with the target
  and the comparators of its period.

Cells hold numbers as numbers and dates as dates; every cell goes through core.downloads, which
defuses text that a spreadsheet could run as a formula.
"""

from collections import defaultdict

from django.db.models import F

from core.dates import today as site_today
from core.downloads import (
    DATE_FORMAT,
    safe_filename,
    set_column_widths,
    write_only_cell,
    xlsx_value,
)

from . import rules
from .filters import RAG_CHOICES
from .models import Comparator, Indicator, IndicatorValue, Target
from .periods import Period
from .scorecard import group_by_outcome
from .templatetags.scorecard_tags import assurance_badge, rag_badge, variation_badge

# Number formats by unit, as the scorecard page writes the figures (indicators.scorecard.format_value).
UNIT_FORMATS = {
    Indicator.Unit.COUNT: "#,##0",
    Indicator.Unit.PERCENTAGE: '0.0"%"',
    Indicator.Unit.RATE_PER_10K: "#,##0.0",
    Indicator.Unit.RATE_PER_1K: "#,##0.0",
    Indicator.Unit.RATE_PER_100K: "#,##0.0",
    Indicator.Unit.DAYS: "#,##0.0",
    Indicator.Unit.RATIO: "0.00",
}

# The same fills as Excel's own "Bad", "Neutral" and "Good" cell styles; the words are in the cell too.
RAG_COLOURS = {
    rules.RAG.RED: ("FFC7CE", "9C0006"),
    rules.RAG.AMBER: ("FFEB9C", "9C5700"),
    rules.RAG.GREEN: ("C6EFCE", "006100"),
}

AREAS = [area for area, _ in Comparator.Area.choices]
AREA_LABELS = [label for _, label in Comparator.Area.choices]

# (header, width in characters, kind): kind "number" cells take the indicator's unit format.
SCORECARD_COLUMNS = [
    ("Number", 8, "text"),
    ("Code", 12, "text"),
    ("Indicator", 60, "text"),
    ("Lead board", 28, "text"),
    ("Unit", 16, "text"),
    ("Latest period", 24, "text"),
    ("Latest value", 12, "number"),
    ("Latest value provisional or final", 14, "text"),
    ("Previous value", 12, "number"),
    ("Direction of travel (since the previous period)", 18, "text"),
    ("Direction of travel (on the same period a year before)", 18, "text"),
    ("Target", 10, "number"),
    ("RAG rating", 12, "text"),
    ("Variation", 28, "text"),
    ("Assurance", 32, "text"),
    ("Signals on the latest point", 40, "text"),
    *((label, 14, "number") for _, label in Comparator.Area.choices),
    ("Exception reasons", 40, "text"),
    ("Commentary on the latest period", 60, "text"),
    ("What is being done", 60, "text"),
    ("Outcome", 40, "text"),
]
SCORECARD_HEADER = [header for header, _, _ in SCORECARD_COLUMNS]

VALUES_COLUMNS = [
    ("Number", 8),
    ("Code", 12),
    ("Indicator", 50),
    ("Unit", 16),
    ("Period", 12),
    ("Period start", 12),
    ("Period end", 12),
    ("Category (blank: the overall figure)", 28),
    ("Value", 12),
    ("Provisional or final", 12),
    ("Numerator", 12),
    ("Denominator", 12),
    ("Target", 10),
    ("Tolerance", 10),
    *((label, 14) for _, label in Comparator.Area.choices),
    ("Note", 40),
]
VALUES_HEADER = [header for header, _ in VALUES_COLUMNS]

PROVISIONAL, FINAL = "Provisional", "Final"


# --------------------------------------------------------------------------- rows


def describe_filters(filterset, as_at=None):
    """The filters in force, in words ("Lead board: ...; Exceptions only"), or "" for none."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    data = filterset.form.cleaned_data
    parts = []
    if data.get("period") and as_at is not None:
        parts.append(f"Reporting month: {as_at.label}")
    for name in ("outcome", "lead_board", "service_priority"):
        if data.get(name):
            parts.append(f"{filterset.form.fields[name].label}: {data[name]}")
    if data.get("exceptions"):
        parts.append("Exceptions only")
    if data.get("rag"):
        parts.append(f"RAG rating: {dict(RAG_CHOICES)[data['rag']]}")
    return "; ".join(parts)


def _label(value):
    return value.label if value is not None else ""


def value_status(is_provisional):
    """A value's status in words, as the downloads write it."""
    return PROVISIONAL if is_provisional else FINAL


def scorecard_row(row):
    """One indicator's cells for the "Scorecard" sheet and the CSV, in SCORECARD_COLUMNS order."""
    indicator = row.indicator
    return [
        indicator.number,
        indicator.code,
        indicator.title,
        indicator.lead_board.name,
        indicator.get_unit_display(),
        row.latest.period.label if row.latest else "",
        row.latest.value if row.latest else None,
        value_status(row.latest.is_provisional) if row.latest else "",
        row.previous.value if row.previous else None,
        _label(row.direction_previous),
        _label(row.direction_year),
        row.target.value if row.target else None,
        rag_badge(row.rag)["label"],
        variation_badge(row.variation, row.spc_note)["label"],
        assurance_badge(row.assurance)["label"],
        "; ".join(signal.label for signal in row.latest_signals),
        *(row.comparators.get(area) for area in AREAS),
        "; ".join(row.reasons),
        row.commentary.story if row.commentary else "",
        row.commentary.actions if row.commentary else "",
        str(indicator.outcome),
    ]


def scorecard_rows(rows):
    """The CSV's rows: one per indicator, in the page's order (grouped by outcome)."""
    return [scorecard_row(row) for _, outcome_rows in group_by_outcome(rows) for row in outcome_rows]


def values_rows(rows, *, up_to=None):
    """Every value of these scorecard rows' indicators in long form, in VALUES_COLUMNS order.

    Yields (unit, cells). The target and the comparators are those of the value's own period and are
    given on the overall figure only (they are not about a category). `up_to` (a Period) leaves out
    values of periods ending after it. Three queries, whatever the number of indicators.
    """
    indicators = {row.indicator.pk: row.indicator for row in rows}
    if not indicators:
        return
    targets = defaultdict(list)
    for indicator_id, start, end, value, tolerance in (
        Target.objects.filter(indicator_id__in=indicators)
        .order_by("period_start")
        .values_list("indicator_id", "period_start", "period_end", "value", "tolerance")
    ):
        targets[indicator_id].append((start, end, value, tolerance))
    comparators = defaultdict(dict)
    for indicator_id, start, end, area, value in Comparator.objects.filter(indicator_id__in=indicators).values_list(
        "indicator_id", "period_start", "period_end", "area", "value"
    ):
        comparators[indicator_id, start, end][area] = value

    values = IndicatorValue.objects.filter(indicator_id__in=indicators)
    if up_to is not None:
        values = values.filter(period_end__lte=up_to.end)
    # In the numbering of the plan that lists the rows (indicators.listing), then by period.
    plan = getattr(next(iter(indicators.values())), "listed_in", None)
    order = "indicator__sort_key"
    if plan is not None:
        values = values.filter(indicator__entries__plan=plan)
        order = "indicator__entries__sort_key"
    values = values.order_by(
        order,
        "period_start",
        "period_end",
        F("category__order").asc(nulls_first=True),
        "category__name",
    ).values_list(
        "indicator_id",
        "period_start",
        "period_end",
        "category__name",
        "value",
        "is_provisional",
        "numerator",
        "denominator",
        "note",
    )
    codes = {}
    for indicator_id, start, end, category, value, provisional, numerator, denominator, note in values:
        if (start, end) not in codes:
            codes[start, end] = Period(start, end).code
        indicator = indicators[indicator_id]
        target = tolerance = None
        areas = {}
        if category is None:
            covering = next((t for t in targets[indicator_id] if t[0] <= start and end <= t[1]), None)
            if covering is not None:
                target, tolerance = covering[2], covering[3]
            areas = comparators.get((indicator_id, start, end), {})
        yield (
            indicator.unit,
            [
                indicator.number,
                indicator.code,
                indicator.title,
                indicator.get_unit_display(),
                codes[start, end],
                start,
                end,
                category or "",
                value,
                value_status(provisional),
                numerator,
                denominator,
                target,
                tolerance,
                *(areas.get(area) for area in AREAS),
                note,
            ],
        )


# --------------------------------------------------------------------------- files


def filename(as_at, extension, today=None):
    """scorecard-2019-03.xlsx: the reporting month, or today's date where there are no figures."""
    when = as_at.code if as_at is not None else (today or site_today()).isoformat()
    return safe_filename("scorecard", when, extension=extension)


def title_text(plan, as_at, filters_text, today):
    """The first row of the "Scorecard" sheet: what, up to when, which filters, downloaded when."""
    figures = f"figures up to {as_at.label}" if as_at else "no figures entered yet"
    parts = [f"{plan.title}: scorecard, {figures}."]
    if filters_text:
        parts.append(f"Filters: {filters_text}.")
    parts.append(f"Downloaded {today:%-d %B %Y}.")
    return " ".join(parts)


def scorecard_workbook(*, plan, rows, as_at, filters_text="", today, values_up_to=None):
    """The workbook: the "Scorecard" sheet of `rows` (scorecard rows as the page shows them) and "Values"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {
        rag: (PatternFill("solid", start_color=fill, end_color=fill), Font(color=text))
        for rag, (fill, text) in RAG_COLOURS.items()
    }
    rag_column = SCORECARD_HEADER.index("RAG rating")

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Scorecard")
    sheet.freeze_panes = "A3"  # below the title and the header
    set_column_widths(sheet, [width for _, width, _ in SCORECARD_COLUMNS])
    sheet.append([write_only_cell(sheet, title_text(plan, as_at, filters_text, today), font=Font(bold=True, size=14))])
    sheet.append([write_only_cell(sheet, header, font=bold, alignment=wrap) for header in SCORECARD_HEADER])
    for outcome, outcome_rows in group_by_outcome(rows):
        sheet.append([write_only_cell(sheet, f"Outcome {outcome.number}: {outcome.title}", font=bold)])
        for row in outcome_rows:
            unit_format = UNIT_FORMATS.get(row.indicator.unit)
            cells = []
            for index, (value, (_, _, kind)) in enumerate(zip(scorecard_row(row), SCORECARD_COLUMNS, strict=True)):
                if kind == "number":
                    cells.append(write_only_cell(sheet, value, number_format=unit_format))
                elif index == rag_column and row.rag is not None:
                    fill, font = fills[row.rag]
                    cells.append(write_only_cell(sheet, value, fill=fill, font=font))
                else:
                    cells.append(None if value == "" else xlsx_value(value))
            sheet.append(cells)

    values = workbook.create_sheet("Values")
    values.freeze_panes = "A2"
    set_column_widths(values, [width for _, width in VALUES_COLUMNS])
    values.append([write_only_cell(values, header, font=bold, alignment=wrap) for header in VALUES_HEADER])
    number_columns = {VALUES_HEADER.index(name) for name in ("Value", "Target", "Tolerance", *AREA_LABELS)}
    date_columns = {VALUES_HEADER.index("Period start"), VALUES_HEADER.index("Period end")}
    for unit, line in values_rows(rows, up_to=values_up_to):
        unit_format = UNIT_FORMATS.get(unit)
        cells = []
        for index, value in enumerate(line):
            if value is None or value == "":
                cells.append(None)
            elif index in number_columns:
                cells.append(write_only_cell(values, value, number_format=unit_format))
            elif index in date_columns:
                cells.append(write_only_cell(values, value, number_format=DATE_FORMAT))
            else:
                cells.append(xlsx_value(value))
        values.append(cells)
    return workbook
