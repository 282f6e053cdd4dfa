"""Bulk import of indicator values and comparators from a CSV or XLSX file.

Three steps, none of which touches a request:

    rows = read_table(fileobj, filename, kind="values")     # ImportFileError if the file is unusable
    result = preview(rows, plan=plan, kind="values")         # every row: new, changed, unchanged or error
    counts = apply(result, plan=plan, user=user)             # all or nothing; ImportRejected if any row is bad

A row is a dict of the file's cells under the canonical column names (indicator, period,
category, value, note; or indicator, period, area, value, source) plus "row_number", the
row's number as the spreadsheet shows it (the header is row 1). Rows hold only strings,
ints, floats and None, so they can be kept as JSON (ImportBatch.rows) between the preview
and the confirmation.
"""

import csv
import datetime
import io
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.dates import today as site_today
from core.downloads import safe_cell

from .models import BreakdownCategory, Comparator, Indicator, IndicatorValue, PeriodLock
from .periods import Period, PeriodError

VALUES = "values"
COMPARATORS = "comparators"
KINDS = (VALUES, COMPARATORS)

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
OUTCOMES = (NEW, CHANGED, UNCHANGED, ERROR)

EXTENSIONS = (".csv", ".xlsx")
MB = 1024 * 1024
# A workbook is a zip: refuse one whose members would expand past this (a "zip bomb").
XLSX_EXPANDED_CEILING = 100 * MB
XLSX_EXPANSION_FACTOR = 20
XLSX_MAX_MEMBERS = 10_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls files and encrypted workbooks

# Columns by kind: (required, optional). Other columns are ignored.
COLUMNS = {
    VALUES: (("indicator", "period", "value"), ("category", "note")),
    COMPARATORS: (("indicator", "period", "area", "value"), ("source",)),
}
HEADER_ALIASES = {
    "indicator number": "indicator",
    "indicator no": "indicator",
    "indicator no.": "indicator",
    "breakdown category": "category",
    "comparator area": "area",
}

# Values keep 3 decimal places (IndicatorValue.value and Comparator.value: max_digits=14, decimal_places=3).
DECIMAL_PLACES = Decimal("0.001")
LARGEST_VALUE = Decimal("99999999999.999")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
SPACES = re.compile(r"\s+")

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


class ImportFileError(ValueError):
    """A file that cannot be imported at all: its message says why, in words for the person who uploaded it."""


class ImportRejected(Exception):
    """apply() found rows with errors; nothing was saved. `.preview` has every row's outcome."""

    def __init__(self, preview):
        self.preview = preview
        errors = preview.errors
        shown = "; ".join(row.message for row in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} row(s) have errors; nothing has been saved. {shown}{more}")


# =========================================================================== reading a file


def size_text(size):
    """A number of bytes in words: "7.2 MB", "5 MB", "800 KB", "90 bytes"."""
    if size >= MB:
        amount, unit = size / MB, "MB"
    elif size >= 1024:
        amount, unit = size / 1024, "KB"
    else:
        return f"{size} byte{'s' if size != 1 else ''}"
    text = f"{amount:.1f}"
    return f"{text.removesuffix('.0')} {unit}"


def normalise(text):
    """Lower case, trimmed, runs of spaces (and underscores) made one space: for matching names."""
    return SPACES.sub(" ", str(text).replace("_", " ")).strip().lower()


def _file_size(fileobj):
    size = getattr(fileobj, "size", None)
    if size is not None:
        return size
    try:
        position = fileobj.tell()
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return size


def _read_bytes(fileobj):
    """The whole file, refusing one over IMPORT_MAX_BYTES before reading it where its size is known."""
    limit = settings.IMPORT_MAX_BYTES
    size = _file_size(fileobj)
    if size is not None and size > limit:
        raise ImportFileError(f"The file is {size_text(size)}; the largest accepted is {size_text(limit)}.")
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        size = len(data)
        while chunk := fileobj.read(MB):
            size += len(chunk)
        raise ImportFileError(f"The file is {size_text(size)}; the largest accepted is {size_text(limit)}.")
    if not data.strip():
        raise ImportFileError("The file is empty.")
    return data


