"""The status-update log is append-only: in the models, and in the admin."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.actions import update_project
from plans.models import (
    Project,
    StatusUpdate,
)
from tests.plans.factories import ProjectFactory, StatusUpdateFactory

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --------------------------------------------------------------------------- the models


@pytest.mark.django_db
def test_status_update_save_of_existing_refused():
    update = StatusUpdateFactory(note="Original note")

    update.note = "Rewritten"
    with pytest.raises(ValidationError, match="cannot be changed"):
        update.save()

    update.refresh_from_db()
    assert update.note == "Original note"


@pytest.mark.django_db
def test_status_update_delete_refused():
    update = StatusUpdateFactory()

    with pytest.raises(ValidationError, match="cannot be deleted"):
        update.delete()

    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_status_update_queryset_delete_refused():
    update = StatusUpdateFactory()

    with pytest.raises(ValidationError, match="cannot be deleted"):
        StatusUpdate.objects.filter(pk=update.pk).delete()

    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_status_update_queryset_update_refused():
    update = StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")

    with pytest.raises(ValidationError, match="cannot be changed"):
        StatusUpdate.objects.filter(pk=update.pk).update(status=Project.Status.DELAYED, note="Rewritten")

    update.refresh_from_db()
    assert (update.status, update.note) == (Project.Status.ON_TRACK, "Original note")


@pytest.mark.django_db
def test_status_update_new_ones_can_be_added():
    project = ProjectFactory()

    StatusUpdateFactory.create_batch(2, project=project)

    assert project.updates.count() == 2


# --------------------------------------------------------------------------- the admin


def test_admin_status_update_change_post_does_not_alter(admin_client, lynne_user):
    project = Project.objects.get(number="2.3")
    update = update_project(
        project_id=project.pk, author=lynne_user, expected_revision=1, status="at_risk", note="Budget pressure"
    )
    url = reverse("admin:plans_statusupdate_change", args=[update.pk])

    response = admin_client.post(url, {"project": project.pk, "status": "complete", "note": "Rewritten", "_save": "1"})

    assert response.status_code == 403
    update.refresh_from_db()
    assert (update.status, update.note) == ("at_risk", "Budget pressure")


@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_status_update_delete_page_forbidden(admin_client, lynne_user, method):
    project = Project.objects.get(number="2.3")
    update = update_project(project_id=project.pk, author=lynne_user, expected_revision=1, status="on_track")
    url = reverse("admin:plans_statusupdate_delete", args=[update.pk])

    response = getattr(admin_client, method)(url, {"post": "yes"} if method == "post" else None)

    assert response.status_code == 403
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_admin_status_update_cannot_be_added_changed_or_deleted(admin_request):
    update = StatusUpdateFactory()
    model_admin = admin.site._registry[StatusUpdate]

    assert not model_admin.has_add_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request, update)
    assert not model_admin.has_delete_permission(admin_request, update)
    assert model_admin.has_view_permission(admin_request, update)


@pytest.mark.django_db
def test_admin_status_update_change_page_is_read_only(admin_client):
    update = StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")

    response = admin_client.get(admin_url(StatusUpdate, "change", update.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Original note" in response.content.decode()


@pytest.mark.django_db
def test_admin_status_update_post_to_change_page_does_not_alter_row(admin_client):
    update = StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")
    data = {
        "project": update.project.pk,
        "status_from": Project.Status.ON_TRACK,
        "status": Project.Status.COMPLETE,
        "note": "Rewritten",
        "project_revision": 1,
        "_save": "Save",
    }

    response = admin_client.post(admin_url(StatusUpdate, "change", update.pk), data)

    assert response.status_code == 403
    update.refresh_from_db()
    assert (update.status, update.note) == (Project.Status.ON_TRACK, "Original note")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_status_update_delete_page_refused(admin_client, method):
    update = StatusUpdateFactory()

    response = getattr(admin_client, method)(admin_url(StatusUpdate, "delete", update.pk))

    assert response.status_code == 403
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_admin_status_update_bulk_delete_action_unavailable(admin_client, admin_request):
    update = StatusUpdateFactory()
    model_admin = admin.site._registry[StatusUpdate]

    response = admin_client.post(
        admin_url(StatusUpdate, "changelist"),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )

    assert "delete_selected" not in model_admin.get_actions(admin_request)
    assert response.status_code in {200, 302}
    assert StatusUpdate.objects.filter(pk=update.pk).exists()
