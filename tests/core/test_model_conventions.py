"""What every model of the project has: a factory, a meaningful __str__, natural keys that round-trip, history."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from plans.models import Activity, Project
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
from tests.core.factories import PASSWORD, UserFactory
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

# --------------------------------------------------------------------------- factories


MODELS_WITH_FACTORIES = {
    "plans.Plan": PlanFactory,
    "plans.PlanRevision": PlanRevisionFactory,
    "plans.ProjectDecision": ProjectDecisionFactory,
    "plans.ValueTheme": ValueThemeFactory,
    "plans.Value": ValueFactory,
    "plans.Responsibility": ResponsibilityFactory,
    "plans.StrategicPriority": StrategicPriorityFactory,
    "plans.ServicePriority": ServicePriorityFactory,
    "plans.FocusArea": FocusAreaFactory,
    "plans.StrategicOutcome": StrategicOutcomeFactory,
    "plans.ProgrammeBoard": ProgrammeBoardFactory,
    "plans.Agency": AgencyFactory,
    "plans.Officer": OfficerFactory,
    "plans.Theme": ThemeFactory,
    "plans.Project": ProjectFactory,
    "plans.Activity": ActivityFactory,
    "plans.StatusUpdate": StatusUpdateFactory,
    "plans.ReminderLog": ReminderLogFactory,
    "indicators.Breakdown": BreakdownFactory,
    "indicators.BreakdownCategory": BreakdownCategoryFactory,
    "indicators.Indicator": IndicatorFactory,
    "indicators.ScorecardEntry": ScorecardEntryFactory,
    "indicators.IndicatorValue": IndicatorValueFactory,
    "indicators.Target": TargetFactory,
    "indicators.Comparator": ComparatorFactory,
    "indicators.Commentary": CommentaryFactory,
    "indicators.CommentaryRequest": CommentaryRequestFactory,
    "indicators.CommentaryRequestEmail": CommentaryRequestEmailFactory,
    "indicators.ProcessChange": ProcessChangeFactory,
    "indicators.PeriodLock": PeriodLockFactory,
    "indicators.SignOffEvent": SignOffEventFactory,
    "indicators.ImportBatch": ImportBatchFactory,
    "indicators.PlanWorkbookUpload": PlanWorkbookUploadFactory,
    "indicators.PublicationSettings": PublicationSettingsFactory,
    "papers.BoardPack": BoardPackFactory,
    "assurance.AuditCycle": AuditCycleFactory,
    "assurance.Audit": AuditFactory,
    "assurance.AuditReturn": AuditReturnFactory,
    "assurance.StandardRating": StandardRatingFactory,
    "assurance.Meeting": MeetingFactory,
    "assurance.Attendance": AttendanceFactory,
    "assurance.AgendaItem": AgendaItemFactory,
    "assurance.Decision": DecisionFactory,
    "assurance.Action": ActionFactory,
    "assurance.ActionUpdate": ActionUpdateFactory,
    "assurance.Risk": RiskFactory,
    "assurance.Review": ReviewFactory,
    "assurance.Recommendation": RecommendationFactory,
    "papers.BoardPackRequest": BoardPackRequestFactory,
}


def app_models():
    return [
        model
        for app_label in ("plans", "indicators", "assurance", "papers")
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_factories_cover_every_model():
    labels = {model._meta.label for model in app_models()}

    missing = labels - set(MODELS_WITH_FACTORIES)

    assert not missing, f"No factory for {sorted(missing)}: add one to tests/<app>/factories.py"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(MODELS_WITH_FACTORIES))
def test_factory_builds_a_valid_saved_row(label):
    factory = MODELS_WITH_FACTORIES[label]

    obj = factory()

    assert obj.pk is not None
    assert type(obj)._meta.label == label
    obj.full_clean()  # the saved row passes every validation


@pytest.mark.django_db
def test_project_factory_numbers_project_within_its_theme():
    theme = ThemeFactory(number=4)

    first, second = ProjectFactory.create_batch(2, theme=theme)

    assert first.number.startswith("4.")
    assert second.number.startswith("4.")
    assert first.number != second.number


@pytest.mark.django_db
def test_user_factory_sets_usable_password(client, rf):
    user = UserFactory()

    assert user.check_password(PASSWORD)
    # Sign-in throttling (django-axes) needs the request a sign-in comes from.
    assert client.login(request=rf.post("/accounts/login/"), username=user.username, password=PASSWORD)


# --------------------------------------------------------------------------- __str__


STR_CASES = [
    # (model, case id, make, texts that must all be in str())
    ("plans.Plan", "plan", lambda: PlanFactory(title="Strategic Plan 2018-19", version=2),
     ["Strategic Plan 2018-19", "version 2"]),
    ("plans.ValueTheme", "value-theme", lambda: ValueThemeFactory(number=3, name="Child centred"),
     ["Theme 3", "Child centred"]),
    ("plans.Value", "value", lambda: ValueFactory(name="Listening to children"), ["Listening to children"]),
    ("plans.Responsibility", "responsibility", lambda: ResponsibilityFactory(title="Co-ordinate"),
     ["Co-ordinate"]),
    ("plans.StrategicPriority", "strategic-priority", lambda: StrategicPriorityFactory(name="Early help"),
     ["Early help"]),
    ("plans.ServicePriority", "service-priority", lambda: ServicePriorityFactory(order=4, name="Neglect"),
     ["4", "Neglect"]),
    ("plans.FocusArea", "focus-area", lambda: FocusAreaFactory(name="Domestic abuse"), ["Domestic abuse"]),
    ("plans.StrategicOutcome", "outcome", lambda: StrategicOutcomeFactory(number=2, title="Safe"),
     ["2", "Safe"]),
    ("plans.ProgrammeBoard", "board", lambda: ProgrammeBoardFactory(name="Performance and Quality Assurance"),
     ["Performance and Quality Assurance"]),
    ("plans.Agency", "agency", lambda: AgencyFactory(name="Northumbria Police"), ["Northumbria Police"]),
    ("plans.Officer", "officer", lambda: OfficerFactory(name="L&WFD PB Officer"), ["L&WFD PB Officer"]),
    ("plans.Theme", "theme", lambda: ThemeFactory(number=2, title="Voice of the child"),
     ["Theme 2", "Voice of the child"]),
    ("plans.Project", "project",
     lambda: ProjectFactory(theme=ThemeFactory(number=2), number="2.3", title="Neglect toolkit"),
     ["2.3", "Neglect toolkit"]),
    ("plans.Activity", "activity",
     lambda: ActivityFactory(project=ProjectFactory(theme=ThemeFactory(number=2), number="2.3"), order=4,
                               description="Train the workforce"),
     ["2.3", "activity 4", "Train the workforce"]),
    ("plans.StatusUpdate", "status-update",
     lambda: StatusUpdateFactory(project=ProjectFactory(theme=ThemeFactory(number=2), number="2.3"),
                                   status=Project.Status.AT_RISK),
     ["2.3", "At risk"]),
    ("plans.ReminderLog", "reminder",
     lambda: ReminderLogFactory(officer=OfficerFactory(name="Jo Bloggs"), sent_on=datetime.date(2018, 7, 2)),
     ["Jo Bloggs", "02 Jul 2018"]),
    ("indicators.Breakdown", "breakdown", lambda: BreakdownFactory(name="Gender"), ["Gender"]),
    ("indicators.BreakdownCategory", "category",
     lambda: BreakdownCategoryFactory(breakdown=BreakdownFactory(name="Gender"), name="Female"),
     ["Gender", "Female"]),
    ("indicators.Indicator", "indicator", lambda: IndicatorFactory(number="56a", title="Referrals"),
     ["56a", "Referrals"]),
    ("indicators.IndicatorValue", "indicator-value",
     lambda: IndicatorValueFactory(indicator=IndicatorFactory(number="56a"), value=Decimal("12.5")),
     ["56a", "Apr 2018", "Jun 2018", "12.5"]),
    ("indicators.IndicatorValue", "categorised-value",
     lambda: IndicatorValueFactory(
         indicator=IndicatorFactory(number="3", breakdown=BreakdownFactory(name="Source")),
         category=BreakdownCategoryFactory(breakdown=BreakdownFactory(name="Source"), name="Police"),
     ),
     ["3", "Police"]),
    ("indicators.Target", "target",
     lambda: TargetFactory(indicator=IndicatorFactory(number="12"), value=Decimal("80")),
     ["12", "Apr 2018", "Mar 2019", "80"]),
    ("indicators.Comparator", "comparator",
     lambda: ComparatorFactory(indicator=IndicatorFactory(number="7"), value=Decimal("41.5")),
     ["England", "7", "2018-19 Q1", "41.5"]),
    ("indicators.Commentary", "commentary",
     lambda: CommentaryFactory(indicator=IndicatorFactory(number="15")), ["15", "2018-19 Q1"]),
    ("indicators.CommentaryRequest", "commentary-request",
     lambda: CommentaryRequestFactory(indicator=IndicatorFactory(number="15")), ["15", "2018-19 Q1", "15 August 2018"]),
    ("indicators.CommentaryRequestEmail", "commentary-request-email",
     lambda: CommentaryRequestEmailFactory(email="ann@example.org"), ["ann@example.org"]),
    ("indicators.ProcessChange", "process-change",
     lambda: ProcessChangeFactory(indicator=IndicatorFactory(number="22")), ["22", "April 2018"]),
    ("indicators.PeriodLock", "period-lock", lambda: PeriodLockFactory(), ["2018-19 Q1", "locked"]),
    ("indicators.SignOffEvent", "sign-off", lambda: SignOffEventFactory(), ["Locked", "2018-19 Q1"]),
    ("indicators.PlanWorkbookUpload", "plan-workbook", lambda: PlanWorkbookUploadFactory(filename="p.xlsx"),
     ["p.xlsx", "not loaded"]),
    ("indicators.ImportBatch", "import-batch", lambda: ImportBatchFactory(filename="june.csv"),
     ["Indicator values", "june.csv", "previewed"]),
    ("indicators.PublicationSettings", "publication-settings", lambda: PublicationSettingsFactory(is_enabled=True),
     ["Publication settings", "publishing on"]),
    ("papers.BoardPack", "board-pack",
     lambda: BoardPackFactory(meeting_date=datetime.date(2019, 4, 18)),
     ["Board pack", "18 April 2019", "March 2019"]),
    ("papers.BoardPackRequest", "board-pack-request",
     lambda: BoardPackRequestFactory(meeting_date=datetime.date(2019, 4, 18)),
     ["Board pack", "18 April 2019", "queued"]),
    ("plans.PlanRevision", "planrevision",
     lambda: PlanRevisionFactory(plan=PlanFactory(code="2018-19"), version=1),
     ["2018-19", "version 1"]),
    ("plans.ProjectDecision", "projectdecision",
     lambda: ProjectDecisionFactory(plan=PlanFactory(code="2019-20", status="draft"),
                                    project=ProjectFactory(number="2.3")),
     ["2.3", "dropped", "2019-20"]),
    ("indicators.ScorecardEntry", "scorecardentry",
     lambda: ScorecardEntryFactory(plan=PlanFactory(code="2019-20"), number="12",
                                   indicator=IndicatorFactory(title="Re-referrals")),
     ["2019-20", "12", "Re-referrals"]),
    ("assurance.AuditCycle", "auditcycle",
     lambda: AuditCycleFactory(name="2018-19 audit cycle"),
     ["2018-19 audit cycle"]),
    ("assurance.Audit", "audit",
     lambda: AuditFactory(title="Section 11 2018", cycle=AuditCycleFactory(name="2018-19 audit cycle")),
     ["Section 11 2018", "2018-19 audit cycle"]),
    ("assurance.AuditReturn", "auditreturn",
     lambda: AuditReturnFactory(agency=AgencyFactory(name="Northumbria Police"),
                                 submitted_on=datetime.date(2018, 11, 20)),
     ["Northumbria Police", "20 Nov 2018"]),
    ("assurance.StandardRating", "standardrating",
     lambda: StandardRatingFactory(standard="Standard 5: training", rating="not_met"),
     ["Standard 5: training", "Not met"]),
    ("assurance.Meeting", "meeting",
     lambda: MeetingFactory(board=ProgrammeBoardFactory(short_name="SSCB"), held_on=datetime.date(2018, 7, 12)),
     ["SSCB", "12 July 2018"]),
    ("assurance.Attendance", "attendance",
     lambda: AttendanceFactory(agency=AgencyFactory(name="Northumbria Police"), present=False),
     ["Northumbria Police", "apologies"]),
    ("assurance.AgendaItem", "agendaitem", lambda: AgendaItemFactory(title="Budget", order=3), ["Item 3", "Budget"]),
    ("assurance.Decision", "decision",
     lambda: DecisionFactory(text="Agreed the budget", item=AgendaItemFactory(title="Budget")),
     ["Budget", "Agreed the budget"]),
    ("assurance.Action", "action",
     lambda: ActionFactory(title="Refresh policy", due=datetime.date(2030, 5, 1)),
     ["Refresh policy", "01 May 2030", "open"]),
    ("assurance.ActionUpdate", "actionupdate",
     lambda: ActionUpdateFactory(action=ActionFactory(title="Refresh policy")),
     ["Refresh policy", "In progress"]),
    ("assurance.Risk", "risk",
     lambda: RiskFactory(title="Budget falls", likelihood=3, impact=4),
     ["Budget falls", "12"]),
    ("assurance.Review", "review", lambda: ReviewFactory(published_name="Young Person Mark"),
     ["Serious case review", "Young Person Mark"]),
    ("assurance.Recommendation", "recommendation",
     lambda: RecommendationFactory(review=ReviewFactory(published_name="Young Person Rachel"), text="Share risk"),
     ["Young Person Rachel", "Share risk"]),
]  # fmt: skip


def test_str_cases_cover_every_model():
    labels = {model._meta.label for model in app_models()}

    missing = labels - {case[0] for case in STR_CASES}

    assert not missing, f"Add a __str__ case for {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "make", "expected"), [(c[0], c[2], c[3]) for c in STR_CASES], ids=[c[1] for c in STR_CASES]
)
def test_str_is_meaningful(label, make, expected):
    obj = make()

    text = str(obj)

    assert type(obj)._meta.label == label
    assert text.strip()
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"


# --------------------------------------------------------------------------- natural keys


def models_with_natural_keys():
    return sorted(model._meta.label for model in app_models() if hasattr(model, "natural_key"))


def test_natural_key_models_have_factories():
    assert set(models_with_natural_keys()) <= set(MODELS_WITH_FACTORIES)


@pytest.mark.django_db
@pytest.mark.parametrize("label", models_with_natural_keys())
def test_natural_key_round_trips(label):
    obj = MODELS_WITH_FACTORIES[label]()
    manager = type(obj)._default_manager

    assert hasattr(manager, "get_by_natural_key"), (
        f"BUG: {label} defines natural_key() but its default manager has no get_by_natural_key(). "
        "loaddata then inserts the fixture's rows (which have no pk) as new rows instead of updating them, "
        "so loading the seed fixture a second time fails with IntegrityError, and a natural foreign key "
        "to it cannot be resolved"
    )
    assert manager.get_by_natural_key(*obj.natural_key()) == obj


# --------------------------------------------------------------------------- history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field", "new_value"),
    [
        (ProjectFactory, "status", Project.Status.AT_RISK),
        (ActivityFactory, "status", Activity.Status.DELAYED),
        (IndicatorFactory, "title", "Renamed indicator"),
        (IndicatorValueFactory, "value", Decimal("99")),
        (TargetFactory, "value", Decimal("55")),
    ],
    ids=["project", "activity", "indicator", "indicator-value", "target"],
)
def test_history_records_each_save(factory, field, new_value):
    obj = factory()
    created = obj.history.count()

    setattr(obj, field, new_value)
    obj.save()

    assert created == 1
    assert obj.history.count() == 2
    assert getattr(obj.history.first(), field) == new_value
    assert obj.history.first().history_type == "~"


def test_every_recorded_model_keeps_its_history_manager_class():
    """simple-history reads `Model.history` on each save it records; its manager class is made once, not each time."""
    from simple_history.models import registered_models

    from core.history import KeptHistoryManager

    recorded = [
        model for model in registered_models.values() if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    assert len(recorded) == 26
    for model in recorded:
        manager = model.history
        assert isinstance(manager, KeptHistoryManager), model
        assert type(model.history) is type(manager), model
