"""Saving a project in the admin goes through plans.actions: no lost updates between the admin and lead officers."""

import pytest

from plans.actions import UpdateConflict, update_project
from plans.models import Project, StatusUpdate
from tests.plans.admin_forms import admin_form_data, admin_url

pytestmark = pytest.mark.django_db


def open_change_form(client, project):
    response = client.get(admin_url(Project, "change", project.pk))
    assert response.status_code == 200
    return response


def officer_update(project, user, *, expected_revision, status, note="Officer's update"):
    return update_project(
        project_id=project.pk, author=user, expected_revision=expected_revision, status=status, note=note
    )


def test_admin_save_of_a_status_change_advances_the_revision_and_logs_it(seed_plan, board_admin_client):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    before = project.revision
    page = open_change_form(board_admin_client, project)

    response = board_admin_client.post(
        admin_url(Project, "change", project.pk), admin_form_data(page, {"status": Project.Status.AT_RISK})
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.AT_RISK, before + 1)
    update = StatusUpdate.objects.get(project=project)
    assert (update.status_from, update.status, update.project_revision) == (
        Project.Status.ON_TRACK,
        Project.Status.AT_RISK,
        before + 1,
    )
    assert update.author.username == "brenda"
    assert update.note == "Changed in the admin."


def test_admin_save_of_a_title_advances_the_revision_without_a_status_update(seed_plan, board_admin_client):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    before = project.revision
    page = open_change_form(board_admin_client, project)

    response = board_admin_client.post(
        admin_url(Project, "change", project.pk), admin_form_data(page, {"title": "A clearer title"})
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.revision) == ("A clearer title", before + 1)
    assert not StatusUpdate.objects.filter(project=project).exists()


def test_admin_save_with_nothing_changed_leaves_the_revision(seed_plan, board_admin_client):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    before = project.revision
    page = open_change_form(board_admin_client, project)

    response = board_admin_client.post(admin_url(Project, "change", project.pk), admin_form_data(page))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.revision == before


def test_admin_change_of_an_activity_inline_advances_the_project_revision(seed_plan, board_admin_client):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    before = project.revision
    page = open_change_form(board_admin_client, project)

    response = board_admin_client.post(
        admin_url(Project, "change", project.pk),
        admin_form_data(page, {"activities-0-due_text": "Dec-18 (moved)"}),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.revision == before + 1
    assert project.activities.get(order=1).due_text == "Dec-18 (moved)"


def test_lead_officer_save_after_an_admin_edit_is_refused_not_reverting_it(seed_plan, board_admin_client, lynne_user):
    """Before: the admin's save left the revision, so the officer's stale form put the status back."""
    project = Project.objects.get(plan=seed_plan, number="2.3")
    seen_by_officer = project.revision
    page = open_change_form(board_admin_client, project)
    board_admin_client.post(
        admin_url(Project, "change", project.pk), admin_form_data(page, {"status": Project.Status.DELAYED})
    )

    with pytest.raises(UpdateConflict):
        officer_update(project, lynne_user, expected_revision=seen_by_officer, status=Project.Status.ON_TRACK)

    project.refresh_from_db()
    assert project.status == Project.Status.DELAYED


def test_admin_save_of_an_out_of_date_form_is_refused_with_a_message_keeping_the_input(
    seed_plan, board_admin_client, lynne_user
):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    page = open_change_form(board_admin_client, project)  # the admin opens the form...
    officer_update(  # ...the lead officer saves an update meanwhile...
        project, lynne_user, expected_revision=project.revision, status=Project.Status.DELAYED, note="Trainer ill"
    )
    data = admin_form_data(page, {"status": Project.Status.COMPLETE, "title": "Typed by the admin"})

    response = board_admin_client.post(admin_url(Project, "change", project.pk), data)  # ...and the admin saves

    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by someone else after you opened this page" in html
    assert "status On track to Delayed (Trainer ill)" in html
    assert "Typed by the admin" in html  # what they typed is still on the form
    project.refresh_from_db()
    assert (project.status, project.title) != (Project.Status.COMPLETE, "Typed by the admin")
    assert project.status == Project.Status.DELAYED
    assert list(StatusUpdate.objects.filter(project=project).values_list("author__username", flat=True)) == ["lynne"]


def test_admin_can_save_again_after_reading_the_conflict(seed_plan, board_admin_client, lynne_user):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    page = open_change_form(board_admin_client, project)
    officer_update(project, lynne_user, expected_revision=project.revision, status=Project.Status.DELAYED)
    refused = board_admin_client.post(
        admin_url(Project, "change", project.pk), admin_form_data(page, {"status": Project.Status.COMPLETE})
    )

    response = board_admin_client.post(admin_url(Project, "change", project.pk), admin_form_data(refused))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETE
    latest = StatusUpdate.objects.filter(project=project).first()
    assert (latest.author.username, latest.status_from, latest.status) == (
        "brenda",
        Project.Status.DELAYED,
        Project.Status.COMPLETE,
    )


def test_admin_activity_change_advances_the_project_revision(seed_plan, board_admin_client):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    before = project.revision
    activity = project.activities.get(order=1)
    page = board_admin_client.get(admin_url(type(activity), "change", activity.pk))

    response = board_admin_client.post(
        admin_url(type(activity), "change", activity.pk), admin_form_data(page, {"due_text": "Jan-19"})
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.revision == before + 1


def test_admin_add_of_a_project_starts_at_revision_one(seed_plan, board_admin_client):
    theme = seed_plan.themes.get(number=2)
    page = board_admin_client.get(admin_url(Project, "add"))
    data = admin_form_data(
        page,
        {
            "theme": str(theme.pk),
            "number": "2.99",
            "title": "A new project",
            "lead_board": str(Project.objects.get(number="2.3").lead_board_id),
            "status": Project.Status.NOT_STARTED,
        },
    )

    response = board_admin_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 302
    assert Project.objects.get(plan=seed_plan, number="2.99").revision == 1
