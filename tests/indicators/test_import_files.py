"""Bulk import, reading files: CSV and workbooks read into rows, and files refused with a clear message."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from indicators import importer
from indicators.importer import ImportFileError
from tests.indicators.import_files import GOOD_ROWS, csv_bytes, read, xlsx_bytes

# --------------------------------------------------------------------------- reading files


def test_csv_rows_keep_their_spreadsheet_row_numbers_and_skip_blank_rows():
    content = csv_bytes(
        [["1", "2018-04", "", "12", ""], ["", "", "", "", ""], ["4", "2018-04", "Police", "1,234", "  a note "]],
        header=[" Indicator Number ", "PERIOD", "Category", "Value", "Note"],
        bom=True,
    )
    rows = read(content)
    assert [row["row_number"] for row in rows] == [2, 4]
    assert rows[0] == {
        "row_number": 2,
        "indicator": "1",
        "period": "2018-04",
        "category": "",
        "value": "12",
        "note": "",
    }
    assert rows[1]["value"] == "1,234"
    assert rows[1]["note"] == "a note"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    rows = read(csv_bytes([["1", "2018-04", "", "12,5", ""]], delimiter=delimiter))
    assert rows[0]["value"] == "12,5"
    assert rows[0]["period"] == "2018-04"


def test_optional_columns_may_be_left_out():
    rows = read(csv_bytes([["1", "2018-04", "12"]], header=["indicator", "period", "value"]))
    assert rows == [{"row_number": 2, "indicator": "1", "period": "2018-04", "value": "12"}]


def test_xlsx_keeps_numbers_turns_dates_into_months_and_reads_percent_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "Period", "Category", "Value"])
    sheet.append([1, datetime.datetime(2018, 4, 1), None, 12])
    sheet.append(["4", "2018-04", "Police", 0.235])
    sheet["D3"].number_format = "0.0%"
    sheet.append([None, None, None, None])
    sheet.append([23, "2018-19", None, 2.5])
    out = io.BytesIO()
    workbook.save(out)
    rows = read(out.getvalue(), "values.xlsx")
    assert [row["row_number"] for row in rows] == [2, 3, 5]
    assert rows[0]["indicator"] == 1
    assert rows[0]["period"] == "2018-04"
    assert rows[0]["value"] == 12
    assert rows[1]["value"] == "23.5%"
    assert rows[2]["value"] == 2.5


def zip_bomb_xlsx():
    """A real workbook with one extra member that expands to 2 MB from a couple of KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(GOOD_ROWS))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/media/padding.bin", b"\0" * (2 * 1024 * 1024))
    return out.getvalue()


BAD_FILES = [
    ("empty csv", b"", "values.csv", "The file is empty."),
    ("only blank lines", b"\r\n\r\n  \r\n", "values.csv", "The file is empty."),
    ("header only", b"indicator,period,value\r\n", "values.csv", "header row but no rows of data"),
    ("blank first row", b"\r\nindicator,period,value\r\n1,2018-04,3\r\n", "values.csv", "first row must be the header"),
    ("no header", b"1,2018-04,,12,\r\n", "values.csv", "first row must be the header row"),
    ("missing columns", b"indicator,when,amount\r\n1,2018-04,12\r\n", "values.csv", "no period and value columns"),
    ("duplicate column", b"indicator,period,value,Value\r\n1,2018-04,1,2\r\n", "values.csv", "two 'value' columns"),
    ("binary csv", b"indicator,period,value\r\n\x00\x01\x02\xff\xfe", "values.csv", "holds binary data"),
    ("workbook named csv", xlsx_bytes(GOOD_ROWS), "values.csv", "is an Excel workbook"),
    ("latin-1 csv", "indicator,period,value,note\r\n1,2018-04,3,£5\r\n".encode("latin-1"), "values.csv", "not UTF-8"),
    ("xls", b"anything", "values.xls", "Upload a .csv or .xlsx file"),
    ("txt", b"indicator,period,value\r\n", "values.txt", "Upload a .csv or .xlsx file"),
    ("no extension", b"indicator,period,value\r\n", "values", "Upload a .csv or .xlsx file"),
    ("text named xlsx", b"indicator,period,value\r\n1,2018-04,3\r\n", "values.xlsx", "is text, not an Excel workbook"),
    ("random bytes xlsx", bytes(range(256)) * 4, "values.xlsx", "not a valid Excel workbook"),
    ("truncated xlsx", xlsx_bytes(GOOD_ROWS)[:1500], "values.xlsx", "not a valid Excel workbook"),
    ("zip that is no workbook", None, "values.xlsx", "not a valid Excel workbook"),
    (
        "xls or encrypted named xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "values.xlsx",
        "password-protected",
    ),
]


def _plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(("label", "content", "name", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_files_are_refused_with_a_clear_message(label, content, name, message):
    if content is None:
        content = _plain_zip()
    with pytest.raises(ImportFileError) as caught:
        read(content, name)
    assert message in str(caught.value)


def test_missing_comparator_columns_are_named():
    with pytest.raises(ImportFileError, match="no area column"):
        read(csv_bytes([["1", "2018-04", "", "1", ""]]), kind="comparators")


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    content = b"x" * int(7.2 * 1024 * 1024)
    with pytest.raises(ImportFileError) as caught:
        read(content)
    assert str(caught.value) == "The file is 7.2 MB; the largest accepted is 5 MB."
    settings.IMPORT_MAX_BYTES = 1000  # a stream without a size: read up to the limit, then counted
    stream = io.BytesIO(b"y" * 3000)
    stream.size = None
    with pytest.raises(ImportFileError, match=r"2\.9 KB; the largest accepted is 1000 bytes"):
        importer.read_table(stream, "values.csv")


def test_too_many_rows_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    assert len(read(csv_bytes(GOOD_ROWS[:3]))) == 3
    with pytest.raises(ImportFileError, match="more than 3 rows of data"):
        read(csv_bytes(GOOD_ROWS[:4]))
    with pytest.raises(ImportFileError, match="more than 3 rows of data"):
        read(xlsx_bytes(GOOD_ROWS[:4]), "values.xlsx")


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(settings):
    settings.IMPORT_MAX_BYTES = 50 * 1024  # members may expand to 20 × 50 KB = 1000 KB
    content = zip_bomb_xlsx()
    assert len(content) < settings.IMPORT_MAX_BYTES
    with pytest.raises(ImportFileError, match=r"would expand to 2 MB when opened; the most accepted is 1000 KB"):
        read(content, "values.xlsx")
