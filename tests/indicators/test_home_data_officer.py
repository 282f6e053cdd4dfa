"""A data officer lands on the figures due by each indicator's own data deadline and not entered, each linking
to the entry grid where it goes."""

import pytest
import time_machine

from core.permissions import BOARD_ADMINISTRATOR, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from indicators.home import MISSING_LISTED
from indicators.models import Indicator
from indicators.periods import Period
from tests.conftest import signed_in_client
from tests.core.home_pages import above_plan_overview, home, home_queries, section
from tests.indicators.factories import IndicatorFactory
from tests.indicators.published_pages import put
from tests.plans.factories import PlanFactory, ProgrammeBoardFactory, StrategicOutcomeFactory
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "missing-figures-heading"
TODAY = london(2019, 6, 10, 12)
MONTHLY, QUARTERLY = Indicator.Frequency.MONTHLY, Indicator.Frequency.QUARTERLY


def months(first_year, first_month, count):
    period = Period.month(first_year, first_month)
    for _ in range(count):
        yield period
        period = period.shifted(1)


@pytest.fixture
def scorecard(db):
    """On 10 June 2019:
    41 (monthly, 30 days): December to March but not February, and not April (due by 30 May);
    42 (quarterly, its own deadline of 10 days): 2018-19 Q3 but not Q4 (due by 10 April);
    43 (monthly): every month up to April, nothing missing (May is not due until 30 June)."""
    plan = PlanFactory(code="2018-19", is_current=True)
    outcome = StrategicOutcomeFactory(plan=plan, number=1)
    board = ProgrammeBoardFactory(name="Performance and Quality Assurance Programme Board", short_name="P&QA PB")
    gappy = IndicatorFactory(
        outcome=outcome, number="41", title="Children missing education", frequency=MONTHLY, lead_board=board
    )
    late = IndicatorFactory(
        outcome=outcome,
        number="42",
        title="Private fostering notifications",
        frequency=QUARTERLY,
        data_deadline_days=10,
        lead_board=board,
    )
    complete = IndicatorFactory(
        outcome=outcome, number="43", title="Contacts to the front door", frequency=MONTHLY, lead_board=board
    )
    for period in months(2018, 12, 4):
        if period.start.month != 2:
            put(gappy, period, 5)
    put(late, Period.quarter(2018, 3), 7)
    for period in months(2018, 12, 5):
        put(complete, period, 300)
    return {"plan": plan, "board": board, "gappy": gappy, "late": late, "complete": complete}


@time_machine.travel(TODAY, tick=False)
def test_data_officers_home_lists_missing_figures_longest_overdue_first_above_the_plan_overview(
    scorecard, data_officer_user
):
    response, root = home(data_officer_user)

    panel = section(root, HEADING)
    assert above_plan_overview(response, HEADING)
    assert [item.text for item in panel.find("ul").find_all("li")] == [
        "41. Children missing education: February 2019, due by 30 March 2019. Enter February 2019 for indicator 41",
        "42. Private fostering notifications: 2018-19 Q4 (Jan–Mar 2019), due by 10 April 2019. "
        "Enter 2018-19 Q4 (Jan–Mar 2019) for indicator 42",
        "41. Children missing education: April 2019, due by 30 May 2019. Enter April 2019 for indicator 41",
    ]
    assert panel.find(cls="badge").text == "3"


@time_machine.travel(TODAY, tick=False)
def test_each_missing_figure_links_to_its_box_in_the_entry_grid(scorecard, data_officer_user):
    panel = section(home(data_officer_user)[1], HEADING)
    link = panel.find("a").attrs["href"]
    gappy, board = scorecard["gappy"], scorecard["board"]

    assert link == f"/scorecard/entry/?period=2019-02&board={board.pk}#id_i{gappy.pk}-all-value"
    grid = signed_in_client(data_officer_user).get(link.split("#")[0])
    assert grid.status_code == 200
    assert f'id="id_i{gappy.pk}-all-value"' in grid.content.decode()


@time_machine.travel(london(2019, 4, 5, 12), tick=False)
def test_a_figure_within_its_deadline_is_not_missing_yet(scorecard, data_officer_user):
    put(scorecard["gappy"], Period.month(2019, 2), 5)  # the gap filled

    panel = section(home(data_officer_user)[1], HEADING)

    # Q4 is due by 10 April, April's figure by 30 May: nothing is late on 5 April.
    assert "Nothing needs you here: every figure due by its indicator's data deadline is in." in panel.text
    assert panel.find_all("ul") == []


@time_machine.travel(TODAY, tick=False)
def test_a_long_list_is_cut_short_with_a_link_to_the_exception_report(scorecard, data_officer_user):
    outcome = scorecard["gappy"].outcome
    for number in range(100, 100 + MISSING_LISTED):
        put(IndicatorFactory(outcome=outcome, number=str(number), frequency=MONTHLY), Period.month(2018, 12), 1)

    panel = section(home(data_officer_user)[1], HEADING)

    assert len(panel.find("ul").find_all("li")) == MISSING_LISTED
    total = 3 + MISSING_LISTED * 4  # each new indicator misses January to April
    assert panel.find(cls="badge").text == str(total)
    assert f"And {total - MISSING_LISTED} more: see every missing figure in the exception report." in panel.text


@pytest.mark.parametrize("role", [VIEWER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, BOARD_ADMINISTRATOR])
@time_machine.travel(TODAY, tick=False)
def test_other_roles_do_not_see_the_missing_figures(scorecard, make_role_user, role):
    assert section(home(make_role_user("someone", role))[1], HEADING) is None


@time_machine.travel(TODAY, tick=False)
def test_missing_figures_queries_do_not_grow_with_the_indicators(
    scorecard, data_officer_user, django_assert_max_num_queries
):
    small = home_queries(data_officer_user, django_assert_max_num_queries, 30)
    outcome = scorecard["gappy"].outcome
    for number in range(100, 160):
        indicator = IndicatorFactory(outcome=outcome, number=str(number), frequency=MONTHLY)
        for period in months(2018, 1, 12):
            put(indicator, period, number)

    large = home_queries(data_officer_user, django_assert_max_num_queries, 30)

    assert large == small
