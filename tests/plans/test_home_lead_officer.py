"""A lead officer lands on their own work: activities overdue and due soon, and projects with no update this month."""

import datetime

import pytest
import time_machine

from core.permissions import BOARD_ADMINISTRATOR, DATA_OFFICER, LEAD_OFFICER, VIEWER
from plans.models import StatusUpdate
from tests.conftest import signed_in_client
from tests.core.home_pages import above_plan_overview, home, home_queries, section
from tests.pages import page
from tests.plans.factories import (
    ActivityFactory,
    OfficerFactory,
    PlanFactory,
    ProgrammeBoardFactory,
    ProjectFactory,
    ThemeFactory,
)
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "lead-officer-work-heading"
TODAY = london(2018, 6, 20, 12)  # due soon: activities due in June (it ends within 14 days); overdue: May or before
MAY, JUNE, JULY = datetime.date(2018, 5, 1), datetime.date(2018, 6, 1), datetime.date(2018, 7, 1)


@pytest.fixture
def work(make_role_user):
    """Lynne leads 2.1 (an activity due in June), 2.2 (one overdue since May, one due in July) and 2.3 (complete).
    Someone else leads 2.4, with an overdue activity."""
    plan = PlanFactory(code="2018-19", is_current=True)
    theme = ThemeFactory(plan=plan, number=2, title="Listening to children")
    board = ProgrammeBoardFactory()
    lynne = OfficerFactory(name="Lynne Thomas")
    other = OfficerFactory(name="Someone Else")
    user = make_role_user("lynne", LEAD_OFFICER, officer=lynne)
    soon = ProjectFactory(theme=theme, number="2.1", title="Refresh the voice of the child toolkit", lead_board=board)
    late = ProjectFactory(theme=theme, number="2.2", title="Audit the front door", lead_board=board)
    done = ProjectFactory(theme=theme, number="2.3", title="Publish the strategy", lead_board=board, status="complete")
    theirs = ProjectFactory(theme=theme, number="2.4", title="Someone else's project", lead_board=board)
    for project in (soon, late, done):
        project.lead_officers.set([lynne])
    theirs.lead_officers.set([other])
    ActivityFactory(project=soon, order=1, description="Toolkit drafted", due=JUNE)
    ActivityFactory(project=late, order=1, description="Audit fieldwork done", due=MAY)
    ActivityFactory(project=late, order=2, description="Audit report written", due=JULY)
    ActivityFactory(project=theirs, order=1, description="Not Lynne's overdue activity", due=MAY)
    return {"user": user, "projects": {"soon": soon, "late": late, "done": done, "theirs": theirs}}


def items(panel, heading):
    lists = [node for node in panel.find_all("ul") if node.attrs.get("aria-labelledby") == heading]
    return [item.text for item in lists[0].find_all("li")] if lists else []


@time_machine.travel(TODAY, tick=False)
def test_lead_officers_home_shows_their_overdue_activity_first_above_the_plan_overview(work):
    response, root = home(work["user"])

    panel = section(root, HEADING)
    activities = items(panel, "lead-officer-activities-heading")
    assert above_plan_overview(response, HEADING)
    assert activities[0].startswith("Overdue: was due May 2018. Project 2.2, activity 1: Audit fieldwork done")
    assert activities[1].startswith("Due soon: by the end of June 2018. Project 2.1, activity 1: Toolkit drafted")
    assert len(activities) == 2  # July is not due soon yet; someone else's overdue activity is theirs
    links = {node.text: node.attrs["href"] for node in panel.find_all("a")}
    assert links["Update project 2.2"] == "/projects/2.2/update/"
    assert links["Update project 2.1"] == "/projects/2.1/update/"
    assert links["All the projects you lead"] == "/my-projects/"


@time_machine.travel(TODAY, tick=False)
def test_projects_with_no_update_this_month_are_listed_with_their_last_update(work):
    with time_machine.travel(london(2018, 5, 31, 23, 30), tick=False):  # late on 31 May in London: last month
        StatusUpdate.objects.create(
            project=work["projects"]["late"], status="on_track", author=work["user"], note="May's update"
        )
    StatusUpdate.objects.create(
        project=work["projects"]["soon"], status="on_track", author=work["user"], note="June's update"
    )

    panel = section(home(work["user"])[1], HEADING)

    updates = items(panel, "lead-officer-updates-heading")
    assert updates == ["2.2 Audit the front door: last updated 31 May 2018. Update project 2.2"]


@time_machine.travel(TODAY, tick=False)
def test_a_project_never_updated_says_so(work):
    panel = section(home(work["user"])[1], HEADING)

    updates = items(panel, "lead-officer-updates-heading")
    assert updates == [
        "2.1 Refresh the voice of the child toolkit: no update yet. Update project 2.1",
        "2.2 Audit the front door: no update yet. Update project 2.2",
    ]  # not 2.3, complete; not 2.4, someone else's


