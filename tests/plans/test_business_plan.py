"""The business plan pages: the overdue rule everywhere it shows, the filters, and my projects."""

import datetime

import pytest
import time_machine
from django.test import Client

from core import permissions as roles
from plans.models import Activity, Officer, ProgrammeBoard, Project, Theme
from tests.pages import form_fields, page
from tests.plans.factories import ActivityFactory, OfficerFactory, PlanFactory, ProjectFactory, ThemeFactory
from tests.plans.helpers import london, project_numbers, project_rows

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


# --------------------------------------------------------------------------- the overdue rule, everywhere

JUNE = datetime.date(2018, 6, 1)


@pytest.fixture
def overdue_plan():
    """One project per case, each with one activity: due Jun-18 and the other ways a due month can stand."""
    theme = ThemeFactory(plan=PlanFactory(is_current=True), number=1)

    def activity(**fields):
        return ActivityFactory(project=ProjectFactory(theme=theme), order=1, **fields)

    return {
        "due_june": activity(due=JUNE),
        "revised_to_june": activity(due=datetime.date(2018, 9, 1), revised_due=JUNE, revision_reason=""),
        "revised_from_june": activity(due=JUNE, revised_due=datetime.date(2018, 8, 1), revision_reason="Data late"),
        "complete": activity(due=datetime.date(2018, 1, 1), status="complete", completed_on=datetime.date(2018, 1, 20)),
    }


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (london(2018, 6, 30, 23, 30), set()),
        (london(2018, 7, 1, 0, 30), {"due_june", "revised_to_june"}),
    ],
    ids=["30_june_late_evening", "1_july_just_after_midnight"],
)
def test_overdue_rule_same_answer_everywhere(overdue_plan, viewer_client, moment, expected):
    name_of = {activity.pk: name for name, activity in overdue_plan.items()}
    project_of = {name: activity.project.number for name, activity in overdue_plan.items()}

    with time_machine.travel(moment, tick=False):
        queried = {name_of[a.pk] for a in Activity.objects.overdue()}
        in_memory = {name for name, a in overdue_plan.items() if Activity.objects.get(pk=a.pk).is_overdue()}
        counts = {p.number: p.overdue_count for p in Project.objects.with_progress()}
        filtered = set(project_numbers(viewer_client.get("/business-plan/?overdue=true")))
        overview = page(viewer_client.get("/"))
        flagged = {
            name
            for name, number in project_of.items()
            if "Overdue" in page(viewer_client.get(f"/projects/{number}/")).find("tbody").text
        }

    assert queried == expected
    assert in_memory == expected
    assert {number for number, count in counts.items() if count} == {project_of[name] for name in expected}
    assert all(count in {0, 1} for count in counts.values())
    assert filtered == {project_of[name] for name in expected}
    assert overview.find("h2", id="overdue-heading").find(cls="badge").text == str(len(expected))
    assert flagged == expected


# --------------------------------------------------------------------------- filters of the business plan

FILTER_CASES = {
    "theme": ({"theme": 4}, ["4.1", "4.2", "4.3", "4.4"]),
    "lead_board": ({"lead_board": "SSCB"}, ["2.5", "2.7"]),
    "lead_officer": ({"lead_officer": "Nicola Morrow"}, ["2.4", "2.6", "3.1", "3.2", "3.4", "4.3", "6.2"]),
    "status": ({"status": "delayed"}, ["1.7", "4.3", "6.2"]),
    # The source reports every other line due before April 2018 as done (fixtures/README.md).
    "overdue": ({"overdue": "true"}, ["2.1"]),
    "due_before": ({"due_before": "2018-05"}, ["2.1", "2.4", "4.4"]),
    "officer_and_status": ({"lead_officer": "Nicola Morrow", "status": "delayed"}, ["4.3", "6.2"]),
    "theme_and_overdue": ({"theme": 2, "overdue": "true"}, ["2.1"]),
    "board_and_due_before": ({"lead_board": "P&QA PB", "due_before": "2018-08"}, ["3.2", "3.3", "3.4", "4.3", "6.2"]),
}


