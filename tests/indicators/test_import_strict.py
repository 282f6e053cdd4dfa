"""The import reads what the grid reads, strictly, within bounds: numbers, quotes, workbooks, the kept preview."""

import csv
import io
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from openpyxl.styles import Font

from indicators import importer
from indicators.importer import ImportFileError
from indicators.importer import read as import_read
from indicators.models import ImportBatch, Indicator, IndicatorValue
from indicators.values.numbers import parse_number
from tests.indicators.factories import IndicatorValueFactory

HEADER = ["indicator", "period", "category", "value", "note"]
IMPORT_URL = "/scorecard/import/"


def csv_bytes(rows, header=HEADER):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def read(content, name="values.csv", kind="values"):
    return importer.read_table(io.BytesIO(content), name, kind=kind)


def post_file(client, content, name="values.csv", kind="values"):
    return client.post(IMPORT_URL, {"kind": kind, "file": SimpleUploadedFile(name, content)})


# =========================================================================== a. numbers as strict as the grid's

REFUSED = [
    ("5_0", "the value must be a number; '5_0' is not one"),
    ("1e3", "the value must be a number; '1e3' is not one"),
    ("\uff15\uff10", "the value must be a number; '５０' is not one"),  # full-width 50
    ("\u0665\u0660", "the value must be a number; '٥٠' is not one"),  # Arabic-Indic 50
    ("-0.0001", "the value has more than 3 decimal places"),
    ("12.3456", "the value has more than 3 decimal places"),
    ("+5", "the value must be a number; '+5' is not one"),
    ("Infinity", "the value must be a number; 'Infinity' is not one"),
]


