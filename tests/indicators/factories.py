"""factory-boy factories for every model of the indicators app: the scorecard, its figures and its sign-off.

Indicator.plan is not declared: the model sets it on save from the outcome. Figures are for
2018-19 Q1 and targets for the year 2018-19 unless a test says otherwise.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

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
from tests.core.factories import UserFactory
from tests.plans.factories import PLAN_END, PLAN_START, PlanFactory, ProgrammeBoardFactory, StrategicOutcomeFactory

Q1_START = datetime.date(2018, 4, 1)
Q1_END = datetime.date(2018, 6, 30)


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


class CommentaryRequestFactory(DjangoModelFactory):
    """The indicator's lead board asked for commentary on 2018-19 Q1, due on 15 August 2018."""

    class Meta:
        model = CommentaryRequest

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = Q1_START
    period_end = Q1_END
    board = factory.LazyAttribute(lambda o: o.indicator.lead_board)
    reasons = "Red against its target"
    due_on = datetime.date(2018, 8, 15)


class CommentaryRequestEmailFactory(DjangoModelFactory):
    class Meta:
        model = CommentaryRequestEmail

    request = factory.SubFactory(CommentaryRequestFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)


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


class PlanWorkbookUploadFactory(DjangoModelFactory):
    class Meta:
        model = PlanWorkbookUpload

    filename = "plan-2020-21.xlsx"
    sheets = factory.LazyFunction(lambda: {"Plan": {"columns": ["code"], "rows": [{"row": 2, "code": "2020-21"}]}})
    uploaded_by = factory.SubFactory(UserFactory)


class ScorecardEntryFactory(DjangoModelFactory):
    """An indicator listed in another plan's scorecard (its own plan lists it already)."""

    class Meta:
        model = ScorecardEntry

    plan = factory.SubFactory(PlanFactory, code=factory.Sequence(lambda n: f"2019-20-v{n}"))
    indicator = factory.SubFactory(IndicatorFactory)
    number = factory.LazyAttribute(lambda entry: entry.indicator.number)
    outcome = factory.LazyAttribute(lambda entry: StrategicOutcomeFactory(plan=entry.plan))
    lead_board = factory.LazyAttribute(lambda entry: entry.indicator.lead_board)
