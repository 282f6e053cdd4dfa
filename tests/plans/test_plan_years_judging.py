"""The judging date in the lead officer's work: the reminders and the home panel of a plan whose year has ended,
and a closed plan asks nothing more of anyone.

Plan 2018-19 runs to 31 March 2019 and is still the current plan on 20 June 2019 (no next plan adopted): it is
judged at 31 March 2019. An activity due February 2019 was overdue then; one due May 2019 was not yet due.
"""

import datetime

import pytest
import time_machine

from core.permissions import LEAD_OFFICER
from plans.home import lead_officer_panel
from plans.models import Plan
from plans.reminders import build_digests
from tests.plans.factories import ActivityFactory, OfficerFactory, PlanFactory, ProjectFactory, ThemeFactory
from tests.plans.helpers import london

pytestmark = pytest.mark.django_db

AFTER_THE_YEAR = london(2019, 6, 20, 12)
FEBRUARY = datetime.date(2019, 2, 1)
MAY = datetime.date(2019, 5, 1)
JUNE = datetime.date(2019, 6, 1)


@pytest.fixture
def work(make_role_user):
    plan = PlanFactory(code="2018-19", is_current=True)
    officer = OfficerFactory(name="Dee Lead", email="dee@example.org")
    project = ProjectFactory(theme=ThemeFactory(plan=plan, number=1), number="1.1", lead_officers=[officer])
    activities = {
        "february": ActivityFactory(project=project, order=1, description="Publish the toolkit", due=FEBRUARY),
        "may": ActivityFactory(project=project, order=2, description="Train the schools", due=MAY),
        "june": ActivityFactory(project=project, order=3, description="Audit the referrals", due=JUNE),
    }
    user = make_role_user("dee", LEAD_OFFICER, officer=officer)
    return {"plan": plan, "officer": officer, "user": user, **activities}


def panel_request(rf, user, code=None):
    request = rf.get("/")
    request.user = user
    if code:
        request.plan_code = code
    return request


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_reminders_of_a_plan_whose_year_has_ended_name_what_was_overdue_at_its_end(work):
    [digest] = build_digests(datetime.date(2019, 6, 20))

    assert digest.overdue == [work["february"]]  # May was not yet due on 31 March 2019
    assert digest.due_soon == []  # nothing is "due soon" in a year that has ended


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_lead_officer_panel_of_a_plan_whose_year_has_ended_lists_what_was_overdue_at_its_end(rf, work):
    panel = lead_officer_panel(panel_request(rf, work["user"]))

    assert [item.activity for item in panel["activities"]] == [work["february"]]
    assert all(item.is_overdue for item in panel["activities"])


@time_machine.travel(london(2019, 5, 20, 12), tick=False)
def test_lead_officer_panel_of_a_closed_plan_is_left_out(rf, work):
    Plan.objects.filter(pk=work["plan"].pk).update(status=Plan.Status.CLOSED, is_current=False)

    assert lead_officer_panel(panel_request(rf, work["user"], code="2018-19")) is None
