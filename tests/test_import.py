"""Bulk import of indicator values and comparators: reading files, checking rows, saving, the command, the pages."""

import csv
import datetime
import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators import importer
from indicators.importer import ImportFileError, ImportRejected
from indicators.models import Comparator, ImportBatch, Indicator, IndicatorValue, PeriodLock
from indicators.periods import Period, PeriodError
from tests.conftest import signed_in_client

HEADER = ["indicator", "period", "category", "value", "note"]
GOOD_ROWS = [
    ["1", "2018-04", "", "1234", "April count"],  # monthly count
    ["4", "2018-04", "Police", "23.5", ""],  # monthly percentage, one category of its breakdown
    ["4", "2018-04", "", "100", ""],  # the same indicator's overall figure
    ["28", "2018-19 Q1", "", "12", ""],  # quarterly count
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


@pytest.fixture
def plan(seed_plan):
    return seed_plan


@pytest.fixture
def officer(data_officer_user):
    return data_officer_user


def lock(period_code, user):
    period = Period.parse(period_code)
    return PeriodLock.objects.create(period_start=period.start, period_end=period.end, locked_by=user)


# =========================================================================== reading files


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


# =========================================================================== checking and saving


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_file_imports_then_shows_unchanged_and_changed(plan, officer, fmt):
    make = csv_bytes if fmt == "csv" else xlsx_bytes
    rows = read(make(GOOD_ROWS), f"values.{fmt}")
    result = importer.preview(rows, plan=plan)
    assert result.is_valid
    assert outcome_kinds(result) == ["new"] * 6
    assert result.counts == {"new": 6, "changed": 0, "unchanged": 0, "error": 0}

    counts = importer.apply(result, plan=plan, user=officer)
    assert counts == {"new": 6, "changed": 0, "unchanged": 0, "error": 0, "total": 6}
    assert IndicatorValue.objects.count() == 6
    april = IndicatorValue.objects.get(indicator__number="1")
    assert april.value == Decimal("1234")
    assert april.note == "April count"
    assert april.entered_by == officer
    assert april.period_start == datetime.date(2018, 4, 1)
    assert april.period_end == datetime.date(2018, 4, 30)
    police = IndicatorValue.objects.get(indicator__number="4", category__name="Police")
    assert police.value == Decimal("23.5")
    assert IndicatorValue.objects.get(indicator__number="4", category=None).value == 100
    # History is recorded for bulk-created rows, with who entered them.
    assert IndicatorValue.history.filter(history_type="+").count() == 6
    assert set(IndicatorValue.history.values_list("history_user", flat=True)) == {officer.pk}

    again = importer.preview(read(make(GOOD_ROWS), f"values.{fmt}"), plan=plan)
    assert outcome_kinds(again) == ["unchanged"] * 6

    changed_rows = [list(row) for row in GOOD_ROWS]
    changed_rows[1][3] = "30"
    changed = importer.preview(read(make(changed_rows), f"values.{fmt}"), plan=plan)
    assert outcome_kinds(changed) == ["unchanged", "changed", "unchanged", "unchanged", "unchanged", "unchanged"]
    row = changed.rows[1]
    assert (row.old_value, row.new_value) == (Decimal("23.5"), Decimal("30"))
    assert (row.old_value_text, row.new_value_text) == ("23.5", "30")
    assert importer.apply(changed, plan=plan, user=officer)["changed"] == 1
    police.refresh_from_db()
    assert police.value == 30
    assert IndicatorValue.history.filter(history_type="~", id=police.pk).count() == 1


def test_a_changed_note_alone_counts_as_a_change_and_a_blank_note_keeps_the_old_one(plan, officer):
    importer.apply(importer.preview(read(csv_bytes(GOOD_ROWS[:1])), plan=plan), plan=plan, user=officer)
    blank_note = importer.preview(read(csv_bytes([["1", "2018-04", "", "1234", ""]])), plan=plan)
    assert outcome_kinds(blank_note) == ["unchanged"]
    new_note = importer.preview(read(csv_bytes([["1", "2018-04", "", "1234", "Corrected source"]])), plan=plan)
    assert outcome_kinds(new_note) == ["changed"]
    importer.apply(new_note, plan=plan, user=officer)
    assert IndicatorValue.objects.get().note == "Corrected source"


def test_changing_a_value_clears_the_numerator_and_denominator_that_gave_the_old_one(plan, officer):
    indicator = Indicator.objects.get(plan=plan, number="11")
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2018, 4, 30),
        value=50,
        numerator=5,
        denominator=10,
        is_demo=True,
    )
    importer.apply(read(csv_bytes([["11", "2018-04", "", "60", ""]])), plan=plan, user=officer)
    value = IndicatorValue.objects.get()
    assert (value.value, value.numerator, value.denominator, value.is_demo) == (60, None, None, False)


