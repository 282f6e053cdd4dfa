"""A board pack reports plan progress as at its cut-off, read from the status history, not as at the day it is made."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from indicators.periods import Period
from papers.models import BoardPack, BoardPackRequest
from papers.pack import build_board_pack, changes_since, render_board_pack
from plans.actions import ActivityChange, update_project
from plans.as_at import cutoff_moment
from plans.models import Activity, Project
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.papers.factories import BoardPackFactory
from tests.papers.helpers import LIST_URL, MEETING, pdf_text, words
from tests.plans.factories import ActivityFactory, PlanFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CUTOFF = datetime.date(2019, 3, 31)
SET_UP = datetime.datetime(2019, 1, 10, 9, tzinfo=LONDON)
AFTER_THE_CUTOFF = datetime.datetime(2019, 4, 3, 10, tzinfo=LONDON)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def plan_in_march(db, board_admin_user):
    """A plan whose one project was on track at the end of March 2019, then delayed on 3 April."""
    with at(SET_UP):
        plan = PlanFactory(is_current=True)
        indicator = IndicatorFactory(outcome__plan=plan, frequency="monthly", unit="count")
        march = Period.month(2019, 3)
        IndicatorValueFactory(indicator=indicator, period_start=march.start, period_end=march.end, value=Decimal(7))
        theme = ThemeFactory(plan=plan, number=1, title="Early help")
        project = ProjectFactory(theme=theme, number="1.1", title="Train the front door staff", status="on_track")
        ActivityFactory(project=project, order=1, description="Toolkit written", due=datetime.date(2019, 2, 1))
        ActivityFactory(project=project, order=2, description="Staff trained", due=datetime.date(2019, 9, 1))
    toolkit = project.activities.get(order=1)
    with at(AFTER_THE_CUTOFF):
        update_project(
            project_id=project.pk,
            author=board_admin_user,
            expected_revision=project.revision,
            status=Project.Status.DELAYED,
            note="The trainer left in April.",
            activity_changes=[ActivityChange(toolkit.pk, "complete", datetime.date(2019, 4, 2))],
        )
    return plan


def build(plan, user, progress_as_at):
    now = timezone.now()
    return build_board_pack(
        plan,
        meeting_date=MEETING,
        as_at=Period.month(2019, 3),
        generated_at=now,
        generated_by=user,
        since=now - datetime.timedelta(days=3650),
        progress_as_at=progress_as_at,
    )


def test_project_updated_after_the_cutoff_shows_its_earlier_status_in_the_pack(plan_in_march, board_admin_user):
    content = build(plan_in_march, board_admin_user, CUTOFF)

    [project] = content.figures["projects"]
    assert (project["status"], project["status_known"]) == ("on_track", True)
    assert project["activities"] == {"total": 2, "done": 0, "overdue": 1, "due_soon": 0}
    assert project["updates_since"] == []  # the April update was logged after the cut-off
    assert content.figures["progress_as_at"] == "2019-03-31"
    assert content.figures["themes"][0]["by_status"]["on_track"] == 1
    assert content.figures["themes"][0]["by_status"]["delayed"] == 0
    raw = render_board_pack(content)
    assert "<dt>Plan progress as at</dt><dd>31 March 2019:" in raw  # on the cover
    html = words(strip_tags(raw))
    assert "1. Plan progress as at 31 March 2019" in html
    assert "Toolkit written due February 2019" in html  # overdue at the cut-off, though done since
    assert "The trainer left in April." not in html
    assert "Activities at 31 Mar 2019: 0 of 2 done, 1 overdue, 0 due soon." in html


def test_a_later_cutoff_shows_the_update(plan_in_march, board_admin_user):
    content = build(plan_in_march, board_admin_user, datetime.date(2019, 4, 30))

    [project] = content.figures["projects"]
    assert project["status"] == "delayed"
    assert project["activities"] == {"total": 2, "done": 1, "overdue": 0, "due_soon": 0}
    assert [u["note"] for u in project["updates_since"]] == ["The trainer left in April."]
    assert "1. Plan progress as at 30 April 2019" in words(render_board_pack(content))


@pytest.mark.slow
def test_cutoff_defaults_to_the_end_of_the_reporting_month_and_is_kept_with_the_pack(
    plan_in_march, board_admin_client, run_worker
):
    response = board_admin_client.post(LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03"})
    pack_request = BoardPackRequest.objects.get()
    assert response.status_code == 302
    assert pack_request.progress_as_at == CUTOFF

    run_worker()

    pack = BoardPack.objects.get()
    assert pack.progress_as_at == CUTOFF
    assert pack.figures["projects"][0]["status"] == "on_track"  # the project is delayed now
    assert "Plan progress as at 31 March 2019" in pdf_text(pack.pdf)


def test_cutoff_chosen_on_the_form_is_used(plan_in_march, board_admin_client):
    board_admin_client.post(
        LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03", "progress_as_at": "2019-04-10"}
    )

    assert BoardPackRequest.objects.get().progress_as_at == datetime.date(2019, 4, 10)


@pytest.mark.parametrize(
    "cutoff, message",
    [
        ("2019-04-11", "Choose a cut-off no later than today (10 April 2019)"),
        ("31 March", "Enter the cut-off as a date, such as 2019-03-31."),
        ("2000-01-01", "Enter a date from 1 April 2013"),
    ],
)
def test_cutoff_after_today_or_unreadable_is_refused_beside_the_field(
    plan_in_march, board_admin_client, cutoff, message
):
    with at(datetime.datetime(2019, 4, 10, 12, tzinfo=LONDON)):
        response = board_admin_client.post(
            LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03", "progress_as_at": cutoff}
        )

    assert response.status_code == 200
    [error] = response.context["form"].errors["progress_as_at"]
    assert error.startswith(message)
    assert not BoardPackRequest.objects.exists()


def test_cutoff_after_the_meeting_is_refused_beside_the_field(plan_in_march, board_admin_client):
    response = board_admin_client.post(
        LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03", "progress_as_at": "2019-04-19"}
    )

    assert response.context["form"].errors["progress_as_at"] == [
        "Choose a cut-off on or before the meeting on 18 April 2019."
    ]
    assert not BoardPackRequest.objects.exists()


def test_cutoff_defaults_to_today_while_the_reporting_month_runs(plan_in_march, board_admin_client):
    with at(datetime.datetime(2019, 4, 10, 12, tzinfo=LONDON)):
        board_admin_client.post(LIST_URL, {"meeting_date": "2019-05-16", "period": "2019-04"})

    assert BoardPackRequest.objects.get().progress_as_at == datetime.date(2019, 4, 10)


def test_request_page_names_the_cutoff(plan_in_march, board_admin_client):
    board_admin_client.post(LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03"})
    pack_request = BoardPackRequest.objects.get()

    html = board_admin_client.get(reverse("papers:request", args=[pack_request.pk])).content.decode()

    assert "Scorecard figures up to March 2019; plan progress as at 31 March 2019" in html


def test_changes_are_counted_from_the_previous_packs_cutoff(plan_in_march):
    BoardPackFactory(
        plan=plan_in_march, meeting_date=datetime.date(2019, 2, 21), progress_as_at=datetime.date(2019, 1, 31)
    )

    since, first = changes_since(plan_in_march, MEETING, cutoff_moment(CUTOFF))

    assert (since, first) == (cutoff_moment(datetime.date(2019, 1, 31)), False)


def test_pack_says_which_projects_the_history_cannot_place_at_the_cutoff(plan_in_march, board_admin_user):
    with at(SET_UP):
        quiet = ProjectFactory(theme=Project.objects.get(number="1.1").theme, number="1.2", status="not_started")
    quiet.history.all().delete()  # as for a project loaded from the seed fixture, which keeps no history
    with at(AFTER_THE_CUTOFF):
        quiet.status = "at_risk"
        quiet.save()  # a save that logged no status update: the history starts after the cut-off

    content = build(plan_in_march, board_admin_user, CUTOFF)

    statuses = {p["number"]: (p["status"], p["status_known"]) for p in content.figures["projects"]}
    assert statuses == {"1.1": ("on_track", True), "1.2": ("at_risk", False)}
    html = words(strip_tags(render_board_pack(content)))
    assert "The history does not say how 1 project (1.2) stood then: its status now is counted." in html
    assert "Nor does it say how" not in html and "activity stood" not in html  # activities' history predates it


def test_pack_says_how_many_activities_the_history_cannot_place_at_the_cutoff(plan_in_march, board_admin_user):
    training = Activity.objects.get(description="Staff trained")
    training.history.all().delete()  # as for an activity loaded from the seed fixture
    with at(AFTER_THE_CUTOFF):
        training.status = "in_progress"
        training.save()

    content = build(plan_in_march, board_admin_user, CUTOFF)

    html = words(strip_tags(render_board_pack(content)))
    assert "The history does not say how 1 activity stood then: its status and due month now are used" in html
