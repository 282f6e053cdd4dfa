"""Which periods are ready to sign off: ended, not locked, and with their figures in or past every deadline."""

import datetime

import pytest

from indicators.models import Indicator, PeriodLock
from indicators.periods import Period
from indicators.ready_to_sign_off import periods_ready_to_sign_off, ready_periods
from indicators.values.locks import Locks
from tests.indicators.factories import BreakdownCategoryFactory, IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import PlanFactory, StrategicOutcomeFactory

MARCH, APRIL = Period.month(2019, 3), Period.month(2019, 4)
Q4 = Period.quarter(2018, 4)  # January to March 2019
MONTHLY, QUARTERLY = Indicator.Frequency.MONTHLY, Indicator.Frequency.QUARTERLY
DAYS = {MONTHLY: [30, 30], QUARTERLY: [45]}  # two monthly indicators, one quarterly


def lock(period, pk=1):
    return PeriodLock(
        pk=pk,
        period_start=period.start,
        period_end=period.end,
        locked_at=datetime.datetime(2019, 5, 1, tzinfo=datetime.UTC),
    )


def ready(figures, today, locks=(), days=DAYS):
    return [(item.period, item.figures, item.expected) for item in ready_periods(figures, days, Locks(locks), today)]


def test_an_ended_period_with_every_figure_in_is_ready_at_once():
    assert ready({APRIL: 2}, datetime.date(2019, 5, 1)) == [(APRIL, 2, 2)]


def test_a_period_still_running_is_not_ready():
    assert ready({APRIL: 2}, datetime.date(2019, 4, 30)) == []


def test_a_figure_missing_within_its_deadline_holds_the_period_back():
    assert ready({APRIL: 1}, datetime.date(2019, 5, 30)) == []  # due by 30 May


def test_a_figure_missing_after_every_deadline_no_longer_holds_it_back():
    found = ready_periods({APRIL: 1}, DAYS, Locks([]), datetime.date(2019, 5, 31))

    assert [(item.period, item.figures, item.expected, item.is_complete) for item in found] == [(APRIL, 1, 2, False)]


def test_the_longest_deadline_of_the_frequency_decides():
    days = {MONTHLY: [10, 40]}

    assert ready({APRIL: 1}, datetime.date(2019, 6, 9), days=days) == []
    assert ready({APRIL: 1}, datetime.date(2019, 6, 10), days=days) == [(APRIL, 1, 2)]


def test_a_locked_period_and_a_month_inside_a_locked_quarter_are_not_offered():
    today = datetime.date(2019, 6, 1)
    figures = {MARCH: 2, APRIL: 2, Q4: 1}

    assert ready(figures, today, [lock(Q4)]) == [(APRIL, 2, 2)]
    assert ready(figures, today, [lock(APRIL)]) == [(MARCH, 2, 2), (Q4, 1, 1)]


def test_a_locked_month_does_not_lock_the_quarter_it_is_part_of():
    today = datetime.date(2019, 6, 1)

    assert ready({MARCH: 2, Q4: 1}, today, [lock(MARCH)]) == [(Q4, 1, 1)]


def test_newest_first_and_a_month_before_the_quarter_ending_with_it():
    today = datetime.date(2019, 6, 1)

    assert ready({Q4: 1, MARCH: 2, APRIL: 2}, today) == [(APRIL, 2, 2), (MARCH, 2, 2), (Q4, 1, 1)]


def test_a_kind_of_period_no_indicator_is_reported_at_is_left_out():
    assert ready({Period.financial_year(2017): 1}, datetime.date(2019, 6, 1)) == []


@pytest.mark.django_db
def test_counts_each_indicators_overall_figure_of_its_own_frequency_only():
    plan = PlanFactory(is_current=True)
    outcome = StrategicOutcomeFactory(plan=plan)
    first = IndicatorFactory(outcome=outcome, frequency=MONTHLY, with_breakdown=True)
    IndicatorFactory(outcome=outcome, frequency=MONTHLY)  # no figure for April
    quarterly = IndicatorFactory(outcome=outcome, frequency=QUARTERLY)
    other_plan = IndicatorFactory(frequency=MONTHLY)
    for indicator in (first, other_plan):
        IndicatorValueFactory(indicator=indicator, period_start=APRIL.start, period_end=APRIL.end)
    category = BreakdownCategoryFactory(breakdown=first.breakdown)
    IndicatorValueFactory(indicator=first, category=category, period_start=APRIL.start, period_end=APRIL.end)
    IndicatorValueFactory(indicator=quarterly, period_start=APRIL.start, period_end=APRIL.end)  # not a quarter

    found = periods_ready_to_sign_off(plan, datetime.date(2019, 6, 1))

    assert [(item.period, item.figures, item.expected) for item in found] == [(APRIL, 1, 2)]
