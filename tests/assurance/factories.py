"""factory-boy factories for every model of the assurance app."""

import datetime

import factory
from factory.django import DjangoModelFactory

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
from core.dates import today as site_today
from tests.core.factories import UserFactory
from tests.plans.factories import AgencyFactory, OfficerFactory, PlanFactory, ProgrammeBoardFactory


class AuditCycleFactory(DjangoModelFactory):
    class Meta:
        model = AuditCycle
        django_get_or_create = ("name",)

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"20{18 + n % 80}-{19 + n % 80} audit cycle {n}")
    starts_on = datetime.date(2018, 4, 1)
    ends_on = datetime.date(2019, 3, 31)


class AuditFactory(DjangoModelFactory):
    class Meta:
        model = Audit
        skip_postgeneration_save = True

    cycle = factory.SubFactory(AuditCycleFactory)
    kind = Audit.Kind.SECTION_11
    title = factory.Sequence(lambda n: f"Section 11 self-assessment {n}")
    scope = "Every statutory partner's arrangements under section 11 of the Children Act 2004."
    lead_officer = factory.SubFactory(OfficerFactory)
    lead_board = factory.SubFactory(ProgrammeBoardFactory)
    planned_start = datetime.date(2018, 9, 1)
    planned_end = datetime.date(2018, 12, 1)
    return_deadline = datetime.date(2018, 11, 30)

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.set(extracted)


class AuditReturnFactory(DjangoModelFactory):
    class Meta:
        model = AuditReturn

    audit = factory.SubFactory(AuditFactory)
    agency = factory.SubFactory(AgencyFactory)
    submitted_on = datetime.date(2018, 11, 20)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["audit"].agencies.add(kwargs["agency"])  # a return comes from an agency taking part
        return super()._create(model_class, *args, **kwargs)


class StandardRatingFactory(DjangoModelFactory):
    class Meta:
        model = StandardRating

    audit_return = factory.SubFactory(AuditReturnFactory)
    standard = factory.Sequence(lambda n: f"Standard {n + 1}: senior management commitment")
    rating = StandardRating.Rating.PARTLY_MET
    evidence = "Safeguarding policy signed off by the chief executive."
    rated_on = datetime.date(2018, 11, 15)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(ProgrammeBoardFactory)
    held_on = factory.Sequence(lambda n: datetime.date(2018, 5, 1) + datetime.timedelta(days=n))
    quorum = 2


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory)
    present = True
    represented_by = "Head of safeguarding"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}: audit programme")


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    text = "Agreed the audit programme for the year."


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}: refresh the safeguarding policy")
    source = Action.Source.CHALLENGE
    owner = factory.SubFactory(OfficerFactory)
    due = factory.LazyFunction(lambda: site_today() + datetime.timedelta(days=60))
    status = Action.Status.OPEN


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    status = Action.Status.IN_PROGRESS
    note = "Draft policy circulated to the agencies."


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Risk {n}: partners' budget contributions fall")
    owner = factory.SubFactory(OfficerFactory)
    cause = "Partners' budgets are under pressure."
    effect = "The board cannot fund its audit and training programme."
    likelihood = 3
    impact = 4
    controls = "Budget agreed at the same level for 2018-19."
    residual_likelihood = 2
    residual_impact = 4
    target_score = 6
    review_on = datetime.date(2019, 3, 1)


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review
        django_get_or_create = ("published_name",)
        skip_postgeneration_save = True

    kind = Review.Kind.SCR
    published_name = factory.Sequence(lambda n: f"Young Person {chr(65 + n % 26)}{n}")
    status = Review.Status.COMMISSIONED
    commissioned_on = datetime.date(2017, 6, 1)


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    source = Recommendation.Source.REVIEW
    review = factory.SubFactory(ReviewFactory)
    text = "Practitioners share information about risk outside the home with the police."
    owner = factory.SubFactory(OfficerFactory)
