"""factory-boy factories for every model in plans and indicators, and for users.

Each factory builds a valid row with the least arguments: sequences keep unique
fields unique, SubFactory builds the parents, and numbers agree with their parents
(a project in theme N is numbered "N.k"). Project.plan and Indicator.plan are not
declared: the models set them on save from the theme and the outcome.
"""

import datetime
import hashlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

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

PASSWORD = "correct-horse-battery"

PLAN_START = datetime.date(2018, 4, 1)
PLAN_END = datetime.date(2019, 3, 31)
Q1_START = datetime.date(2018, 4, 1)
Q1_END = datetime.date(2018, 6, 30)


# --------------------------------------------------------------------------- people


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    # make_password is called per user, with whatever PASSWORD_HASHERS the test runs under.
    password = factory.django.Password(PASSWORD)

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Group {n}")


# --------------------------------------------------------------------------- the plan


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"2018-19-v{n}")
    title = "Sunderland Safeguarding Children Board Strategic Plan 2018-19"
    version = 1
    adopted_by = "Sunderland Safeguarding Children Board"
    adopted_on = datetime.date(2018, 3, 15)
    starts_on = PLAN_START
    ends_on = PLAN_END
    mission = "To make sure children and young people in Sunderland are safe."
    is_current = False


class ValueThemeFactory(DjangoModelFactory):
    class Meta:
        model = ValueTheme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Value theme {n}")


