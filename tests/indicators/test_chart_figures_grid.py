"""Under each chart on the exception report and in the board pack, its figures as a table of financial years by
month or by quarter: five years of monthly figures in five rows, not sixty."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from indicators.charts import figure_grid, spc_chart
from indicators.models import Indicator
from indicators.periods import Period
from tests.indicators.series import ENDS_HIGH
from tests.indicators.test_exceptions_for_every_indicator import add_values, months, seed_indicator
from tests.pages import page as read_page


def row_of_periods(periods, gap_at=()):
    figures = [
        SimpleNamespace(value=None if i in gap_at else Decimal(10 + i), period=period)
        for i, period in enumerate(periods)
    ]
    return SimpleNamespace(series=figures, indicator=SimpleNamespace(unit="count"), spc=None, target=None)


def cells(grid):
    return [(year, [point.value_text if point else None for point in row]) for year, row in grid["rows"]]


def test_months_from_february_to_may_fall_in_two_financial_years_with_a_gap_left_empty():
    periods = [Period.month(2018, 2).shifted(step) for step in range(4)]  # Feb, Mar, Apr, May 2018
    grid = spc_chart(row_of_periods(periods, gap_at=[1]))["grid"]

    assert grid["columns"][0] == "Apr" and grid["columns"][-1] == "Mar" and len(grid["columns"]) == 12
    assert cells(grid) == [
        ("2017-18", [None] * 10 + ["10", None]),  # February; no figure for March
        ("2018-19", ["12", "13"] + [None] * 10),
    ]


def test_quarters_are_four_columns_from_april():
    periods = [Period.quarter(2018, 3), Period.quarter(2018, 4), Period.quarter(2019, 1)]  # Q3, Q4 2018-19, Q1 2019-20
    grid = spc_chart(row_of_periods(periods))["grid"]

    assert grid["columns"] == ["Q1 (Apr–Jun)", "Q2 (Jul–Sep)", "Q3 (Oct–Dec)", "Q4 (Jan–Mar)"]
    assert cells(grid) == [("2018-19", [None, None, "10", "11"]), ("2019-20", ["12", None, None, None])]


@pytest.mark.parametrize(
    "periods",
    [
        [Period.financial_year(2017), Period.financial_year(2018)],
        [Period.month(2018, 3), Period.quarter(2018, 1)],  # a month and a quarter: listed, not a grid
    ],
)
def test_years_and_mixed_periods_are_listed_one_a_row(periods):
    chart = spc_chart(row_of_periods(periods))

    assert figure_grid(chart["points"]) is None
    assert chart["grid"] is None


@pytest.mark.django_db
@time_machine.travel(datetime.date(2019, 5, 10))
def test_the_exception_reports_figures_are_a_row_a_year_with_signals_marked(seed_plan, viewer_client):
    demand = seed_indicator("1", polarity=Indicator.Polarity.NEITHER, frequency="monthly")
    add_values(demand, months(13, first=Period.month(2018, 3)), ENDS_HIGH)  # March 2018 to March 2019

    report = read_page(viewer_client.get("/scorecard/exceptions/"))

    rows = report.table("Figures of indicator 1 in the chart above").find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == ["2017-18", "2018-19"]
    march_2019 = rows[1].find_all("td")[-1].text
    assert march_2019.startswith("20")  # the last figure of ENDS_HIGH, above the process limit
    assert march_2019.endswith("▲")
    assert "▲ a special-cause signal, high; ▼ a special-cause signal, low" in report.text


def test_the_mean_and_limits_are_one_straight_line_a_phase_from_its_first_period_to_its_last():
    periods = [Period.month(2018, 4).shifted(step) for step in range(8)]
    row = row_of_periods(periods)
    # Two phases: a process change after the fifth month moves the mean and limits.
    phases = [(Decimal(12), Decimal(20), Decimal(4))] * 5 + [(Decimal(15), Decimal(22), Decimal(8))] * 3
    row.spc = SimpleNamespace(
        points=[
            SimpleNamespace(mean=mean, upper_limit=upper, lower_limit=lower, signals=set(), side=None)
            for mean, upper, lower in phases
        ]
    )
    chart = spc_chart(row)

    means = [line["points"].split() for line in chart["lines"] if line["kind"] == "mean"]
    xs = [str(point.x) for point in chart["points"]]
    assert [[pair.split(",")[0] for pair in line] for line in means] == [[xs[0], xs[4]], [xs[5], xs[7]]]
    assert all(len({pair.split(",")[1] for pair in line}) == 1 for line in means)  # level: one height each
    assert {line["kind"] for line in chart["lines"]} == {"mean", "upper", "lower"}