def period_error(text):
    """The reason Period.parse gives for `text`, as a row's message carries it."""
    try:
        Period.parse(text)
    except PeriodError as error:
        return str(error)
    raise AssertionError(f"{text!r} is a period")


BAD_ROWS = [
    (["99", "2018-04", "", "1", ""], "Row 3: there is no indicator 99 in this plan"),
    (["", "2018-04", "", "1", ""], "Row 3: the indicator is missing"),
    (["1", "2018-13", "", "1", ""], "Row 3: " + period_error("2018-13")),
    (["1", "April", "", "1", ""], "Row 3: " + period_error("April")),
    (["1", "2018-20", "", "1", ""], "Row 3: " + period_error("2018-20")),
    (["1", "", "", "1", ""], "Row 3: the period is missing"),
    (["1", "2018-19 Q1", "", "1", ""], "Row 3: indicator 1 is reported monthly: use a month such as 2018-04"),
    (["28", "2018-05", "", "1", ""], "Row 3: indicator 28 is reported quarterly: use a quarter such as 2018-19 Q1"),
    (
        ["23", "2018-19 Q2", "", "1", ""],
        "Row 3: indicator 23 is reported annually: use a financial year such as 2018-19",
    ),
    (["1", "2099-04", "", "1", ""], "Row 3: 2099-04 has not started yet"),
    (
        ["4", "2018-04", "Polis", "1", ""],
        "Row 3: 'Polis' is not a category of indicator 4's breakdown (Referral source)",
    ),
    (["58", "2018-19 Q1", "Police", "1", ""], "Row 3: 'Police' is not a category of indicator 58's breakdown (Gender)"),
    (["1", "2018-04", "Police", "1", ""], "Row 3: indicator 1 has no breakdown by category: leave the category blank"),
    (["1", "2018-04", "", "N/A", ""], "Row 3: the value must be a number; 'N/A' is not one"),
    (["1", "2018-04", "", "high", ""], "Row 3: the value must be a number"),
    (["1", "2018-04", "", "", ""], "Row 3: the value must be a number; the cell is empty"),
    (["1", "2018-04", "", "NaN", ""], "Row 3: the value must be a number"),
    (["1", "2018-04", "", "1e30", ""], "Row 3: the value must be a number; '1e30' is not one"),
    (["1", "2018-04", "", "100000000000000", ""], "Row 3: the value is too large"),
    (["1", "2018-04", "", "1,2", ""], "Row 3: the value must be a number"),
    (["1", "2018-04", "", "12%", ""], "Row 3: indicator 1 is a count, not a percentage: leave out the % sign"),
    (["1", "2018-04", "", "-3", ""], "Row 3: a count cannot be negative"),
    (["1", "2018-04", "", "12.5", ""], "Row 3: a count must be a whole number"),
    (["4", "2018-04", "", "101", ""], "Row 3: a percentage must be between 0 and 100"),
    (["4", "2018-04", "", "100.5%", ""], "Row 3: a percentage must be between 0 and 100"),
    (["5", "2018-04", "", "-0.5", ""], "Row 3: a rate per 10,000 children cannot be negative"),
    (["28", "2018-19 Q1", "", "12", ""], "Row 3: it repeats row 2 (the same indicator, period and category)"),
]


@pytest.mark.parametrize(("cells", "message"), BAD_ROWS, ids=[case[1] for case in BAD_ROWS])
def test_each_bad_row_names_its_row_and_reason_and_nothing_is_saved(plan, officer, cells, message):
    rows = read(csv_bytes([["28", "2018-19 Q1", "", "12", ""], cells]))
    result = importer.preview(rows, plan=plan)
    assert not result.is_valid
    assert result.rows[0].kind == "new"
    bad = result.rows[1]
    assert bad.kind == "error"
    assert bad.row_number == 3
    assert bad.message.startswith(message), bad.message
    assert result.errors == [bad]
    with pytest.raises(ImportRejected) as caught:
        importer.apply(result, plan=plan, user=officer)
    assert message in str(caught.value)
    assert caught.value.preview.errors[0].message == bad.message
    assert IndicatorValue.objects.count() == 0


