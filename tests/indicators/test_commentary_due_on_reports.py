"""The exception report says "Commentary due <date>" until then, "Commentary overdue" after, until it is written."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from indicators.actions import request_commentary
from tests.conftest import signed_in_client
from tests.indicators.curve_data import APRIL, MONDAY, curve_data  # noqa: F401 (the fixture)
from tests.indicators.factories import CommentaryFactory
from tests.pages import page
from tests.plans.helpers import LONDON

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture(autouse=True)
def asked(curve, settings):
    """Commentary on 16 for April 2018, asked for on 21 May 2018: due 13 June 2018 (no meeting known)."""
    request_commentary(today=MONDAY)


def exception_text(curve, day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON), tick=False):
        response = signed_in_client(curve["vera"]).get(reverse("indicators:exceptions"))
    assert response.status_code == 200
    return page(response).find("article", aria_labelledby=f"exception-{curve['red'].pk}").text


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (datetime.date(2018, 6, 1), "Commentary due 13 June 2018 from the Performance and Quality Assurance"),
        (datetime.date(2018, 6, 13), "Commentary due 13 June 2018"),
        (datetime.date(2018, 6, 14), "Commentary overdue: it was due on 13 June 2018"),
    ],
)
def test_exception_report_says_when_commentary_is_due_or_overdue(curve, day, words):
    text = exception_text(curve, day)

    assert words in text
    assert "No commentary yet" not in text


def test_exception_report_says_nothing_is_due_once_commentary_is_written(curve):
    CommentaryFactory(
        indicator=curve["red"], period_start=APRIL.start, period_end=APRIL.end, author=curve["ann"], story="Why."
    )

    text = exception_text(curve, datetime.date(2018, 6, 14))

    assert "Commentary due" not in text and "Commentary overdue" not in text
    assert "Why." in text


def test_indicator_page_says_commentary_is_asked_for(curve):
    with time_machine.travel(datetime.datetime(2018, 6, 14, 12, tzinfo=LONDON), tick=False):
        response = signed_in_client(curve["vera"]).get(reverse("indicators:indicator", args=["16"]))

    assert (
        "Commentary overdue: it was due on 13 June 2018: the Performance and Quality Assurance Programme Board is"
        in (page(response).text)
    )
