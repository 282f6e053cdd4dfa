"""What the plan pages keep is never stale: after a lead officer's update, a renamed officer or person, or a
renamed project or board, the overview, the business plan, the indicator page and the scorecard's filters show it
at once (plans.datacache).

Each page is read twice before the change, so that the second reading comes from what was kept, then
twice after it."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period
from plans import datacache
from plans.actions import ActivityChange, TimescaleRevision, update_project
from plans.models import Officer, Plan, ProgrammeBoard, Project, StrategicPriority
from tests.plans.helpers import LONDON

pytestmark = pytest.mark.django_db

IN_THE_YEAR = datetime.datetime(2018, 6, 15, 12, tzinfo=LONDON)
OVERVIEW = reverse("home")
BUSINESS_PLAN = reverse("plans:business_plan")


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')  # masked afresh on every response


def lead_update(author, number="2.3", **fields):
    """The lead officer's update of project `number` as it stands now (its latest revision)."""
    project = Project.objects.get(number=number)
    return update_project(project_id=project.pk, author=author, expected_revision=project.revision, **fields)


def read(client, url):
    """The page as a reader sees it, read twice: the second from what the first kept."""
    first, second = (CSRF_TOKEN.sub("", client.get(url).content.decode()) for _ in range(2))
    assert first == second
    return second


def progress(page):
    """The overview's table of projects by theme and status."""
    return page[page.index('id="progress-heading"') :].split("</section>")[0]


def listed(page):
    """The project numbers in the business plan's tables."""
    return re.findall(r"<tr>\s*<td>(\d+\.\d+)</td>", page)


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_an_update_shows_on_the_overview_and_business_plan_at_once(seed_plan, viewer_client, lynne_user):
    at_risk = f"{BUSINESS_PLAN}?status=at_risk"
    overview_before = read(viewer_client, OVERVIEW)
    assert "Partner funding withdrawn" not in overview_before
    assert "2.3" not in listed(read(viewer_client, at_risk))

    lead_update(
        lynne_user,
        status="at_risk",
        note="Partner funding withdrawn",
    )

    overview = read(viewer_client, OVERVIEW)
    assert "Partner funding withdrawn" in overview  # the latest updates
    assert "by Lynne Thomas" in overview
    assert progress(overview) != progress(overview_before)  # the theme's count of projects at risk
    assert "2.3" in listed(read(viewer_client, at_risk))


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_renamed_officer_or_author_shows_at_once(seed_plan, viewer_client, lynne_user):
    lead_update(lynne_user, status="on_track")
    assert "by Lynne Thomas" in read(viewer_client, OVERVIEW)
    assert "Lynne Thomas" in read(viewer_client, BUSINESS_PLAN)

    officer = Officer.objects.get(name="Lynne Thomas")
    officer.name = "Lynne Thomas-Reid"
    officer.save()
    lynne_user.last_name = "Thomas-Reid"
    lynne_user.save()

    business_plan = read(viewer_client, BUSINESS_PLAN)
    assert "Lynne Thomas-Reid" in business_plan.split("</form>")[1]  # the lead officers column
    assert re.search(rf'<option value="{officer.pk}"[^>]*>Lynne Thomas-Reid</option>', business_plan)  # the filter
    assert "by Lynne Thomas-Reid" in read(viewer_client, OVERVIEW)  # the latest updates


def test_signing_in_keeps_the_data_version_and_a_name_change_replaces_it(seed_plan, client, viewer_user):
    viewer_user.set_password("a long enough password 1")
    viewer_user.save()
    before = datacache.data_version()

    signed_in = client.post(reverse("login"), {"username": "vera", "password": "a long enough password 1"})
    assert signed_in.status_code == 302
    assert datacache.data_version() == before  # only last_login was saved

    viewer_user.first_name = "Vera"
    viewer_user.save()
    assert datacache.data_version() != before


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_renamed_project_shows_in_the_indicator_pages_commentary_form(seed_plan, board_admin_client):
    indicator = Indicator.objects.get(number="16")  # monthly: a figure for April 2018 opens the form
    april = Period.month(2018, 4)
    IndicatorValue.objects.create(indicator=indicator, period_start=april.start, period_end=april.end, value=50)
    page = reverse("indicators:indicator", args=[indicator.number])
    assert "Safer sleep campaign" not in read(board_admin_client, page)

    project = Project.objects.get(number="2.3")
    project.title = "Safer sleep campaign"
    project.save()

    assert "Safer sleep campaign" in read(board_admin_client, page)  # the form's list of the plan's projects


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_renamed_board_shows_in_the_scorecards_filters_at_once(seed_plan, viewer_client):
    board = ProgrammeBoard.objects.order_by("pk").first()
    filtered = f"/scorecard/?lead_board={board.pk}"
    assert "Renamed board" not in read(viewer_client, filtered)

    board.name = "Renamed board"
    board.save()

    page = read(viewer_client, filtered)
    assert re.search(rf'<option value="{board.pk}" selected>Renamed board</option>', page)