class ValueFactory(DjangoModelFactory):
    class Meta:
        model = Value

    theme = factory.SubFactory(ValueThemeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Value {n}")


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Responsibility {n}")
    description = "Co-ordinate what is done by each person or body represented on the Board."


class StrategicPriorityFactory(DjangoModelFactory):
    class Meta:
        model = StrategicPriority

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Strategic priority {n}")
    description = "Improve the effectiveness of early help."


class ServicePriorityFactory(DjangoModelFactory):
    class Meta:
        model = ServicePriority

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Service priority {n}")


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    service_priority = factory.SubFactory(ServicePriorityFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Focus area {n}")


class StrategicOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = StrategicOutcome

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Safe in outcome {n}")


# --------------------------------------------------------------------------- people and boards


class ProgrammeBoardFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeBoard
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Learning and Workforce Development Programme Board {n}")
    short_name = factory.Sequence(lambda n: f"L&WFD PB {n}")


class OfficerFactory(DjangoModelFactory):
    class Meta:
        model = Officer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lead Officer {n}")
    job_title = "Strategic Manager"
    organisation = "Sunderland City Council"
    email = factory.Sequence(lambda n: f"officer{n}@example.org")
    user = None


# --------------------------------------------------------------------------- the business plan


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Business plan theme {n}")


class ProjectFactory(DjangoModelFactory):
    """A project numbered within its theme: theme 2's projects are "2.1", "2.2", ..."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.theme.number}.{n + 1}")
    title = factory.Sequence(lambda n: f"Project {n}: embed the neglect strategy")
    lead_board = factory.SubFactory(ProgrammeBoardFactory)
    status = Project.Status.NOT_STARTED

    @factory.post_generation
    def lead_officers(self, create, extracted, **kwargs):
        if create and extracted:
            self.lead_officers.set(extracted)


class ActivityFactory(DjangoModelFactory):
    """An activity due on the first of a month (as the plan's "Nov-18" timescales are stored)."""

    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    order = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Activity {n}: deliver multi-agency training")
    due = datetime.date(2018, 11, 1)
    due_text = factory.LazyAttribute(lambda o: o.due.strftime("%b-%y") if o.due else "")
    status = Activity.Status.NOT_STARTED
    completed_on = None

    class Params:
        complete = factory.Trait(status=Activity.Status.COMPLETE, completed_on=datetime.date(2018, 10, 15))


class StatusUpdateFactory(DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    project = factory.SubFactory(ProjectFactory)
    activity = None
    author = factory.SubFactory(UserFactory)
    status_from = Project.Status.NOT_STARTED
    status = Project.Status.ON_TRACK
    note = "Training plan agreed with partners."


class ReminderLogFactory(DjangoModelFactory):
    class Meta:
        model = ReminderLog

    officer = factory.SubFactory(OfficerFactory)
    sent_on = datetime.date(2018, 7, 2)
    digest = factory.Sequence(lambda n: f"{n:064x}")


# --------------------------------------------------------------------------- the scorecard


class BreakdownFactory(DjangoModelFactory):
    class Meta:
        model = Breakdown
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Referral source {n}")


class BreakdownCategoryFactory(DjangoModelFactory):
    class Meta:
        model = BreakdownCategory
        django_get_or_create = ("breakdown", "name")

    breakdown = factory.SubFactory(BreakdownFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Category {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Indicator {n}: number of referrals to children's social care")
    outcome = factory.SubFactory(StrategicOutcomeFactory)
    unit = Indicator.Unit.COUNT
    polarity = Indicator.Polarity.NEITHER
    frequency = Indicator.Frequency.QUARTERLY
    lead_board = factory.SubFactory(ProgrammeBoardFactory)
    definition = "Referrals received in the period."
    source = "Children's social care case management system"
    breakdown = None

    class Params:
        with_breakdown = factory.Trait(breakdown=factory.SubFactory(BreakdownFactory))

    @factory.post_generation
    def service_priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_priorities.set(extracted)

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class IndicatorValueFactory(DjangoModelFactory):
    """The indicator's overall figure (no category) for 2018-19 Q1."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = Q1_START
    period_end = Q1_END
    category = None
    value = Decimal("12")
    note = ""


class TargetFactory(DjangoModelFactory):
    """A target for the financial year 2018-19."""

    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = PLAN_START
    period_end = PLAN_END
    value = Decimal("10")
    tolerance = Decimal("1")
    note = ""


class ComparatorFactory(DjangoModelFactory):
    """England's figure for the same indicator in 2018-19 Q1."""

    class Meta:
        model = Comparator

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = Q1_START
    period_end = Q1_END
    area = Comparator.Area.ENGLAND
    value = Decimal("11")


class CommentaryFactory(DjangoModelFactory):
    class Meta:
        model = Commentary

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = Q1_START
    period_end = Q1_END
    author = factory.SubFactory(UserFactory)
    story = "Demand rose after the new front door opened."
    actions = "Two more social workers recruited."


class ProcessChangeFactory(DjangoModelFactory):
    class Meta:
        model = ProcessChange

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = Q1_START
    reason = "New case management system."
    created_by = factory.SubFactory(UserFactory)


class PeriodLockFactory(DjangoModelFactory):
    """2018-19 Q1 signed off."""

    class Meta:
        model = PeriodLock

    period_start = Q1_START
    period_end = Q1_END
    locked_by = factory.SubFactory(UserFactory)


class SignOffEventFactory(DjangoModelFactory):
    class Meta:
        model = SignOffEvent

    period_start = Q1_START
    period_end = Q1_END
    action = SignOffEvent.Action.LOCKED
    user = factory.SubFactory(UserFactory)


class PublicationSettingsFactory(DjangoModelFactory):
    """The site's one row of publication settings (got, not duplicated, when it exists); publishing off."""

    class Meta:
        model = PublicationSettings
        django_get_or_create = ("id",)

    id = 1
    is_enabled = False
    title = "Safeguarding children scorecard"
    introduction = "The board's scorecard, published each quarter."


class ImportBatchFactory(DjangoModelFactory):
    class Meta:
        model = ImportBatch

    filename = "values.csv"
    rows = factory.LazyFunction(lambda: [{"row": 2, "indicator": "1", "period": "2018-04", "value": "12"}])
    uploaded_by = factory.SubFactory(UserFactory)


# --------------------------------------------------------------------------- board papers


class BoardPackFactory(DjangoModelFactory):
    """A stored board pack for a meeting in April 2019, reporting March 2019 (its PDF a stand-in)."""

    class Meta:
        model = BoardPack

    plan = factory.SubFactory(PlanFactory)
    meeting_date = datetime.date(2019, 4, 18)
    reporting_period_start = datetime.date(2019, 3, 1)
    reporting_period_end = datetime.date(2019, 3, 31)
    changes_since = factory.LazyFunction(lambda: datetime.datetime(2019, 1, 18, 9, 0, tzinfo=datetime.UTC))
    generated_at = factory.LazyFunction(lambda: datetime.datetime(2019, 4, 11, 9, 0, tzinfo=datetime.UTC))
    generated_by = factory.SubFactory(UserFactory)
    html = '<div class="paper board-pack"><h1>Board pack</h1></div>'
    figures = factory.LazyFunction(lambda: {"version": 1, "indicators": [], "projects": []})
    pdf = b"%PDF-1.7\n% a stand-in for a rendered pack\n%%EOF\n"
    pdf_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.pdf).hexdigest())