def _columns_text(kind):
    required, optional = COLUMNS[kind]
    return f"{', '.join(required)} (and, if you need them, {' and '.join(optional)})"


def _header_map(cells, kind):
    """{canonical name: column index} from the header row; ImportFileError naming any missing column."""
    required, optional = COLUMNS[kind]
    known = set(required) | set(optional)
    found = {}
    for index, cell in enumerate(cells):
        name = normalise(cell) if cell is not None else ""
        name = HEADER_ALIASES.get(name, name)
        if name not in known:
            continue
        if name in found:
            raise ImportFileError(f"The header row has two {name!r} columns. Keep one and upload the file again.")
        found[name] = index
    if not found:
        raise ImportFileError(
            f"The first row must be the header row, naming the columns: {_columns_text(kind)}. "
            "Download the template to see the layout."
        )
    missing = [name for name in required if name not in found]
    if missing:
        names = " and ".join(", ".join(missing).rsplit(", ", 1)) if len(missing) > 1 else missing[0]
        raise ImportFileError(
            f"The header row has no {names} column{'s' if len(missing) > 1 else ''}. "
            f"The columns are: {_columns_text(kind)}."
        )
    return found


def _is_blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _tabulate(numbered_rows, kind):
    """Dicts of canonical columns from (row number, cells) pairs, the first being the header."""
    limit = settings.IMPORT_MAX_ROWS
    header = None
    rows = []
    for number, cells in numbered_rows:
        if header is None:
            if all(_is_blank(cell) for cell in cells):
                raise ImportFileError(
                    f"The first row must be the header row, naming the columns: {_columns_text(kind)}."
                )
            header = _header_map(cells, kind)
            continue
        used = [cells[index] for index in header.values() if index < len(cells)]
        if all(_is_blank(cell) for cell in used):
            continue  # blank, or something only in columns the import does not read
        if len(rows) >= limit:
            raise ImportFileError(
                f"The file has more than {limit:,} rows of data; the most accepted at once is {limit:,}. "
                "Split it into smaller files."
            )
        row = {"row_number": number}
        for name, index in header.items():
            cell = cells[index] if index < len(cells) else None
            row[name] = cell.strip() if isinstance(cell, str) else cell
        rows.append(row)
    if header is None:
        raise ImportFileError("The file is empty.")
    if not rows:
        raise ImportFileError("The file has a header row but no rows of data.")
    return rows


def _read_csv(data, kind):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "The file is named .csv but is an Excel workbook. Rename it to .xlsx, or save it from Excel as "
            "“CSV UTF-8 (Comma delimited)”."
        )
    if b"\x00" in data:
        raise ImportFileError(
            "The file is not a CSV file: it holds binary data, not text. Upload a CSV saved as text "
            "(in Excel: “CSV UTF-8 (Comma delimited)”) or an Excel workbook (.xlsx)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text. In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”, "
            "then upload that file."
        ) from None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _tabulate(((number, cells) for number, cells in enumerate(reader, start=1)), kind)
    except csv.Error as error:
        raise ImportFileError(f"The file could not be read as CSV (row {reader.line_num}): {error}.") from None