@time_machine.travel(IN_THE_YEAR, tick=False)
@pytest.mark.parametrize("page", ["", "business-plan/", "scorecard/"])
def test_a_kept_page_read_at_a_plan_years_address_keeps_its_links_in_that_year(seed_plan, viewer_client, page):
    code = Plan.objects.current().code
    read(viewer_client, f"/{page}")  # kept first at the plain address

    in_the_year = read(viewer_client, f"/plans/{code}/{page}")

    links = re.findall(r'href="((?:/plans/[-\w]+)?/(?:projects|scorecard/indicators)/[^"]*)"', in_the_year)
    assert links
    assert all(link.startswith(f"/plans/{code}/") for link in links), links


def test_a_lead_officers_update_replaces_the_data_version_and_keeps_the_structures(seed_plan, lynne_user):
    """Progress shows on the overview and the business plan; the indicator pages and the scorecard's filters,
    which show what the plan is made of, are still read from what was kept."""
    project = Project.objects.get(number="2.3")
    activity = project.activities.order_by("order").first()
    data, structure = datacache.data_version(), datacache.structure_version()

    lead_update(
        lynne_user,
        status="delayed",
        note="Waiting for the provider.",
        activity_changes=[ActivityChange(activity_id=activity.pk, status="delayed", completed_on=None)],
        timescale_revision=TimescaleRevision(
            activity_id=activity.pk, revised_due=datetime.date(2018, 12, 1), reason="The provider asked for more time."
        ),
    )

    assert datacache.data_version() != data
    assert datacache.structure_version() == structure
    activity.refresh_from_db()
    assert (activity.status, activity.revised_due) == ("delayed", datetime.date(2018, 12, 1))


@pytest.mark.parametrize("save", ["whole", "title"])
def test_any_other_save_of_a_project_replaces_the_structure_version(seed_plan, save):
    project = Project.objects.get(number="2.3")
    structure = datacache.structure_version()

    project.title = "Safer sleep campaign"
    project.status = "on_track"
    project.save(update_fields=["title", "status"] if save == "title" else None)

    assert datacache.structure_version() != structure


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_the_indicator_page_after_an_update_is_read_from_what_was_kept(seed_plan, board_admin_client, lynne_user):
    page = reverse("indicators:indicator", args=["16"])
    read(board_admin_client, page)
    with CaptureQueriesContext(connection) as kept:
        board_admin_client.get(page)

    project = Project.objects.get(number="2.3")
    lead_update(lynne_user, status="at_risk")

    with CaptureQueriesContext(connection) as after_update:
        board_admin_client.get(page)
    assert len(after_update) == len(kept)  # nothing recomputed: no query for the tables or the forms' choices

    ProgrammeBoard.objects.filter(pk=project.lead_board_id).first().save()
    with CaptureQueriesContext(connection) as after_rename:
        board_admin_client.get(page)
    assert len(after_rename) > len(kept)


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_renamed_priority_or_a_new_mission_shows_on_the_overview_at_once(seed_plan, viewer_client):
    assert "Keep children safe online" not in read(viewer_client, OVERVIEW)

    priority = StrategicPriority.objects.filter(plan=seed_plan).order_by("pk").first()
    priority.name = "Keep children safe online"
    priority.save()
    seed_plan.mission = "Every child in Sunderland safe, well and heard."
    seed_plan.save()

    overview = read(viewer_client, OVERVIEW)
    assert "<dt>Keep children safe online</dt>" in overview
    assert "Every child in Sunderland safe, well and heard." in overview


AFTER_THE_YEAR = datetime.datetime(2019, 6, 14, 12, tzinfo=LONDON)  # the seed plan (2018-19) is judged at its close


