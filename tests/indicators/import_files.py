"""What the import tests share: files of indicator values and comparators written as CSV or as a workbook,
reading them back, and uploading them to the import page.
"""

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from indicators import importer
from indicators.models import PeriodLock
from indicators.periods import Period

HEADER = ["indicator", "period", "category", "value", "note"]
GOOD_ROWS = [
    ["1", "2018-04", "", "1234", "April count"],  # monthly count
    ["4", "2018-04", "Police", "23.5", ""],  # monthly percentage, one category of its breakdown
    ["4", "2018-04", "", "100", ""],  # the same indicator's overall figure
    ["30", "2018-19 Q1", "", "12", ""],  # quarterly count
    ["23", "2018-19", "", "3", ""],  # annual count
    ["58", "2018-19 Q1", "Female", "7", ""],  # quarterly, Gender breakdown
]


def csv_bytes(rows, header=HEADER, delimiter=",", bom=False):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def as_number(text):
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return int(number) if number == number.to_integral_value() else float(number)


def xlsx_bytes(rows, header=HEADER):
    """A workbook as Excel would save it: the values typed in as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append([as_number(cell) if index == 3 else cell for index, cell in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(content, name="values.csv", kind="values"):
    return importer.read_table(io.BytesIO(content), name, kind=kind)


def upload(content, name="values.csv"):
    return SimpleUploadedFile(name, content)


def outcome_kinds(result):
    return [row.kind for row in result.rows]


def lock(period_code, user):
    period = Period.parse(period_code)
    return PeriodLock.objects.create(period_start=period.start, period_end=period.end, locked_by=user)


# --------------------------------------------------------------------------- comparators

COMPARATOR_HEADER = ["indicator", "period", "area", "value", "source"]


# --------------------------------------------------------------------------- the pages

IMPORT_URL = "/scorecard/import/"


def post_file(client, content, name="values.csv", kind="values"):
    return client.post(IMPORT_URL, {"kind": kind, "file": upload(content, name)})