def test_several_problems_in_one_row_are_all_given(plan):
    result = importer.preview(read(csv_bytes([["99", "2018-13", "", "lots", ""]])), plan=plan)
    assert result.rows[0].message == (
        f"Row 2: there is no indicator 99 in this plan; {period_error('2018-13')}; "
        "the value must be a number; 'lots' is not one"
    )
    assert result.rows[0].reason.startswith("There is no indicator 99")


@pytest.mark.parametrize(
    ("number", "period", "category", "value", "expected"),
    [
        ("1", "2018-04", "", "1,234", Decimal("1234")),
        ("1", "2018-04", "", " 1,234,567 ", Decimal("1234567")),
        ("4", "2018-04", "police", "45%", Decimal("45")),
        ("4", "2018-04", "  POLICE ", "12.346", Decimal("12.346")),
        ("4", "2018-04", "", "0", Decimal("0")),
        ("56A", "2018-19", "", "20.5", Decimal("20.5")),
        ("64", "2018/19 q2", "", "17.25", Decimal("17.25")),
        ("1", "Apr-18", "", "1", Decimal("1")),  # a CSV saved by Excel after it took 2018-04 for a date
        ("1", "April 2018", "", "1", Decimal("1")),
        ("1", "01/04/2018", "", "1", Decimal("1")),
        ("1", "2018-04-01", "", "1", Decimal("1")),
    ],
)
def test_accepted_ways_of_writing_a_row(plan, number, period, category, value, expected):
    result = importer.preview(read(csv_bytes([[number, period, category, value, ""]])), plan=plan)
    assert result.is_valid, result.errors
    assert result.rows[0].new_value == expected
    if number == "1":
        assert result.rows[0].period_code == "2018-04"


def test_blank_category_is_the_overall_figure_for_an_indicator_with_a_breakdown(plan, officer):
    rows = read(csv_bytes([["4", "2018-04", "", "100", ""], ["4", "2018-04", "Police", "20", ""]]))
    importer.apply(rows, plan=plan, user=officer)
    assert IndicatorValue.objects.filter(indicator__number="4", category=None).get().value == 100
    assert IndicatorValue.objects.filter(indicator__number="4", category__name="Police").get().value == 20


def test_ten_good_rows_and_one_bad_row_save_nothing(plan, officer):
    good = [["1", f"2017-{month:02d}", "", str(month), ""] for month in range(1, 11)]
    rows = read(csv_bytes([*good[:5], ["1", "2018-04", "", "N/A", ""], *good[5:]]))
    with pytest.raises(ImportRejected) as caught:
        importer.apply(rows, plan=plan, user=officer)
    assert [row.message for row in caught.value.preview.errors] == [
        "Row 7: the value must be a number; 'N/A' is not one"
    ]
    assert IndicatorValue.objects.count() == 0
    assert IndicatorValue.history.count() == 0


@pytest.mark.parametrize(
    ("locked", "row_period", "message"),
    [
        ("2018-19 Q1", "2018-19 Q1", "Row 2: 2018-19 Q1 has been signed off and locked"),
        ("2018-19", "2018-19 Q1", "Row 2: 2018-19 Q1 falls in 2018-19, which has been signed off and locked"),
    ],
)
def test_a_locked_period_is_refused(plan, officer, board_admin_user, locked, row_period, message):
    lock(locked, board_admin_user)
    result = importer.preview(read(csv_bytes([["28", row_period, "", "12", ""]])), plan=plan)
    assert result.rows[0].message.startswith(message)
    with pytest.raises(ImportRejected):
        importer.apply(result, plan=plan, user=officer)
    assert IndicatorValue.objects.count() == 0


def test_a_month_inside_a_locked_quarter_is_refused_and_others_are_not(plan, board_admin_user):
    lock("2018-19 Q1", board_admin_user)
    result = importer.preview(
        read(csv_bytes([["1", "2018-05", "", "1", ""], ["1", "2018-07", "", "1", ""]])), plan=plan
    )
    assert outcome_kinds(result) == ["error", "new"]
    assert "2018-05 falls in 2018-19 Q1" in result.rows[0].message