def closing(page):
    """The overview's account of the plan at its close: the projects unfinished then, and progress by theme."""
    return page[page.index("data-unfinished-at-close") : page.index('id="overdue-heading"')]


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_after_the_close_an_update_shows_in_the_latest_updates_and_the_progress_then_is_kept(
    seed_plan, viewer_client, lynne_user
):
    lead_update(lynne_user, status="at_risk")
    before = read(viewer_client, OVERVIEW)

    lead_update(
        lynne_user,
        status="complete",
        note="Finished in the new year.",
    )
    with CaptureQueriesContext(connection) as queries:
        after = viewer_client.get(OVERVIEW).content.decode()

    assert "Finished in the new year." in after  # the latest updates
    assert closing(after) == closing(before)  # judged at the close: a change made since does not count
    # The progress at the close was read from what was kept: the history was only counted, not read row by row.
    assert not [query["sql"] for query in queries if "ROW_NUMBER" in query["sql"].upper()]


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_after_the_close_a_first_change_to_a_row_without_history_shows_at_once(seed_plan, viewer_client):
    """A project recorded nowhere (as loaded from the seed fixture) whose status is then written with no status
    update logged: the history can no longer say how it stood at the close, and the overview says so at once."""
    project = Project.objects.get(number="2.3")
    assert project.status != "complete"
    Project.history.filter(id=project.pk).delete()
    before = closing(read(viewer_client, OVERVIEW))

    project.status = "complete"
    project.save(update_fields=["status"])  # a progress field alone: the plan's structure is unchanged

    after = closing(read(viewer_client, OVERVIEW))
    assert after != before
    assert progress(after) != progress(before)  # one more project counted complete at the close


def overdue(page):
    """The overview's overdue activities: the count in its heading and the list under it."""
    return page[page.index('id="overdue-heading"') : page.index('id="updates-heading"')]


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_an_activity_completed_or_revised_leaves_the_overdue_list_at_once(seed_plan, viewer_client, lynne_user):
    project = Project.objects.get(number="2.3")
    late, later = project.activities.order_by("order")[:2]
    for activity in (late, later):  # both due before June 2018: overdue on 15 June
        activity.due, activity.revised_due = datetime.date(2018, 4, 1), None
        activity.status, activity.completed_on = "not_started", None
        activity.save()
    before = overdue(read(viewer_client, OVERVIEW))
    assert late.description[:60] in before and later.description[:60] in before

    lead_update(
        lynne_user,
        status="on_track",
        activity_changes=[
            ActivityChange(activity_id=late.pk, status="complete", completed_on=datetime.date(2018, 6, 1))
        ],
        timescale_revision=TimescaleRevision(
            activity_id=later.pk, revised_due=datetime.date(2018, 9, 1), reason="The provider asked for more time."
        ),
    )

    after = overdue(read(viewer_client, OVERVIEW))
    assert late.description[:60] not in after  # complete
    assert later.description[:60] not in after  # due in September now
    count = re.compile(r'text-bg-danger">(\d+)<')
    assert int(count.search(after)[1]) == int(count.search(before)[1]) - 2


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_a_status_and_note_alone_leave_the_overdue_list_kept(seed_plan, viewer_client, lynne_user):
    """The overdue list is made of the activities only: an update that writes none of them shows in the latest
    updates at once, and the overdue activities are read from what was kept (no query on the activities)."""
    before = read(viewer_client, OVERVIEW)

    lead_update(lynne_user, status="at_risk", note="Partner funding withdrawn")
    with CaptureQueriesContext(connection) as queries:
        after = viewer_client.get(OVERVIEW).content.decode()

    assert "Partner funding withdrawn" in after
    assert overdue(after) == overdue(before)
    activities = connection.ops.quote_name("plans_activity")
    assert not [query["sql"] for query in queries if f"FROM {activities}" in query["sql"]]


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_after_the_close_the_history_is_counted_once_per_write_not_on_every_read(seed_plan, viewer_client, lynne_user):
    def history_counts():
        with CaptureQueriesContext(connection) as queries:
            page = read(viewer_client, OVERVIEW)
        return page, len([query for query in queries if "history_date <=" in query["sql"]])

    assert history_counts()[1] == 1
    assert history_counts()[1] == 0, "counted once, then kept until the plan's data next changes"
    lead_update(lynne_user, status="complete", note="Finished in the new year.")
    page, counted = history_counts()
    assert counted == 1
    assert "Finished in the new year." in page
