"""Reporting periods on UK financial years (April to March, Q1 = April to June)."""

import datetime

import pytest

from indicators.periods import Period, PeriodError, periods_between

D = datetime.date


@pytest.mark.parametrize(
    ("code", "start", "end", "frequency"),
    [
        ("2018-04", D(2018, 4, 1), D(2018, 4, 30), "monthly"),
        ("2019-02", D(2019, 2, 1), D(2019, 2, 28), "monthly"),
        ("2018-19 Q1", D(2018, 4, 1), D(2018, 6, 30), "quarterly"),
        ("2018-19 Q3", D(2018, 10, 1), D(2018, 12, 31), "quarterly"),
        ("2018-19 Q4", D(2019, 1, 1), D(2019, 3, 31), "quarterly"),
        ("2018-19", D(2018, 4, 1), D(2019, 3, 31), "annual"),
        ("1999-00", D(1999, 4, 1), D(2000, 3, 31), "annual"),
    ],
)
def test_period_parse_reads_the_boards_codes(code, start, end, frequency):
    period = Period.parse(code)
    assert (period.start, period.end, period.frequency) == (start, end, frequency)
    assert period.code == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-13", "a month must be 01 to 12"),
        ("2018-20", "a month must be 01 to 12"),
        ("2018-19 Q5", "is not a period"),
        ("2018-20 Q1", "the second year must follow the first"),
        ("April 2018", "is not a period"),
        ("", "is not a period"),
    ],
)
def test_period_parse_refuses_bad_codes_with_a_reason(text, message):
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_period_parse_prefers_the_month_where_both_readings_fit():
    assert Period.parse("2011-12") == Period.month(2011, 12)


def test_period_containing_uses_financial_quarters():
    assert Period.containing(D(2019, 2, 14), "quarterly") == Period.parse("2018-19 Q4")
    assert Period.containing(D(2019, 2, 14), "annual") == Period.parse("2018-19")
    assert Period.containing(D(2019, 4, 1), "annual") == Period.parse("2019-20")


def test_period_neighbours():
    assert Period.parse("2018-19 Q1").previous() == Period.parse("2017-18 Q4")
    assert Period.parse("2019-01").previous() == Period.parse("2018-12")
    assert Period.parse("2019-02").year_before() == Period.parse("2018-02")
    assert Period.parse("2018-19").year_before() == Period.parse("2017-18")
    assert Period.parse("2018-19 Q2").year_before() == Period.parse("2017-18 Q2")


def test_period_labels_in_words():
    assert Period.parse("2018-06").label == "June 2018"
    assert Period.parse("2018-19 Q1").label == "2018-19 Q1 (Apr–Jun 2018)"
    assert Period.parse("2018-19").label == "2018-19"


def test_period_must_end_after_it_starts():
    with pytest.raises(PeriodError):
        Period(D(2018, 4, 1), D(2018, 4, 1))


def test_periods_between_lists_every_period_in_order():
    quarters = periods_between(D(2018, 5, 1), D(2019, 1, 31), "quarterly")
    assert [q.code for q in quarters] == ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"]
    assert len(periods_between(D(2014, 4, 1), D(2019, 3, 31), "monthly")) == 60
