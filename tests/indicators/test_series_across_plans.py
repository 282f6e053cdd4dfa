"""An indicator's series runs on from plan to plan: the same chart, limits and signals in every plan year, under
the number each plan gives it; dropped, it keeps its history; a new measure starts empty."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group

from core import permissions as roles
from indicators.listing import listed_indicator, listed_indicators
from indicators.models import Indicator, ListedIndicatorSaved, ScorecardEntry
from plans.models import Plan
from tests.indicators.plan_years import measure, monthly_values, start_next_year
from tests.indicators.test_scorecard import MAX_QUERIES
from tests.plans.factories import ProgrammeBoardFactory

pytestmark = pytest.mark.django_db

# 23 months, April 2018 to February 2020, with a run of highs in the second year (a shift of 7 points or more).
VALUES = [
    300,
    310,
    305,
    295,
    300,
    308,
    302,
    298,
    306,
    301,
    299,
    304,
    330,
    335,
    332,
    338,
    331,
    336,
    334,
    339,
    333,
    337,
    340,
]
TODAY = datetime.date(2020, 3, 25)  # within 2019-20


@pytest.fixture
def viewer(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="a-long-test-password")
    user.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(user)
    return client


@pytest.fixture
def years(seed_plan):
    cin = measure("5")
    monthly_values(cin, VALUES)
    new = start_next_year(seed_plan)
    return seed_plan, new, cin


def figures_table(page):
    """The indicator page's table of figures, limits and signals, as text."""
    body = page.content.decode()
    table = body[body.index("<tbody>", body.index("Every figure of indicator")) :]
    table = table[: table.index("</tbody>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table)).strip()


def chart(page):
    body = page.content.decode()
    start = body.index('class="chart-svg"')
    return body[start : body.index("</svg>", start)]


@time_machine.travel(TODAY)
def test_a_measure_shows_the_same_limits_and_signals_in_both_plan_years(viewer, years):
    old_page = viewer.get("/plans/2018-19/scorecard/indicators/5/")
    new_page = viewer.get("/plans/2019-20/scorecard/indicators/7/")

    assert old_page.status_code == new_page.status_code == 200
    assert figures_table(old_page) == figures_table(new_page)
    assert "February 2020" in figures_table(old_page)  # the whole history, on both
    assert "7 or more points in a row on one side of the mean" in figures_table(new_page)
    # The same chart, named by the number each plan gives the measure.
    assert chart(old_page).replace("Indicator 5:", "Indicator 7:") == chart(new_page)


@time_machine.travel(TODAY)
def test_a_renumbered_measure_is_found_under_its_number_in_each_plan(viewer, years):
    old, _new, cin = years

    new_page = viewer.get("/plans/2019-20/scorecard/indicators/7/").content.decode()
    old_page = viewer.get("/plans/2018-19/scorecard/indicators/5/").content.decode()
    other = viewer.get("/plans/2019-20/scorecard/indicators/5/").content.decode()

    assert "<h1>7. Rate of Child In Need (CIN) (per 10k)</h1>" in new_page
    assert "Healthy, happy and ready for adulthood" in new_page  # moved to outcome 2
    assert "Also reported as 5 in 2018-19" in new_page
    assert "<h1>5. Rate of Child In Need (CIN) (per 10k)</h1>" in old_page
    assert "Also reported as 7 in 2019-20" in old_page
    assert "<code>ind-05</code>" in new_page and "<code>ind-05</code>" in old_page
    assert f"<h1>5. {measure('6').title}</h1>" in other  # 2019-20's number 5 is another measure
    # The measure's own record is untouched by being read in another plan's numbering.
    cin.refresh_from_db()
    assert (cin.plan_id, cin.number) == (old.pk, "5")


@time_machine.travel(TODAY)
def test_each_plans_scorecard_numbers_and_groups_by_its_own_entries(viewer, years):
    old_card = viewer.get("/plans/2018-19/scorecard/").content.decode()
    new_card = viewer.get("/plans/2019-20/scorecard/").content.decode()

    assert 'href="/plans/2019-20/scorecard/indicators/7/">Rate of Child In Need' in new_card
    assert 'href="/plans/2018-19/scorecard/indicators/5/">Rate of Child In Need' in old_card
    outcome_two = new_card[new_card.index("Outcome 2: Healthy, happy and ready") :]
    assert "Rate of Child In Need" in outcome_two
    assert measure("10").title not in new_card  # dropped
    assert measure("10").title in old_card


@time_machine.travel(TODAY)
def test_a_closed_plan_is_judged_at_its_close(viewer, years):
    old_card = viewer.get("/plans/2018-19/scorecard/").content.decode()
    new_card = viewer.get("/plans/2019-20/scorecard/").content.decode()

    assert "Figures up to March 2019." in old_card
    assert "Judged at the plan's close, 31 March 2019" in old_card
    assert "Figures up to February 2020." in new_card
    assert "Judged at" not in new_card
    report = viewer.get("/plans/2018-19/scorecard/exceptions/").content.decode()
    assert "Exception report: March 2019" in report


@time_machine.travel(TODAY)
def test_a_dropped_measure_keeps_its_history_and_returns_when_listed_again(viewer, years):
    _old, new, _ = years
    dropped = measure("10")
    monthly_values(dropped, [4, 5, 6])

    assert viewer.get("/plans/2019-20/scorecard/indicators/10/").status_code == 404
    assert dropped.values.count() == 3

    ScorecardEntry.objects.create(
        plan=new, indicator=dropped, number="12a", outcome=new.outcomes.get(number=1), lead_board=dropped.lead_board
    )
    page = viewer.get("/plans/2019-20/scorecard/indicators/12a/")

    assert page.status_code == 200
    assert "June 2018" in figures_table(page)
    assert "Also reported as 10 in 2018-19" in page.content.decode()


@time_machine.travel(TODAY)
def test_a_new_measure_starts_empty(viewer, years):
    _, new, _ = years
    fresh = Indicator.objects.create(
        number="70",
        title="Children waiting for a first health assessment",
        outcome=new.outcomes.get(number=1),
        unit=Indicator.Unit.COUNT,
        frequency=Indicator.Frequency.MONTHLY,
        lead_board=ProgrammeBoardFactory(),
    )

    page = viewer.get("/plans/2019-20/scorecard/indicators/70/")

    assert page.status_code == 200
    assert "No figures yet." in page.content.decode()
    assert fresh.code == "ind-70"
    assert viewer.get("/plans/2018-19/scorecard/indicators/70/").status_code == 404


@time_machine.travel(TODAY)
def test_a_listed_indicator_is_never_saved_with_another_plans_numbering(years):
    _, new, cin = years
    listed = listed_indicator(new, number="7")

    with pytest.raises(ListedIndicatorSaved):
        listed.save()
    listed.is_published = True
    listed.save(update_fields=["is_published"])  # a field of the measure itself may be saved

    cin.refresh_from_db()
    assert (cin.number, cin.is_published) == ("5", True)
    assert ScorecardEntry.objects.get(plan=new, indicator=cin).number == "7"


@time_machine.travel(TODAY)
def test_listing_a_plans_scorecard_takes_one_query(years, django_assert_num_queries):
    _, new, _ = years
    with django_assert_num_queries(1):
        listed = listed_indicators(new)
        [indicator.outcome.title + indicator.lead_board.name for indicator in listed]
    assert [indicator.number for indicator in listed[4:7]] == ["5", "6", "7"]


@time_machine.travel(TODAY)
def test_the_new_plans_scorecard_costs_no_more_queries(viewer, years, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        viewer.get("/plans/2019-20/scorecard/")
    with django_assert_max_num_queries(MAX_QUERIES):
        viewer.get("/plans/2018-19/scorecard/exceptions/")


@time_machine.travel(TODAY)
def test_renumbering_an_entry_shows_at_once_on_the_kept_scorecard(viewer, years):
    _, new, cin = years
    assert 'href="/plans/2019-20/scorecard/indicators/7/"' in viewer.get("/plans/2019-20/scorecard/").content.decode()

    entry = ScorecardEntry.objects.get(plan=new, indicator=cin)
    entry.number = "7a"
    entry.save()

    page = viewer.get("/plans/2019-20/scorecard/").content.decode()
    assert 'href="/plans/2019-20/scorecard/indicators/7a/"' in page
    assert 'href="/plans/2019-20/scorecard/indicators/7/"' not in page


@time_machine.travel(datetime.date(2019, 2, 10))
def test_a_drafts_scorecard_lists_its_own_numbers_to_those_who_prepare_it(seed_plan, board_admin_client, viewer):
    cin = measure("5")
    monthly_values(cin, VALUES[:10])  # April 2018 to January 2019
    draft = start_next_year(seed_plan)
    draft.status = Plan.Status.DRAFT
    draft.save()
    seed_plan.status = Plan.Status.CURRENT
    seed_plan.closed_on = None
    seed_plan.save()

    page = board_admin_client.get("/plans/2019-20/scorecard/").content.decode()

    assert 'href="/plans/2019-20/scorecard/indicators/7/">Rate of Child In Need' in page
    assert "Figures up to January 2019." in page  # a draft is judged today, with the whole series
    assert viewer.get("/plans/2019-20/scorecard/").status_code == 404  # a draft is hidden from other readers
    current = viewer.get("/scorecard/indicators/5/").content.decode()
    assert "Also reported as" not in current  # the draft's number is not shown
