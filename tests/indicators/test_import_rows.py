"""Bulk import, checking and saving rows: values and comparators, every bad row named, all or nothing, templates."""

import datetime
import time
from decimal import Decimal

import pytest

from indicators import importer
from indicators.importer import ImportRejected
from indicators.models import Comparator, Indicator, IndicatorValue
from indicators.periods import Period, PeriodError
from tests.indicators.import_files import COMPARATOR_HEADER, GOOD_ROWS, csv_bytes, lock, outcome_kinds, read, xlsx_bytes

# --------------------------------------------------------------------------- checking and saving


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
    # With no indicator to read it by, a period is read as any kind ("2018-13" is no month).
    (["99", "2018-13", "", "1", ""], "Row 3: there is no indicator 99 in this plan; " + period_error("2018-13")),
    (["1", "2018-13", "", "1", ""], "Row 3: indicator 1 is reported monthly: '2018-13' is not a month; write a month"),
    (["1", "April", "", "1", ""], "Row 3: indicator 1 is reported monthly: 'April' is not a month"),
    (["1", "2018-20", "", "1", ""], "Row 3: indicator 1 is reported monthly: '2018-20' is not a month"),
    (
        ["23", "2018-20", "", "1", ""],
        "Row 3: indicator 23 is reported annually: '2018-20' is not a financial year: the second year must follow",
    ),
    (["1", "", "", "1", ""], "Row 3: the period is missing"),
    (
        ["1", "2018-19 Q1", "", "1", ""],
        "Row 3: indicator 1 is reported monthly: '2018-19 Q1' is not a month; write a month such as 2018-04",
    ),
    (
        ["30", "2018-05", "", "1", ""],
        "Row 3: indicator 30 is reported quarterly: '2018-05' is not a quarter; write a quarter such as 2018-19 Q1",
    ),
    (
        ["23", "2018-19 Q2", "", "1", ""],
        "Row 3: indicator 23 is reported annually: '2018-19 Q2' is not a financial year; "
        "write a financial year such as 2018-19 (April to March)",
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
    (["30", "2018-19 Q1", "", "12", ""], "Row 3: it repeats row 2 (the same indicator, period and category)"),
]


@pytest.mark.parametrize(("cells", "message"), BAD_ROWS, ids=[case[1] for case in BAD_ROWS])
def test_each_bad_row_names_its_row_and_reason_and_nothing_is_saved(plan, officer, cells, message):
    rows = read(csv_bytes([["30", "2018-19 Q1", "", "12", ""], cells]))
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
    result = importer.preview(read(csv_bytes([["30", row_period, "", "12", ""]])), plan=plan)
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


def test_comparators_import_and_reimport(plan, officer):
    content = csv_bytes(
        [
            ["24", "2017-18", "England", "17.8", "ONS"],
            ["24", "2017-18", "north east region", "24.6", ""],
            ["24", "2017-18", "Statistical Neighbours", "23.1", ""],
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

    again = csv_bytes([["24", "2017-18", "ENGLAND", "18", ""]], header=COMPARATOR_HEADER)
    result = importer.preview(read(again, kind="comparators"), plan=plan, kind="comparators")
    assert outcome_kinds(result) == ["changed"]
    assert result.rows[0].old_value == Decimal("17.8")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["24", "2017-18", "Wales", "1", ""], "Row 2: 'Wales' is not a comparator area"),
        (["24", "2017-18", "", "1", ""], "Row 2: the area is missing"),
        (["24", "2017-18 Q1", "England", "1", ""], "Row 2: indicator 24 is reported annually"),
        (["40", "2017-18", "England", "1", ""], "Row 2: indicator 40 is reported by calendar year: '2017-18' is not"),
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
            [["24", "2017-18", "England", "1", ""], ["24", "2017-18", "england", "2", ""]], header=COMPARATOR_HEADER
        ),
        kind="comparators",
    )
    result = importer.preview(rows, plan=plan, kind="comparators")
    assert outcome_kinds(result) == ["new", "error"]
    assert result.rows[1].message == "Row 3: it repeats row 2 (the same indicator, period and area)"


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", ["values", "comparators"])
def test_templates_read_back_as_valid_imports(plan, kind):
    # With the seed plan, the values template adds an example of an academic-year indicator (27).
    with_plan = 4 if kind == "values" else 3
    for content, name, examples in (
        (importer.template_csv(kind, plan), "t.csv", with_plan),
        (importer.template_xlsx(kind, plan), "t.xlsx", with_plan),
        (importer.template_csv(kind), "t.csv", 3),
        (importer.template_xlsx(kind), "t.xlsx", 3),
    ):
        rows = read(content, name, kind=kind)
        assert len(rows) == examples
        result = importer.preview(rows, plan=plan, kind=kind)
        assert result.is_valid, (name, result.errors)
