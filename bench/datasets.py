"""Scorecard data sets of a chosen size, for the query-count tests and the benchmarks.

build_dataset(indicators=69, periods=12) makes a current plan with that many monthly indicators
spread over three outcomes and four lead boards, each with `periods` months of values, a target
per financial year, comparators, a commentary on the latest period, and a
process change on every tenth indicator. Comparators cover the last 12 months.
Deterministic: the same sizes give the same data.

scale_demo(plan, copies=10, years=50) makes the demonstration data (demo.series, as
`generate_demo_values` writes it) `copies` times larger in indicators and `years / 5` times longer:
every indicator of the plan gets copies numbered "16.2" ... "16.10", and each of them, the
original too, its demonstration series over `years` financial years (the same figures for every
copy: drawing them once keeps the build quick; no page shares work between indicators).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from core.numbering import sort_key
from demo import series as demo_series
from demo.values import COMPARATOR_SOURCE
from indicators import datacache
from indicators.models import Commentary, Comparator, Indicator, IndicatorValue, ProcessChange, ScorecardEntry, Target
from indicators.periods import Period
from plans.models import Plan, ProgrammeBoard, StrategicOutcome

LAST_MONTH = datetime.date(2019, 3, 1)
UNITS = [Indicator.Unit.COUNT, Indicator.Unit.PERCENTAGE, Indicator.Unit.RATE_PER_10K, Indicator.Unit.DAYS]
POLARITIES = [Indicator.Polarity.HIGHER_IS_BETTER, Indicator.Polarity.LOWER_IS_BETTER, Indicator.Polarity.NEITHER]


def build_dataset(indicators=69, periods=12, seed=2018):
    rng = random.Random(seed)
    Plan.objects.filter(is_current=True).update(is_current=False, status=Plan.Status.CLOSED)
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
            code=f"ind-{code}-{i + 1}",
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
    ScorecardEntry.objects.list_in_home_plans(created)

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


def scale_demo(plan, *, copies=10, years=50, seed=demo_series.DEFAULT_SEED, batch_size=5000):
    """Replace the plan's demonstration figures with `copies` times the indicators over `years` years.

    The copies keep their original's outcome, board, unit, polarity, frequency and breakdown, and
    its figures: demo.series' for the original's number (so its profile: trends, exceptions, missing
    periods). Returns the counts written: (indicators, values, targets, comparators).
    """
    IndicatorValue.objects.filter(is_demo=True).delete()
    Target.objects.filter(is_demo=True).delete()
    Comparator.objects.filter(is_demo=True).delete()
    originals = list(plan.indicators.select_related("breakdown").prefetch_related("breakdown__categories"))
    fields = [field.attname for field in Indicator._meta.concrete_fields if not field.primary_key]
    clones = []
    for copy in range(2, copies + 1):
        for original in originals:
            clone = Indicator(**{name: getattr(original, name) for name in fields})
            clone.number = f"{original.number}.{copy}"
            clone.code = f"{original.code}-copy-{copy}"
            clone.sort_key = sort_key(clone.number)
            clone.title = f"{original.title} (copy {copy})"
            clones.append(clone)
    Indicator.objects.bulk_create(clones, batch_size=batch_size)
    ScorecardEntry.objects.list_in_home_plans(list(Indicator.objects.filter(plan=plan)))
    by_number = {indicator.number: indicator for indicator in Indicator.objects.filter(plan=plan)}
    categories = {
        (indicator.number, category.name): category
        for indicator in originals
        if indicator.breakdown_id
        for category in indicator.breakdown.categories.all()
    }
    specs = [demo_series.IndicatorSpec.of(indicator) for indicator in originals]
    end = demo_series.end_of(demo_series.DEFAULT_END)
    counts = [len(by_number), 0, 0, 0]
    cells = demo_series.generate(specs, end=end, years=years, seed=seed)
    for copy in range(1, copies + 1):

        def copy_of(number, copy=copy):
            return by_number[number if copy == 1 else f"{number}.{copy}"]

        values = [
            IndicatorValue(
                indicator=copy_of(cell.number),
                category=categories[cell.number, cell.category] if cell.category else None,
                period_start=cell.period.start,
                period_end=cell.period.end,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                is_demo=True,
            )
            for cell in cells.values
        ]
        targets = [
            Target(
                indicator=copy_of(cell.number),
                period_start=cell.period.start,
                period_end=cell.period.end,
                value=cell.value,
                tolerance=cell.tolerance,
                note="Demonstration target.",
                is_demo=True,
            )
            for cell in cells.targets
        ]
        comparators = [
            Comparator(
                indicator=copy_of(cell.number),
                period_start=cell.period.start,
                period_end=cell.period.end,
                area=cell.area,
                value=cell.value,
                source=COMPARATOR_SOURCE,
                is_demo=True,
            )
            for cell in cells.comparators
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=batch_size)
        Target.objects.bulk_create(targets, batch_size=batch_size)
        Comparator.objects.bulk_create(comparators, batch_size=batch_size)
        counts[1] += len(values)
        counts[2] += len(targets)
        counts[3] += len(comparators)
    return tuple(counts)
