"""A board administrator's home names the known meetings with no board pack yet: its request failed or is being made."""

import datetime

import pytest
import time_machine

from core.permissions import DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from papers.models import BoardPackRequest
from tests.core.home_pages import above_plan_overview, home, home_queries, section
from tests.papers.factories import BoardPackFactory, BoardPackRequestFactory
from tests.plans.factories import PlanFactory
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "packs-to-make-heading"
TODAY = london(2019, 4, 1, 12)
APRIL_MEETING, MAY_MEETING = datetime.date(2019, 4, 18), datetime.date(2019, 5, 16)
FAILED = BoardPackRequest.State.FAILED


@pytest.fixture
def plan(db):
    return PlanFactory(code="2018-19", is_current=True)


def failed(plan, meeting, error="The scorecard could not be read: no figures for March 2019."):
    return BoardPackRequestFactory(plan=plan, meeting_date=meeting, state=FAILED, error=error)


@time_machine.travel(TODAY, tick=False)
def test_a_failed_pack_for_the_next_meeting_is_shown_above_the_plan_overview(plan, board_admin_user):
    failed(plan, APRIL_MEETING)

    response, root = home(board_admin_user)

    panel = section(root, HEADING)
    assert above_plan_overview(response, HEADING)
    item = panel.find("ul").find("li")
    assert item.text.startswith("No board pack yet for the meeting on 18 April 2019: the request of 1 Apr 2019")
    assert "failed (The scorecard could not be read: no figures for March 2019.)" in item.text
    again = item.find("a")
    assert again.text == "Make the pack for 18 April 2019 again"
    assert again.attrs["href"] == "/board-packs/#generate-heading"


@time_machine.travel(TODAY, tick=False)
def test_a_pack_being_made_links_to_its_progress(plan, board_admin_user):
    failed(plan, MAY_MEETING)
    with time_machine.travel(london(2019, 4, 1, 13), tick=False):
        being_made = BoardPackRequestFactory(plan=plan, meeting_date=MAY_MEETING)  # asked again after it failed

    item = section(home(board_admin_user)[1], HEADING).find("ul").find("li")

    assert "queued since" in item.text and "failed" not in item.text
    assert item.find("a").attrs["href"] == f"/board-packs/requests/{being_made.pk}/"
    assert item.find("a").text == "See the pack being made for 16 May 2019"


@time_machine.travel(TODAY, tick=False)
def test_meetings_come_earliest_first_and_past_or_made_ones_are_left_out(plan, board_admin_user):
    failed(plan, MAY_MEETING)
    failed(plan, APRIL_MEETING)
    failed(plan, datetime.date(2019, 3, 21))  # the meeting has passed
    made = datetime.date(2019, 6, 20)
    failed(plan, made)
    BoardPackFactory(plan=plan, meeting_date=made)  # made since

    items = section(home(board_admin_user)[1], HEADING).find("ul").find_all("li")

    assert [item.text.split(":")[0] for item in items] == [
        "No board pack yet for the meeting on 18 April 2019",
        "No board pack yet for the meeting on 16 May 2019",
    ]


@time_machine.travel(TODAY, tick=False)
def test_nothing_needs_the_board_administrator_when_every_known_meeting_has_its_pack(plan, board_admin_user):
    BoardPackFactory(plan=plan, meeting_date=APRIL_MEETING)

    panel = section(home(board_admin_user)[1], HEADING)

    assert "Nothing needs you here: every meeting known from today on has its board pack." in panel.text
    assert panel.find("a").text == "All board packs"


@pytest.mark.parametrize("role", [VIEWER, LEAD_OFFICER, DATA_OFFICER, PROGRAMME_BOARD_MEMBER])
@time_machine.travel(TODAY, tick=False)
def test_other_roles_are_not_asked_to_make_packs(plan, make_role_user, role):
    failed(plan, APRIL_MEETING)

    assert section(home(make_role_user("someone", role))[1], HEADING) is None


@time_machine.travel(TODAY, tick=False)
def test_packs_panel_queries_do_not_grow_with_the_meetings(plan, board_admin_user, django_assert_max_num_queries):
    failed(plan, APRIL_MEETING)
    small = home_queries(board_admin_user, django_assert_max_num_queries, 30)
    for week in range(1, 30):
        meeting = APRIL_MEETING + datetime.timedelta(weeks=week)
        failed(plan, meeting)
        BoardPackRequestFactory(plan=plan, meeting_date=meeting)
        BoardPackFactory(plan=plan, meeting_date=meeting - datetime.timedelta(days=1))

    assert home_queries(board_admin_user, django_assert_max_num_queries, 30) == small