def test_apply_checks_again_because_the_database_may_have_changed(plan, officer, board_admin_user):
    result = importer.preview(read(csv_bytes(GOOD_ROWS)), plan=plan)
    assert result.is_valid
    lock("2018-19 Q1", board_admin_user)
    with pytest.raises(ImportRejected) as caught:
        importer.apply(result, plan=plan, user=officer)
    # 2018-04 and 2018-19 Q1 fall in the locked quarter; the year 2018-19 is longer than it, so not.
    assert {row.row_number for row in caught.value.preview.errors} == {2, 3, 4, 5, 7}
    assert IndicatorValue.objects.count() == 0


def test_preview_uses_a_handful_of_queries(plan, django_assert_max_num_queries, board_admin_user):
    lock("2017-18", board_admin_user)
    rows = read(csv_bytes([["1", f"2018-{month:02d}", "", "1", ""] for month in range(4, 13)] + GOOD_ROWS[1:]))
    with django_assert_max_num_queries(5):
        result = importer.preview(rows, plan=plan)
    assert result.is_valid


def test_a_20000_row_file_with_one_bad_row_saves_nothing_and_names_that_row(plan, officer):
    # Every monthly indicator (and each category of its breakdown) for month after month from 1960.
    keys = []
    for indicator in Indicator.objects.filter(plan=plan, frequency="monthly").select_related("breakdown"):
        keys.append((indicator.number, ""))
        if indicator.breakdown:
            keys.extend((indicator.number, c.name) for c in indicator.breakdown.categories.all())
    rows, month = [], 0
    while len(rows) < 20_000:
        period = f"{1960 + month // 12}-{month % 12 + 1:02d}"
        rows.extend([number, period, category, "5", ""] for number, category in keys)
        month += 1
    rows = rows[:20_000]
    rows[15_000 - 2][3] = "five"  # spreadsheet row 15,000: the header is row 1
    started = time.monotonic()
    table = read(csv_bytes(rows))
    with pytest.raises(ImportRejected) as caught:
        importer.apply(table, plan=plan, user=officer)
    elapsed = time.monotonic() - started
    assert len(table) == 20_000
    assert [row.message for row in caught.value.preview.errors] == [
        "Row 15000: the value must be a number; 'five' is not one"
    ]
    assert caught.value.preview.counts["new"] == 19_999
    assert IndicatorValue.objects.count() == 0
    assert elapsed < 20, f"reading and checking 20,000 rows took {elapsed:.1f}s"


def test_a_large_good_file_is_saved_in_bulk_with_history(plan, officer, django_assert_max_num_queries):
    rows = read(csv_bytes([["1", f"{1900 + i // 12}-{i % 12 + 1:02d}", "", str(i), ""] for i in range(1200)]))
    with django_assert_max_num_queries(60):  # in batches (SQLite's are about 100 rows), not 2,400 one by one
        counts = importer.apply(rows, plan=plan, user=officer)
    assert counts["new"] == 1200
    assert IndicatorValue.objects.count() == 1200
    assert IndicatorValue.history.count() == 1200


# =========================================================================== comparators

COMPARATOR_HEADER = ["indicator", "period", "area", "value", "source"]


