"""Data deadlines: one default per frequency or the indicator's own, the latest period due, and the gaps.

Pure functions, tested on unsaved indicators and plain periods: no database.
"""

import datetime

import pytest

from indicators import deadlines
from indicators.models import Indicator
from indicators.periods import Period


def indicator(frequency, days=None):
    return Indicator(number="1", frequency=frequency, data_deadline_days=days)


@pytest.mark.parametrize(
    ("frequency", "days"),
    [("monthly", 30), ("quarterly", 45), ("annual", 270)],
)
def test_deadline_days_default_by_frequency(frequency, days):
    assert deadlines.deadline_days(indicator(frequency)) == days


def test_deadline_days_annual_default_is_months_not_weeks():
    # National annual statistics come out many months after the year: 9 months or so, never 30 days.
    assert deadlines.deadline_days(indicator("annual")) >= 240


def test_deadline_days_own_setting_wins_even_when_zero():
    assert deadlines.deadline_days(indicator("annual", 400)) == 400
    assert deadlines.deadline_days(indicator("monthly", 0)) == 0


def test_deadline_days_unknown_frequency_takes_the_fallback():
    assert deadlines.deadline_days(indicator("school_term")) == deadlines.FALLBACK_DEADLINE_DAYS


def test_deadline_days_a_new_frequency_needs_only_its_line(monkeypatch):
    monkeypatch.setitem(deadlines.DEFAULT_DEADLINE_DAYS, "academic_year", 300)
    assert deadlines.deadline_days(indicator("academic_year")) == 300


def test_is_overdue_counts_days_after_the_period_ends():
    june = Period.month(2018, 6)  # ends 30 June
    assert not deadlines.is_overdue(june, 30, datetime.date(2018, 7, 30))  # the deadline day itself
    assert deadlines.is_overdue(june, 30, datetime.date(2018, 7, 31))


def test_is_overdue_near_the_calendars_start_is_not_an_error():
    assert not deadlines.is_overdue(Period.month(1, 1), 30, datetime.date(1, 1, 15))


def test_latest_due_is_the_expected_period_once_its_deadline_passes():
    year = Period.financial_year(2017)  # 2017-18, ends 31 March 2018
    assert deadlines.latest_due(year, 270, datetime.date(2018, 12, 27)) == year


def test_latest_due_steps_back_while_the_expected_period_is_not_due():
    # 2018-19 ended on 31 March 2019; 270 days run to 26 December 2019. On 1 June 2019 the year before is due.
    expected = Period.financial_year(2018)
    assert deadlines.latest_due(expected, 270, datetime.date(2019, 6, 1)) == Period.financial_year(2017)


def test_latest_due_none_without_an_expected_period():
    assert deadlines.latest_due(None, 30, datetime.date(2019, 6, 1)) is None


def test_gaps_lists_the_periods_between_two_figures():
    q1, q4 = Period.quarter(2018, 1), Period.quarter(2018, 4)
    assert deadlines.gaps([q1, q4], 45, datetime.date(2020, 1, 1)) == [Period.quarter(2018, 2), Period.quarter(2018, 3)]
    assert [period.code for period in deadlines.gaps([q1, q4], 45, datetime.date(2020, 1, 1))] == [
        "2018-19 Q2",
        "2018-19 Q3",
    ]


def test_gaps_leaves_out_a_gap_not_yet_due():
    # A figure for March arrived early (2019-03), but February's deadline has not passed on 20 March.
    jan, mar = Period.month(2019, 1), Period.month(2019, 3)
    assert deadlines.gaps([jan, mar], 30, datetime.date(2019, 3, 20)) == []
    assert deadlines.gaps([jan, mar], 30, datetime.date(2019, 3, 31)) == [Period.month(2019, 2)]


def test_gaps_none_in_an_unbroken_series_or_a_single_figure():
    months = [Period.month(2018, month) for month in (4, 5, 6)]
    assert deadlines.gaps(months, 30, datetime.date(2020, 1, 1)) == []
    assert deadlines.gaps(months[:1], 30, datetime.date(2020, 1, 1)) == []
    assert deadlines.gaps([], 30, datetime.date(2020, 1, 1)) == []


def test_gaps_are_capped_for_a_series_with_a_huge_hole():
    far = deadlines.gaps([Period.month(2000, 1), Period.month(2100, 1)], 30, datetime.date(2101, 1, 1))
    assert len(far) == deadlines.MAX_LISTED_GAPS
    assert far[0] == Period.month(2000, 2)


def test_gaps_skip_a_period_of_no_regular_frequency():
    odd = Period(datetime.date(2018, 4, 3), datetime.date(2018, 5, 20))
    assert deadlines.gaps([odd, Period.month(2018, 9)], 30, datetime.date(2020, 1, 1)) == []
