"""A lead officer's update of a project: the form, its errors, a refused CSRF token and no lost updates.

The update form is read from the page and sent back as a browser would (tests/pages.py).
"""

import datetime

import pytest
import time_machine
from django.test import Client

from plans.actions import UpdateConflict, update_project
from plans.models import Activity, Project, StatusUpdate
from tests.conftest import CLIENT_FIXTURES
from tests.core.factories import UserFactory
from tests.pages import assert_error_beside_field, page, summary_links
from tests.plans.factories import ProjectFactory
from tests.plans.helpers import (
    PROJECT_23,
    UPDATE_23,
    activity_ids,
    london,
    project_rows,
    snapshot,
    update_form,
    update_post,
)

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.mark.parametrize(
    ("role", "sees_button"),
    [("lead_lynne", True), ("board_admin", True), ("lead_nicola", False), ("viewer", False), ("data_officer", False)],
)
def test_project_page_update_button_only_for_those_who_may_update(request, seed_plan, role, sees_button):
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.get(PROJECT_23)

    assert response.status_code == 200
    assert bool(page(response).find_all("a", href=UPDATE_23)) is sees_button


# --------------------------------------------------------------------------- a lead officer's update


def test_project_update_lead_officer_saves_everything(lynne_client, lynne_user):
    project = Project.objects.get(number="2.3")
    first, second = project.activities.order_by("order")
    histories = (project.history.count(), first.history.count(), second.history.count())
    form = update_post(lynne_client.get(UPDATE_23))
    assert (form["revision"], form["status"], form["activities-TOTAL_FORMS"]) == ("1", "on_track", "2")
    assert (form["activities-0-activity_id"], form["activities-1-activity_id"]) == (str(first.pk), str(second.pk))
    form.update(
        {
            "status": "delayed",
            "note": "The website supplier went into administration.",
            "activities-0-status": "complete",
            "activities-0-completed_on": "2018-05-10",
            "revise_activity": str(second.pk),
            "revised_due": "2018-09",
            "revision_reason": "A new supplier needs three months.",
        }
    )

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 302
    assert response["Location"] == PROJECT_23
    project.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.DELAYED, 2)
    update = StatusUpdate.objects.get()
    assert update.project == project
    assert update.author == lynne_user
    assert (update.status_from, update.status) == ("on_track", "delayed")
    assert update.note == "The website supplier went into administration."
    assert update.revised_due == datetime.date(2018, 9, 1)
    assert update.reason == "A new supplier needs three months."
    assert update.activity == second
    assert (first.status, first.completed_on) == ("complete", datetime.date(2018, 5, 10))
    assert (second.revised_due, second.revision_reason) == (
        datetime.date(2018, 9, 1),
        "A new supplier needs three months.",
    )
    assert (project.history.count(), first.history.count(), second.history.count()) == tuple(n + 1 for n in histories)
    assert project.history.first().history_user == lynne_user


def test_project_update_shows_on_project_page_overview_and_my_projects(lynne_client):
    second = Activity.objects.get(project__number="2.3", order=2)
    form = update_post(
        lynne_client.get(UPDATE_23),
        {
            "status": "delayed",
            "note": "The website supplier went into administration.",
            "revise_activity": str(second.pk),
            "revised_due": "2018-09",
            "revision_reason": "A new supplier needs three months.",
        },
    )
    lynne_client.post(UPDATE_23, form)

    project_page = page(lynne_client.get(PROJECT_23))
    overview = page(lynne_client.get("/"))
    mine = lynne_client.get("/my-projects/")

    assert "Project 2.3 updated." in project_page.find(cls="messages").text
    newest = project_page.table("Every update of project 2.3").find("tbody").find("tr").text
    assert "Lynne Thomas" in newest
    assert "On track to Delayed" in newest
    assert "The website supplier went into administration." in newest
    assert "Activity 2 revised to September 2018: A new supplier needs three months." in newest
    latest = overview.find("section", aria_labelledby="updates-heading").find("li").text
    assert latest.startswith("2.3 On track to Delayed by Lynne Thomas")
    assert "The website supplier went into administration." in latest
    assert "Timescale revised to September 2018: A new supplier needs three months." in latest
    statuses = {row[0]: row[4] for row in project_rows(mine)}
    assert statuses["2.3"] == "Delayed"