@pytest.mark.parametrize(("typed", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_import_refuses_each_number_the_grid_refuses_naming_row_and_column(seed_plan, typed, message):
    with pytest.raises(ValidationError):
        parse_number(typed)  # the grid refuses it
    result = importer.preview(read(csv_bytes([["1", "2018-04", "", typed, ""]])), plan=seed_plan)
    assert result.rows[0].kind == "error"
    assert result.rows[0].message.startswith(f"Row 2: {message}"), result.rows[0].message


@pytest.mark.parametrize("typed", ["-0", "-0.000", "0"])
def test_a_negative_zero_is_stored_and_shown_as_zero(seed_plan, data_officer_user, typed):
    importer.apply(read(csv_bytes([["1", "2018-04", "", typed, ""]])), plan=seed_plan, user=data_officer_user)
    value = IndicatorValue.objects.get()
    assert value.value == 0
    assert not value.value.is_signed()
    assert importer.preview(read(csv_bytes([["1", "2018-04", "", "0", ""]])), plan=seed_plan).rows[0].kind == (
        "unchanged"
    )


def test_import_and_grid_agree_on_every_kind_of_text(seed_plan):
    indicator = Indicator.objects.get(plan=seed_plan, number="5")  # a rate: any non-negative figure
    for typed in ["12", "1,234", "75.5", "0.125", "1,23", "12a", "", ".", "-", "1 234", "99999999999.999", "1e-3"]:
        try:
            grid = parse_number(typed)
        except ValidationError:
            grid = None
        value, _ = importer.parse_value(typed, indicator)
        assert value == grid, typed


def test_a_workbook_number_is_read_as_typed_never_with_an_exponent(seed_plan):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["5", "2018-04", None, 0.00001, None])
    workbook.active.append(["5", "2018-05", None, 1e20, None])
    out = io.BytesIO()
    workbook.save(out)
    result = importer.preview(read(out.getvalue(), "values.xlsx"), plan=seed_plan)
    assert [row.message for row in result.rows] == [
        "Row 2: the value has more than 3 decimal places: round it to 3 or fewer",
        "Row 3: the value is too large: the largest accepted is 99,999,999,999.999",
    ]


# =========================================================================== b. quotes read strictly

UNCLOSED = b'indicator,period,category,value,note\n1,2018-04,,5,"unclosed\n2,2018-04,,6,x\n'


def test_an_unclosed_quote_is_an_error_naming_its_line():
    with pytest.raises(ImportFileError) as caught:
        read(UNCLOSED)
    assert str(caught.value).startswith('Line 2 opens a quote (") that is never closed')


def test_an_unclosed_quote_is_refused_on_the_page_and_by_the_command(seed_plan, data_officer_client, tmp_path):
    response = post_file(data_officer_client, UNCLOSED)
    assert response.status_code == 200
    assert "Line 2 opens a quote" in response.content.decode()
    assert not ImportBatch.objects.exists()
    path = tmp_path / "values.csv"
    path.write_bytes(UNCLOSED)
    with pytest.raises(CommandError, match="Line 2 opens a quote"):
        call_command("import_values", str(path))
    assert not IndicatorValue.objects.exists()


def test_a_stray_quote_after_a_closing_one_is_an_error_naming_its_line():
    with pytest.raises(ImportFileError, match=r"^Line 3 could not be read as CSV: a quote"):
        read(b'indicator,period,category,value,note\n1,2018-04,,5,x\n2,2018-04,,6,"a"b\n')


def test_a_line_break_inside_a_quoted_number_is_refused_but_one_in_a_note_is_kept():
    with pytest.raises(ImportFileError, match=r"^Line 2: the value cell runs over several lines"):
        read(b'indicator,period,category,value,note\n1,2018-04,,"5\n2",x\n')
    rows = read(b'indicator,period,category,value,note\n1,2018-04,,5,"two\nlines"\n4,2018-04,,6,x\n')
    assert [row["note"] for row in rows] == ["two\nlines", "x"]


# =========================================================== e. a stored numerator is never dropped silently


def _percentage_indicator(plan):
    return Indicator.objects.filter(plan=plan, unit="percentage", frequency="monthly", breakdown=None).first()


def test_the_preview_says_a_stored_numerator_and_denominator_will_be_removed(seed_plan, data_officer_user, capsys):
    indicator = _percentage_indicator(seed_plan)
    IndicatorValueFactory(
        indicator=indicator,
        period_start="2018-04-01",
        period_end="2018-04-30",
        value=Decimal("5"),
        numerator=2,
        denominator=40,
    )
    rows = read(csv_bytes([[indicator.number, "2018-04", "", "5.1", ""]]))
    result = importer.preview(rows, plan=seed_plan)
    row = result.rows[0]
    assert row.kind == "changed"
    assert row.reason == "The numerator and denominator (2 / 40) will be removed: they do not give the new value."
    importer.apply(result, plan=seed_plan, user=data_officer_user)
    value = IndicatorValue.objects.get()
    assert (value.value, value.numerator, value.denominator) == (Decimal("5.1"), None, None)


def test_a_value_that_its_stored_fraction_still_gives_keeps_it(seed_plan, data_officer_user):
    indicator = _percentage_indicator(seed_plan)
    IndicatorValueFactory(
        indicator=indicator,
        period_start="2018-04-01",
        period_end="2018-04-30",
        value=Decimal("5"),
        numerator=2,
        denominator=40,
    )
    result = importer.preview(read(csv_bytes([[indicator.number, "2018-04", "", "5.04", ""]])), plan=seed_plan)
    assert result.rows[0].kind == "changed" and "removed" not in result.rows[0].reason
    importer.apply(result, plan=seed_plan, user=data_officer_user)
    value = IndicatorValue.objects.get()
    assert (value.numerator, value.denominator) == (2, 40)


def test_the_command_prints_that_the_fraction_will_be_removed(seed_plan, tmp_path, capsys):
    indicator = _percentage_indicator(seed_plan)
    IndicatorValueFactory(
        indicator=indicator,
        period_start="2018-04-01",
        period_end="2018-04-30",
        value=Decimal("5"),
        numerator=2,
        denominator=40,
    )
    path = tmp_path / "values.csv"
    path.write_bytes(csv_bytes([[indicator.number, "2018-04", "", "5.1", ""]]))
    call_command("import_values", str(path), "--dry-run")
    assert "5 → 5.1 (the numerator and denominator (2 / 40) will be removed" in capsys.readouterr().out


# =========================================================================== f. bounded reading, a kept preview


def _workbook(rows, *, styled_empty_rows=0, far_cell=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for number in range(len(rows) + 2, len(rows) + 2 + styled_empty_rows):
        for column in range(1, 6):
            sheet.cell(number, column).font = bold
    if far_cell:
        sheet.cell(far_cell, 1).font = bold
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_sheet_declaring_a_million_rows_is_refused_before_it_is_read():
    content = _workbook([["1", "2018-04", None, 5, None]], far_cell=1_048_576)
    started = time.monotonic()
    with pytest.raises(ImportFileError, match=r"The worksheet says it has 1,048,576 rows; the most accepted is"):
        read(content, "values.xlsx")
    assert time.monotonic() - started < 2


def test_a_sheet_of_formatted_empty_rows_too_big_to_read_quickly_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 100  # sheets up to 100 × 300 bytes + 64 KB
    content = _workbook([["1", "2018-04", None, 5, None]], styled_empty_rows=2_000)
    with pytest.raises(ImportFileError, match=r"The worksheet would take .* when opened; the most accepted is"):
        read(content, "values.xlsx")


def test_too_many_empty_rows_are_refused(monkeypatch):
    monkeypatch.setattr(import_read, "MAX_BLANK_ROWS", 10)
    content = csv_bytes([["1", "2018-04", "", "5", ""], *[[""] * 5] * 11, ["1", "2018-05", "", "6", ""]])
    with pytest.raises(ImportFileError, match=r"more than 10 empty rows \(by row 13\)"):
        read(content)
    assert len(read(csv_bytes([["1", "2018-04", "", "5", ""], *[[""] * 5] * 10, ["1", "2018-05", "", "6", ""]]))) == 2


def test_the_preview_is_checked_once_at_upload_and_kept_on_the_batch(seed_plan, data_officer_client, monkeypatch):
    response = post_file(data_officer_client, csv_bytes([["1", "2018-04", "", "5", ""], ["1", "2018-05", "", "x", ""]]))
    batch = ImportBatch.objects.get()
    assert batch.checked["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "error": 1}

    def never(*args, **kwargs):
        raise AssertionError("the preview page checked the file again")

    monkeypatch.setattr(importer, "preview", never)
    monkeypatch.setattr(importer.check, "preview", never)
    page = data_officer_client.get(response["Location"])
    assert page.status_code == 200
    assert "Row 3: the value must be a number; &#x27;x&#x27; is not one" in page.content.decode()


def test_the_preview_page_lists_errors_first_a_page_at_a_time(seed_plan, data_officer_client, monkeypatch):
    from indicators.views import imports

    monkeypatch.setattr(imports, "ROWS_PER_PAGE", 2)
    rows = [["1", f"2017-{month:02d}", "", "5", ""] for month in range(1, 6)] + [["1", "2017-06", "", "x", ""]]
    response = post_file(data_officer_client, csv_bytes(rows))
    first = data_officer_client.get(response["Location"])
    html = first.content.decode()
    assert "Rows 1 to 2 of the 6 in values.csv (rows with errors first)" in html
    assert [row.row_number for row, _ in first.context["table"]] == [7, 2]
    assert "Page 1 of 3" in html
    last = data_officer_client.get(response["Location"] + "?page=3")
    assert [row.row_number for row, _ in last.context["table"]] == [5, 6]