def filter_query(choices):
    """The query string a person builds by choosing these in the filter form (names become the options' ids)."""
    lookups = {
        "theme": lambda number: Theme.objects.get(number=number).pk,
        "lead_board": lambda short_name: ProgrammeBoard.objects.get(short_name=short_name).pk,
        "lead_officer": lambda name: Officer.objects.get(name=name).pk,
    }
    return {key: str(lookups[key](value)) if key in lookups else value for key, value in choices.items()}


@time_machine.travel(london(2018, 4, 15, 12), tick=False)
@pytest.mark.parametrize(("choices", "expected"), FILTER_CASES.values(), ids=list(FILTER_CASES))
def test_business_plan_filter_narrows_list(viewer_client, seed_plan, choices, expected):
    query = filter_query(choices)

    response = viewer_client.get("/business-plan/", query)

    assert response.status_code == 200
    assert project_numbers(response) == expected
    root = page(response)
    matches = "1 project matches" if len(expected) == 1 else f"{len(expected)} projects match"
    assert root.find("p", role="status").text == f"{matches} these filters."
    form = root.find("form", method="get")
    assert {name: value for name, value in form_fields(form).items() if value} == query  # bookmarkable, shown


def test_business_plan_without_filters_lists_all_28(viewer_client, seed_plan):
    response = viewer_client.get("/business-plan/")

    assert len(project_numbers(response)) == 28
    assert page(response).find("p", role="status").text == "28 projects."


@pytest.mark.parametrize(
    ("query", "field_id", "message"),
    [
        ({"due_before": "2018-13"}, "id_due_before", "Enter a month as a year and month, such as 2018-06."),
        ({"status": "bogus"}, "id_status", "Select a valid choice. bogus is not one of the available choices."),
        ({"theme": "999999"}, "id_theme", "Select a valid choice. That choice is not one of the available choices."),
    ],
    ids=["due_before_2018_13", "status_bogus", "theme_unknown"],
)
def test_business_plan_filter_invalid_value_shows_error_beside_field(
    viewer_client, seed_plan, query, field_id, message
):
    response = viewer_client.get("/business-plan/", query)

    assert response.status_code == 200
    root = page(response)
    assert message in root.find(id=f"div_{field_id}").find(cls="invalid-feedback").text
    assert "is-invalid" in root.find(id=field_id).attrs["class"].split()


# --------------------------------------------------------------------------- my projects


def test_my_projects_overdue_listed_first(make_role_user):
    theme = ThemeFactory(plan=PlanFactory(is_current=True), number=1)
    officer = OfficerFactory(name="Olive Officer")
    on_time = ProjectFactory(theme=theme, number="1.1", lead_officers=[officer])
    late = ProjectFactory(theme=theme, number="1.2", lead_officers=[officer])
    ActivityFactory(project=on_time, due=datetime.date(2018, 9, 1))
    ActivityFactory(project=late, due=datetime.date(2018, 5, 1))
    ProjectFactory(theme=theme, number="1.3")  # led by someone else
    browser = Client()
    browser.force_login(make_role_user("olive", roles.LEAD_OFFICER, officer=officer))

    with time_machine.travel(london(2018, 6, 15, 12), tick=False):
        response = browser.get("/my-projects/")

    assert "Projects led by Olive Officer, overdue first." in page(response).text
    assert [(row[0], row[6]) for row in project_rows(response)] == [("1.2", "1 overdue"), ("1.1", "None")]


def test_my_projects_seed_lead_officer_overdue_before_the_rest(lynne_client):
    with time_machine.travel(london(2018, 4, 15, 12), tick=False):
        response = lynne_client.get("/my-projects/")

    overdue_column = [row[6] != "None" for row in project_rows(response)]
    assert len(overdue_column) == 18
    assert overdue_column == sorted(overdue_column, reverse=True)
    assert overdue_column.count(True) == 1  # 2.1's "See plan – January – September 2017"


def test_my_projects_user_without_officer_sees_explanation(viewer_client):
    PlanFactory(is_current=True)

    response = viewer_client.get("/my-projects/")

    assert response.status_code == 200
    text = page(response).find("main").text
    assert "Your account is not linked to a lead officer, so no projects are listed here." in text
    assert project_rows(response) == []
