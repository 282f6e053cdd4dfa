"""The tables of projects (the business plan, my projects) keep each row, rendered, until what it shows changes
(plans.queries.with_row_keys): after a lead officer's update only that project's row is rendered again, and every
change a row shows (its status, its next due month, its overdue count, the day moving on, its title, its board's
name, its lead officers) shows at once.

Each page is read twice before the change, so that the second reading comes from what was kept, then twice after.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from core.cache import TwoLevelCache
from plans.actions import ActivityChange, TimescaleRevision, update_project
from plans.models import Officer, Project
from tests.plans.helpers import LONDON, project_rows

pytestmark = pytest.mark.django_db

IN_THE_YEAR = datetime.datetime(2018, 6, 15, 12, tzinfo=LONDON)
BUSINESS_PLAN = reverse("plans:business_plan")
MY_PROJECTS = reverse("plans:my_projects")


def rows(client, url):
    """{number: [title, lead board, lead officers, status, next due, overdue]}, read twice: the second from what
    the first kept."""
    first, second = ({row[0]: row[1:] for row in project_rows(client.get(url))} for _ in range(2))
    assert first == second
    return second


def lead_update(author, number="2.3", **fields):
    project = Project.objects.get(number=number)
    return update_project(project_id=project.pk, author=author, expected_revision=project.revision, **fields)


def revise(author, activity, due, status):
    """The lead officer's update of the activity's project: its status, and the activity's timescale moved to `due`."""
    revision = TimescaleRevision(activity_id=activity.pk, revised_due=due, reason="The provider asked for more time.")
    return lead_update(author, number=activity.project.number, status=status, timescale_revision=revision)


@pytest.fixture
def rows_rendered(monkeypatch):
    """The number of project rows rendered (not read back from what was kept) since the last call."""
    made = []
    kept = TwoLevelCache.set

    def counting(self, key, *args, **kwargs):
        if key.startswith("template.cache.project_row."):
            made.append(key)
        return kept(self, key, *args, **kwargs)

    monkeypatch.setattr(TwoLevelCache, "set", counting)

    def count():
        counted = len(made)
        made.clear()
        return counted

    return count


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_after_an_update_only_that_projects_row_is_rendered_again(seed_plan, viewer_client, lynne_user, rows_rendered):
    before = rows(viewer_client, BUSINESS_PLAN)
    assert rows_rendered() == len(before) == Project.objects.filter(plan=seed_plan).count()
    assert before["2.3"][3] != "Delayed"

    lead_update(lynne_user, status="delayed", note="Waiting for the provider.")

    after = rows(viewer_client, BUSINESS_PLAN)
    assert rows_rendered() == 1
    assert after["2.3"][3] == "Delayed"
    assert {number: row for number, row in after.items() if number != "2.3"} == {
        number: row for number, row in before.items() if number != "2.3"
    }


def two_open_activities(project, first_due=datetime.date(2018, 5, 1)):
    """The project's first activity due in May 2018 (or first_due) and its second in July, both in progress; the rest
    complete."""
    first, second = project.activities.order_by("order")[:2]
    for activity in project.activities.exclude(pk__in=[first.pk, second.pk]):
        activity.status, activity.completed_on = "complete", datetime.date(2018, 4, 2)
        activity.save()
    for activity, due in ((first, first_due), (second, datetime.date(2018, 7, 1))):
        activity.due, activity.revised_due, activity.status, activity.completed_on = due, None, "in_progress", None
        activity.save()
    return first