def test_comparators_import_and_reimport(plan, officer):
    content = csv_bytes(
        [
            ["40", "2017-18", "England", "17.8", "ONS"],
            ["40", "2017-18", "north east region", "24.6", ""],
            ["40", "2017-18", "Statistical Neighbours", "23.1", ""],
            ["8", "2018-04", "North East", "92", ""],
        ],
        header=COMPARATOR_HEADER,
    )
    result = importer.preview(read(content, kind="comparators"), plan=plan, kind="comparators")
    assert result.is_valid, result.errors
    assert [row.area for row in result.rows] == [
        "England",
        "North East region",
        "Statistical neighbours (average)",
        "North East region",
    ]
    assert importer.apply(result, plan=plan, user=officer)["new"] == 4
    assert set(Comparator.objects.values_list("area", flat=True)) == {"england", "north_east", "statistical_neighbours"}
    assert Comparator.objects.get(area="england").source == "ONS"
    assert Comparator.history.count() == 4

    again = csv_bytes([["40", "2017-18", "ENGLAND", "18", ""]], header=COMPARATOR_HEADER)
    result = importer.preview(read(again, kind="comparators"), plan=plan, kind="comparators")
    assert outcome_kinds(result) == ["changed"]
    assert result.rows[0].old_value == Decimal("17.8")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["40", "2017-18", "Wales", "1", ""], "Row 2: 'Wales' is not a comparator area"),
        (["40", "2017-18", "", "1", ""], "Row 2: the area is missing"),
        (["40", "2017-18 Q1", "England", "1", ""], "Row 2: indicator 40 is reported annually"),
        (["99", "2017-18", "England", "1", ""], "Row 2: there is no indicator 99 in this plan"),
        (["24", "2017-18", "England", "150", ""], "Row 2: a percentage must be between 0 and 100"),
    ],
)
def test_bad_comparator_rows(plan, officer, cells, message):
    rows = read(csv_bytes([cells], header=COMPARATOR_HEADER), kind="comparators")
    result = importer.preview(rows, plan=plan, kind="comparators")
    assert result.rows[0].message.startswith(message), result.rows[0].message
    with pytest.raises(ImportRejected):
        importer.apply(rows, plan=plan, user=officer, kind="comparators")
    assert Comparator.objects.count() == 0


def test_comparators_repeat_and_lock_rules(plan, board_admin_user):
    lock("2016-17", board_admin_user)  # another year's sign-off does not freeze these (a 2017-18 one would)
    rows = read(
        csv_bytes(
            [["40", "2017-18", "England", "1", ""], ["40", "2017-18", "england", "2", ""]], header=COMPARATOR_HEADER
        ),
        kind="comparators",
    )
    result = importer.preview(rows, plan=plan, kind="comparators")
    assert outcome_kinds(result) == ["new", "error"]
    assert result.rows[1].message == "Row 3: it repeats row 2 (the same indicator, period and area)"


# =========================================================================== templates


@pytest.mark.parametrize("kind", ["values", "comparators"])
def test_templates_read_back_as_valid_imports(plan, kind):
    for content, name in (
        (importer.template_csv(kind, plan), "t.csv"),
        (importer.template_xlsx(kind, plan), "t.xlsx"),
        (importer.template_csv(kind), "t.csv"),
        (importer.template_xlsx(kind), "t.xlsx"),
    ):
        rows = read(content, name, kind=kind)
        assert len(rows) == 3
        result = importer.preview(rows, plan=plan, kind=kind)
        assert result.is_valid, (name, result.errors)


# =========================================================================== the command


def write(tmp_path, content, name="values.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_command_dry_run_prints_the_preview_and_saves_nothing(plan, officer, tmp_path, capsys):
    importer.apply(read(csv_bytes(GOOD_ROWS[:1])), plan=plan, user=officer)
    rows = [["1", "2018-04", "", "1300", ""], *GOOD_ROWS[1:3]]
    call_command("import_values", write(tmp_path, csv_bytes(rows)), "--dry-run")
    out = capsys.readouterr().out
    assert "Row 2: changed 1, 2018-04: 1234 → 1300" in out
    assert "Row 3: new 4 (Police), 2018-04: 23.5" in out
    assert "2 new, 1 changed, 0 unchanged, 0 with errors (3 rows)." in out
    assert "Dry run: nothing has been saved." in out
    assert IndicatorValue.objects.count() == 1
    assert IndicatorValue.objects.get().value == 1234


def test_command_imports_a_workbook(plan, officer, tmp_path, capsys):
    call_command("import_values", write(tmp_path, xlsx_bytes(GOOD_ROWS), "values.xlsx"), "--user", "dana")
    assert "Imported 6 values: 6 new, 0 changed, 0 unchanged." in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 6
    assert set(IndicatorValue.objects.values_list("entered_by", flat=True)) == {officer.pk}


def test_command_with_a_bad_row_exits_non_zero_naming_it(plan, tmp_path):
    path = write(tmp_path, csv_bytes([*GOOD_ROWS, ["99", "2018-04", "", "1", ""]]))
    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError) as caught:
            call_command("import_values", path, *extra)
        assert "1 row(s) have errors; nothing has been saved" in str(caught.value)
        assert "Row 8: there is no indicator 99 in this plan" in str(caught.value)
    assert IndicatorValue.objects.count() == 0