def _check_zip(data):
    """Refuse a workbook that is not a zip, or whose members would expand past the ceiling."""
    not_a_workbook = (
        "The file is not a valid Excel workbook (.xlsx): it may be damaged or saved in another format. "
        "Open it in Excel and save it again as an “Excel Workbook (.xlsx)”."
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(OLE_SIGNATURE):
            raise ImportFileError(
                "The file is an older Excel workbook (.xls) renamed, or a password-protected one. Open it in "
                "Excel and save it as an “Excel Workbook (.xlsx)” without a password."
            )
        try:
            data[:4096].decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(not_a_workbook) from None
        raise ImportFileError(
            "The file is named .xlsx but is text, not an Excel workbook. If it is a CSV file, name it .csv."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(not_a_workbook) from None
    ceiling = min(XLSX_EXPANDED_CEILING, XLSX_EXPANSION_FACTOR * settings.IMPORT_MAX_BYTES)
    expanded = sum(member.file_size for member in members)
    if len(members) > XLSX_MAX_MEMBERS or expanded > ceiling:
        raise ImportFileError(
            f"The workbook would expand to {size_text(expanded)} when opened; the most accepted is "
            f"{size_text(ceiling)}. Copy the values into a new workbook, or save them as CSV."
        )
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise ImportFileError(not_a_workbook)  # a zip, but not an Office Open XML document


def _percent_text(number):
    """0.125 shown as 12.5% in Excel, written as the file means it: "12.5%"."""
    value = Decimal(str(number)) * 100
    return f"{value.normalize():f}%"


def _xlsx_cell(cell):
    value = cell.value
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m}"  # a period Excel turned into a date: its month
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", None) or ""):
            return _percent_text(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    return str(value)


def _read_xlsx(data, kind):
    from openpyxl import load_workbook  # imported here: only uploads of workbooks need it

    _check_zip(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; none of them matter for reading cells.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ImportFileError("The workbook has no worksheets.")
                sheet = workbook.worksheets[0]
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
                numbered = (
                    (number, [_xlsx_cell(cell) for cell in cells])
                    for number, cells in enumerate(sheet.iter_rows(), start=1)
                )
                return _tabulate(numbered, kind)
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, zip errors) for a damaged file
        raise ImportFileError(
            "The file is not a valid Excel workbook (.xlsx): it may be damaged or saved in another format. "
            "Open it in Excel and save it again as an “Excel Workbook (.xlsx)”."
        ) from None


def read_table(fileobj, filename, *, kind=VALUES):
    """The rows of a CSV or XLSX file as dicts (see the module docstring); ImportFileError if it is unusable."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}.")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        hint = " Save an older .xls workbook as .xlsx first." if suffix == ".xls" else ""
        raise ImportFileError(f"Upload a .csv or .xlsx file.{hint}")
    data = _read_bytes(fileobj)
    if suffix == ".csv":
        return _read_csv(data, kind)
    return _read_xlsx(data, kind)


# =========================================================================== checking the rows


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

    @property
    def is_error(self):
        return self.kind == ERROR

    @property
    def old_value_text(self):
        return _plain(self.old_value)

    @property
    def new_value_text(self):
        return _plain(self.new_value)

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
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _plain(value):
    """A Decimal without trailing zeros or an exponent: 12.500 → "12.5", 1200 → "1200"."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def parse_value(cell, indicator=None):
    """(Decimal, None) or (None, the reason it is not a usable number), rounded to 3 decimal places."""
    if isinstance(cell, bool):
        return None, "the value must be a number"
    text = _text(cell)
    if not text:
        return None, "the value must be a number; the cell is empty"
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
        if indicator is not None and indicator.unit != Indicator.Unit.PERCENTAGE:
            return None, (
                f"indicator {indicator.number} is a {indicator.get_unit_display().lower()}, not a percentage: "
                "leave out the % sign"
            )
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"the value must be a number; {_text(cell)!r} is not one"
    if not value.is_finite():
        return None, f"the value must be a number; {_text(cell)!r} is not one"
    if abs(value) > LARGEST_VALUE:
        return None, f"the value is too large: the largest accepted is {LARGEST_VALUE:,}"
    return value.quantize(DECIMAL_PLACES, rounding=ROUND_HALF_UP), None


# A month as a spreadsheet shows a date after a CSV has been opened and saved in Excel (UK settings).
MONTH_SPELLINGS = ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")


def parse_period(text):
    """A Period, or the PeriodError saying why `text` is not one.

    Besides Period.parse's 2018-04, 2018-19 Q1 and 2018-19, a month may be written as Excel shows a
    date: Apr-18, April 2018, 01/04/2018 (day first) or 2018-04-01; the month containing it is meant.
    """
    try:
        return Period.parse(text)
    except PeriodError as error:
        for spelling in MONTH_SPELLINGS:
            try:
                day = datetime.datetime.strptime(text, spelling).date()
            except ValueError:
                continue
            return Period.month(day.year, day.month)
        return error


def _lowercase_first(text):
    return text[:1].lower() + text[1:]


def _example_period(period, frequency):
    try:
        return Period.containing(period.start, frequency).code
    except PeriodError:
        return {"monthly": "2018-04", "quarterly": "2018-19 Q1", "annual": "2018-19"}.get(frequency, "")


REPORTED = {"monthly": "monthly", "quarterly": "quarterly", "annual": "annually"}
FREQUENCY_WORDS = {"monthly": "a month such as", "quarterly": "a quarter such as", "annual": "a financial year such as"}


class _Context:
    """Everything the checks need, loaded in a handful of queries."""

    def __init__(self, rows, plan, kind):
        self.kind = kind
        indicators = list(Indicator.objects.filter(plan=plan).select_related("breakdown"))
        self.indicators = {normalise(indicator.number): indicator for indicator in indicators}
        self.categories = {}  # breakdown id → {normalised name: category}
        self.category_names = {}
        if kind == VALUES:
            breakdown_ids = {indicator.breakdown_id for indicator in indicators if indicator.breakdown_id}
            for category in BreakdownCategory.objects.filter(breakdown_id__in=breakdown_ids).order_by("order"):
                self.categories.setdefault(category.breakdown_id, {})[normalise(category.name)] = category
                self.category_names.setdefault(category.breakdown_id, []).append(category.name)
        self.periods = {}
        for row in rows:
            text = _text(row.get("period"))
            if text and text not in self.periods:
                self.periods[text] = parse_period(text)
        good = [period for period in self.periods.values() if isinstance(period, Period)]
        self.existing = {}
        self.locks = []
        if good:
            first, last = min(p.start for p in good), max(p.start for p in good)
            span = {"indicator__plan": plan, "period_start__gte": first, "period_start__lte": last}
            if kind == VALUES:
                for value in IndicatorValue.objects.filter(**span):
                    key = (value.indicator_id, value.period_start, value.period_end, value.category_id)
                    self.existing[key] = value
                self.locks = [lock.period for lock in PeriodLock.objects.filter(period_end__gte=first)]
            else:
                for comparator in Comparator.objects.filter(**span):
                    key = (comparator.indicator_id, comparator.period_start, comparator.period_end, comparator.area)
                    self.existing[key] = comparator
        self.today = site_today()

    def lock_covering(self, period):
        for lock in self.locks:
            if lock.contains(period):
                return lock
        return None


def _check_common(row, outcome, context, problems):
    """Indicator and period: sets outcome.indicator and outcome.period when they are good."""
    number = _text(row.get("indicator"))
    outcome.indicator_number = number
    if not number:
        problems.append("the indicator is missing")
    else:
        indicator = context.indicators.get(normalise(number))
        if indicator is None:
            problems.append(f"there is no indicator {number} in this plan")
        else:
            outcome.indicator = indicator
            outcome.indicator_number = indicator.number

    period_text = _text(row.get("period"))
    if not period_text:
        problems.append("the period is missing")
        return
    period = context.periods.get(period_text)
    if isinstance(period, PeriodError):
        problems.append(_lowercase_first(str(period)))
        return
    outcome.period = period
    if period.start > context.today:
        problems.append(f"{period.code} has not started yet")
    indicator = outcome.indicator
    if indicator is not None and not period.fits(indicator.frequency):
        example = _example_period(period, indicator.frequency)
        problems.append(
            f"indicator {indicator.number} is reported {REPORTED.get(indicator.frequency, indicator.frequency)}: "
            f"use {FREQUENCY_WORDS.get(indicator.frequency, 'a period such as')} {example}"
        )


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


def _check_row(row, context, seen):
    number = row.get("row_number") or 0
    outcome = RowOutcome(row_number=number)
    problems = []
    _check_common(row, outcome, context, problems)
    if context.kind == VALUES:
        key_ok = _check_category(row, outcome, context, problems)
        outcome.note = _text(row.get("note"))
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
        if context.kind == VALUES and outcome.period is not None:
            lock = context.lock_covering(outcome.period)
            if lock is not None:
                where = outcome.period.code
                if lock != outcome.period:
                    where = f"{outcome.period.code} falls in {lock.code}, which"
                problems.append(f"{where} has been signed off and locked; its values cannot change")

    if problems:
        outcome.kind = ERROR
        joined = "; ".join(problems)
        outcome.reason = joined[:1].upper() + joined[1:]
        outcome.message = f"Row {number}: {joined}"
        return outcome

    existing = context.existing.get(key)
    outcome.existing = existing
    if existing is None:
        outcome.kind = NEW
    else:
        outcome.old_value = existing.value
        old_text = existing.note if context.kind == VALUES else existing.source
        text_changed = bool(outcome.note) and outcome.note != old_text
        outcome.kind = CHANGED if existing.value != value or text_changed else UNCHANGED
        if outcome.kind == CHANGED and existing.value == value:
            outcome.reason = (
                "Same value; the note changes." if context.kind == VALUES else "Same value; the source changes."
            )
    return outcome


def preview(rows, *, plan, kind=VALUES):
    """What importing `rows` into `plan` would do, row by row, without saving anything."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}.")
    rows = list(rows)
    context = _Context(rows, plan, kind)
    seen = {}
    outcomes = [_check_row(row, context, seen) for row in rows]
    return ImportPreview(kind=kind, rows=outcomes, source_rows=rows)


# =========================================================================== saving


BATCH_SIZE = 500


def _save_values(result, user, reason):
    now = timezone.now()
    new, changed = [], []
    for row in result.rows:
        if row.kind == NEW:
            new.append(
                IndicatorValue(
                    indicator=row.indicator,
                    category=row.category,
                    period_start=row.period.start,
                    period_end=row.period.end,
                    value=row.new_value,
                    note=row.note,
                    entered_by=user,
                )
            )
        elif row.kind == CHANGED:
            value = row.existing
            if value.value != row.new_value:
                # The numerator and denominator gave the old value; they would contradict the new one.
                value.numerator = value.denominator = None
            value.value = row.new_value
            if row.note:
                value.note = row.note
            value.entered_by = user
            value.entered_at = now
            value.is_demo = False
            changed.append(value)
    if new:
        bulk_create_with_history(
            new, IndicatorValue, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            IndicatorValue,
            ["value", "numerator", "denominator", "note", "entered_by", "entered_at", "is_demo"],
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )


def _save_comparators(result, user, reason):
    new, changed = [], []
    for row in result.rows:
        if row.kind == NEW:
            new.append(
                Comparator(
                    indicator=row.indicator,
                    area=row.area_code,
                    period_start=row.period.start,
                    period_end=row.period.end,
                    value=row.new_value,
                    source=row.note,
                )
            )
        elif row.kind == CHANGED:
            comparator = row.existing
            comparator.value = row.new_value
            if row.note:
                comparator.source = row.note
            comparator.is_demo = False
            changed.append(comparator)
    if new:
        bulk_create_with_history(
            new, Comparator, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            Comparator,
            ["value", "source", "is_demo"],
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )


def apply(result_or_rows, *, plan, user=None, kind=None, change_reason="Imported from a file"):
    """Save every row, or nothing: checks the rows again first and raises ImportRejected if any is bad.

    `result_or_rows` is an ImportPreview (its rows are checked again: the database may have changed
    since) or the rows from read_table(). Returns the counts: {"new": 3, "changed": 1, "unchanged": 5,
    "error": 0, "total": 9}.
    """
    if isinstance(result_or_rows, ImportPreview):
        rows = result_or_rows.source_rows
        kind = kind or result_or_rows.kind
    else:
        rows = list(result_or_rows)
    kind = kind or VALUES
    save = _save_values if kind == VALUES else _save_comparators
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        result = _check_and_save(rows, plan, kind, save, user, change_reason)
    except IntegrityError:
        # Someone saved one of these values between the check and the save: check again, once.
        result = _check_and_save(rows, plan, kind, save, user, change_reason)
    counts = result.counts
    counts["total"] = result.total
    return counts


def _check_and_save(rows, plan, kind, save, user, change_reason):
    with transaction.atomic():
        result = preview(rows, plan=plan, kind=kind)
        if not result.is_valid:
            raise ImportRejected(result)
        save(result, user, change_reason)
    return result


# =========================================================================== templates


EXAMPLE_NOTES = (
    "Example: a monthly overall figure (replace the example rows with your own)",
    "Example: one category of a breakdown; a blank category is the overall figure",
    "Example: a quarter",
)


def template_rows(kind=VALUES, plan=None):
    """The header and a few example rows for a template file, as lists of strings.

    With a plan, the examples use its own indicators (a monthly one, one with a breakdown, a quarterly one).
    """
    if kind == COMPARATORS:
        header = ["indicator", "period", "area", "value", "source"]
        examples = [
            ["40", "2017-18", "England", "17.8", "ONS: Conceptions in England and Wales"],
            ["40", "2017-18", "North East", "24.6", "ONS: Conceptions in England and Wales"],
            ["40", "2017-18", "Statistical neighbours", "23.1", "ONS: Conceptions in England and Wales"],
        ]
    else:
        header = ["indicator", "period", "category", "value", "note"]
        examples = [
            ["1", "2018-04", "", "1234", EXAMPLE_NOTES[0]],
            ["4", "2018-04", "Police", "23.5", EXAMPLE_NOTES[1]],
            ["28", "2018-19 Q1", "", "12", EXAMPLE_NOTES[2]],
        ]
    if plan is not None:
        examples = _plan_examples(plan, kind) or examples
    return [header, *examples]


def _plan_examples(plan, kind):
    indicators = list(Indicator.objects.filter(plan=plan).select_related("breakdown"))
    monthly = next((i for i in indicators if i.frequency == "monthly" and not i.breakdown_id), None)
    split = next((i for i in indicators if i.breakdown_id), None)
    quarterly = next((i for i in indicators if i.frequency == "quarterly" and not i.breakdown_id), None)
    start = plan.starts_on
    if kind == COMPARATORS:
        # An annual rate or percentage: the benchmarks most often published.
        plain = [i for i in indicators if not i.breakdown_id and i.unit != Indicator.Unit.COUNT]
        annual = next((i for i in plain if i.frequency == "annual"), plain[0] if plain else None)
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
        examples.append([monthly.number, Period.containing(start, "monthly").code, "", "1234", EXAMPLE_NOTES[0]])
    if split:
        category = split.breakdown.categories.order_by("order").first()
        figure = "23.5" if split.unit == Indicator.Unit.PERCENTAGE else "23"
        period = Period.containing(start, split.frequency).code
        examples.append([split.number, period, category.name if category else "", figure, EXAMPLE_NOTES[1]])
    if quarterly:
        examples.append([quarterly.number, Period.containing(start, "quarterly").code, "", "12", EXAMPLE_NOTES[2]])
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
            _number_or_text(text) if index and column == 3 else safe_cell(text) for column, text in enumerate(line)
        ]
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Periods and indicator numbers are text: stop Excel turning 2018-04 into a date or 56a into anything else.
    for letter in ("A", "B", "C"):
        for row in range(1, 1001):
            sheet[f"{letter}{row}"].number_format = "@"
    for letter, width in zip("ABCDE", (12, 14, 28, 12, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if plan is not None:
        reference = workbook.create_sheet("Indicators")
        reference.append(["indicator", "title", "unit", "frequency", "categories"])
        for cell in reference[1]:
            cell.font = Font(bold=True)
        indicators = (
            Indicator.objects.filter(plan=plan).select_related("breakdown").prefetch_related("breakdown__categories")
        )
        for indicator in indicators:
            categories = ", ".join(c.name for c in indicator.breakdown.categories.all()) if indicator.breakdown else ""
            reference.append(
                [
                    safe_cell(text)
                    for text in (
                        indicator.number,
                        indicator.title,
                        indicator.get_unit_display(),
                        indicator.get_frequency_display(),
                        categories,
                    )
                ]
            )
        for letter, width in zip("ABCDE", (10, 70, 24, 12, 60), strict=True):
            reference.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number_or_text(text):
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return int(number) if number == number.to_integral_value() else float(number)
