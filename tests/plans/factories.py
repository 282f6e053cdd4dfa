"""factory-boy factories for every model of the plans app: the strategic plan and the business plan.

Each factory builds a valid row with the least arguments: sequences keep unique
fields unique, SubFactory builds the parents, and numbers agree with their parents
(a project in theme N is numbered "N.k"). Project.plan is not declared: the model
sets it on save from the theme.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

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
from tests.core.factories import UserFactory

PLAN_START = datetime.date(2018, 4, 1)
PLAN_END = datetime.date(2019, 3, 31)


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


class PlanRevisionFactory(DjangoModelFactory):
    class Meta:
        model = PlanRevision

    plan = factory.SubFactory(PlanFactory)
    version = 1
    version_note = ""
    adopted_on = datetime.date(2018, 3, 15)
    adopted_by = "Sunderland Safeguarding Children Board"
    replaced_on = datetime.date(2018, 10, 1)
    replaced_because = "Revised after inspection"
    snapshot = factory.LazyFunction(lambda: {"Plan": [{"code": "2018-19", "version": 1}]})


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


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner Agency {n}")
    kind = Agency.Kind.HEALTH


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


class ProjectDecisionFactory(DjangoModelFactory):
    """The next plan's decision on an unfinished project of the previous plan: dropped, with a reason."""

    class Meta:
        model = ProjectDecision

    plan = factory.SubFactory(PlanFactory, status=Plan.Status.DRAFT)
    project = factory.SubFactory(ProjectFactory)
    decision = ProjectDecision.Decision.DROPPED
    reason = "Overtaken by the new safeguarding partnership arrangements."