def test_command_refuses_a_bad_file(plan, tmp_path):
    with pytest.raises(CommandError, match=r"values\.xlsx: The file is named \.xlsx but is text"):
        call_command("import_values", write(tmp_path, b"indicator,period,value\r\n", "values.xlsx"))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_values", str(tmp_path / "missing.csv"))


def test_command_imports_comparators(plan, tmp_path, capsys):
    content = csv_bytes([["40", "2017-18", "England", "17.8", "ONS"]], header=COMPARATOR_HEADER)
    call_command("import_values", write(tmp_path, content), "--comparators")
    assert "Imported 1 comparators: 1 new" in capsys.readouterr().out
    assert Comparator.objects.get().value == Decimal("17.8")


# =========================================================================== the pages

IMPORT_URL = "/scorecard/import/"


def post_file(client, content, name="values.csv", kind="values"):
    return client.post(IMPORT_URL, {"kind": kind, "file": upload(content, name)})


def test_urls():
    assert reverse("indicators:import") == IMPORT_URL
    assert reverse("indicators:import_preview", args=[7]) == "/scorecard/import/7/"
    assert reverse("indicators:import_confirm", args=[7]) == "/scorecard/import/7/confirm/"
    assert reverse("indicators:import_template_csv") == "/scorecard/import/template.csv"
    assert reverse("indicators:import_template_xlsx") == "/scorecard/import/template.xlsx"


def test_upload_preview_confirm_as_a_data_officer(plan, data_officer_client, officer):
    page = data_officer_client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    response = post_file(data_officer_client, xlsx_bytes(GOOD_ROWS), "april.xlsx")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/scorecard/import/{batch.pk}/"
    assert (batch.kind, batch.filename, batch.uploaded_by, batch.state) == (
        "values",
        "april.xlsx",
        officer,
        "previewed",
    )
    assert batch.rows[0] == {
        "row_number": 2,
        "indicator": "1",
        "period": "2018-04",
        "category": None,
        "value": 1234,
        "note": "April count",
    }

    preview = data_officer_client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<caption>Every row of april.xlsx" in html
    assert '<th scope="row">2</th>' in html
    assert html.count('<span class="badge text-bg-success">New</span>') == 6 + 1  # each row, and the summary
    assert "Confirm and import" in html
    assert IndicatorValue.objects.count() == 0

    confirmed = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert confirmed.status_code == 200
    assert "Imported 6 values: 6 new, 0 changed, 0 unchanged." in confirmed.content.decode()
    assert confirmed.redirect_chain[0][0] in (reverse("indicators:scorecard"), f"/scorecard/import/{batch.pk}/")
    assert IndicatorValue.objects.count() == 6
    assert set(IndicatorValue.objects.values_list("entered_by", flat=True)) == {officer.pk}
    assert IndicatorValue.history.filter(history_change_reason="Imported from april.xlsx").count() == 6
    batch.refresh_from_db()
    assert batch.state == "applied"
    assert batch.summary == {"new": 6, "changed": 0, "unchanged": 0, "error": 0, "total": 6}

    twice = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert "already been imported; it cannot be imported twice" in twice.content.decode()
    assert IndicatorValue.history.count() == 6

    # Uploading the same file again shows every row unchanged.
    post_file(data_officer_client, xlsx_bytes(GOOD_ROWS), "april.xlsx")
    again = data_officer_client.get(f"/scorecard/import/{ImportBatch.objects.latest('pk').pk}/")
    assert again.content.decode().count('text-bg-secondary">Unchanged</span>') == 6 + 1


def test_board_administrator_imports_comparators(plan, board_admin_client):
    content = csv_bytes([["40", "2017-18", "England", "17.8", "ONS"]], header=COMPARATOR_HEADER)
    response = post_file(board_admin_client, content, kind="comparators")
    batch = ImportBatch.objects.get()
    assert batch.kind == "comparators"
    assert b'<th scope="col">Area</th>' in board_admin_client.get(response["Location"]).content
    confirmed = board_admin_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert "Imported 1 comparator: 1 new, 0 changed, 0 unchanged." in confirmed.content.decode()
    assert Comparator.objects.count() == 1


