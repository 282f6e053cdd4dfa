"""A board administrator's home offers the periods ready to sign off, newest first, and the way to sign them off."""

import pytest
import time_machine

from core.permissions import DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from indicators.home import READY_LISTED
from indicators.models import Indicator
from indicators.periods import Period
from tests.core.home_pages import above_plan_overview, home, home_queries, section
from tests.indicators.factories import IndicatorFactory, PeriodLockFactory
from tests.indicators.published_pages import put
from tests.plans.factories import PlanFactory, StrategicOutcomeFactory
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "sign-off-ready-heading"
TODAY = london(2019, 5, 10, 12)
MONTHLY = Indicator.Frequency.MONTHLY


JANUARY = Period.month(2019, 1)


def months(count, first=JANUARY):
    period = first
    for _ in range(count):
        yield period
        period = period.shifted(1)


@pytest.fixture
def scorecard(db):
    """Two monthly indicators: both have January to March 2019; only one has April (the other is due by 30 May)."""
    plan = PlanFactory(code="2018-19", is_current=True)
    outcome = StrategicOutcomeFactory(plan=plan)
    first, second = (IndicatorFactory(outcome=outcome, frequency=MONTHLY) for _ in range(2))
    for period in months(3):
        put(first, period, 1)
        put(second, period, 2)
    put(first, Period.month(2019, 4), 1)
    return {"plan": plan, "indicators": [first, second]}


@time_machine.travel(TODAY, tick=False)
def test_board_administrators_home_lists_periods_ready_to_sign_off_above_the_plan_overview(scorecard, board_admin_user):
    PeriodLockFactory(
        period_start=Period.month(2019, 1).start, period_end=Period.month(2019, 1).end, locked_by=board_admin_user
    )

    response, root = home(board_admin_user)

    panel = section(root, HEADING)
    assert above_plan_overview(response, HEADING)
    assert [item.text for item in panel.find("ul").find_all("li")] == [
        "March 2019: all 2 figures in",
        "February 2019: all 2 figures in",
    ]  # not April (a figure is still within its deadline), not January (locked)
    assert panel.find("a").text == "Lock a period on the sign-off page"
    assert panel.find("a").attrs["href"] == "/scorecard/sign-off/"


@time_machine.travel(london(2019, 6, 1, 12), tick=False)
def test_a_period_past_every_deadline_is_ready_with_what_is_in(scorecard, board_admin_user):
    panel = section(home(board_admin_user)[1], HEADING)

    assert panel.find("ul").find("li").text == "April 2019: 1 of 2 figures in, the rest past their deadline"


@time_machine.travel(TODAY, tick=False)
def test_nothing_needs_the_board_administrator_once_every_period_is_signed_off(scorecard, board_admin_user):
    PeriodLockFactory(period_start=Period.month(2019, 1).start, period_end=Period.month(2019, 3).end)

    panel = section(home(board_admin_user)[1], HEADING)

    assert "Nothing needs you here: no ended period waits for its sign-off." in panel.text


@time_machine.travel(TODAY, tick=False)
def test_only_the_newest_few_are_listed_with_the_count_of_all(scorecard, board_admin_user):
    for indicator in scorecard["indicators"]:
        for period in months(12, Period.month(2018, 1)):
            put(indicator, period, 3)

    panel = section(home(board_admin_user)[1], HEADING)

    assert len(panel.find("ul").find_all("li")) == READY_LISTED
    assert panel.find(cls="badge").text == "15"  # January 2018 to March 2019
    assert f"the newest {READY_LISTED} of 15" in panel.text


@pytest.mark.parametrize("role", [VIEWER, LEAD_OFFICER, DATA_OFFICER, PROGRAMME_BOARD_MEMBER])
@time_machine.travel(TODAY, tick=False)
def test_other_roles_are_not_offered_a_sign_off(scorecard, make_role_user, role):
    assert section(home(make_role_user("someone", role))[1], HEADING) is None


@time_machine.travel(TODAY, tick=False)
def test_sign_off_panel_queries_do_not_grow_with_the_figures(
    scorecard, board_admin_user, django_assert_max_num_queries
):
    small = home_queries(board_admin_user, django_assert_max_num_queries, 30)
    outcome = scorecard["indicators"][0].outcome
    for _ in range(30):
        indicator = IndicatorFactory(outcome=outcome, frequency=MONTHLY)
        for period in months(24, Period.month(2017, 4)):
            put(indicator, period, 5)

    assert home_queries(board_admin_user, django_assert_max_num_queries, 30) == small


@time_machine.travel(TODAY, tick=False)
def test_a_figure_entered_after_the_home_was_read_shows_its_period_ready_at_once(scorecard, board_admin_user):
    before = [section(home(board_admin_user)[1], HEADING).text for _ in range(2)][-1]  # the second from what is kept
    assert "April 2019" not in before

    put(scorecard["indicators"][1], Period.month(2019, 4), 2)

    panel = section(home(board_admin_user)[1], HEADING)
    assert panel.find("ul").find("li").text == "April 2019: all 2 figures in"
