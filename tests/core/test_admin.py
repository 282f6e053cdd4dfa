"""Every model registered in the admin: its pages answer, and the status-update log cannot be changed.

The tests iterate django.contrib.admin.site._registry, so a model registered later is
covered as soon as it has a factory in FACTORIES (and fails loudly until it has one).
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from assurance.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Audit,
    AuditCycle,
    AuditReturn,
    Decision,
    Meeting,
    Recommendation,
    Review,
    Risk,
    StandardRating,
)
from indicators.models import (
    Breakdown,
    BreakdownCategory,
    Commentary,
    CommentaryRequest,
    CommentaryRequestEmail,
    Comparator,
    ImportBatch,
    Indicator,
    IndicatorValue,
    PeriodLock,
    PlanWorkbookUpload,
    ProcessChange,
    PublicationSettings,
    ScorecardEntry,
    SignOffEvent,
    Target,
)
from papers.models import BoardPack, BoardPackRequest
from plans.models import (
    Activity,
    Agency,
    FocusArea,
    Officer,
    Plan,
    PlanRevision,
    ProgrammeBoard,
    Project,
    ProjectDecision,
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
from tests.assurance.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AgendaItemFactory,
    AttendanceFactory,
    AuditCycleFactory,
    AuditFactory,
    AuditReturnFactory,
    DecisionFactory,
    MeetingFactory,
    RecommendationFactory,
    ReviewFactory,
    RiskFactory,
    StandardRatingFactory,
)
from tests.core.factories import GroupFactory, UserFactory
from tests.indicators.factories import (
    BreakdownCategoryFactory,
    BreakdownFactory,
    CommentaryFactory,
    CommentaryRequestEmailFactory,
    CommentaryRequestFactory,
    ComparatorFactory,
    ImportBatchFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PeriodLockFactory,
    PlanWorkbookUploadFactory,
    ProcessChangeFactory,
    PublicationSettingsFactory,
    ScorecardEntryFactory,
    SignOffEventFactory,
    TargetFactory,
)
from tests.papers.factories import BoardPackFactory, BoardPackRequestFactory
from tests.plans.factories import (
    ActivityFactory,
    AgencyFactory,
    FocusAreaFactory,
    OfficerFactory,
    PlanFactory,
    PlanRevisionFactory,
    ProgrammeBoardFactory,
    ProjectDecisionFactory,
    ProjectFactory,
    ReminderLogFactory,
    ResponsibilityFactory,
    ServicePriorityFactory,
    StatusUpdateFactory,
    StrategicOutcomeFactory,
    StrategicPriorityFactory,
    ThemeFactory,
    ValueFactory,
    ValueThemeFactory,
)

FACTORIES = {
    get_user_model(): UserFactory,
    Group: GroupFactory,
    Plan: PlanFactory,
    PlanRevision: PlanRevisionFactory,
    ProjectDecision: ProjectDecisionFactory,
    ScorecardEntry: ScorecardEntryFactory,
    ValueTheme: ValueThemeFactory,
    Value: ValueFactory,
    Responsibility: ResponsibilityFactory,
    StrategicPriority: StrategicPriorityFactory,
    ServicePriority: ServicePriorityFactory,
    FocusArea: FocusAreaFactory,
    StrategicOutcome: StrategicOutcomeFactory,
    ProgrammeBoard: ProgrammeBoardFactory,
    Agency: AgencyFactory,
    Officer: OfficerFactory,
    Theme: ThemeFactory,
    Project: ProjectFactory,
    Activity: ActivityFactory,
    StatusUpdate: StatusUpdateFactory,
    ReminderLog: ReminderLogFactory,
    Breakdown: BreakdownFactory,
    BreakdownCategory: BreakdownCategoryFactory,
    Indicator: IndicatorFactory,
    IndicatorValue: IndicatorValueFactory,
    Target: TargetFactory,
    Comparator: ComparatorFactory,
    Commentary: CommentaryFactory,
    CommentaryRequest: CommentaryRequestFactory,
    CommentaryRequestEmail: CommentaryRequestEmailFactory,
    ProcessChange: ProcessChangeFactory,
    PeriodLock: PeriodLockFactory,
    SignOffEvent: SignOffEventFactory,
    ImportBatch: ImportBatchFactory,
    PlanWorkbookUpload: PlanWorkbookUploadFactory,
    PublicationSettings: PublicationSettingsFactory,
    BoardPack: BoardPackFactory,
    AuditCycle: AuditCycleFactory,
    Audit: AuditFactory,
    AuditReturn: AuditReturnFactory,
    StandardRating: StandardRatingFactory,
    Meeting: MeetingFactory,
    Attendance: AttendanceFactory,
    AgendaItem: AgendaItemFactory,
    Decision: DecisionFactory,
    Action: ActionFactory,
    ActionUpdate: ActionUpdateFactory,
    Risk: RiskFactory,
    Review: ReviewFactory,
    Recommendation: RecommendationFactory,
    BoardPackRequest: BoardPackRequestFactory,
}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def label(model):
    return model._meta.label


def make(model):
    """One saved row of the model, made by its factory."""
    factory = FACTORIES.get(model)
    if factory is None:
        pytest.fail(f"{label(model)} is registered in the admin but has no factory: add one to its app's factories.py")
    return factory()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def has_simple_history(model):
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


def test_admin_registry_covers_plans_and_indicators():
    """Sanity check of the iteration below: the project's own models are in the registry."""
    labels = {label(model) for model in REGISTERED}

    assert {"plans.Project", "indicators.Indicator"} <= labels


def test_admin_every_registered_model_has_factory():
    missing = sorted(label(model) for model in REGISTERED if model not in FACTORIES)

    assert not missing, f"Registered in the admin without a factory in tests/core/test_admin.py FACTORIES: {missing}"


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
