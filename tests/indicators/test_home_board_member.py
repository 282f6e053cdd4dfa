"""A programme board member lands on their board's exceptions and the commentary asked of the board."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.permissions import BOARD_ADMINISTRATOR, DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from indicators.actions import request_commentary
from indicators.models import IndicatorValue
from tests.conftest import signed_in_client
from tests.core.home_pages import above_plan_overview, headings_in_order, home, home_queries, section
from tests.indicators.curve_data import APRIL, MONDAY, RED_TITLE, curve_data, monthly  # noqa: F401 (the fixture)
from tests.pages import page
from tests.plans.helpers import LONDON

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "board-exceptions-heading"
OTHER_TITLE = "Staff completing safeguarding training"


@pytest.fixture(autouse=True)
def day_after_monday():
    with time_machine.travel(datetime.datetime(2018, 5, 22, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def boards(curve):
    """The curve's P&QA PB (16 red, 17 green; Ann and Ben) and Olga's board, which leads 18, red too."""
    other_board = curve["olga"].programme_boards.get()
    curve["other"] = monthly(curve["red"].outcome, other_board, "18", OTHER_TITLE, "40", "90", "5")
    curve["other_board"] = other_board
    return curve


def test_board_members_home_shows_their_boards_exceptions_above_the_plan_overview(boards):
    response, root = home(boards["ann"])

    panel = section(root, HEADING)
    assert above_plan_overview(response, HEADING)
    assert [item.text for item in panel.find("ul").find_all("li")] == [
        f"16. {RED_TITLE} (P&QA PB): Red against its target."
    ]  # not 17 (green), not 18 (another board's)
    links = {node.text: node.attrs["href"] for node in panel.find_all("a")}
    assert links[f"16. {RED_TITLE}"] == "/scorecard/indicators/16/"
    board_link = links["The P&QA PB exceptions on the scorecard"]
    assert board_link == f"/scorecard/?lead_board={boards['board'].pk}&exceptions=true"
    assert panel.find(cls="badge").text == "1"


def test_the_boards_link_opens_the_scorecard_at_its_exceptions(boards):
    browser = signed_in_client(boards["ann"])
    link = page(browser.get("/")).find("a", href=f"/scorecard/?lead_board={boards['board'].pk}&exceptions=true")

    scorecard = browser.get(link.attrs["href"]).content.decode()

    assert RED_TITLE in scorecard
    assert OTHER_TITLE not in scorecard


def test_each_member_sees_their_own_boards_exceptions(boards):
    panel = section(home(boards["olga"])[1], HEADING)

    assert OTHER_TITLE in panel.text
    assert RED_TITLE not in panel.text


def test_the_boards_exceptions_come_before_the_commentary_asked_of_it(boards):
    request_commentary(today=MONDAY)

    response = home(boards["ben"])[0]

    ids = headings_in_order(response)
    assert ids.index(HEADING) < ids.index("commentary-due-heading") < ids.index("progress-heading")


def test_nothing_needs_a_member_whose_board_has_no_exception(boards):
    IndicatorValue.objects.filter(indicator=boards["red"]).update(value=Decimal("90"))

    panel = section(home(boards["ann"])[1], HEADING)

    assert "Nothing needs you here: no indicator your board leads is an exception on the scorecard" in panel.text
    assert "up to April 2018" in panel.text


def test_a_member_of_no_board_is_told_why_nothing_is_shown(boards, make_role_user):
    newcomer = make_role_user("newcomer", PROGRAMME_BOARD_MEMBER)

    panel = section(home(newcomer)[1], HEADING)

    assert "You are not a member of a programme board yet" in panel.text


@pytest.mark.parametrize("role", [VIEWER, LEAD_OFFICER, DATA_OFFICER, BOARD_ADMINISTRATOR])
def test_other_roles_do_not_see_a_boards_exceptions(boards, make_role_user, role):
    someone = make_role_user("someone", role)
    boards["board"].members.add(someone)  # sitting on the board is not the role

    assert section(home(someone)[1], HEADING) is None


def test_board_exceptions_queries_do_not_grow_with_the_indicators(boards, django_assert_max_num_queries):
    request_commentary(today=MONDAY)
    small = home_queries(boards["ann"], django_assert_max_num_queries, 30)
    for number in range(100, 140):
        monthly(boards["red"].outcome, boards["board"], str(number), f"Measure {number}", "50", "90", "5")
    request_commentary(today=MONDAY)

    large = home_queries(boards["ann"], django_assert_max_num_queries, 30)

    assert large == small
    assert section(home(boards["ann"])[1], HEADING).find(cls="badge").text == "41"
