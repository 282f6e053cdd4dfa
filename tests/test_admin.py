"""Every model registered in the admin: its pages answer, and the status-update log cannot be changed.

The tests iterate django.contrib.admin.site._registry, so a model registered later is
covered as soon as it has a factory in FACTORIES (and fails loudly until it has one).
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from indicators.models import (
    Breakdown,
    BreakdownCategory,
    Commentary,
    Comparator,
    ImportBatch,
    Indicator,
    IndicatorValue,
    PeriodLock,
    ProcessChange,
    PublicationSettings,
    SignOffEvent,
    Target,
)
from papers.models import BoardPack
from plans.models import (
    Activity,
    FocusArea,
    Officer,
    Plan,
    ProgrammeBoard,
    Project,
    ReminderLog,
    Responsibility,
    ServicePriority,
    StatusUpdate,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)
from tests import factories as f

FACTORIES = {
    get_user_model(): f.UserFactory,
    Group: f.GroupFactory,
    Plan: f.PlanFactory,
    ValueTheme: f.ValueThemeFactory,
    Value: f.ValueFactory,
    Responsibility: f.ResponsibilityFactory,
    StrategicPriority: f.StrategicPriorityFactory,
    ServicePriority: f.ServicePriorityFactory,
    FocusArea: f.FocusAreaFactory,
    StrategicOutcome: f.StrategicOutcomeFactory,
    ProgrammeBoard: f.ProgrammeBoardFactory,
    Officer: f.OfficerFactory,
    Theme: f.ThemeFactory,
    Project: f.ProjectFactory,
    Activity: f.ActivityFactory,
    StatusUpdate: f.StatusUpdateFactory,
    ReminderLog: f.ReminderLogFactory,
    Breakdown: f.BreakdownFactory,
    BreakdownCategory: f.BreakdownCategoryFactory,
    Indicator: f.IndicatorFactory,
    IndicatorValue: f.IndicatorValueFactory,
    Target: f.TargetFactory,
    Comparator: f.ComparatorFactory,
    Commentary: f.CommentaryFactory,
    ProcessChange: f.ProcessChangeFactory,
    PeriodLock: f.PeriodLockFactory,
    SignOffEvent: f.SignOffEventFactory,
    ImportBatch: f.ImportBatchFactory,
    PublicationSettings: f.PublicationSettingsFactory,
    BoardPack: f.BoardPackFactory,
}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def label(model):
    return model._meta.label


def make(model):
    """One saved row of the model, made by its factory."""
    factory = FACTORIES.get(model)
    if factory is None:
        pytest.fail(f"{label(model)} is registered in the admin but has no factory: add one to tests/factories.py")
    return factory()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def has_simple_history(model):
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


@pytest.fixture
def admin_request(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    return request


def test_admin_registry_covers_plans_and_indicators():
    """Sanity check of the iteration below: the project's own models are in the registry."""
    labels = {label(model) for model in REGISTERED}

    assert {"plans.Project", "indicators.Indicator"} <= labels


def test_admin_every_registered_model_has_factory():
    missing = sorted(label(model) for model in REGISTERED if model not in FACTORIES)

    assert not missing, f"Registered in the admin without a factory in tests/test_admin.py FACTORIES: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_changelist_answers(admin_client, model):
    obj = make(model)

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_changelist_search_answers(admin_client, model):
    make(model)

    response = admin_client.get(admin_url(model, "changelist"), {"q": "x"})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_add_page_answers(admin_client, admin_request, model):
    can_add = admin.site._registry[model].has_add_permission(admin_request)

    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (200 if can_add else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_change_page_answers(admin_client, model):
    obj = make(model)

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_history_page_answers(admin_client, model):
    obj = make(model)

    response = admin_client.get(admin_url(model, "history", obj.pk))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m in REGISTERED if has_simple_history(m)], ids=label)
def test_admin_history_page_lists_simple_history_records(admin_client, model):
    obj = make(model)
    obj.save()  # a second historical record

    response = admin_client.get(admin_url(model, "history", obj.pk))

    assert response.status_code == 200
    assert "history_list_display" in response.context, (
        f"The admin of {label(model)} does not show its django-simple-history records (use SimpleHistoryAdmin)"
    )
    assert response.context["page_obj"].paginator.count == obj.history.count() == 2


# --------------------------------------------------------------------------- the status-update log


@pytest.mark.django_db
def test_admin_status_update_cannot_be_added_changed_or_deleted(admin_request):
    update = f.StatusUpdateFactory()
    model_admin = admin.site._registry[StatusUpdate]

    assert not model_admin.has_add_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request, update)
    assert not model_admin.has_delete_permission(admin_request, update)
    assert model_admin.has_view_permission(admin_request, update)


@pytest.mark.django_db
def test_admin_status_update_change_page_is_read_only(admin_client):
    update = f.StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")

    response = admin_client.get(admin_url(StatusUpdate, "change", update.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Original note" in response.content.decode()


@pytest.mark.django_db
def test_admin_status_update_post_to_change_page_does_not_alter_row(admin_client):
    update = f.StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")
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
    update = f.StatusUpdateFactory()

    response = getattr(admin_client, method)(admin_url(StatusUpdate, "delete", update.pk))

    assert response.status_code == 403
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_admin_status_update_bulk_delete_action_unavailable(admin_client, admin_request):
    update = f.StatusUpdateFactory()
    model_admin = admin.site._registry[StatusUpdate]

    response = admin_client.post(
        admin_url(StatusUpdate, "changelist"),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )

    assert "delete_selected" not in model_admin.get_actions(admin_request)
    assert response.status_code in {200, 302}
    assert StatusUpdate.objects.filter(pk=update.pk).exists()
