"""Exceptions that are right for every kind of indicator: unusual change in demand (polarity "neither"),
each indicator's own data deadline, and the periods missing in the middle of a series.

Built on the seed plan; each test sets the polarity and frequency it needs, so that it reads on its own.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period
from indicators.scorecard import Reasons, build_scorecard
from papers.pack import build_board_pack, render_board_pack
from tests.indicators.series import ENDS_HIGH, STABLE

pytestmark = pytest.mark.django_db

ENDS_LOW = [*STABLE, 2]  # the mirror of ENDS_HIGH: 2 is below the lower process limit (about 5.45)
HIGH = Reasons.demand("high")
LOW = Reasons.demand("low")


def seed_indicator(number, *, polarity=None, frequency=None, deadline=None):
    indicator = Indicator.objects.get(plan__code="2018-19", number=number)
    indicator.polarity = polarity or indicator.polarity
    indicator.frequency = frequency or indicator.frequency
    indicator.data_deadline_days = deadline
    indicator.save()
    return indicator


def add_values(indicator, periods, values=None):
    values = values or [10] * len(periods)
    for period, value in zip(periods, values, strict=True):
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
        )


APRIL_2018 = Period.month(2018, 4)


def months(count, first=APRIL_2018):
    return [first.shifted(step) for step in range(count)]


def row_of(indicator, **kwargs):
    [row] = build_scorecard(Indicator.objects.filter(pk=indicator.pk), **kwargs).rows
    return row


# --------------------------------------------------------------------------- unusual change in demand


@time_machine.travel(datetime.date(2019, 5, 10))
@pytest.mark.parametrize(("values", "reason", "direction"), [(ENDS_HIGH, HIGH, "high"), (ENDS_LOW, LOW, "low")])
def test_demand_measure_special_cause_is_an_exception_with_its_direction(seed_plan, values, reason, direction):
    demand = seed_indicator("1", polarity=Indicator.Polarity.NEITHER, frequency="monthly")
    add_values(demand, months(13), values)

    row = row_of(demand)

    assert row.is_exception
    assert row.demand_direction == direction
    assert row.reasons == [reason]
    assert reason == f"Unusual change in demand ({direction})"


@time_machine.travel(datetime.date(2019, 5, 10))
def test_demand_measure_with_common_cause_variation_is_not_an_exception(seed_plan):
    demand = seed_indicator("1", polarity=Indicator.Polarity.NEITHER, frequency="monthly")
    add_values(demand, months(12), STABLE)

    row = row_of(demand)

    assert not row.is_exception
    assert row.demand_direction is None


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_measure_with_a_better_direction_is_never_unusual_demand(seed_plan):
    harm = seed_indicator("14", polarity=Indicator.Polarity.LOWER_IS_BETTER, frequency="monthly")
    add_values(harm, months(13), ENDS_HIGH)

    row = row_of(harm)

    assert row.reasons == [Reasons.CONCERNING]
    assert row.demand_direction is None


@time_machine.travel(datetime.date(2019, 5, 10))
def test_demand_measure_rising_improving_for_higher_is_better_is_no_exception(seed_plan):
    good = seed_indicator("11", polarity=Indicator.Polarity.HIGHER_IS_BETTER, frequency="monthly")
    add_values(good, months(13), ENDS_HIGH)

    assert not row_of(good).is_exception


@time_machine.travel(datetime.date(2019, 5, 10))
def test_unusual_demand_shows_on_the_scorecard_the_exception_report_and_the_indicator_page(seed_plan, viewer_client):
    demand = seed_indicator("1", polarity=Indicator.Polarity.NEITHER, frequency="monthly")
    # March 2018 to March 2019: the plan's pages are judged at the end of its year.
    add_values(demand, months(13, first=APRIL_2018.shifted(-1)), ENDS_HIGH)

    scorecard = viewer_client.get("/scorecard/").content.decode()
    report = viewer_client.get("/scorecard/exceptions/").content.decode()
    detail = viewer_client.get("/scorecard/indicators/1/").content.decode()

    for page in (scorecard, report, detail):
        assert "Unusual change in demand (high)" in page
    assert "unusual change in demand" in report  # the report says what makes an exception


@time_machine.travel(datetime.date(2019, 5, 10))
def test_unusual_demand_in_the_board_pack(seed_plan, board_admin_user):
    demand = seed_indicator("1", polarity=Indicator.Polarity.NEITHER, frequency="monthly")
    add_values(demand, months(13), ENDS_LOW)

    content = build_board_pack(
        seed_plan,
        meeting_date=datetime.date(2019, 5, 20),
        as_at=Period.month(2019, 4),
        generated_at=timezone.now(),
        generated_by=board_admin_user,
        since=timezone.now(),
    )
    html = render_board_pack(content)

    [figures] = [entry for entry in content.figures["indicators"] if entry["number"] == "1"]
    assert figures["reasons"] == ["Unusual change in demand (low)"]
    assert html.count("Unusual change in demand (low)") == 2  # the exception report and the appendix


# --------------------------------------------------------------------------- each indicator's deadline


def test_annual_figure_not_missing_months_after_the_year_within_its_deadline(seed_plan):
    annual = seed_indicator("23", frequency="annual")
    add_values(annual, [Period.financial_year(2017)])  # 2017-18; 2018-19 ended 31 March 2019

    with time_machine.travel(datetime.date(2019, 6, 1)):
        row = row_of(annual, as_at=Period.month(2019, 5))
    assert not row.is_missing  # 2018-19 is not due until 26 December 2019
    assert row.due_period == Period.financial_year(2017)
    assert Reasons.MISSING not in row.reasons

    with time_machine.travel(datetime.date(2019, 12, 27)):
        row = row_of(annual, as_at=Period.month(2019, 11))
    assert row.is_missing
    assert [period.code for period in row.missing_periods] == ["2018-19"]
    assert Reasons.MISSING in row.reasons


def test_annual_figure_missing_when_the_year_before_is_also_absent(seed_plan):
    annual = seed_indicator("23", frequency="annual")
    add_values(annual, [Period.financial_year(2016)])  # 2016-17 only: 2017-18 is long overdue

    with time_machine.travel(datetime.date(2019, 6, 1)):
        row = row_of(annual, as_at=Period.month(2019, 5))

    assert row.is_missing
    assert [period.code for period in row.missing_periods] == ["2017-18"]


@time_machine.travel(datetime.date(2019, 6, 1))
def test_an_indicators_own_deadline_replaces_the_default(seed_plan):
    annual = seed_indicator("23", frequency="annual", deadline=60)
    add_values(annual, [Period.financial_year(2017)])

    row = row_of(annual, as_at=Period.month(2019, 5))

    assert row.deadline_days == 60
    assert row.is_missing  # 2018-19 was due by 30 May 2019


def test_monthly_default_deadline_is_30_days(seed_plan):
    monthly = seed_indicator("1", frequency="monthly")
    add_values(monthly, months(2))  # April, May 2018; June is expected
    with time_machine.travel(datetime.date(2018, 7, 30)):
        assert not row_of(monthly, as_at=Period.month(2018, 6)).is_missing
    with time_machine.travel(datetime.date(2018, 7, 31)):
        assert row_of(monthly, as_at=Period.month(2018, 6)).is_missing


@time_machine.travel(datetime.date(2019, 6, 1))
def test_indicator_page_states_the_deadline_in_use(seed_plan, viewer_client):
    annual = seed_indicator("23", frequency="annual")
    add_values(annual, [Period.financial_year(2017)])

    page = viewer_client.get("/scorecard/indicators/23/").content.decode()

    assert "270 days after each period ends" in page


# --------------------------------------------------------------------------- periods missing mid-series


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_quarter_missing_between_two_figures_is_listed_and_is_an_exception(seed_plan):
    quarterly = seed_indicator("35", frequency="quarterly")
    quarters = [Period.quarter(2018, 1), Period.quarter(2018, 3), Period.quarter(2018, 4)]
    add_values(quarterly, quarters)

    row = row_of(quarterly, as_at=Period.month(2019, 3))

    assert [period.code for period in row.gaps] == ["2018-19 Q2"]
    assert not row.is_missing  # the latest quarter, Q4, is there
    assert [period.code for period in row.missing_periods] == ["2018-19 Q2"]
    assert row.reasons == [Reasons.MISSING]


@time_machine.travel(datetime.date(2019, 5, 16))  # Q4 (to 31 March 2019) was due by 15 May
def test_a_gap_and_a_missing_latest_period_are_both_listed_oldest_first(seed_plan):
    quarterly = seed_indicator("35", frequency="quarterly")
    add_values(quarterly, [Period.quarter(2018, 1), Period.quarter(2018, 3)])  # Q2 and Q4 absent

    row = row_of(quarterly, as_at=Period.month(2019, 3))

    assert [period.code for period in row.missing_periods] == ["2018-19 Q2", "2018-19 Q4"]


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_latest_quarter_not_yet_due_is_not_listed(seed_plan):
    quarterly = seed_indicator("35", frequency="quarterly")
    add_values(quarterly, [Period.quarter(2018, 1), Period.quarter(2018, 3)])

    row = row_of(quarterly, as_at=Period.month(2019, 3))

    assert [period.code for period in row.missing_periods] == ["2018-19 Q2"]  # Q4 is due on 15 May


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_figure_of_another_frequency_makes_no_gap(seed_plan):
    monthly = seed_indicator("1", frequency="monthly")
    add_values(monthly, months(12))
    # A stray quarterly row in a monthly series (the frequency was changed): not a monthly figure.
    IndicatorValue.objects.filter(indicator=monthly, period_start=datetime.date(2018, 7, 1)).delete()
    IndicatorValue.objects.filter(indicator=monthly, period_start=datetime.date(2018, 8, 1)).delete()
    IndicatorValue.objects.filter(indicator=monthly, period_start=datetime.date(2018, 9, 1)).delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=monthly,
                period_start=datetime.date(2018, 7, 1),
                period_end=datetime.date(2018, 9, 30),
                value=Decimal(30),
            )
        ]
    )

    row = row_of(monthly, as_at=Period.month(2019, 3))

    # July to September are missing as months: the quarter does not stand for them.
    assert [period.code for period in row.gaps] == ["2018-07", "2018-08", "2018-09"]


@time_machine.travel(datetime.date(2019, 5, 10))
def test_missing_periods_on_the_indicator_page_and_the_exception_report(seed_plan, viewer_client):
    quarterly = seed_indicator("35", frequency="quarterly")
    add_values(quarterly, [Period.quarter(2018, 1), Period.quarter(2018, 3), Period.quarter(2018, 4)])

    detail = viewer_client.get("/scorecard/indicators/35/").content.decode()
    # Every indicator but this one has no figure at all, so each is an exception: the report runs to pages.
    report = "".join(
        viewer_client.get(f"/scorecard/exceptions/?period=2019-03&page={page}").content.decode() for page in (1, 2, 3)
    )

    assert "Missing: 2018-19 Q2" in detail
    assert "Missing: 2018-19 Q2" in report
    assert "after the data deadline of 45 days" in report


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_complete_series_lists_nothing_missing(seed_plan, viewer_client):
    quarterly = seed_indicator("35", frequency="quarterly")
    add_values(quarterly, [Period.quarter(2018, q) for q in (1, 2, 3, 4)])

    row = row_of(quarterly, as_at=Period.month(2019, 3))
    detail = viewer_client.get("/scorecard/indicators/35/").content.decode()

    assert row.missing_periods == []
    assert "Missing:" not in detail


def test_exception_report_bad_period_still_refused(seed_plan, viewer_client):
    response = viewer_client.get("/scorecard/exceptions/?period=2019-13")
    assert response.status_code == 200
    assert "a month must be 01 to 12" in response.content.decode()
