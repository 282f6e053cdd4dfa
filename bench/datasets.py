"""Scorecard data sets of a chosen size, for the query-count tests and the benchmark.

build_dataset(indicators=69, periods=12) makes a current plan with that many monthly indicators
spread over three outcomes and four lead boards, each with `periods` months of values, a target
per financial year, comparators, a commentary on the latest period, and a
process change on every tenth indicator. Comparators cover the last 12 months.
Deterministic: the same sizes give the same data.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from core.numbering import sort_key
from indicators import datacache
from indicators.models import Commentary, Comparator, Indicator, IndicatorValue, ProcessChange, Target
from indicators.periods import Period
from plans.models import Plan, ProgrammeBoard, StrategicOutcome

LAST_MONTH = datetime.date(2019, 3, 1)
UNITS = [Indicator.Unit.COUNT, Indicator.Unit.PERCENTAGE, Indicator.Unit.RATE_PER_10K, Indicator.Unit.DAYS]
POLARITIES = [Indicator.Polarity.HIGHER_IS_BETTER, Indicator.Polarity.LOWER_IS_BETTER, Indicator.Polarity.NEITHER]


def build_dataset(indicators=69, periods=12, seed=2018):
    rng = random.Random(seed)
    Plan.objects.filter(is_current=True).update(is_current=False)
    code = f"bench-{indicators}-{periods}"
    plan = Plan.objects.create(
        code=code,
        title=f"Benchmark plan: {indicators} indicators, {periods} periods",
        starts_on=datetime.date(2018, 4, 1),
        ends_on=datetime.date(2019, 3, 31),
        is_current=True,
    )
    outcomes = [StrategicOutcome.objects.create(plan=plan, number=n, title=f"Outcome {n}") for n in (1, 2, 3)]
    boards = [
        ProgrammeBoard.objects.get_or_create(short_name=f"B{n}-{code}", defaults={"name": f"Board {n} of {code}"})[0]
        for n in range(4)
    ]
    author, _ = get_user_model().objects.get_or_create(username="bench-author")

    months = [Period.month(LAST_MONTH.year, LAST_MONTH.month).shifted(-k) for k in reversed(range(periods))]
    created = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            number=str(i + 1),
            sort_key=sort_key(str(i + 1)),
            title=f"Benchmark indicator {i + 1}",
            outcome=outcomes[i % 3],
            unit=UNITS[i % len(UNITS)],
            polarity=POLARITIES[i % len(POLARITIES)],
            frequency=Indicator.Frequency.MONTHLY,
            lead_board=boards[i % len(boards)],
        )
        for i in range(indicators)
    )

    values, targets, comparators, commentaries, changes = [], [], [], [], []
    years = sorted({m.financial_year_start for m in months})
    for indicator in created:
        base = {"count": 200, "percentage": 60, "rate_per_10k": 350, "days": 40}[indicator.unit]
        for month in months:
            value = Decimal(str(round(max(0, base * (1 + rng.gauss(0, 0.1))), 1)))
            if indicator.unit == Indicator.Unit.COUNT:
                value = value.to_integral_value()
            if indicator.unit == Indicator.Unit.PERCENTAGE:
                value = min(value, Decimal(100))
            values.append(
                IndicatorValue(
                    indicator=indicator, period_start=month.start, period_end=month.end, value=value, is_demo=True
                )
            )
        for month in months[-12:]:
            for area in Comparator.Area.values:
                comparators.append(
                    Comparator(
                        indicator=indicator,
                        period_start=month.start,
                        period_end=month.end,
                        area=area,
                        value=Decimal(base),
                        is_demo=True,
                    )
                )
        for year in years:
            fy = Period.financial_year(year)
            targets.append(
                Target(
                    indicator=indicator,
                    period_start=fy.start,
                    period_end=fy.end,
                    value=Decimal(base),
                    tolerance=Decimal(base) / 20,
                    is_demo=True,
                )
            )
        commentaries.append(
            Commentary(
                indicator=indicator,
                period_start=months[-1].start,
                period_end=months[-1].end,
                author=author,
                story="The figure is within its usual range.",
            )
        )
        if int(indicator.number) % 10 == 0 and len(months) > 2:
            changes.append(
                ProcessChange(
                    indicator=indicator,
                    period_start=months[len(months) // 2].start,
                    reason="New system",
                    created_by=author,
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    Target.objects.bulk_create(targets, batch_size=5000)
    Comparator.objects.bulk_create(comparators, batch_size=5000)
    Commentary.objects.bulk_create(commentaries, batch_size=5000)
    ProcessChange.objects.bulk_create(changes)
    datacache.bump()  # bulk writes send no signal
    return plan
