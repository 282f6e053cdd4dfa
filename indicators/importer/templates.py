"""The downloadable templates of the import: a CSV file and a workbook, with example rows.

With a plan, the examples use its own indicators, and the workbook lists them on a second sheet. The values'
numerator and denominator columns are optional, for percentages, rates and average days only (see
importer.fraction); the example of a percentage fills them in. The workbook's "Periods" sheet says how each
kind of period is written (PERIOD_NOTES, from indicators.periods).
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db.models import prefetch_related_objects

from core.downloads import safe_cell

from ..listing import listed_indicators
from ..models import Indicator
from ..periods import ANNUAL, KINDS, MONTHLY, QUARTERLY, Period
from .read import COMPARATORS, VALUES

EXAMPLE_NOTES = (
    "Example: a monthly overall figure (replace the example rows with your own)",
    "Example: one category of a breakdown; a blank category is the overall figure. A percentage, rate or average "
    "gives its numerator and denominator (for days: the total days and the number of cases); a count leaves them blank",
    "Example: a quarter, provisional until the final return (yes/no; blank leaves it as it is)",
    "Example: {noun}, as this indicator is reported",
)

PERIOD_NOTES = (
    ("monthly", "2018-04", "1 April 2018 to 30 April 2018"),
    (
        "quarterly",
        "2018-19 Q1",
        "1 April to 30 June 2018 (Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March)",
    ),
    ("annual (financial year)", "2018-19", "1 April 2018 to 31 March 2019"),
    ("academic year", "AY 2018-19 (or 2018-19 for an academic-year indicator)", "1 September 2018 to 31 August 2019"),
    ("calendar year", "2018", "1 January 2018 to 31 December 2018"),
    ("school term", "Autumn 2018", "1 September 2018 to 31 December 2018"),
    ("school term", "Spring 2019", "1 January 2019 to 30 April 2019"),
    ("school term", "Summer 2019", "1 May 2019 to 31 August 2019"),
)
"""How each kind of period is written in the period column, and the dates it covers."""
PERIOD_NOTE = (
    "A year pair such as 2011-12 is read by the indicator: the financial year for an annual indicator, the "
    "academic year for an academic-year one, December 2011 for a monthly one."
)


NUMBER_COLUMNS = (3, 5, 6)  # value, numerator, denominator: numbers in the workbook


def template_rows(kind=VALUES, plan=None):
    """The header and a few example rows for a template file, as lists of strings.

    With a plan, the examples use its own indicators (a monthly one, one with a breakdown, a quarterly one).
    """
    if kind == COMPARATORS:
        header = ["indicator", "period", "area", "value", "source"]
        examples = [
            ["40", "2017", "England", "17.8", "ONS: Conceptions in England and Wales"],
            ["40", "2017", "North East", "24.6", "ONS: Conceptions in England and Wales"],
            ["40", "2017", "Statistical neighbours", "23.1", "ONS: Conceptions in England and Wales"],
        ]
    else:
        header = ["indicator", "period", "category", "value", "note", "numerator", "denominator", "provisional"]
        examples = [
            ["1", "2018-04", "", "1234", EXAMPLE_NOTES[0], "", "", "no"],
            ["4", "2018-04", "Police", "23.5", EXAMPLE_NOTES[1], "47", "200", "no"],
            ["30", "2018-19 Q1", "", "12", EXAMPLE_NOTES[2], "", "", "yes"],
        ]
    if plan is not None:
        examples = _plan_examples(plan, kind) or examples
    return [header, *examples]


def _plan_examples(plan, kind):
    indicators = listed_indicators(plan)
    monthly = next((i for i in indicators if i.frequency == MONTHLY and not i.breakdown_id), None)
    split = next((i for i in indicators if i.breakdown_id), None)
    quarterly = next((i for i in indicators if i.frequency == QUARTERLY and not i.breakdown_id), None)
    other = next(
        (i for i in indicators if i.frequency not in (MONTHLY, QUARTERLY, ANNUAL) and not i.breakdown_id), None
    )
    start = plan.starts_on
    if kind == COMPARATORS:
        # An annual rate or percentage: the benchmarks most often published.
        plain = [i for i in indicators if not i.breakdown_id and i.unit != Indicator.Unit.COUNT]
        annual = next((i for i in plain if i.frequency == ANNUAL), plain[0] if plain else None)
        if annual is None:
            return None
        period = Period.containing(start, annual.frequency).previous().code
        source = "Published national statistics"
        return [
            [annual.number, period, "England", "17.8", source],
            [annual.number, period, "North East", "24.6", source],
            [annual.number, period, "Statistical neighbours", "23.1", source],
        ]
    examples = []
    if monthly:
        examples.append(
            [monthly.number, Period.containing(start, "monthly").code, "", "1234", EXAMPLE_NOTES[0], "", "", "no"]
        )
    if split:
        category = split.breakdown.categories.order_by("order").first()
        # 47 of 200 is 23.5%; a count (or a rate, whose denominator is a population) has no example fraction.
        percentage = split.unit == Indicator.Unit.PERCENTAGE
        figure, fraction = ("23.5", ["47", "200"]) if percentage else ("23", ["", ""])
        period = Period.containing(start, split.frequency).code
        examples.append(
            [split.number, period, category.name if category else "", figure, EXAMPLE_NOTES[1], *fraction, "no"]
        )
    if quarterly:
        quarter = Period.containing(start, QUARTERLY).code
        examples.append([quarterly.number, quarter, "", "12", EXAMPLE_NOTES[2], "", "", "yes"])
    if other:
        # An academic year, a calendar year or a school term: the last one finished before the plan starts.
        period = Period.containing(start, other.frequency).previous().code
        note = EXAMPLE_NOTES[3].format(noun=KINDS[other.frequency].noun)
        examples.append([other.number, period, "", "12", note, "", "", "no"])
    return examples


def template_csv(kind=VALUES, plan=None):
    """A template CSV file as bytes (UTF-8 with a byte order mark, so Excel reads it as UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in template_rows(kind, plan))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind=VALUES, plan=None):
    """A template workbook as bytes: the rows on the first sheet; with a plan, its indicators on a second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Comparators" if kind == COMPARATORS else "Values"
    rows = template_rows(kind, plan)
    for index, line in enumerate(rows):
        cells = [
            _number_or_text(text) if index and column in NUMBER_COLUMNS and text else safe_cell(text)
            for column, text in enumerate(line)
        ]
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Periods and indicator numbers are text: stop Excel turning 2018-04 into a date or 56a into anything else.
    for letter in ("A", "B", "C"):
        for row in range(1, 1001):
            sheet[f"{letter}{row}"].number_format = "@"
    for letter, width in zip("ABCDEFGH", (12, 14, 28, 12, 48, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if plan is not None:
        reference = workbook.create_sheet("Indicators")
        # The number in this plan, and the code that names the indicator in every plan (either may be imported).
        reference.append(["indicator", "code", "title", "unit", "frequency", "categories"])
        for cell in reference[1]:
            cell.font = Font(bold=True)
        indicators = listed_indicators(plan)
        prefetch_related_objects(indicators, "breakdown__categories")
        for indicator in indicators:
            categories = ", ".join(c.name for c in indicator.breakdown.categories.all()) if indicator.breakdown else ""
            reference.append(
                [
                    safe_cell(text)
                    for text in (
                        indicator.number,
                        indicator.code,
                        indicator.title,
                        indicator.get_unit_display(),
                        indicator.get_frequency_display(),
                        categories,
                    )
                ]
            )
        for letter, width in zip("ABCDEF", (10, 14, 70, 24, 12, 60), strict=True):
            reference.column_dimensions[letter].width = width
    notes = workbook.create_sheet("Periods")
    notes.append(["kind of period", "written as", "covers"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for line in PERIOD_NOTES:
        notes.append(list(line))
    notes.append([])
    notes.append([PERIOD_NOTE])
    for letter, width in zip("ABC", (24, 54, 90), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number_or_text(text):
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return int(number) if number == number.to_integral_value() else float(number)
