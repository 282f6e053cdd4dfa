"""Two plan years for the series tests: the seed's 2018-19, closed, and 2019-20, adopted, renumbering one measure.

In 2019-20, measure 5 of 2018-19 ("Rate of Child In Need") is numbered 7 under outcome 2; number 5 is given to
2018-19's measure 6; measure 10 is dropped from the scorecard; the others keep their numbers under outcome 1.
"""

import datetime
from decimal import Decimal

from indicators.models import Indicator, IndicatorValue, ScorecardEntry
from indicators.periods import Period
from plans.models import Plan, StrategicOutcome
from tests.plans.factories import PlanFactory

NEW_START = datetime.date(2019, 4, 1)
NEW_END = datetime.date(2020, 3, 31)


def start_next_year(old):
    """Close `old` (the seed plan) at the end of its year and adopt 2019-20, listing its measures as above."""
    old.status = Plan.Status.CLOSED
    old.closed_on = old.ends_on
    old.save()
    new = PlanFactory(
        code="2019-20",
        title="Strategic Plan April 2019 - March 2020",
        starts_on=NEW_START,
        ends_on=NEW_END,
        adopted_on=datetime.date(2019, 4, 23),
        status=Plan.Status.CURRENT,
    )
    first = StrategicOutcome.objects.create(plan=new, number=1, title="Supported as early as possible")
    second = StrategicOutcome.objects.create(plan=new, number=2, title="Healthy, happy and ready for adulthood")
    renumbered = {"5": "7", "6": "5", "7": "6"}
    for entry in ScorecardEntry.objects.filter(plan=old).select_related("indicator"):
        if entry.number == "10":
            continue  # dropped
        number = renumbered.get(entry.number, entry.number)
        ScorecardEntry.objects.create(
            plan=new,
            indicator=entry.indicator,
            number=number,
            outcome=second if entry.number == "5" else first,
            lead_board=entry.lead_board,
        )
    return new


def monthly_values(indicator, values, first=datetime.date(2018, 4, 1)):
    period = Period.containing(first, "monthly")
    for value in values:
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
        )
        period = period.shifted(1)


def measure(number, plan_code="2018-19"):
    return Indicator.objects.get(entries__plan__code=plan_code, entries__number=number)
