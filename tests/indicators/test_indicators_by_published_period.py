"""Indicators reported by academic year, calendar year or school term, and per 100,000: the import reads
a period by the indicator, the models check it, targets cover the indicator's kind of year, the scorecard
and its chart label them."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from indicators import importer
from indicators.charts import spc_chart
from indicators.forms import ProcessChangeForm
from indicators.models import Indicator, IndicatorValue, Target
from indicators.periods import Period
from indicators.scorecard import build_scorecard, format_value
from indicators.spreadsheets import UNIT_FORMATS
from indicators.values.numbers import value_from_fraction
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory
from tests.indicators.import_files import csv_bytes, read

D = datetime.date
Frequency, Unit = Indicator.Frequency, Indicator.Unit


def preview(*rows):
    return importer.preview(read(csv_bytes(list(rows))), plan=Indicator.objects.get(number="1").plan)


# --------------------------------------------------------------------------- the import reads by frequency


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        ("23", D(2011, 4, 1), D(2012, 3, 31)),  # annual: the financial year 2011-12
        ("27", D(2011, 9, 1), D(2012, 8, 31)),  # academic year: September 2011 to August 2012
        ("1", D(2011, 12, 1), D(2011, 12, 31)),  # monthly: December 2011
    ],
)
def test_2011_12_in_the_import_is_read_by_the_indicators_frequency(plan, officer, number, start, end):
    result = preview([number, "2011-12", "", "1", ""])
    assert result.is_valid, result.errors
    importer.apply(result, plan=plan, user=officer)
    stored = IndicatorValue.objects.get(indicator__number=number)
    assert (stored.period_start, stored.period_end) == (start, end)


def test_the_new_kinds_import_in_their_written_forms(plan, officer):
    result = preview(
        ["27", "AY 2017-18", "", "0.12", ""],
        ["27", "2016/17", "", "0.1", ""],
        ["28", "Autumn 2017", "", "40", ""],
        ["28", "Spring term 2018", "", "41", ""],
        ["40", "2017", "", "17.8", ""],
    )
    assert result.is_valid, result.errors
    assert [row.period_code for row in result.rows] == [
        "AY 2017-18",
        "AY 2016-17",
        "Autumn 2017",
        "Spring 2018",
        "2017",
    ]
    importer.apply(result, plan=plan, user=officer)
    spring = IndicatorValue.objects.get(indicator__number="28", value=41)
    assert (spring.period_start, spring.period_end) == (D(2018, 1, 1), D(2018, 4, 30))


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            ["27", "2018-19 Q1", "", "1", ""],
            "Row 2: indicator 27 is reported by academic year: '2018-19 Q1' is not an academic year; "
            "write an academic year such as AY 2018-19 or 2018-19 (September to August)",
        ),
        (
            ["28", "2018-19 Q1", "", "1", ""],
            "Row 2: indicator 28 is reported by school term: '2018-19 Q1' is not a school term; "
            "write a school term such as Autumn 2018, Spring 2019 or Summer 2019",
        ),
        (
            ["40", "2017-18", "", "1", ""],
            "Row 2: indicator 40 is reported by calendar year: '2017-18' is not a calendar year; "
            "write a calendar year such as 2018",
        ),
        (
            ["23", "AY 2017-18", "", "1", ""],
            "Row 2: indicator 23 is reported annually: 'AY 2017-18' is not a financial year; "
            "write a financial year such as 2018-19 (April to March)",
        ),
        (
            ["1", "Autumn 2017", "", "1", ""],
            "Row 2: indicator 1 is reported monthly: 'Autumn 2017' is not a month; write a month such as 2018-04",
        ),
        (["27", "2017-19", "", "1", ""], "Row 2: indicator 27 is reported by academic year: '2017-19' is not an"),
    ],
)
def test_a_period_that_does_not_fit_names_the_row_indicator_text_and_forms(plan, cells, message):
    result = preview(cells)
    assert result.rows[0].message.startswith(message), result.rows[0].message


# --------------------------------------------------------------------------- the models and the forms


def test_a_value_must_be_one_whole_period_of_the_indicators_kind(db):
    termly = IndicatorFactory(frequency=Frequency.TERMLY)
    quarter = IndicatorValueFactory.build(indicator=termly, period_start=D(2019, 1, 1), period_end=D(2019, 3, 31))
    with pytest.raises(ValidationError) as error:
        quarter.full_clean()
    assert error.value.message_dict["period_start"] == [
        f"Indicator {termly.number} is reported by school term: the period must be one whole school term."
    ]
    spring = IndicatorValueFactory.build(indicator=termly, period_start=D(2019, 1, 1), period_end=D(2019, 4, 30))
    spring.full_clean()


@pytest.mark.parametrize(
    ("frequency", "good", "message"),
    [
        (Frequency.ACADEMIC_YEAR, (D(2018, 9, 1), D(2019, 8, 31)), "covers one academic year"),
        (Frequency.TERMLY, (D(2018, 9, 1), D(2019, 8, 31)), "covers one academic year"),
        (Frequency.CALENDAR_YEAR, (D(2018, 1, 1), D(2018, 12, 31)), "covers one calendar year"),
    ],
)
def test_a_target_covers_the_indicators_kind_of_year(db, frequency, good, message):
    indicator = IndicatorFactory(frequency=frequency)
    financial = TargetFactory.build(indicator=indicator)  # 2018-19, April to March
    with pytest.raises(ValidationError, match=message):
        financial.full_clean()
    TargetFactory.build(indicator=indicator, period_start=good[0], period_end=good[1]).full_clean()


def test_a_process_change_period_is_read_by_the_indicators_frequency(db):
    indicator = IndicatorFactory(frequency=Frequency.ACADEMIC_YEAR)
    form = ProcessChangeForm({"period": "2018-19", "reason": "New exclusion guidance"}, indicator=indicator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == Period.academic_year(2018)
    wrong = ProcessChangeForm({"period": "2018-19 Q2", "reason": "x"}, indicator=indicator)
    assert not wrong.is_valid()
    assert wrong.errors["period"] == [
        "This indicator is reported by academic year: '2018-19 Q2' is not an academic year; "
        "write an academic year such as AY 2018-19 or 2018-19 (September to August)."
    ]


# --------------------------------------------------------------------------- rate per 100,000


def test_a_rate_per_100000_is_checked_and_shown_like_the_other_rates(db):
    indicator = IndicatorFactory(unit=Unit.RATE_PER_100K)
    assert indicator.get_unit_display() == "Rate per 100,000 children"
    assert indicator.validate_figure(Decimal("-1")) == {"value": "A rate per 100,000 children cannot be negative."}
    assert indicator.validate_figure(Decimal("87.25")) == {}
    assert format_value(Decimal("1234.56"), Unit.RATE_PER_100K) == "1,234.6"
    assert UNIT_FORMATS[Unit.RATE_PER_100K] == UNIT_FORMATS[Unit.RATE_PER_10K]
    # 100,000 × 21 ÷ 56,000 = 37.5
    assert value_from_fraction(Unit.RATE_PER_100K, Decimal(21), Decimal(56000)) == Decimal("37.5")


def test_the_seed_reads_27_28_40_and_61_as_published(plan):
    found = {i.number: (i.frequency, i.unit) for i in Indicator.objects.filter(number__in=["27", "28", "40", "61"])}
    assert found == {
        "27": (Frequency.ACADEMIC_YEAR, Unit.PERCENTAGE),
        "28": (Frequency.TERMLY, Unit.COUNT),
        "40": (Frequency.CALENDAR_YEAR, Unit.RATE_PER_1K),
        "61": (Frequency.QUARTERLY, Unit.RATE_PER_100K),
    }


# --------------------------------------------------------------------------- the scorecard and its chart


@time_machine.travel(D(2019, 12, 20))
def test_an_academic_year_indicator_on_the_scorecard_and_its_chart(db):
    indicator = IndicatorFactory(frequency=Frequency.ACADEMIC_YEAR, polarity=Indicator.Polarity.LOWER_IS_BETTER)
    for year, value in ((2015, 10), (2016, 12), (2017, 11)):
        period = Period.academic_year(year)
        IndicatorValueFactory(indicator=indicator, period_start=period.start, period_end=period.end, value=value)
    Target.objects.create(
        indicator=indicator, period_start=D(2017, 9, 1), period_end=D(2018, 8, 31), value=10, tolerance=Decimal("0.5")
    )

    row = build_scorecard(Indicator.objects.filter(pk=indicator.pk), as_at=Period.month(2019, 11)).rows[0]

    assert row.latest.period.label == "Academic year 2017-18"
    assert row.previous.period.code == "AY 2016-17"
    assert row.target is not None and row.rag is not None
    assert row.expected_period.code == "AY 2018-19"  # ended 31 August 2019
    assert not row.is_missing  # an academic year's figure is due 330 days after it ends: July 2020
    later = build_scorecard(
        Indicator.objects.filter(pk=indicator.pk), as_at=Period.month(2019, 11), today=D(2020, 8, 1)
    )
    assert later.rows[0].is_missing
    chart = spc_chart(row)
    assert [point.label for point in chart["points"]] == ["AY 15-16", "AY 16-17", "AY 17-18"]


@time_machine.travel(D(2019, 5, 20))
def test_a_termly_indicator_expects_the_latest_finished_term(db):
    indicator = IndicatorFactory(frequency=Frequency.TERMLY)
    autumn = Period.term("autumn", 2018)
    IndicatorValueFactory(indicator=indicator, period_start=autumn.start, period_end=autumn.end, value=3)
    row = build_scorecard(Indicator.objects.filter(pk=indicator.pk), as_at=Period.month(2019, 4)).rows[0]
    assert row.expected_period.code == "Spring 2019"  # ended 30 April 2019
    assert row.year_before is None
    assert spc_chart(row)["points"][0].label == "Aut 18"