@pytest.mark.parametrize("url", [BUSINESS_PLAN, MY_PROJECTS], ids=["business_plan", "my_projects"])
def test_a_status_or_timescale_change_shows_in_the_row_at_once(seed_plan, lynne_client, lynne_user, url):
    first = two_open_activities(Project.objects.get(number="2.3"))
    with time_machine.travel(IN_THE_YEAR, tick=False):
        before = rows(lynne_client, url)["2.3"]
        assert before[4:] == ["May 2018", "1 overdue"]
        assert before[3] != "At risk"

        revise(lynne_user, first, datetime.date(2018, 7, 1), status="at_risk")

        assert rows(lynne_client, url)["2.3"][3:] == ["At risk", "July 2018", "None"]


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_revised_timescale_alone_shows_in_the_next_due_month(seed_plan, viewer_client, lynne_user):
    first = two_open_activities(Project.objects.get(number="2.3"), first_due=datetime.date(2018, 6, 1))
    lead_update(lynne_user, status="on_track")
    assert rows(viewer_client, BUSINESS_PLAN)["2.3"][3:] == ["On track", "June 2018", "None"]

    revise(lynne_user, first, datetime.date(2018, 9, 1), status="on_track")

    assert rows(viewer_client, BUSINESS_PLAN)["2.3"][3:] == ["On track", "July 2018", "None"]


def test_completing_an_overdue_activity_and_the_day_moving_on_show_in_the_overdue_count(
    seed_plan, viewer_client, lynne_user
):
    first = two_open_activities(Project.objects.get(number="2.3"))

    with time_machine.travel(IN_THE_YEAR, tick=False):
        assert rows(viewer_client, BUSINESS_PLAN)["2.3"][4:] == ["May 2018", "1 overdue"]

    # The last evening of July, then just after midnight: July's activity is overdue, an hour after the row was kept.
    with time_machine.travel(datetime.datetime(2018, 7, 31, 23, 30, tzinfo=LONDON), tick=False):
        assert rows(viewer_client, BUSINESS_PLAN)["2.3"][5] == "1 overdue"
    with time_machine.travel(datetime.datetime(2018, 8, 1, 0, 30, tzinfo=LONDON), tick=False):
        assert rows(viewer_client, BUSINESS_PLAN)["2.3"][5] == "2 overdue"

    with time_machine.travel(IN_THE_YEAR, tick=False):
        lead_update(
            lynne_user,
            status="on_track",
            activity_changes=[
                ActivityChange(activity_id=first.pk, status="complete", completed_on=datetime.date(2018, 6, 14))
            ],
        )
        assert rows(viewer_client, BUSINESS_PLAN)["2.3"][4:] == ["July 2018", "None"]


@time_machine.travel(IN_THE_YEAR, tick=False)
@pytest.mark.parametrize("change", ["title", "board", "officer renamed", "officer removed"])
def test_what_the_plan_is_made_of_shows_in_the_row_at_once(seed_plan, viewer_client, change):
    project = Project.objects.get(number="2.3")
    before = rows(viewer_client, BUSINESS_PLAN)["2.3"]
    assert "Lynne Thomas" in before[2]

    if change == "title":
        project.title = "Safer sleep campaign"
        project.save()
    elif change == "board":
        project.lead_board.short_name = "Renamed PB"
        project.lead_board.save()
    elif change == "officer renamed":
        officer = Officer.objects.get(name="Lynne Thomas")
        officer.name = "Lynne Thomas-Reid"
        officer.save()
    else:
        project.lead_officers.remove(Officer.objects.get(name="Lynne Thomas"))

    after = rows(viewer_client, BUSINESS_PLAN)["2.3"]
    expected = {
        "title": (0, "Safer sleep campaign"),
        "board": (1, "Renamed PB"),
        "officer renamed": (2, before[2].replace("Lynne Thomas", "Lynne Thomas-Reid")),
        "officer removed": (2, ", ".join(name for name in before[2].split(", ") if name != "Lynne Thomas")),
    }[change]
    assert after[expected[0]] == expected[1]
    assert after[expected[0]] != before[expected[0]]


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_row_kept_for_one_page_is_the_same_on_the_other(seed_plan, lynne_client, rows_rendered):
    mine = rows(lynne_client, MY_PROJECTS)
    assert "2.3" in mine
    rows_rendered()

    everything = rows(lynne_client, BUSINESS_PLAN)

    assert len(mine) < len(everything)
    assert rows_rendered() == len(everything) - len(mine)  # the rows of Lynne's projects were read back
    assert {number: everything[number] for number in mine} == mine
