"""Reading an uploaded plan workbook into plain rows. Nothing here touches the database.

    sheets = read_workbook(fileobj, filename)   # ImportFileError if the file is unusable

`sheets` is {sheet name: {"columns": [column keys found], "rows": [row dict, ...]}} for each sheet of the
template the workbook has (matched by name, case and spaces aside). A row dict holds the cells of the known
columns under their keys, plus "row" (the row's number as the spreadsheet shows it, the header being 1).
Cells are strings, ints, floats or None (a date as "2018-04-01"), so the rows can be kept as JSON between the
preview and the confirmation.

The file is refused the way the indicator import refuses one (indicators/importer/read.py, whose checks
this reuses): over IMPORT_MAX_BYTES, not a workbook, a zip that would expand too far, a sheet too large to
read quickly, more than IMPORT_MAX_ROWS rows in all.
"""

import datetime
import io
import warnings
from pathlib import PurePath

from django.conf import settings

from core.downloads import FORMULA_TRIGGERS
from indicators.importer.read import (
    MAX_BLANK_ROWS,
    ImportFileError,
    _allowed_rows,
    _check_zip,
    _read_bytes,
    normalise,
)

from .sheets import SHEETS

NOT_A_WORKBOOK = (
    "The file is not a valid Excel workbook (.xlsx): it may be damaged or saved in another format. "
    "Open it in Excel and save it again as an “Excel Workbook (.xlsx)”."
)


def cell_value(value):
    """A cell as JSON can keep it: dates as ISO text, whole floats as ints, text trimmed."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]  # the apostrophe an export puts before text that could run as a formula
    return text or None


def _header(cells, sheet):
    """{column key: index} for the template's columns found in the header row."""
    names = {normalise(column.header): column.key for column in sheet.columns}
    names.update({normalise(column.key): column.key for column in sheet.columns})
    found = {}
    for index, cell in enumerate(cells):
        key = names.get(normalise(cell)) if cell is not None else None
        if key and key not in found:
            found[key] = index
    return found


def _sheet_rows(worksheet, sheet, budget):
    """The header's columns and the rows of data of one worksheet; `budget` counts rows read in all."""
    header, rows, blank = None, [], 0
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > _allowed_rows():
            raise ImportFileError(
                f"The sheet {sheet.name} has more than {_allowed_rows():,} rows, counting empty ones. "
                "Delete the empty rows below your data and save it again."
            )
        values = [cell_value(cell) for cell in cells]
        if header is None:
            if any(value is not None for value in values):
                header = _header(values, sheet)
            continue
        row = {key: values[index] if index < len(values) else None for key, index in header.items()}
        if all(value is None for value in row.values()):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                raise ImportFileError(f"The sheet {sheet.name} has more than {MAX_BLANK_ROWS:,} empty rows.")
            continue
        budget[0] += 1
        if budget[0] > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(f"The workbook has more than {settings.IMPORT_MAX_ROWS:,} rows of data.")
        rows.append({"row": number, **row})
    return {"columns": list(header or {}), "rows": rows, "has_header": header is not None}


def read_workbook(fileobj, filename):
    """The template's sheets found in the workbook, as rows (see the module docstring)."""
    if PurePath(filename or "").suffix.lower() != ".xlsx":
        raise ImportFileError("Upload the plan as an Excel workbook (.xlsx), laid out as the template.")
    data = _read_bytes(fileobj)
    _check_zip(data)
    from openpyxl import load_workbook  # imported here: only uploads need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # styles and extensions openpyxl ignores do not matter here
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                titles = {normalise(worksheet.title): worksheet for worksheet in workbook.worksheets}
                sheets, budget = {}, [0]
                for sheet in SHEETS:
                    worksheet = titles.get(normalise(sheet.name))
                    if worksheet is None:
                        continue
                    if hasattr(worksheet, "reset_dimensions"):
                        worksheet.reset_dimensions()
                    sheets[sheet.name] = _sheet_rows(worksheet, sheet, budget)
                return sheets
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, zip errors) for a damaged file
        raise ImportFileError(NOT_A_WORKBOOK) from None
