"""A board administrator's assurance work in a real browser: two agencies' Section 11 returns in the 2018-19
audit cycle, an action raised from a finding that reaches its owner's "My actions" and the next board pack, a
meeting's decision on project 4.4 found from the project page, and a risk on project 2.7 on the heat map."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from assurance.models import Action, Audit, AuditCycle, AuditReturn
from core.permissions import BOARD_ADMINISTRATOR, LEAD_OFFICER
from indicators.periods import Period
from papers.pack import generate_board_pack
from plans.models import Agency, Project
from tests.browser.helpers import sign_in
from tests.core.factories import PASSWORD

User = get_user_model()
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def section_11(seed_plan, make_role_user):
    call_command("loaddata", "assurance_audit_cycles", verbosity=0)
    police = Agency.objects.create(name="Northumbria Police", kind=Agency.Kind.POLICE)
    health = Agency.objects.create(name="City Hospitals Sunderland", kind=Agency.Kind.HEALTH)
    audit = Audit.objects.create(
        cycle=AuditCycle.objects.get(name="2018-19 audit cycle"),
        kind=Audit.Kind.SECTION_11,
        title="Section 11 self-assessment 2018",
        return_deadline=datetime.date(2030, 10, 31),
        findings="Safer recruitment checks are not recorded consistently.",
    )
    audit.agencies.set([police, health])
    make_role_user("brenda", BOARD_ADMINISTRATOR, first_name="Brenda", last_name="Admin", is_staff=True)
    make_role_user("lynne", LEAD_OFFICER, officer="Lynne Thomas")
    return audit


def field(page, name):
    """The form field of that name (crispy gives it the id id_<name>)."""
    return page.locator(f"#id_{name}")


def record_return(page, agency, day):
    field(page, "agency").select_option(label=agency)
    field(page, "submitted_on").fill(day)
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text(f"{agency}'s return is recorded.")).to_be_visible()


def test_board_administrator_assurance_journey(page, browser, live_server, section_11, monkeypatch):
    base = live_server.url
    sign_in(page, base, "brenda", PASSWORD)

    # The 2018-19 audit cycle, and two agencies' Section 11 returns.
    page.get_by_role("link", name="Audit programme").click()
    page.get_by_role("link", name="2018-19 audit cycle").click()
    page.get_by_role("link", name="Section 11 self-assessment 2018").click()
    record_return(page, "Northumbria Police", "2030-10-01")
    record_return(page, "City Hospitals Sunderland", "2030-10-02")
    assert AuditReturn.objects.filter(submitted_on__isnull=False).count() == 2

    # An action from the finding, owned by Lynne Thomas.
    page.get_by_role("link", name="Raise an action from a finding").click()
    field(page, "title").fill("Record safer recruitment checks in one place")
    field(page, "owner").select_option(label="Lynne Thomas")
    field(page, "due").fill("2030-12-31")
    page.get_by_role("button", name="Raise the action").click()
    expect(page.get_by_text("The action is raised and Lynne Thomas is its owner.")).to_be_visible()

    lynne = browser.new_context().new_page()
    sign_in(lynne, base, "lynne", PASSWORD)
    lynne.get_by_role("link", name="My actions").click()
    expect(lynne.get_by_role("link", name="Record safer recruitment checks in one place")).to_be_visible()
    lynne.context.close()

    # A meeting with a decision on project 4.4, answered from the project page.
    page.goto(f"{base}/assurance/meetings/new/")
    field(page, "board").select_option(label="Sunderland Safeguarding Children Board")
    field(page, "held_on").fill("2030-07-12")
    field(page, "quorum").fill("2")
    page.get_by_label("Northumbria Police").check()
    page.get_by_label("City Hospitals Sunderland").check()
    field(page, "item_title").fill("Learning from published serious case reviews")
    field(page, "project").select_option(str(Project.objects.get(number="4.4").pk))
    field(page, "decision").fill("Agreed the SCR audit report and its action plan.")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("Quorate: 2 agencies present, quorum 2.")).to_be_visible()
    page.goto(f"{base}/projects/4.4/")
    expect(page.get_by_text("Agreed the SCR audit report and its action plan.")).to_be_visible()

    # A risk on project 2.7, on the heat map.
    page.goto(f"{base}/assurance/risks/new/")
    field(page, "title").fill("Partners' contributions to the budget fall")
    field(page, "owner").select_option(label="Paul Ennals")
    field(page, "cause").fill("Partners' budgets are under pressure")
    field(page, "effect").fill("The audit programme is cut")
    field(page, "likelihood").fill("4")
    field(page, "impact").fill("5")
    field(page, "review_on").fill("2030-03-01")
    field(page, "projects").select_option(str(Project.objects.get(number="2.7").pk))
    page.get_by_role("button", name="Add the risk").click()
    heat_map = page.locator("table.risk-heat-map")
    expect(heat_map.locator("tr", has=page.locator("th", has_text="5")).locator("td").nth(3)).to_contain_text(
        "Partners' contributions to the budget fall"
    )

    # The next board pack carries the action (made here directly; its PDF is not rendered in this test).
    monkeypatch.setattr("papers.pdf.render_pdf", lambda html, **kwargs: b"%PDF-1.7 not rendered in this test")
    pack = generate_board_pack(
        plan=section_11.cycle.plan,
        meeting_date=datetime.date(2031, 1, 20),
        as_at=Period.parse("2019-03"),
        user=User.objects.get(username="brenda"),
    )
    assert Action.objects.get().title in pack.html
    assert "contributions to the budget fall" in pack.html  # the apostrophe is escaped in HTML
