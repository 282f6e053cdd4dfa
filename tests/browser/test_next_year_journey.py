"""A board administrator starts 2019-20 from the seed plan in a real browser: carries three projects forward,
drops one with a reason, closes the rest as complete, adopts the new plan, and finds 2018-19 closed and read only
and the indicators' charts running on from the earlier years."""

import pytest
from playwright.sync_api import expect

from core.permissions import BOARD_ADMINISTRATOR
from indicators.models import Indicator, ScorecardEntry
from plans.models import Plan, Project, ProjectDecision
from tests.browser.helpers import axe_violations, describe_violations, sign_in, write_demo_values
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CARRIED = {
    "2.3": "The new website is not yet live.",
    "4.3": "The neglect audit runs into the new year.",
    "5.1": "The domestic abuse review reports in the autumn.",
}
DROPPED = {"6.2": "Superseded by the emotional health strategy."}


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert not violations, describe_violations(where, violations)


@pytest.fixture
def seed_with_figures(seed_plan, make_role_user):
    ScorecardEntry.objects.list_in_home_plans(list(Indicator.objects.all()))
    write_demo_values()
    make_role_user("brenda", BOARD_ADMINISTRATOR, first_name="Brenda", last_name="Admin", is_staff=True)
    return seed_plan


def test_board_administrator_starts_and_adopts_the_next_year(page, live_server, seed_with_figures):
    base = live_server.url
    sign_in(page, base, "brenda", PASSWORD)

    # The seed plan's overview offers the next year; the form comes filled in a year on.
    assert_accessible(page, "Plan overview with the next year's link")
    page.get_by_role("link", name="Start the next year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start the next plan year")
    expect(page.get_by_label("Code")).to_have_value("2019-20")
    expect(page.get_by_label("Strategic plan starts on")).to_have_value("2019-04-01")
    assert_accessible(page, "Start the next plan year")
    page.get_by_role("button", name="Start the draft").click()

    # Each unfinished project of 2018-19 gets a decision.
    page.wait_for_url(f"{base}/plan-years/2019-20/decisions/")
    expect(page.get_by_role("status").filter(has_text="Plan 2019-20 started from 2018-19")).to_be_visible()
    # the seed's 28 projects but 1.1, 2.5, 2.7 and 4.1, which the source reports complete
    numbers = list(
        Project.objects.filter(plan__code="2018-19").exclude(status="complete").values_list("number", flat=True)
    )
    assert len(numbers) == 24
    assert_accessible(page, "Decide unfinished projects")

    # A project dropped without a reason is refused beside its row, and nothing is saved.
    page.get_by_label("Decision on 6.2", exact=True).select_option(label="Drop")
    page.get_by_role("button", name="Save decisions").click()
    reason = page.get_by_label("Reason for 6.2", exact=True)
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#project-6\\.2")).to_contain_text("Give the reason project 6.2 is dropped.")
    expect(page.get_by_role("alert")).to_contain_text("Give the reason project 6.2 is dropped.")
    assert not ProjectDecision.objects.exists()
    assert_accessible(page, "Decide unfinished projects, a reason missing")
    for number in numbers:
        decision = page.get_by_label(f"Decision on {number}", exact=True)
        if number in CARRIED:
            decision.select_option(label="Carry forward")
            page.get_by_label(f"Reason for {number}", exact=True).fill(CARRIED[number])
        elif number in DROPPED:
            decision.select_option(label="Drop")
            page.get_by_label(f"Reason for {number}", exact=True).fill(DROPPED[number])
        else:
            decision.select_option(label="Closed as complete")
    page.get_by_role("button", name="Save decisions").click()

    # The draft lists its decisions, the projects it carries, and what it copied.
    page.wait_for_url(f"{base}/plan-years/2019-20/")
    expect(page.get_by_role("status").filter(has_text="Decisions saved: 24 of 24")).to_be_visible()
    decisions = page.get_by_role("table", name="What becomes of each unfinished project")
    expect(decisions.get_by_role("row").filter(has_text="6.2")).to_contain_text(DROPPED["6.2"])
    for number in CARRIED:
        expect(decisions.get_by_role("link", name=f"Project {number}")).to_be_visible()
    holds = page.get_by_role("table", name="What the draft holds")
    expect(holds.get_by_role("row").filter(has_text="Indicators on the scorecard")).to_contain_text("69")
    assert_accessible(page, "Draft plan 2019-20")

    # Edit the draft's own words in the browser.
    page.get_by_role("link", name="Edit the title, spans and mission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit draft plan 2019-20")
    assert_accessible(page, "Edit draft plan 2019-20")
    page.get_by_label("Version note").fill("as agreed at the April board")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(f"{base}/plan-years/2019-20/")
    expect(page.get_by_role("status").filter(has_text="Draft plan 2019-20 saved.")).to_be_visible()

    # Adopt it.
    page.get_by_label("Adopted on").fill("2019-04-23")
    page.get_by_role("button", name="Adopt 2019-20").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_role("status").filter(has_text="Plan 2019-20 adopted")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("April 2019 – March 2020")

    # 2018-19 is closed: readable at its own address, and refusing any change there.
    response = page.goto(f"{base}/plans/2018-19/")
    assert response.status == 200
    expect(page.get_by_text("You are reading the 2018-19 plan, closed on 23 April 2019: read only.")).to_be_visible()
    unfinished = page.locator("[data-unfinished-at-close]")
    expect(unfinished.get_by_role("heading", name="Not finished at the close")).to_be_visible()
    expect(unfinished).to_contain_text(DROPPED["6.2"])
    page.goto(f"{base}/plans/2018-19/projects/2.3/")
    expect(page.get_by_role("link", name="Update this project")).to_have_count(0)
    refused = page.request.post(f"{base}/plans/2018-19/projects/2.3/update/", form={"status": "complete"})
    assert refused.status == 403
    assert "The 2018-19 plan is closed" in refused.text()

    # The new plan's indicator page charts the figures of the earlier years.
    page.goto(f"{base}/scorecard/indicators/1/")
    chart = page.locator("figure.spc-chart svg desc")
    expect(chart).to_contain_text("figures from April 2014")

    previous, current = Plan.objects.get(code="2018-19"), Plan.objects.get(code="2019-20")
    assert (previous.status, current.status) == (Plan.Status.CLOSED, Plan.Status.CURRENT)
    carried = Project.objects.filter(plan=current).order_by("sort_key")
    assert [(p.number, p.carried_from.plan.code) for p in carried] == [(n, "2018-19") for n in CARRIED]
    assert ProjectDecision.objects.get(project__number="6.2", plan=current).reason == DROPPED["6.2"]
    assert Indicator.objects.get(code="ind-01").plan == current
