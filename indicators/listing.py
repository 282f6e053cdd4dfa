"""A plan's scorecard as its entries list it: each indicator under its number, outcome and board in that plan.

An indicator (a measure) keeps one series across plans; each plan numbers it in its own `ScorecardEntry`.
Pages, exports, the grid and the home panels read the viewed plan's scorecard here:

    indicators = listed_indicators(plan)                 # in the plan's order, one query
    indicator = listed_indicator(plan, number="7")        # or None: the number as that plan reads it
    numbers = other_numbers(indicator, plan)              # [(plan, number)] in the plan's other years

Each instance returned carries the plan's `number`, `outcome`, `lead_board`, `plan` and `sort_key` in memory
only. It is marked as listed: saving it with those values would rewrite the measure's home listing, so
`Indicator.save` refuses it (ListedIndicatorSaved) unless `update_fields` leaves the listing out.
"""

from .models import Indicator, ScorecardEntry

LISTING_FIELDS = ("plan", "number", "outcome", "lead_board", "sort_key")


def _entries(plan, indicators=None):
    entries = ScorecardEntry.objects.filter(plan=plan).select_related(
        "indicator", "indicator__breakdown", "outcome", "lead_board"
    )
    if indicators is not None:
        entries = entries.filter(indicator__in=indicators)
    return entries.order_by("sort_key")


def as_listed(entry, plan):
    """The entry's indicator as `plan` lists it (in memory only)."""
    indicator = entry.indicator
    indicator.plan = plan
    indicator.number = entry.number
    indicator.sort_key = entry.sort_key
    indicator.outcome = entry.outcome
    indicator.lead_board = entry.lead_board
    indicator.listed_in = plan
    indicator.entry = entry
    return indicator


def listed_indicators(plan, indicators=None):
    """The plan's indicators in its scorecard's order, each as the plan lists it. One query.

    `indicators` (a queryset or ids) narrows the list to those, as the scorecard's filters do.
    """
    return [as_listed(entry, plan) for entry in _entries(plan, indicators)]


def listed_indicator(plan, *, number=None, pk=None):
    """One indicator as `plan` lists it, by its number in that plan (or its id); None if the plan does not list it."""
    entries = _entries(plan)
    entry = entries.filter(number=number).first() if number is not None else entries.filter(indicator_id=pk).first()
    return as_listed(entry, plan) if entry is not None else None


def other_numbers(indicator, plan):
    """[(plan, number)] of every other plan that lists the indicator, oldest plan first."""
    entries = (
        ScorecardEntry.objects.filter(indicator_id=indicator.pk)
        .exclude(plan=plan)
        .select_related("plan")
        .order_by("plan__starts_on")
    )
    return [(entry.plan, entry.number) for entry in entries]


def listing_filters(plan):
    """Lookups on Indicator that keep the indicators `plan` lists."""
    return {"entries__plan": plan}


def is_listed(indicator):
    return getattr(indicator, "listed_in", None) is not None


__all__ = ["LISTING_FIELDS", "Indicator", "is_listed", "listed_indicator", "listed_indicators", "other_numbers"]
