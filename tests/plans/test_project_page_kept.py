"""The project page keeps its own parts rendered (plans.views.projects.project_keys) and is never stale: every write
it shows changes the next page read, in the same process, and each person still sees their own update button."""

import datetime

import pytest
import time_machine

from plans.actions import save_project_edit
from plans.models import Project
from tests.conftest import signed_in_client
from tests.pages import page
from tests.plans.factories import OfficerFactory
from tests.plans.helpers import PROJECT_23, UPDATE_23, london, update_post

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

JUNE = london(2018, 6, 20, 12)  # the 2018-19 plan judged today: its activity due in June is not overdue yet
LAST_OF_JUNE = london(2018, 6, 30, 22)
FIRST_OF_JULY = london(2018, 7, 1, 10)  # twelve hours on: now it is


def text(browser):
    response = browser.get(PROJECT_23)
    assert response.status_code == 200, f"{PROJECT_23} answered {response.status_code}"
    return " ".join(page(response).text.split())


def has_update_button(browser):
    return bool(page(browser.get(PROJECT_23)).find_all("a", href=UPDATE_23))


@time_machine.travel(JUNE, tick=False)
def test_a_kept_project_page_shows_a_lead_officers_update_and_each_persons_own_button(lynne_client, viewer_client):
    before = text(viewer_client)
    assert "No updates yet." in before and text(viewer_client) == before  # read again from what was kept
    assert has_update_button(lynne_client) and not has_update_button(viewer_client)

    # A status and a note, the activities left as they were: only the project and its updates change.
    form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "The supplier went under."})
    assert lynne_client.post(UPDATE_23, form).status_code == 302

    after = text(viewer_client)
    assert "No updates yet." not in after
    assert "The supplier went under." in after
    assert "On track to Delayed" in after
    assert has_update_button(lynne_client) and not has_update_button(viewer_client)


@time_machine.travel(JUNE, tick=False)
def test_a_kept_project_page_shows_an_activitys_progress_saved_alone(seed_plan, viewer_client):
    assert "Completed 19 Jun 2018" not in text(viewer_client)
    activity = Project.objects.get(number="2.3").activities.get(order=2)
    activity.status, activity.completed_on = "complete", datetime.date(2018, 6, 19)
    activity.save(update_fields=["status", "completed_on"])  # as a lead officer's update saves it

    assert "Completed 19 Jun 2018" in text(viewer_client)


def test_a_kept_project_page_shows_an_admin_edit_a_new_lead_and_a_new_theme(seed_plan, viewer_client, board_admin_user):
    text(viewer_client)
    project = Project.objects.get(number="2.3")

    project.title = "Review the board's websites and booking systems"
    save_project_edit(project=project, author=board_admin_user, expected_revision=project.revision)
    assert "2.3 Review the board's websites and booking systems" in text(viewer_client)

    project.lead_officers.add(OfficerFactory(name="Pat Newcomer"))
    assert "Pat Newcomer" in text(viewer_client)

    theme = project.theme
    theme.title = "Practice, systems and the website"
    theme.save()
    assert "Practice, systems and the website" in text(viewer_client)


def test_a_kept_project_page_marks_an_activity_overdue_when_its_month_has_passed(seed_plan, viewer_user):
    activity = Project.objects.get(number="2.3").activities.get(order=2)
    activity.status, activity.completed_on = "in_progress", None
    activity.save()
    with time_machine.travel(LAST_OF_JUNE, tick=False):
        assert "Overdue" not in text(signed_in_client(viewer_user))
    with time_machine.travel(FIRST_OF_JULY, tick=False):
        assert "Overdue" in text(signed_in_client(viewer_user))


@time_machine.travel(JUNE, tick=False)
def test_who_may_update_a_project_follows_its_lead_officers_at_once(seed_plan, lynne_user, lynne_client):
    """Which projects a lead officer leads is kept until the plan's structure changes: a lead removed loses the
    update button and the form at once, and gets them back as soon as they are made a lead again."""
    project = Project.objects.get(number="2.3")
    lynne = lynne_user.officer
    assert has_update_button(lynne_client) and lynne_client.get(UPDATE_23).status_code == 200

    project.lead_officers.remove(lynne)
    assert not has_update_button(lynne_client)
    assert lynne_client.get(UPDATE_23).status_code == 403
    assert lynne_client.post(UPDATE_23, {"status": "delayed", "note": "Not mine now."}).status_code == 403

    project.lead_officers.add(lynne)
    assert has_update_button(lynne_client) and lynne_client.get(UPDATE_23).status_code == 200

    # Her sign-in moved to another officer, who leads nothing: the same at once.
    lynne.user = None
    lynne.save()
    OfficerFactory(name="Lee Elsewhere", user=lynne_user)
    assert not has_update_button(lynne_client)
    assert lynne_client.get(UPDATE_23).status_code == 403


@time_machine.travel(JUNE, tick=False)
def test_a_status_and_note_render_the_heading_and_history_again_and_leave_the_activities_kept(
    lynne_client, viewer_client, monkeypatch
):
    from core.cache import TwoLevelCache

    rendered = []
    keep = TwoLevelCache.set
    monkeypatch.setattr(
        TwoLevelCache,
        "set",
        lambda self, key, *args, **kwargs: rendered.append(key) or keep(self, key, *args, **kwargs),
    )

    def parts_rendered():
        rendered.clear()
        text(viewer_client)
        return {
            part
            for part in ("project_head", "project_activities", "project_history")
            if any(part in key for key in rendered)
        }

    assert parts_rendered() == {"project_head", "project_activities", "project_history"}
    assert parts_rendered() == set()

    form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "The supplier went under."})
    assert lynne_client.post(UPDATE_23, form).status_code == 302
    assert parts_rendered() == {"project_head", "project_history"}
    assert "The supplier went under." in text(viewer_client)

    activity = Project.objects.get(number="2.3").activities.get(order=2)
    activity.status, activity.completed_on = "complete", datetime.date(2018, 6, 19)
    activity.save(update_fields=["status", "completed_on"])
    assert parts_rendered() == {"project_activities"}
    assert "Completed 19 Jun 2018" in text(viewer_client)
