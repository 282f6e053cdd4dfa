"""Plan years in the pages: the switcher and banner, year addresses, the judging date, the closed plan's unfinished
work and what became of it, and a closed plan kept read only.

The years: 2018-19, closed on 23 April 2019 (its year ended 31 March 2019); 2019-20, the current plan; 2020-21, a
draft. Project 2.3 is in both 2018-19 and 2019-20 (carried forward). Today is 15 June 2019 unless a test says.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.actions import PlanReadOnly, save_project_edit, update_project
from plans.models import Activity, Plan, Project, ProjectDecision, StatusUpdate
from tests.conftest import signed_in_client
from tests.pages import page
from tests.plans.factories import (
    ActivityFactory,
    PlanFactory,
    ProjectFactory,
    StatusUpdateFactory,
    ThemeFactory,
)
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

TODAY = london(2019, 6, 15, 12)
JAN_19 = datetime.date(2019, 1, 1)
JUN_19 = datetime.date(2019, 6, 1)
OLD_23 = "/plans/2018-19/projects/2.3/"
NEW_23 = "/plans/2019-20/projects/2.3/"
CLOSED_MESSAGE = "The 2018-19 plan is closed: nothing in it can be changed."


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def years(db):
    closed = PlanFactory(
        code="2018-19",
        title="Strategic Plan 2018-19",
        status=Plan.Status.CLOSED,
        starts_on=datetime.date(2018, 4, 1),
        ends_on=datetime.date(2019, 3, 31),
        closed_on=datetime.date(2019, 4, 23),
    )
    current = PlanFactory(
        code="2019-20",
        title="Strategic Plan 2019-20",
        is_current=True,
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2020, 3, 31),
        adopted_on=datetime.date(2019, 4, 23),
        previous=closed,
    )
    draft = PlanFactory(
        code="2020-21",
        title="Strategic Plan 2020-21",
        status=Plan.Status.DRAFT,
        starts_on=datetime.date(2020, 4, 1),
        ends_on=datetime.date(2021, 3, 31),
        previous=current,
    )
    old_theme = ThemeFactory(plan=closed, number=2, title="Early help")
    new_theme = ThemeFactory(plan=current, number=2, title="Early help")
    old = {
        number: ProjectFactory(theme=old_theme, number=number, title=title, status=status)
        for number, title, status in [
            ("2.3", "Embed the neglect toolkit", Project.Status.ON_TRACK),
            ("2.4", "Review the threshold document", Project.Status.DELAYED),
            ("2.5", "Audit the front door", Project.Status.AT_RISK),
            ("2.6", "Publish the annual report", Project.Status.COMPLETE),
            ("2.7", "Agree the budget", Project.Status.ON_TRACK),
        ]
    }
    new_23 = ProjectFactory(
        theme=new_theme, number="2.3", title="Embed the neglect toolkit across partners", carried_from=old["2.3"]
    )
    ProjectDecision.objects.create(
        plan=current,
        project=old["2.3"],
        decision=ProjectDecision.Decision.CARRIED_FORWARD,
        reason="Training still to reach the schools",
        new_project=new_23,
    )
    ProjectDecision.objects.create(
        plan=current,
        project=old["2.4"],
        decision=ProjectDecision.Decision.DROPPED,
        reason="Replaced by the new safeguarding partnership's thresholds",
    )
    ProjectDecision.objects.create(plan=current, project=old["2.7"], decision=ProjectDecision.Decision.COMPLETED)
    activities = {
        "jan": ActivityFactory(project=old["2.3"], order=1, description="Train the health visitors", due=JAN_19),
        "jun": ActivityFactory(project=old["2.3"], order=2, description="Train the school nurses", due=JUN_19),
        "new_jan": ActivityFactory(project=new_23, order=1, description="Train the schools", due=JAN_19),
    }
    StatusUpdateFactory(project=old["2.3"], note="Toolkit launched with the health visitors")
    StatusUpdateFactory(project=new_23, note="Schools' training booked")
    return {"closed": closed, "current": current, "draft": draft, "old": old, "new_23": new_23, **activities}


@pytest.fixture
def admin_browser(years, board_admin_user):
    return signed_in_client(board_admin_user)


def text_of(response):
    return " ".join(page(response).text.split())


# --------------------------------------------------------------------------- the judging date


@pytest.mark.parametrize(
    ("status", "ends_on", "closed_on", "judged_on"),
    [
        ("current", datetime.date(2020, 3, 31), None, datetime.date(2019, 6, 15)),  # in its year: today
        ("current", datetime.date(2019, 3, 31), None, datetime.date(2019, 3, 31)),  # its year has ended: its end
        ("closed", datetime.date(2019, 3, 31), datetime.date(2019, 4, 23), datetime.date(2019, 3, 31)),  # its close
        ("closed", datetime.date(2020, 3, 31), datetime.date(2019, 5, 1), datetime.date(2019, 5, 1)),  # closed early
        ("draft", datetime.date(2021, 3, 31), None, datetime.date(2019, 6, 15)),  # a draft: today
    ],
)
def test_plan_is_judged_at_today_its_end_or_its_close(status, ends_on, closed_on, judged_on):
    plan = Plan(status=status, starts_on=ends_on.replace(year=ends_on.year - 1, day=1, month=4), ends_on=ends_on)
    plan.closed_on = closed_on

    assert plan.judged_on() == judged_on


def test_activity_due_jan_19_is_overdue_on_a_plan_judged_at_31_march_2019_and_one_due_jun_19_is_not(
    years, viewer_client
):
    response = viewer_client.get(OLD_23)

    rows = {row.find_all("td")[0].text: row.text for row in page(response).find_all("tr") if row.find_all("td")}
    assert "Overdue" in rows["Train the health visitors"]
    assert "Overdue" not in rows["Train the school nurses"]  # due June 2019: after the plan's close
    overdue = Activity.objects.filter(project__plan=years["closed"]).overdue(years["closed"].judged_on())
    assert list(overdue) == [years["jan"]]


def test_closed_plan_pages_say_they_are_judged_at_the_close(years, viewer_client):
    for path in ("/plans/2018-19/", "/plans/2018-19/business-plan/", OLD_23):
        assert "Judged at 31 March 2019, the plan's close" in text_of(viewer_client.get(path)), path


def test_current_plan_in_its_year_is_judged_today_and_says_nothing_of_a_close(years, viewer_client):
    assert "Judged at" not in text_of(viewer_client.get("/"))
    assert "Judged at" not in text_of(viewer_client.get("/projects/2.3/"))


def test_current_plan_whose_year_has_ended_is_judged_at_its_end(years, viewer_user):
    with time_machine.travel(london(2020, 6, 1, 12), tick=False):
        text = text_of(signed_in_client(viewer_user).get("/"))

    assert "Judged at 31 March 2020, the plan's close" in text
    assert "no next plan has been adopted yet" in text


def test_business_plan_counts_overdue_at_the_close_not_today(years, viewer_client):
    table = page(viewer_client.get("/plans/2018-19/business-plan/"))
    row = next(r for r in table.find_all("tr") if r.find_all("td") and r.find_all("td")[0].text == "2.3")

    assert "1 overdue" in row.text  # Jan-19 only; Jun-19 would be overdue against today
    overview = text_of(viewer_client.get("/plans/2018-19/"))
    assert "Overdue activities 1" in overview


def test_business_plan_download_of_a_closed_plan_marks_overdue_at_its_close(years, viewer_client):
    response = viewer_client.get("/plans/2018-19/business-plan/export.csv")

    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    lines = body.splitlines()
    health = next(line for line in lines if "Train the health visitors" in line)
    nurses = next(line for line in lines if "Train the school nurses" in line)
    assert ",Yes," in health
    assert ",No," in nurses


# --------------------------------------------------------------------------- year addresses


def test_a_project_number_in_two_plans_resolves_to_each_plans_project(years, viewer_client):
    assert "Embed the neglect toolkit across partners" in text_of(viewer_client.get("/projects/2.3/"))
    assert "Embed the neglect toolkit across partners" in text_of(viewer_client.get(NEW_23))
    old_page = text_of(viewer_client.get(OLD_23))
    assert "2.3 Embed the neglect toolkit" in old_page
    assert "across partners" not in old_page.split("Carried forward into")[0]


def test_year_addresses_keep_links_inside_the_year(years, viewer_client):
    root = page(viewer_client.get("/plans/2018-19/business-plan/"))

    links = [a.attrs["href"] for a in root.find_all("a") if "/projects/" in a.attrs.get("href", "")]
    assert "/plans/2018-19/projects/2.3/" in links
    assert all(link.startswith("/plans/2018-19/") for link in links)


def test_a_project_only_in_the_closed_plan_is_not_found_in_the_current_one(years, viewer_client):
    assert viewer_client.get("/plans/2018-19/projects/2.4/").status_code == 200
    assert viewer_client.get("/projects/2.4/").status_code == 404


# --------------------------------------------------------------------------- the switcher and the banner


def switcher(response):
    menu = page(response).find("ul", data_plan_switcher="")
    return [(a.text, a.attrs["href"], a.attrs.get("aria-current")) for a in menu.find_all("a")]


def test_switcher_lists_adopted_plans_and_links_to_this_page_in_each_year(years, viewer_client):
    choices = switcher(viewer_client.get(OLD_23))

    assert choices == [
        ("2019-20 (adopted (current))", "/projects/2.3/", None),
        ("2018-19 (closed)", "/plans/2018-19/projects/2.3/", "true"),
    ]


def test_switcher_marks_the_current_plan_on_a_plain_address(years, viewer_client):
    choices = switcher(viewer_client.get("/business-plan/"))

    assert choices == [
        ("2019-20 (adopted (current))", "/business-plan/", "true"),
        ("2018-19 (closed)", "/plans/2018-19/business-plan/", None),
    ]


def test_drafts_are_shown_only_to_those_who_prepare_plans(years, viewer_client, admin_browser):
    assert "2020-21 (draft)" in [label for label, _, _ in switcher(admin_browser.get("/"))]
    assert ("2020-21 (draft)", "/plans/2020-21/", None) in switcher(admin_browser.get("/"))
    assert "2020-21 (draft)" not in [label for label, _, _ in switcher(viewer_client.get("/"))]
    assert viewer_client.get("/plans/2020-21/").status_code == 404
    assert admin_browser.get("/plans/2020-21/").status_code == 200


@pytest.mark.parametrize("address", ["/business-plan/", "/accessibility/", "/plans/2018-19/accessibility/"])
def test_a_page_reads_the_plans_once_for_its_plan_and_its_switcher(years, viewer_client, address):
    viewer_client.get(address)  # the session settled
    with CaptureQueriesContext(connection) as queries:
        response = viewer_client.get(address)

    assert response.status_code == 200
    assert len([query for query in queries if 'FROM "plans_plan"' in query["sql"]]) == 1
    assert len(switcher(response)) == 2  # the draft left out for a viewer


def banner(response):
    nodes = page(response).find_all("div", data_plan_year_banner="")
    return nodes[0].text if nodes else None


def test_banner_on_every_page_of_a_closed_plan(years, viewer_client):
    for path in ("/plans/2018-19/", "/plans/2018-19/business-plan/", OLD_23, "/plans/2018-19/assurance/risks/"):
        text = banner(viewer_client.get(path))
        assert text.startswith("You are reading the 2018-19 plan, closed on 23 April 2019: read only."), path
        assert "Go to the current plan, 2019-20" in text


def test_banner_on_a_draft_and_none_on_the_current_plan(years, viewer_client, admin_browser):
    assert banner(admin_browser.get("/plans/2020-21/")).startswith("Draft plan 2020-21: not yet adopted.")
    assert banner(viewer_client.get("/")) is None
    assert banner(viewer_client.get("/plans/2019-20/business-plan/")) is None


# --------------------------------------------------------------------------- the closed plan's unfinished work


def unfinished(response):
    sections = page(response).find_all("section", data_unfinished_at_close="")
    if not sections:
        return None
    section = sections[0]
    return {row.attrs["data-project"]: row for row in section.find_all("tr") if row.attrs.get("data-project")}


def test_closed_plan_lists_what_was_not_finished_and_what_became_of_it(years, viewer_client):
    rows = unfinished(viewer_client.get("/plans/2018-19/"))

    assert list(rows) == ["2.3", "2.4", "2.5", "2.7"]  # 2.6 was complete
    carried = rows["2.3"]
    assert "Carried forward into 2019-20 as project 2.3" in " ".join(carried.text.split())
    assert NEW_23 in [a.attrs["href"] for a in carried.find_all("a")]
    assert "Dropped: Replaced by the new safeguarding partnership's thresholds" in " ".join(rows["2.4"].text.split())
    assert "Not yet decided." in rows["2.5"].text
    assert "Closed as complete" in rows["2.7"].text


def test_current_plan_in_its_year_lists_nothing_as_unfinished(years, viewer_client):
    assert unfinished(viewer_client.get("/")) is None


def test_current_plan_whose_year_has_ended_lists_what_was_not_finished(years, viewer_user):
    with time_machine.travel(london(2020, 6, 1, 12), tick=False):
        rows = unfinished(signed_in_client(viewer_user).get("/"))

    assert "Not yet decided." in rows["2.3"].text


def test_carried_forward_project_links_back_and_shows_the_old_history(years, viewer_client):
    root = page(viewer_client.get("/projects/2.3/"))

    carried = root.find("p", data_carried_from="")
    assert " ".join(carried.text.split()).startswith("Carried forward from 2018-19 project 2.3")
    assert carried.find("a").attrs["href"] == OLD_23
    text = " ".join(root.text.split())
    assert text.index("Schools' training booked") < text.index("History in 2018-19, as project 2.3")
    assert text.index("History in 2018-19, as project 2.3") < text.index("Toolkit launched with the health visitors")


def test_a_kept_draft_project_page_shows_a_later_update_of_the_project_it_carries_forward(
    years, admin_browser, board_admin_user
):
    theme = ThemeFactory(plan=years["draft"], number=2, title="Early help")
    ProjectFactory(theme=theme, number="2.3", title="Embed the toolkit in schools", carried_from=years["new_23"])
    draft_23 = "/plans/2020-21/projects/2.3/"
    assert "Schools' training booked" in text_of(admin_browser.get(draft_23))

    current = years["new_23"]
    update_project(
        project_id=current.pk,
        author=board_admin_user,
        expected_revision=current.revision,
        status="on_track",
        note="Every school trained",
    )

    assert "Every school trained" in text_of(admin_browser.get(draft_23))


def test_old_project_links_to_the_project_that_carries_it_forward(years, viewer_client):
    carried_to = page(viewer_client.get(OLD_23)).find("p", data_carried_to="")

    assert "Carried forward as project 2.3 of 2019-20" in " ".join(carried_to.text.split())
    assert carried_to.find("a").attrs["href"] == NEW_23


# --------------------------------------------------------------------------- read only


def test_closed_plan_shows_no_update_button_even_to_a_board_administrator(admin_browser):
    old_page = page(admin_browser.get(OLD_23))
    new_page = page(admin_browser.get("/projects/2.3/"))

    assert not [a for a in old_page.find_all("a") if a.attrs.get("href", "").endswith("/update/")]
    assert not [a for a in old_page.find_all("a") if "/actions/new/" in a.attrs.get("href", "")]
    assert [a for a in new_page.find_all("a") if a.attrs.get("href") == "/projects/2.3/update/"]


def test_update_form_of_a_closed_plan_is_refused_with_a_clear_message(admin_browser):
    response = admin_browser.get(f"{OLD_23}update/")

    assert response.status_code == 403
    assert CLOSED_MESSAGE in text_of(response)


def test_middleware_refuses_a_post_under_a_closed_years_address(years, admin_browser):
    response = admin_browser.post(f"{OLD_23}update/", {"revision": "1", "status": "complete", "note": "Done"})

    assert response.status_code == 403
    assert "The 2018-19 plan is closed" in text_of(response)
    years["old"]["2.3"].refresh_from_db()
    assert years["old"]["2.3"].status == Project.Status.ON_TRACK
    assert StatusUpdate.objects.filter(project=years["old"]["2.3"]).count() == 1


def test_middleware_lets_a_post_through_under_the_current_years_address(years, admin_browser):
    response = admin_browser.post("/plans/2019-20/projects/2.3/update/", {"revision": "1"})

    assert response.status_code != 403


def test_update_service_refuses_a_closed_plans_project_whatever_the_address(years, board_admin_user):
    project = years["old"]["2.3"]

    with pytest.raises(PlanReadOnly, match=re.escape(CLOSED_MESSAGE)):
        update_project(
            project_id=project.pk, author=board_admin_user, expected_revision=1, status="complete", note="Done"
        )

    project.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.ON_TRACK, 1)
    assert StatusUpdate.objects.filter(project=project).count() == 1


def test_admin_edit_service_refuses_a_closed_plans_project(years, board_admin_user):
    project = Project.objects.get(pk=years["old"]["2.3"].pk)
    project.status = Project.Status.COMPLETE

    with pytest.raises(PlanReadOnly, match=re.escape(CLOSED_MESSAGE)):
        save_project_edit(project=project, author=board_admin_user, expected_revision=1)

    project.refresh_from_db()
    assert project.status == Project.Status.ON_TRACK


def test_raising_an_action_from_a_closed_plans_project_is_refused(admin_browser):
    response = admin_browser.get("/plans/2018-19/assurance/projects/2.3/actions/new/")

    assert response.status_code == 403
    assert CLOSED_MESSAGE in text_of(response)
