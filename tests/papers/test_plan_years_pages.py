"""Board papers and assurance pages at a plan year's address: the year named is the year shown, and a closed plan's
address offers nothing to make or change."""

import datetime

import pytest
import time_machine

from plans.models import Plan
from tests.plans.factories import PlanFactory
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

CLOSED_MESSAGE = "The 2018-19 plan is closed: nothing in it can be changed."


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(london(2019, 6, 15, 12), tick=False):
        yield


@pytest.fixture
def years(db):
    closed = PlanFactory(
        code="2018-19", title="Strategic Plan 2018-19", status=Plan.Status.CLOSED, closed_on=datetime.date(2019, 4, 23)
    )
    current = PlanFactory(
        code="2019-20",
        title="Strategic Plan 2019-20",
        is_current=True,
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2020, 3, 31),
    )
    return {"closed": closed, "current": current}


def text(response):
    return " ".join(response.content.decode().split())


def test_annual_report_at_a_years_address_reports_that_year(years, viewer_client):
    assert "Strategic Plan 2018-19: annual report summary" in text(viewer_client.get("/plans/2018-19/annual-report/"))
    assert "Strategic Plan 2019-20: annual report summary" in text(viewer_client.get("/annual-report/"))


def test_board_packs_of_a_closed_year_offer_no_pack_to_generate(years, board_admin_client):
    assert "Generate a pack" not in text(board_admin_client.get("/plans/2018-19/board-packs/"))
    assert "Generate a pack" in text(board_admin_client.get("/board-packs/"))


@pytest.mark.parametrize("path", ["/plans/2018-19/assurance/risks/new/", "/plans/2018-19/assurance/meetings/new/"])
def test_assurance_forms_of_a_closed_year_are_refused_with_a_clear_message(years, board_admin_client, path):
    response = board_admin_client.get(path)

    assert response.status_code == 403
    assert CLOSED_MESSAGE in text(response)
