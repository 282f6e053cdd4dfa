"""What the download tests share: the export addresses, formula triggers, and reading the workbooks and
CSV files the site sends.
"""

import codecs
import csv
import io

from openpyxl import load_workbook

SCORECARD_XLSX = "/scorecard/export.xlsx"
SCORECARD_CSV = "/scorecard/export.csv"
PLAN_XLSX = "/business-plan/export.xlsx"
PLAN_CSV = "/business-plan/export.csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INJECTIONS = ['=HYPERLINK("http://example.com/x","Click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


# --------------------------------------------------------------------------- reading the files


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return load_workbook(io.BytesIO(response.content))


def csv_of(response):
    """The CSV's rows (header first); the file must start with a UTF-8 byte order mark."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def scorecard_cells(workbook):
    """(header, [row of cells]) of the "Scorecard" sheet's indicator rows: no title or outcome heading."""
    sheet = workbook["Scorecard"]
    header = [cell.value for cell in sheet[2]]
    rows = [
        cells
        for cells in sheet.iter_rows(min_row=3)
        if any(cell.value not in (None, "") for cell in cells[1:])  # an outcome heading has its first cell only
    ]
    return header, rows


def scorecard_dicts(workbook):
    header, rows = scorecard_cells(workbook)
    return [dict(zip(header, (cell.value for cell in cells), strict=True)) for cells in rows]


def sheet_dicts(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_dicts(rows):
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def as_text(value):
    return "" if value is None else str(value)


def page_numbers(response):
    """The indicator numbers the scorecard page lists, in its order."""
    return [row.indicator.number for _, rows in response.context["groups"] for row in rows]


def every_formula_cell(workbook):
    return [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
