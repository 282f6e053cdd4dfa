"""The import's optional numerator and denominator columns: checked against the value, stored, and every change
to a stored pair said in the preview, on the page and by the command's dry run."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators import importer
from indicators.models import ImportBatch, Indicator, IndicatorValue
from tests.indicators.import_files import csv_bytes, outcome_kinds, post_file, read, xlsx_bytes

HEADER = ["indicator", "period", "category", "value", "note", "numerator", "denominator"]
APRIL = (datetime.date(2018, 4, 1), datetime.date(2018, 4, 30))


def check(rows, plan, header=HEADER):
    return importer.preview(read(csv_bytes(rows, header=header)), plan=plan)


def stored(number, value, numerator=None, denominator=None):
    return IndicatorValue.objects.create(
        indicator=Indicator.objects.get(number=number),
        period_start=APRIL[0],
        period_end=APRIL[1],
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
    )


# --------------------------------------------------------------------------- each bad input, named on its row


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["11", "2018-04", "", "80", "", "45", "60"],
            "Row 2: the value 80 does not match the numerator and denominator: 45 ÷ 60 × 100 = 75; "
            "correct the value, the numerator or the denominator",
        ),
        (
            ["11", "2018-04", "", "33.4", "", "1", "3"],
            "Row 2: the value 33.4 does not match the numerator and denominator: 1 ÷ 3 × 100 = 33.3; "
            "correct the value, the numerator or the denominator",
        ),
        (
            ["5", "2018-04", "", "13", "", "56", "45000"],
            "Row 2: the value 13 does not match the numerator and denominator: 56 ÷ 45,000 × 10,000 = 12.4; "
            "correct the value, the numerator or the denominator",
        ),
        (
            ["64", "2018-19 Q1", "", "40", "", "4200", "100"],
            "Row 2: the value 40 does not match the numerator and denominator: 4,200 days ÷ 100 cases = 42; "
            "correct the value, the numerator or the denominator",
        ),
        (
            ["11", "2018-04", "", "75", "", "45", ""],
            "Row 2: the numerator is given without a denominator: give both, or neither",
        ),
        (
            ["11", "2018-04", "", "75", "", "", "60"],
            "Row 2: the denominator is given without a numerator: give both, or neither",
        ),
        (
            ["11", "2018-04", "", "0", "", "0", "0"],
            "Row 2: the denominator is 0: nothing can be worked out from a denominator of 0",
        ),
        (
            ["11", "2018-04", "", "75", "", "-45", "-60"],
            "Row 2: the numerator cannot be negative; the denominator must be greater than 0",
        ),
        (
            ["1", "2018-04", "", "1234", "", "", "5000"],
            "Row 2: indicator 1 is a count, which has no numerator or denominator: leave both blank",
        ),
        (
            ["1", "2018-04", "", "1234", "", "1234", ""],
            "Row 2: indicator 1 is a count, which has no numerator or denominator: leave both blank",
        ),
        (
            ["11", "2018-04", "", "75", "", "forty-five", "60"],
            "Row 2: the numerator must be a number; 'forty-five' is not one",
        ),
        (
            ["11", "2018-04", "", "75", "", "45", "60.0001"],
            "Row 2: the denominator has more than 3 decimal places: round it to 3 or fewer",
        ),
    ],
)
def test_import_numerator_and_denominator_refused_with_the_row_and_reason(plan, officer, row, message):
    result = check([row], plan)

    assert outcome_kinds(result) == ["error"]
    assert result.rows[0].message == message
    with pytest.raises(importer.ImportRejected):
        importer.apply(result, plan=plan, user=officer)
    assert IndicatorValue.objects.count() == 0


def test_import_bad_fraction_names_its_row_among_good_ones(plan):
    result = check(
        [
            ["11", "2018-04", "", "75", "", "45", "60"],
            ["15", "2018-04", "", "20", "", "9", "60"],
        ],
        plan,
    )

    assert outcome_kinds(result) == ["new", "error"]
    assert result.rows[1].message.startswith("Row 3: the value 20 does not match the numerator and denominator: ")


@pytest.mark.parametrize("value", ["33", "33.3", "33.33", "33.333"])
def test_import_value_agrees_within_the_rounding_it_is_written_with(plan, value):
    assert outcome_kinds(check([["11", "2018-04", "", value, "", "1", "3"]], plan)) == ["new"]


def test_import_rates_and_average_days_agree_by_their_own_scale(plan):
    result = check(
        [
            ["5", "2018-04", "", "12.4", "", "56", "45000"],  # rate per 10,000
            ["40", "2017", "", "17.8", "", "89", "5000"],  # rate per 1,000, a calendar year
            ["64", "2018-19 Q1", "", "42", "", "4200", "100"],  # 4,200 days over 100 cases
        ],
        plan,
    )

    assert outcome_kinds(result) == ["new", "new", "new"], [row.message for row in result.rows]


# --------------------------------------------------------------------------- storing them


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_import_stores_the_numerator_and_denominator(plan, officer, make):
    content = make(
        [["11", "2018-04", "", "75", "", "45", "60"], ["1", "2018-04", "", "1234", "", "", ""]], header=HEADER
    )
    name = "values.csv" if make is csv_bytes else "values.xlsx"

    counts = importer.apply(importer.preview(read(content, name), plan=plan), plan=plan, user=officer)

    assert counts["new"] == 2
    share = IndicatorValue.objects.get(indicator__number="11")
    assert (share.value, share.numerator, share.denominator) == (75, 45, 60)
    count = IndicatorValue.objects.get(indicator__number="1")
    assert (count.numerator, count.denominator) == (None, None)
    assert share.history.get().numerator == 45


def test_import_without_the_new_columns_still_reads_the_contract_columns(plan, officer):
    result = check([["11", "2018-04", "", "75", "April"]], plan, header=HEADER[:5])

    importer.apply(result, plan=plan, user=officer)

    value = IndicatorValue.objects.get()
    assert (value.value, value.note, value.numerator) == (75, "April", None)


# --------------------------------------------------------------------------- the preview says what changes


def test_preview_new_row_says_its_numerator_and_denominator(plan):
    row = check([["11", "2018-04", "", "75", "", "45", "60"]], plan).rows[0]

    assert (row.kind, row.reason) == ("new", "With the numerator and denominator 45 / 60.")


def test_preview_same_value_new_numerator_and_denominator_is_a_change(plan, officer):
    stored("11", 50, 5, 10)

    result = check([["11", "2018-04", "", "50", "", "10", "20"]], plan)

    assert outcome_kinds(result) == ["changed"]
    assert result.rows[0].reason == "Same value; the numerator and denominator change from 5 / 10 to 10 / 20."
    importer.apply(result, plan=plan, user=officer)
    value = IndicatorValue.objects.get()
    assert (value.value, value.numerator, value.denominator) == (50, 10, 20)


def test_preview_new_value_with_new_numerator_and_denominator(plan, officer):
    stored("11", 50, 5, 10)

    result = check([["11", "2018-04", "", "60", "", "6", "10"]], plan)

    assert result.rows[0].reason == "The numerator and denominator change from 5 / 10 to 6 / 10."
    importer.apply(result, plan=plan, user=officer)
    assert (IndicatorValue.objects.get().numerator, IndicatorValue.objects.get().denominator) == (6, 10)


def test_preview_numerator_and_denominator_added_to_a_stored_value(plan):
    stored("11", 75)

    row = check([["11", "2018-04", "", "75", "", "45", "60"]], plan).rows[0]

    assert (row.kind, row.reason) == ("changed", "Same value; the numerator and denominator 45 / 60 are added.")


def test_preview_same_numerator_and_denominator_is_unchanged(plan):
    stored("11", 75, 45, 60)

    assert outcome_kinds(check([["11", "2018-04", "", "75", "", "45", "60"]], plan)) == ["unchanged"]
    assert outcome_kinds(check([["11", "2018-04", "", "75", "", "", ""]], plan)) == ["unchanged"]


def test_preview_still_says_stored_ones_will_be_removed_when_the_file_gives_none(plan, officer):
    stored("11", 75, 45, 60)

    result = check([["11", "2018-04", "", "80", "", "", ""]], plan)

    assert result.rows[0].reason == (
        "The numerator and denominator (45 / 60) will be removed: they do not give the new value."
    )
    importer.apply(result, plan=plan, user=officer)
    assert IndicatorValue.objects.get().numerator is None


def test_preview_page_shows_the_numerator_change_from_the_kept_preview(plan, officer, data_officer_client):
    stored("11", 50, 5, 10)
    stored("15", 20, 12, 60)
    content = csv_bytes(
        [["11", "2018-04", "", "50", "", "10", "20"], ["15", "2018-04", "", "25", "", "", ""]], header=HEADER
    )

    response = post_file(data_officer_client, content)
    page = data_officer_client.get(response["Location"]).content.decode()

    assert "Same value; the numerator and denominator change from 5 / 10 to 10 / 20." in page
    assert "The numerator and denominator (12 / 60) will be removed: they do not give the new value." in page
    batch = ImportBatch.objects.get()
    data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/")
    assert IndicatorValue.objects.get(indicator__number="11").denominator == 20


# --------------------------------------------------------------------------- the command's dry run


def test_command_dry_run_prints_numerator_changes_and_saves_nothing(plan, tmp_path, capsys):
    stored("11", 50, 5, 10)
    stored("15", 20, 12, 60)
    path = tmp_path / "values.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["11", "2018-04", "", "50", "", "10", "20"],
                ["15", "2018-04", "", "25", "", "", ""],
                ["16", "2018-04", "", "75", "", "45", "60"],
            ],
            header=HEADER,
        )
    )

    call_command("import_values", str(path), "--dry-run")
    out = capsys.readouterr().out

    assert (
        "Row 2: changed 11, 2018-04: 50 → 50 (same value; the numerator and denominator change from 5 / 10 to 10 / 20)"
        in out
    )
    assert "Row 3: changed 15, 2018-04: 20 → 25 (the numerator and denominator (12 / 60) will be removed" in out
    assert "Row 4: new 16, 2018-04: 75 (with the numerator and denominator 45 / 60)" in out
    assert "Dry run: nothing has been saved." in out
    assert IndicatorValue.objects.get(indicator__number="11").denominator == 10
    assert not IndicatorValue.objects.filter(indicator__number="16").exists()


def test_command_refuses_a_disagreeing_fraction_naming_the_row(plan, tmp_path):
    path = tmp_path / "values.csv"
    path.write_bytes(csv_bytes([["11", "2018-04", "", "80", "", "45", "60"]], header=HEADER))

    with pytest.raises(CommandError, match="Row 2: the value 80 does not match the numerator and denominator"):
        call_command("import_values", str(path), "--dry-run")
