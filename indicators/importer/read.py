"""Reading an uploaded file: its size and kind, then its rows as dicts. Nothing here touches the database.

    rows = read_table(fileobj, filename, kind="values")     # ImportFileError if the file is unusable

A row is a dict of the file's cells under the canonical column names (indicator, period,
category, value, note, numerator, denominator, provisional; or indicator, period, area, value, source)
plus "row_number", the row's number as the spreadsheet shows it (the header is row 1). Rows hold only strings,
ints, floats and None, so they can be kept as JSON (ImportBatch.rows) between the preview
and the confirmation.

Reading is bounded in memory and time, whatever is uploaded:

* the file itself: IMPORT_MAX_BYTES;
* CSV is read strictly: a quote that is never closed, or a stray quote after a closing one, is an
  error naming its line (a lenient reader would swallow the rows after it into one cell);
* a workbook is a zip: its members may not expand past a ceiling, and its worksheets' XML may not
  be larger than XLSX_BYTES_PER_ROW for each row allowed (a sheet of a million styled empty rows
  is refused before it is parsed); a sheet that declares more rows than allowed is refused too;
* at most IMPORT_MAX_ROWS rows of data, and at most MAX_BLANK_ROWS empty rows besides, are read.
"""

import csv
import datetime
import io
import re
import warnings
import zipfile
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings

VALUES = "values"
COMPARATORS = "comparators"
KINDS = (VALUES, COMPARATORS)

EXTENSIONS = (".csv", ".xlsx")
MB = 1024 * 1024
# A workbook is a zip: refuse one whose members would expand past this (a "zip bomb").
XLSX_EXPANDED_CEILING = 100 * MB
XLSX_EXPANSION_FACTOR = 20
XLSX_MAX_MEMBERS = 10_000
# A worksheet's XML, per row allowed (50,000 rows of five cells take about 10 MB), and a little more.
XLSX_BYTES_PER_ROW = 300
XLSX_SHEET_SLACK = 64 * 1024
MAX_BLANK_ROWS = 5_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls files and encrypted workbooks
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]{1,3}[0-9]+:[A-Z]{1,3}([0-9]+)\"")

# Columns by kind: (required, optional). Other columns are ignored.
COLUMNS = {
    VALUES: (("indicator", "period", "value"), ("category", "note", "numerator", "denominator", "provisional")),
    COMPARATORS: (("indicator", "period", "area", "value"), ("source",)),
}
# Free text columns: the only ones where a line break inside a quoted cell is expected.
TEXT_COLUMNS = {"note", "source"}
HEADER_ALIASES = {
    "indicator number": "indicator",
    "indicator no": "indicator",
    "indicator no.": "indicator",
    "breakdown category": "category",
    "comparator area": "area",
}
SPACES = re.compile(r"\s+")


class ImportFileError(ValueError):
    """A file that cannot be imported at all: its message says why, in words for the person who uploaded it."""


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
    optional = " and ".join(", ".join(optional).rsplit(", ", 1))
    return f"{', '.join(required)} (and, if you need them, {optional})"


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
    blank = 0
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
            blank += 1  # blank, or something only in columns the import does not read
            if blank > MAX_BLANK_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_BLANK_ROWS:,} empty rows (by row {number:,}). Delete the "
                    "empty rows below and between your data, or copy the data into a new file, and upload it again."
                )
            continue
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
    # strict: a quote that is never closed is an error, not the rest of the file swallowed into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = {}  # record number → the line it starts on

    def records():
        number = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(_csv_error(text, start, str(error))) from None
            number += 1
            lines[number] = start
            yield number, cells

    rows = _tabulate(records(), kind)
    for row in rows:
        for name, cell in row.items():
            if name not in TEXT_COLUMNS and isinstance(cell, str) and ("\n" in cell or "\r" in cell):
                raise ImportFileError(
                    f'Line {lines[row["row_number"]]:,}: the {name} cell runs over several lines, so a quote (") '
                    "in it or before it is probably not closed. Nothing has been imported: correct the quotes "
                    "and upload the file again."
                )
    return rows


def _csv_error(text, line, reason):
    if "end of data" in reason or "EOF" in reason:
        return (
            f'Line {line:,} opens a quote (") that is never closed, so every line after it would be read as '
            "part of one cell. Nothing has been imported: close the quote, or remove it, and upload the "
            "file again."
        )
    return (
        f'Line {line:,} could not be read as CSV: a quote (") is misplaced ({reason}). A cell that contains a '
        'quote must be wrapped in quotes, with the quote inside written twice (""). Nothing has been '
        "imported."
    )


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
    _check_sheets(data, [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")])


def _allowed_rows():
    """The most rows a sheet may have: the header, IMPORT_MAX_ROWS rows of data and MAX_BLANK_ROWS empty ones."""
    return settings.IMPORT_MAX_ROWS + MAX_BLANK_ROWS + 1


def _check_sheets(data, sheets):
    """Refuse worksheets too big to read in a few seconds, before they are parsed."""
    ceiling = XLSX_BYTES_PER_ROW * settings.IMPORT_MAX_ROWS + XLSX_SHEET_SLACK
    largest = max((sheet.file_size for sheet in sheets), default=0)
    if largest > ceiling:
        raise ImportFileError(
            f"The worksheet would take {size_text(largest)} when opened; the most accepted is {size_text(ceiling)} "
            f"(about {settings.IMPORT_MAX_ROWS:,} rows). It may hold many formatted empty rows: copy only the "
            "rows of data into a new workbook, or save them as CSV."
        )
    allowed = _allowed_rows()
    declared = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in sheets:
                with archive.open(sheet) as stream:
                    match = DIMENSION.search(stream.read(4096))
                declared = max(declared, int(match[1]) if match else 0)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return  # a damaged member: openpyxl's own reading reports it
    if declared > allowed:
        raise ImportFileError(
            f"The worksheet says it has {declared:,} rows; the most accepted is {allowed:,}. Delete the empty "
            "rows below your data (or copy the data into a new workbook) and save it again."
        )


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


def _numbered(sheet):
    allowed = _allowed_rows()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > allowed:
            raise ImportFileError(
                f"The worksheet has more than {allowed:,} rows, counting empty ones; the most accepted is "
                f"{settings.IMPORT_MAX_ROWS:,} rows of data. Delete the empty rows below your data and save it again."
            )
        yield number, [_xlsx_cell(cell) for cell in cells]


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
                return _tabulate(_numbered(sheet), kind)
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
