"""Demonstration figures in the database: written and cleared, always marked ``is_demo``.

:func:`write` deletes the earlier demonstration rows and writes the new ones (from
:func:`demo.series.generate`) in one transaction, with ``bulk_create``. Real rows (``is_demo=False``) are
never touched: a demonstration cell is skipped where a real value, target or comparator exists for it.
Values in a period covered by a :class:`~indicators.models.PeriodLock` are read only: no demonstration
value is written there, and demonstration values already there are kept (unlock the period to remove
them). ``bulk_create`` and the bulk deletes bypass django-simple-history: demonstration rows have no
history, created or deleted.

Demonstration figures are refused when DEBUG is off (:func:`demo.guard.refuse_without_debug`).
"""

from dataclasses import dataclass, field

from django.db import transaction

from indicators.models import Comparator, IndicatorValue, PeriodLock, Target
from indicators.periods import year_label

from .guard import refuse_without_debug
from .series import DEFAULT_SEED, DEFAULT_YEARS, IndicatorSpec, financial_years, generate

COMPARATOR_SOURCE = "Demonstration data: not a published figure."


@dataclass
class Outcome:
    """What write() or clear() did, counted by model."""

    written: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    skipped_real: int = 0
    skipped_locked: int = 0
    kept_locked: int = 0
    first_year: int | None = None
    last_year: int | None = None


DEMO_MODELS = (IndicatorValue, Target, Comparator)


def _model_label(model):
    return model._meta.verbose_name_plural


def _locks():
    return list(PeriodLock.objects.values_list("period_start", "period_end"))


def _locked(start, end, locks):
    return any(lock_start <= start and end <= lock_end for lock_start, lock_end in locks)


def _bulk_delete(queryset):
    """Delete without a query and a history row per object when nothing refers to the model's rows."""
    model = queryset.model
    if model._meta.related_objects:
        return queryset.delete()[1].get(model._meta.label, 0)
    return queryset._raw_delete(queryset.db)


def _delete_demo_rows(outcome, locks):
    values = IndicatorValue.objects.filter(is_demo=True)
    for start, end in locks:
        values = values.exclude(period_start__gte=start, period_end__lte=end)
    outcome.deleted[_model_label(IndicatorValue)] = _bulk_delete(values)
    for model in (Target, Comparator):
        outcome.deleted[_model_label(model)] = _bulk_delete(model.objects.filter(is_demo=True))
    outcome.kept_locked = IndicatorValue.objects.filter(is_demo=True).count()


@transaction.atomic
def clear():
    """Delete every demonstration row (not in a locked period); real rows are untouched."""
    outcome = Outcome()
    _delete_demo_rows(outcome, _locks())
    return outcome


@transaction.atomic
def write(plan, *, end, years=DEFAULT_YEARS, seed=DEFAULT_SEED, batch_size=1000):
    """Replace the demonstration rows (all of them, whatever their plan) with new ones for `plan`'s indicators.

    `end` is the last day reported (a date). Returns an Outcome with the counts deleted and written.
    Raises demo.guard.DemoRefused when DEBUG is off.
    """
    refuse_without_debug("Demonstration figures")
    indicators = list(plan.indicators.select_related("breakdown").prefetch_related("breakdown__categories"))
    by_number = {indicator.number: indicator for indicator in indicators}
    categories = {
        (indicator.number, category.name): category
        for indicator in indicators
        if indicator.breakdown_id
        for category in indicator.breakdown.categories.all()
    }
    demo = generate([IndicatorSpec.of(indicator) for indicator in indicators], end=end, years=years, seed=seed)

    outcome = Outcome()
    fy = financial_years(end, years)
    outcome.first_year, outcome.last_year = fy[0], fy[-1]
    locks = _locks()
    _delete_demo_rows(outcome, locks)

    ids = [indicator.pk for indicator in indicators]
    taken_values = set(
        IndicatorValue.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period_start", "period_end", "category_id"
        )
    )
    values = []
    for cell in demo.values:
        indicator = by_number[cell.number]
        category = categories[cell.number, cell.category] if cell.category else None
        key = (indicator.pk, cell.period.start, cell.period.end, category.pk if category else None)
        if _locked(cell.period.start, cell.period.end, locks):
            outcome.skipped_locked += 1
            continue
        if key in taken_values:
            outcome.skipped_real += 1
            continue
        values.append(
            IndicatorValue(
                indicator=indicator,
                category=category,
                period_start=cell.period.start,
                period_end=cell.period.end,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                is_demo=True,
                entered_by=None,
            )
        )
    IndicatorValue.objects.bulk_create(values, batch_size=batch_size)
    outcome.written[_model_label(IndicatorValue)] = len(values)

    taken_targets = set(
        Target.objects.filter(indicator_id__in=ids).values_list("indicator_id", "period_start", "period_end")
    )
    targets = [
        Target(
            indicator=by_number[cell.number],
            period_start=cell.period.start,
            period_end=cell.period.end,
            value=cell.value,
            tolerance=cell.tolerance,
            note="Demonstration target.",
            is_demo=True,
        )
        for cell in demo.targets
        if (by_number[cell.number].pk, cell.period.start, cell.period.end) not in taken_targets
    ]
    Target.objects.bulk_create(targets, batch_size=batch_size)
    outcome.written[_model_label(Target)] = len(targets)

    taken_comparators = set(
        Comparator.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period_start", "period_end", "area"
        )
    )
    comparators = [
        Comparator(
            indicator=by_number[cell.number],
            period_start=cell.period.start,
            period_end=cell.period.end,
            area=cell.area,
            value=cell.value,
            source=COMPARATOR_SOURCE,
            is_demo=True,
        )
        for cell in demo.comparators
        if (by_number[cell.number].pk, cell.period.start, cell.period.end, cell.area) not in taken_comparators
    ]
    Comparator.objects.bulk_create(comparators, batch_size=batch_size)
    outcome.written[_model_label(Comparator)] = len(comparators)
    return outcome


def describe_years(outcome):
    return f"{year_label(outcome.first_year)} to {year_label(outcome.last_year)}"