# (changes to the form, the field whose error it is, the message, fields whose submitted value must be kept)
# "{first}", "{second}" and "{other}" stand for the ids of 2.3's activities and of an activity of project 3.3.
FORM_ERROR_CASES = {
    "note_missing_at_risk": (
        {"status": "at_risk", "note": ""},
        "id_note",
        "Say why the project is at risk.",
        {"status": "at_risk"},
    ),
    "note_blank_delayed": (
        {"status": "delayed", "note": "   ", "revision_reason": "Kept while the note is missing"},
        "id_note",
        "Say why the project is delayed.",
        {"status": "delayed", "revision_reason": "Kept while the note is missing"},
    ),
    "later_month_without_reason": (
        {"revise_activity": "{second}", "revised_due": "2018-09", "revision_reason": " "},
        "id_revision_reason",
        "Give a reason: the due month moves later, from June 2018 to September 2018.",
        {"revise_activity": "{second}", "revised_due": "2018-09"},
    ),
    "month_without_activity": (
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
        "id_revise_activity",
        "Choose the activity whose timescale changes.",
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
    ),
    "activity_without_month": (
        {"revise_activity": "{second}", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter the revised due month for the activity you chose.",
        {"revise_activity": "{second}", "revision_reason": "Waiting for the supplier"},
    ),
    "month_2018_13": (
        {"revise_activity": "{second}", "revised_due": "2018-13", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter a month as a year and month, such as 2018-06.",
        {"revised_due": "2018-13", "revision_reason": "Waiting for the supplier"},
    ),
    "month_next_week": (
        {"revise_activity": "{second}", "revised_due": "next week", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter a month as a year and month, such as 2018-06.",
        {"revised_due": "next week", "revision_reason": "Waiting for the supplier"},
    ),
    "month_unchanged": (
        {"revise_activity": "{second}", "revised_due": "2018-06"},
        "id_revised_due",
        "This activity is already due in June 2018.",
        {"revised_due": "2018-06"},
    ),
    "activity_of_another_project": (
        {"revise_activity": "{other}", "revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
        "id_revise_activity",
        "Select a valid choice. That choice is not one of the available choices.",
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
    ),
    "complete_without_date": (
        {"activities-0-status": "complete", "activities-0-completed_on": "", "note": "Session held"},
        "id_activities-0-completed_on",
        "Enter the date the activity was completed.",
        {"activities-0-status": "complete", "note": "Session held"},
    ),
    "date_for_activity_not_complete": (
        {"activities-1-status": "in_progress", "activities-1-completed_on": "2018-05-10"},
        "id_activities-1-completed_on",
        "Only a complete activity has a completion date: set its status to Complete.",
        {"activities-1-status": "in_progress", "activities-1-completed_on": "2018-05-10"},
    ),
    "completed_in_future": (
        {"activities-0-status": "complete", "activities-0-completed_on": "2018-06-16"},
        "id_activities-0-completed_on",
        "The completion date cannot be in the future.",
        {"activities-0-status": "complete", "activities-0-completed_on": "2018-06-16"},
    ),
}


@time_machine.travel(london(2018, 6, 15, 12), tick=False)
@pytest.mark.parametrize(
    ("changes", "field_id", "message", "kept"), FORM_ERROR_CASES.values(), ids=list(FORM_ERROR_CASES)
)
def test_project_update_form_error(lynne_client, changes, field_id, message, kept):
    ids = activity_ids()
    form = update_post(lynne_client.get(UPDATE_23), {k: v.format(**ids) for k, v in changes.items()})
    before = snapshot()

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200
    root = page(response)
    assert root.find("title").text.startswith("Error: Update project 2.3")
    assert_error_beside_field(root, field_id, message)
    shown = update_form(response)
    assert {name: shown[name] for name in kept} == {k: v.format(**ids) for k, v in kept.items()}
    assert snapshot() == before


@pytest.mark.parametrize("tampering", ["another_projects_activity", "activity_left_out"])
def test_project_update_tampered_activity_ids_rejected(lynne_client, tampering):
    ids = activity_ids()
    form = update_post(lynne_client.get(UPDATE_23), {"status": "complete"})
    if tampering == "another_projects_activity":
        form["activities-1-activity_id"] = str(ids["other"])
    else:
        form["activities-TOTAL_FORMS"] = "1"
        for name in [name for name in form if name.startswith("activities-1-")]:
            del form[name]
    before = snapshot()

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200
    message = "The list of activities has changed; reload the page and try again."
    assert message in page(response).find(cls="error-summary").text
    assert update_form(response)["status"] == "complete"
    assert snapshot() == before


def test_project_update_revised_month_after_plan_month_without_reason_is_form_error(lynne_client):
    """Activity 2 of 2.3 (Jun-18 in the plan) already moved to Sep-18; moving it to Aug-18 is still later than the plan.

    Activity.clean() requires a reason whenever the revised month is later than the plan's month;
    the form must say so beside the reason field, not fail when the action validates the activity.
    """
    second = Activity.objects.get(project__number="2.3", order=2)
    second.revised_due, second.revision_reason = datetime.date(2018, 9, 1), "Supplier changed"
    second.save()
    form = update_post(
        lynne_client.get(UPDATE_23),
        {"revise_activity": str(second.pk), "revised_due": "2018-08", "revision_reason": ""},
    )
    before = snapshot()
    lynne_client.raise_request_exception = False

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200, "an update the model refuses must come back as a form error, not a 500"
    root = page(response)
    assert "#id_revision_reason" in {href for href, _ in summary_links(root)}
    assert "is-invalid" in root.find(id="id_revision_reason").attrs["class"].split()
    assert snapshot() == before


# --------------------------------------------------------------------------- no lost updates


def test_conflict_stale_form_refused_with_what_changed_and_typing_kept(lynne_client, board_admin_client):
    lynnes_form = update_post(lynne_client.get(UPDATE_23))
    admins_form = update_post(board_admin_client.get(UPDATE_23), {"status": "at_risk", "note": "Budget pressure"})
    assert board_admin_client.post(UPDATE_23, admins_form).status_code == 302
    lynnes_form.update({"status": "delayed", "note": "Website live in May"})

    response = lynne_client.post(UPDATE_23, lynnes_form)

    assert response.status_code == 409
    warning = page(response).find(cls="alert-warning")
    assert "Someone else updated this project while you were editing it" in warning.text
    changes = [item.text for item in warning.find_all("li")]
    assert len(changes) == 1
    assert changes[0].startswith("Brenda Admin at ")
    assert "status On track to At risk" in changes[0]
    assert "note: “Budget pressure”" in changes[0]
    shown = update_form(response)
    assert (shown["note"], shown["status"]) == ("Website live in May", "delayed")
    project = Project.objects.get(number="2.3")
    assert (project.status, project.revision) == ("at_risk", 2)
    assert list(StatusUpdate.objects.values_list("note", flat=True)) == ["Budget pressure"]


def test_conflict_resubmitting_refreshed_form_succeeds(lynne_client, board_admin_client, lynne_user):
    lynnes_form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "Website live in May"})
    board_admin_client.post(
        UPDATE_23, update_post(board_admin_client.get(UPDATE_23), {"status": "at_risk", "note": "Budget pressure"})
    )
    conflict = lynne_client.post(UPDATE_23, lynnes_form)
    assert conflict.status_code == 409

    response = lynne_client.post(UPDATE_23, update_form(conflict))

    assert response.status_code == 302
    project = Project.objects.get(number="2.3")
    assert (project.status, project.revision) == ("delayed", 3)
    latest = StatusUpdate.objects.first()
    assert (latest.author, latest.status_from, latest.status, latest.note) == (
        lynne_user,
        "at_risk",
        "delayed",
        "Website live in May",
    )
    assert StatusUpdate.objects.count() == 2


def test_conflict_resubmitting_does_not_undo_activity_completed_by_other(lynne_client, board_admin_client):
    """The administrator completes activity 1 while Lynne has the form open; Lynne changes only the project status.

    After the conflict Lynne re-submits the re-rendered form as the page invites her to. She never touched
    activity 1, so the administrator's completion must survive (or the conflict page must have named it).
    """
    lynnes_form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "Website live in May"})
    admins_form = update_post(
        board_admin_client.get(UPDATE_23),
        {"note": "Scoping done", "activities-0-status": "complete", "activities-0-completed_on": "2018-05-10"},
    )
    board_admin_client.post(UPDATE_23, admins_form)
    conflict = lynne_client.post(UPDATE_23, lynnes_form)
    assert conflict.status_code == 409
    named = "Complete" in page(conflict).find(cls="alert-warning").find("ul").text

    lynne_client.post(UPDATE_23, update_form(conflict))

    first = Activity.objects.get(project__number="2.3", order=1)
    assert Project.objects.get(number="2.3").status == "delayed"
    assert named or (first.status, first.completed_on) == ("complete", datetime.date(2018, 5, 10)), (
        "activity 1's completion by the administrator was silently undone by Lynne's re-submission"
    )