def test_preview_with_an_error_has_no_confirm_button(plan, data_officer_client):
    response = post_file(data_officer_client, csv_bytes([*GOOD_ROWS, ["1", "2018-04", "", "N/A", ""]]))
    html = data_officer_client.get(response["Location"]).content.decode()
    assert "Nothing has been saved. Fix these rows and upload the file again." in html
    assert "Row 8: the value must be a number; &#x27;N/A&#x27; is not one" in html
    assert '<span class="badge text-bg-danger">Error</span>' in html
    assert "Confirm and import" not in html
    assert "/confirm/" not in html


def test_confirm_checks_again_after_the_database_changed(plan, data_officer_client, board_admin_user):
    response = post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    assert "Confirm and import" in data_officer_client.get(response["Location"]).content.decode()
    lock("2018-19 Q1", board_admin_user)
    confirmed = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/")
    html = confirmed.content.decode()
    assert confirmed.status_code == 409
    assert "checked again" in html
    assert "Nothing has been saved. Fix these rows and upload the file again." in html
    assert "Row 5: 2018-19 Q1 has been signed off and locked" in html
    assert "Confirm and import" not in html
    assert IndicatorValue.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == "previewed"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "values.csv", "The file is empty."),
        (b"indicator,when,value\r\n1,2018-04,3\r\n", "values.csv", "The header row has no period column."),
        (b"not a workbook", "values.xlsx", "The file is named .xlsx but is text"),
        (b"anything", "values.pdf", "Upload a .csv or .xlsx file."),
    ],
)
def test_file_errors_show_beside_the_field_and_in_the_summary(plan, data_officer_client, content, name, message):
    response = post_file(data_officer_client, content, name)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_file"' in html
    assert html.count(message) >= 2  # in the summary and beside the field
    assert 'id="id_file_error"' in html or "invalid-feedback" in html
    assert ImportBatch.objects.count() == 0


def test_a_file_over_the_limit_is_refused_on_the_page(plan, data_officer_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    assert "the largest accepted is 100 bytes" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("client_fixture", ["viewer_client", "lynne_client", "board_member_client"])
def test_other_roles_are_forbidden(request, plan, client_fixture, officer):
    client = request.getfixturevalue(client_fixture)
    batch = ImportBatch.objects.create(filename="x.csv", rows=[], uploaded_by=officer)
    for method, url in [
        ("get", IMPORT_URL),
        ("post", IMPORT_URL),
        ("get", f"/scorecard/import/{batch.pk}/"),
        ("post", f"/scorecard/import/{batch.pk}/confirm/"),
        ("get", "/scorecard/import/template.csv"),
        ("get", "/scorecard/import/template.xlsx"),
    ]:
        assert getattr(client, method)(url).status_code == 403, (method, url)


def test_anonymous_people_are_sent_to_sign_in(plan, client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_persons_batch_is_not_found(plan, officer, board_admin_client, make_role_user):
    from core.permissions import DATA_OFFICER

    batch = ImportBatch.objects.create(filename="x.csv", rows=[], uploaded_by=officer)
    other = signed_in_client(make_role_user("otto", DATA_OFFICER))
    for client in (other, board_admin_client):
        assert client.get(f"/scorecard/import/{batch.pk}/").status_code == 404
        assert client.post(f"/scorecard/import/{batch.pk}/confirm/").status_code == 404
    batch.refresh_from_db()
    assert batch.state == "previewed"


def test_confirm_needs_a_post(plan, data_officer_client):
    post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    assert data_officer_client.get(f"/scorecard/import/{batch.pk}/confirm/").status_code == 405


def test_template_downloads(plan, data_officer_client):
    response = data_officer_client.get("/scorecard/import/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="values-import-template.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == HEADER
    assert 2 <= len(lines) - 1 <= 3

    response = data_officer_client.get("/scorecard/import/template.xlsx?kind=comparators")
    assert response.status_code == 200
    assert 'filename="comparators-import-template.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == COMPARATOR_HEADER
    assert rows[1][2] == "England"
    assert workbook.sheetnames == ["Comparators", "Indicators"]
    workbook.close()

    response = data_officer_client.get("/scorecard/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    reference = list(workbook["Indicators"].iter_rows(values_only=True))
    assert len(reference) == 1 + 69
