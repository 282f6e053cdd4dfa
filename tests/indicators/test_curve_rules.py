"""The rules of turning the curve (indicators/curve.py): working days, the due date, and what a page says."""

import datetime
from types import SimpleNamespace

import pytest

from indicators import curve
from indicators.periods import Period

MARCH_2019 = Period.month(2019, 3)


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("meeting", "due"),
    [
        ("2019-04-18", "2019-04-11"),  # Thursday to Thursday, across a weekend
        ("2019-04-09", "2019-04-02"),  # Tuesday: the weekend of 6 and 7 April is not counted
        ("2019-04-08", "2019-04-01"),  # Monday to Monday
        ("2019-04-14", "2019-04-08"),  # a Sunday meeting: Friday 12 is the first of the five working days
    ],
)
def test_due_five_working_days_before_the_next_meeting(meeting, due):
    assert curve.due_date(MARCH_2019, today=day("2019-03-25"), deadline_days=30, meetings=[day(meeting)]) == day(due)


def test_due_before_the_first_meeting_that_still_leaves_five_working_days():
    meetings = [day("2019-05-16"), day("2019-04-09")]  # in any order

    assert curve.due_date(MARCH_2019, today=day("2019-04-03"), deadline_days=30, meetings=meetings) == day("2019-05-09")


def test_due_on_the_day_five_working_days_before_a_meeting_is_still_that_meeting():
    assert curve.due_date(MARCH_2019, today=day("2019-04-02"), deadline_days=30, meetings=[day("2019-04-09")]) == day(
        "2019-04-02"
    )


def test_without_a_meeting_due_fourteen_days_after_the_data_deadline():
    # March ends on the 31st; the deadline is 30 days later (30 April); due 14 days after that.
    assert curve.due_date(MARCH_2019, today=day("2019-04-01"), deadline_days=30, meetings=[]) == day("2019-05-14")


def test_without_a_meeting_never_due_sooner_than_five_working_days_after_asking():
    # Asked on Saturday 1 June 2019, after the fallback date (14 May) had passed: due Friday 7 June.
    assert curve.due_date(MARCH_2019, today=day("2019-06-01"), deadline_days=30, meetings=[]) == day("2019-06-07")


def test_the_fallback_follows_the_indicators_data_deadline():
    assert curve.due_date(MARCH_2019, today=day("2019-04-01"), deadline_days=10, meetings=[]) == day("2019-04-24")


@pytest.mark.parametrize(
    ("start", "count", "end"),
    [("2019-04-05", 1, "2019-04-08"), ("2019-04-08", -1, "2019-04-05"), ("2019-04-06", 5, "2019-04-12")],
)
def test_working_days_skip_weekends(start, count, end):
    assert curve.add_working_days(day(start), count) == day(end)


def row(*, reasons=(), latest=None, missing=False, expected=None):
    return SimpleNamespace(
        is_exception=bool(reasons),
        is_missing=missing,
        expected_period=expected,
        latest=SimpleNamespace(period=latest) if latest else None,
    )


def test_exception_period_is_the_latest_period_or_the_missing_one():
    feb, march = Period.month(2019, 2), MARCH_2019

    assert curve.exception_period(row(reasons=["Red"], latest=feb)) == feb
    assert curve.exception_period(row(reasons=["Missing"], latest=feb, missing=True, expected=march)) == march
    assert curve.exception_period(row(latest=feb)) is None


def request(due_on, fulfilled=False):
    return SimpleNamespace(due_on=day(due_on), is_fulfilled=fulfilled)


def test_commentary_due_until_the_end_of_its_due_date_then_overdue():
    on_the_day = curve.commentary_due(request("2019-04-11"), today=day("2019-04-11"))
    after = curve.commentary_due(request("2019-04-11"), today=day("2019-04-12"))

    assert on_the_day.text == "Commentary due 11 April 2019"
    assert after.text == "Commentary overdue: it was due on 11 April 2019"
    assert (on_the_day.is_overdue, after.is_overdue) == (False, True)


def test_commentary_written_says_nothing_is_due():
    assert curve.commentary_due(request("2019-04-11", fulfilled=True), today=day("2019-04-12")) is None


def test_meetings_come_from_every_registered_source(monkeypatch):
    monkeypatch.setattr(curve, "_meeting_sources", [])
    curve.register_meeting_source(lambda plan, on_or_after: [day("2019-05-16"), day("2019-01-01")])
    curve.register_meeting_source(lambda plan, on_or_after: {day("2019-04-18")})

    assert curve.known_meetings(None, day("2019-04-01")) == [day("2019-04-18"), day("2019-05-16")]