def test_conflict_update_project_twice_with_same_revision_raises():
    project = ProjectFactory(theme__plan__is_current=True, status=Project.Status.ON_TRACK)
    first_author, second_author = UserFactory(), UserFactory()
    first = update_project(
        project_id=project.pk, author=first_author, expected_revision=1, status="at_risk", note="Budget pressure"
    )

    with pytest.raises(UpdateConflict) as caught:
        update_project(
            project_id=project.pk, author=second_author, expected_revision=1, status="complete", note="All done"
        )

    assert caught.value.updates == [first]
    assert caught.value.project.revision == 2
    project.refresh_from_db()
    assert (project.status, project.revision) == ("at_risk", 2)
    assert StatusUpdate.objects.count() == 1


def test_csrf_missing_token_refused_nothing_saved(lynne_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lynne_user)
    form = update_post(browser.get(UPDATE_23), {"status": "delayed", "note": "Sent without a token"})
    token = form.pop("csrfmiddlewaretoken")
    before = snapshot()

    refused = browser.post(UPDATE_23, form)

    assert refused.status_code == 403
    assert "This form could not be sent" in page(refused).find("h1").text
    assert snapshot() == before
    accepted = browser.post(UPDATE_23, {**form, "csrfmiddlewaretoken": token})  # the same form with its token
    assert accepted.status_code == 302


