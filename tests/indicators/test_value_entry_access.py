"""Values in the browser: signed-off periods are read only, who may enter values, and the grid's queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, PeriodLock
from plans.models import ProgrammeBoard
from tests.indicators.entry_grid import (
    APRIL,
    MONTHLY_NUMBERS,
    YEAR,
    field,
    ind,
    messages_of,
    page,
    row_numbers,
    url,
    values_in,
)
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

# --------------------------------------------------------------------------- signed-off periods


def lock(period, user):
    return PeriodLock.objects.create(period_start=period["start"], period_end=period["end"], locked_by=user)


def test_a_locked_period_is_read_only(client_, board_admin_user):
    one = ind("1")
    IndicatorValueFactory(indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"))
    signed_off = lock(APRIL, board_admin_user)
    response = client_.get(url("2018-04"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"This period was signed off on {timezone.localtime(signed_off.locked_at):%-d %B %Y} and is locked." in html
    assert response.context["form"] is None
    elements = page(response)
    assert not [box for box in elements.by_id if box.startswith("id_i")]  # no box in the grid
    assert "csrfmiddlewaretoken" not in html.split("</form>", 1)[1].split('action="/accounts/logout/"')[0]
    assert "Save values" not in html
    assert row_numbers(response) == MONTHLY_NUMBERS
    row = response.context["grid"].rows[0]
    assert row.overall.current_text == "40"


def test_a_forced_post_to_a_locked_period_saves_nothing(client_, board_admin_user):
    one = ind("1")
    lock(APRIL, board_admin_user)
    response = client_.post(url("2018-04"), {field(one): "40"})
    assert response.status_code == 302
    assert not values_in(APRIL).exists()
    assert any("is locked. Nothing was saved." in m for m in messages_of(client_.get(response["Location"])))


def test_a_locked_financial_year_locks_its_months(client_, board_admin_user):
    lock(YEAR, board_admin_user)
    response = client_.get(url("2018-04"))
    assert "(as part of 2018-19) and is locked" in response.content.decode()
    response = client_.post(url("2018-04"), {field(ind("1")): "40"})
    assert response.status_code == 302
    assert not values_in(APRIL).exists()


# --------------------------------------------------------------------------- who may enter values


@pytest.mark.parametrize("who", ["viewer_client", "lynne_client", "board_member_client"])
def test_others_are_refused(plan, request, who):
    browser = request.getfixturevalue(who)
    response = browser.get(url("2018-04"))
    assert response.status_code == 403
    assert "Only data officers and board administrators can enter indicator values." in response.content.decode()
    response = browser.post(url("2018-04"), {field(ind("1")): "40"})
    assert response.status_code == 403
    assert not values_in(APRIL).exists()


def test_anonymous_people_are_sent_to_sign_in(plan, client):
    response = client.get(url("2018-04"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --------------------------------------------------------------------------- queries


def grid_queries(browser, address):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(address)
    assert response.status_code == 200
    return len(queries), len(response.context["grid"].rows)


def test_the_grid_query_count_does_not_grow_with_the_indicators(client_, django_assert_max_num_queries):
    daspg = ProgrammeBoard.objects.get(short_name="DASPG")
    small, small_rows = grid_queries(client_, url("2018-19 Q1", daspg))
    # Values for every figure of every monthly indicator, then more indicators with breakdowns.
    for indicator in Indicator.objects.filter(plan__code="2018-19", frequency="monthly").select_related("breakdown"):
        cats = [None, *(indicator.breakdown.categories.all() if indicator.breakdown else [])]
        for cat in cats:
            IndicatorValueFactory(
                indicator=indicator, category=cat, period_start=APRIL["start"], period_end=APRIL["end"], value=5
            )
    four = ind("4")
    for n in range(10):
        IndicatorFactory(
            number=f"9{n}",
            outcome=four.outcome,
            lead_board=four.lead_board,
            frequency="monthly",
            unit="percentage",
            breakdown=four.breakdown,
        )
    big, big_rows = grid_queries(client_, url("2018-04"))
    assert (small_rows, big_rows) == (5, 32)
    assert big == small
    with django_assert_max_num_queries(14):
        client_.get(url("2018-04"))