@time_machine.travel(london(2018, 4, 10, 12), tick=False)
def test_nothing_needs_a_lead_officer_whose_work_is_up_to_date(work):
    for project in work["projects"].values():
        StatusUpdate.objects.create(project=project, status="on_track", author=work["user"])

    panel = section(home(work["user"])[1], HEADING)

    assert "Nothing needs you here" in panel.text
    assert panel.find_all("ul") == []


def test_a_lead_officer_not_linked_to_an_officer_is_told_why_nothing_is_shown(work, make_role_user):
    unlinked = make_role_user("newcomer", LEAD_OFFICER)

    panel = section(home(unlinked)[1], HEADING)

    assert "not linked to a lead officer" in panel.text


@pytest.mark.parametrize("role", [VIEWER, DATA_OFFICER, BOARD_ADMINISTRATOR])
@time_machine.travel(TODAY, tick=False)
def test_other_roles_do_not_see_a_lead_officers_work(work, make_role_user, role):
    someone = make_role_user("someone", role, officer=OfficerFactory(name="Linked But Not A Lead Officer"))

    root = home(someone)[1]

    assert section(root, HEADING) is None
    assert "Your projects" not in root.text


@time_machine.travel(TODAY, tick=False)
def test_lead_officer_panel_queries_do_not_grow_with_their_projects(work, django_assert_max_num_queries):
    lynne = work["user"].officer
    small = home_queries(work["user"], django_assert_max_num_queries, 30)
    theme = work["projects"]["soon"].theme
    for n in range(5, 25):
        project = ProjectFactory(theme=theme, number=f"2.{n}", lead_board=work["projects"]["soon"].lead_board)
        project.lead_officers.set([lynne])
        ActivityFactory(project=project, order=1, due=MAY)
        ActivityFactory(project=project, order=2, due=JUNE)
        StatusUpdate.objects.create(project=project, status="on_track", author=work["user"])

    large = home_queries(work["user"], django_assert_max_num_queries, 30)

    assert large == small
    assert len(items(section(home(work["user"])[1], HEADING), "lead-officer-activities-heading")) == 42


@time_machine.travel(TODAY, tick=False)
def test_a_lead_officers_kept_lists_change_with_every_write_they_are_made_of(work):
    """The panel's lists are kept between requests (plans.home); each write below changes what the next
    request shows, read by the same person in the same process."""
    user, projects = work["user"], work["projects"]
    browser = signed_in_client(user)

    def panel():
        return section(page(browser.get("/")), HEADING)

    assert [item[:30] for item in items(panel(), "lead-officer-activities-heading")] == [
        "Overdue: was due May 2018. Pro",
        "Due soon: by the end of June 2",
    ]

    late = projects["late"].activities.get(order=1)
    late.status, late.completed_on = "complete", datetime.date(2018, 6, 19)
    late.save(update_fields=["status", "completed_on"])  # an activity's progress, as a lead officer's update saves it
    assert [item[:8] for item in items(panel(), "lead-officer-activities-heading")] == ["Due soon"]

    projects["soon"].lead_officers.remove(user.officer)  # who leads what: the plan's structure
    assert items(panel(), "lead-officer-activities-heading") == []
    assert [item[:3] for item in items(panel(), "lead-officer-updates-heading")] == ["2.2"]

    StatusUpdate.objects.create(project=projects["late"], status="on_track", author=user, note="June's update")
    assert "Nothing needs you here" in panel().text  # a status update alone

    officer = user.officer
    officer.user = None
    officer.save()  # the sign-in no longer linked to the officer
    assert "not linked to a lead officer" in panel().text


@time_machine.travel(TODAY, tick=False)
def test_a_lead_officers_kept_lists_show_an_edited_activity_and_project_title_at_once(work):
    """Both lists are kept rendered (plans/_home_lead_officer.html): an edit in the admin's way, a save of the row,
    shows on the next request."""
    user, projects = work["user"], work["projects"]
    browser = signed_in_client(user)

    def panel():
        return section(page(browser.get("/")), HEADING)

    first = panel()
    assert any("Audit fieldwork done" in item for item in items(first, "lead-officer-activities-heading"))
    assert any("Audit the front door" in item for item in items(first, "lead-officer-updates-heading"))

    activity = projects["late"].activities.get(order=1)
    activity.description = "Audit fieldwork done in all three localities"
    activity.save()
    project = projects["late"]
    project.title = "Audit the front door and the early help hub"
    project.save()

    again = panel()
    assert any("in all three localities" in item for item in items(again, "lead-officer-activities-heading"))
    assert any("and the early help hub" in item for item in items(again, "lead-officer-updates-heading"))