# --------------------------------------------------------------------------- the empty form, kept rendered


def test_kept_empty_form_shows_a_change_made_any_other_way_at_once(lynne_client):
    """The empty form's fields are kept rendered: a change to the project or an activity, not made through the
    form (the admin, a workbook, another page), shows in the next form all the same."""
    update_form(lynne_client.get(UPDATE_23))  # rendered and kept
    project = Project.objects.get(number="2.3")
    first = project.activities.order_by("order").first()

    Project.objects.filter(pk=project.pk).update(status="delayed")  # a bulk write: no signal, same revision
    assert update_form(lynne_client.get(UPDATE_23))["status"] == "delayed"

    Activity.objects.filter(pk=first.pk).update(status="complete", completed_on=datetime.date(2018, 6, 30))
    Activity.objects.filter(pk=first.pk).update(description="Commission the new neglect toolkit.")
    form = update_post(lynne_client.get(UPDATE_23))
    assert (form["activities-0-status"], form["activities-0-completed_on"]) == ("complete", "2018-06-30")
    revise_choices = page(lynne_client.get(UPDATE_23)).find(id="id_revise_activity").text
    assert "1. Commission the new neglect toolkit." in revise_choices


def test_kept_empty_form_posts_with_each_persons_own_token_and_errors_render_afresh(lynne_user, board_admin_user):
    """Two people open the same empty form (the second reads the kept fields); each saves with the token of
    their own session, and a form sent back with an error shows it beside its field."""
    lynne, admin = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    lynne.force_login(lynne_user)
    admin.force_login(board_admin_user)
    lynne_form, admin_form = update_post(lynne.get(UPDATE_23)), update_post(admin.get(UPDATE_23))
    assert lynne_form["csrfmiddlewaretoken"] != admin_form["csrfmiddlewaretoken"]

    refused = admin.post(UPDATE_23, {**admin_form, "status": "delayed", "note": ""})
    assert_error_beside_field(page(refused), "id_note", "Say why the project is delayed.")

    saved = lynne.post(UPDATE_23, {**lynne_form, "status": "at_risk", "note": "The provider withdrew."})
    assert saved.status_code == 302
    assert Project.objects.get(number="2.3").status == "at_risk"
    assert update_form(admin.get(UPDATE_23))["status"] == "at_risk"


def test_kept_empty_form_serves_again_after_a_save_with_the_revision_of_now(lynne_client):
    """The fields kept for a status serve again once the project is back at that status, and the form always
    carries the project's current revision, so the next save is not refused as a conflict."""
    first = update_post(lynne_client.get(UPDATE_23))  # on track: rendered and kept
    assert first["revision"] == "1"
    for status, note, revision in (("delayed", "The provider withdrew.", "2"), ("on_track", "A new provider.", "3")):
        form = update_post(lynne_client.get(UPDATE_23), {"status": status, "note": note})
        assert lynne_client.post(UPDATE_23, form).status_code == 302
        assert Project.objects.get(number="2.3").revision == int(revision)

    again = update_post(lynne_client.get(UPDATE_23))  # on track again: the fields kept at revision 1
    assert (again["revision"], again["status"]) == ("3", "on_track")
    assert lynne_client.post(UPDATE_23, {**again, "note": "Going well."}).status_code == 302
    assert StatusUpdate.objects.filter(project__number="2.3").latest("created_at").note == "Going well."
