"""Bulk import of indicator values and comparators from a CSV or XLSX file.

Three steps, none of which touches a request:

    rows = read_table(fileobj, filename, kind="values")     # read: ImportFileError if the file is unusable
    result = preview(rows, plan=plan, kind="values")         # check: every row new, changed, unchanged or error
    counts = apply(result, plan=plan, user=user)             # save: all or nothing, through the values service

templates makes the downloadable template files; forms holds the upload form.
"""

from .batch import CheckedRow, bases, checked_rows, stored
from .check import (
    AREA_ALIASES,
    CHANGED,
    DECIMAL_PLACES,
    ERROR,
    LARGEST_VALUE,
    NEW,
    OUTCOMES,
    UNCHANGED,
    ImportPreview,
    ImportRejected,
    RowOutcome,
    parse_period,
    parse_value,
    preview,
)
from .read import (
    COLUMNS,
    COMPARATORS,
    KINDS,
    MAX_BLANK_ROWS,
    OLE_SIGNATURE,
    VALUES,
    ImportFileError,
    normalise,
    read_table,
    size_text,
)
from .save import ImportConflict, apply
from .templates import template_csv, template_rows, template_xlsx

__all__ = [
    "AREA_ALIASES",
    "CHANGED",
    "COLUMNS",
    "COMPARATORS",
    "DECIMAL_PLACES",
    "ERROR",
    "KINDS",
    "LARGEST_VALUE",
    "MAX_BLANK_ROWS",
    "NEW",
    "OLE_SIGNATURE",
    "OUTCOMES",
    "UNCHANGED",
    "VALUES",
    "CheckedRow",
    "ImportConflict",
    "ImportFileError",
    "ImportPreview",
    "ImportRejected",
    "RowOutcome",
    "apply",
    "bases",
    "checked_rows",
    "normalise",
    "parse_period",
    "parse_value",
    "preview",
    "read_table",
    "size_text",
    "stored",
    "template_csv",
    "template_rows",
    "template_xlsx",
]
