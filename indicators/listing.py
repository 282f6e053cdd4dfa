"""A plan's scorecard as its entries list it: each indicator under its number, outcome and board in that plan.

An indicator (a measure) keeps one series across plans; each plan numbers it in its own `ScorecardEntry`.
Pages, exports, the grid and the home panels read the viewed plan's scorecard here:

    indicators = listed_indicators(plan)                 # in the plan's order, one query
    indicators = kept_listed_indicators(plan)            # the same, kept until the scorecard or plan changes
    indicator = listed_indicator(plan, number="7")        # or None: the number as that plan reads it
    indicator = kept_listed_indicator(plan, "7")          # the same from the kept list, for pages that only read
    numbers = other_numbers(indicator, plan)              # [(plan, number)] in the plan's other years

Each instance returned carries the plan's `number`, `outcome`, `lead_board`, `plan` and `sort_key` in memory
only. It is marked as listed: saving it with those values would rewrite the measure's home listing, so
`Indicator.save` refuses it (ListedIndicatorSaved) unless `update_fields` leaves the listing out.
"""

import copy

from django.db.models import Prefetch

from core.datacache import cached
from plans import datacache as plans_datacache
from plans.models import Plan

from . import datacache
from .models import ScorecardEntry


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


def kept_listed_indicators(plan):
    """listed_indicators(plan), read once per change of the scorecard's data (its entries, indicators, outcomes
    and boards: indicators.datacache) or of the plans' structure (the plan itself), for the pages that read the
    whole scorecard on every request. No query when kept.

    The instances are shared by every request this process serves: read them, never change them. The list is
    the caller's own.
    """
    # Both versions are read before the data (core.datacache).
    versions = (datacache.data_version(), plans_datacache.structure_version())
    return list(cached("listed-indicators", versions, plan.pk, lambda: listed_indicators(plan)))


def kept_listed_indicator(plan, number):
    """listed_indicator(plan, number=number), found in kept_listed_indicators(plan): no query when kept. A copy of
    the kept instance, so that a page may note its own attributes on it; what it refers to (its outcome, board,
    breakdown) is shared with every request: read it, never change it. For the pages that only read; a write
    reads its indicator afresh (listed_indicator)."""
    found = next((indicator for indicator in kept_listed_indicators(plan) if indicator.number == number), None)
    return copy.copy(found) if found is not None else None


def listed_or_own(plan, indicators):
    """`indicators` (a queryset) in the plan's order, as `plan` lists each; one it does not list as its own
    listing, after them. Two queries."""
    entries = ScorecardEntry.objects.filter(plan=plan).select_related("outcome", "lead_board")
    read = indicators.select_related("outcome", "lead_board", "breakdown").prefetch_related(
        Prefetch("entries", queryset=entries, to_attr="listings")
    )
    listed, own = [], []
    for indicator in read:
        if not indicator.listings:
            own.append(indicator)
            continue
        [entry] = indicator.listings
        entry.indicator = indicator
        listed.append(as_listed(entry, plan))
    listed.sort(key=lambda indicator: indicator.sort_key)
    own.sort(key=lambda indicator: indicator.sort_key)
    return listed + own


def listed_indicator(plan, *, number=None, pk=None):
    """One indicator as `plan` lists it, by its number in that plan (or its id); None if the plan does not list it."""
    entries = _entries(plan)
    entry = entries.filter(number=number).first() if number is not None else entries.filter(indicator_id=pk).first()
    return as_listed(entry, plan) if entry is not None else None


def plan_holding(plans, day):
    """Of `plans` (oldest first), the one whose strategic span holds `day` (an adopted one before a draft);
    before every plan the earliest, else the current plan. None if there are no plans. Pure."""
    holding = [item for item in plans if item.starts_on <= day <= item.ends_on]
    if holding:
        adopted = [item for item in holding if not item.is_draft]
        return (adopted or holding)[-1]
    if plans and day < plans[0].starts_on:
        return plans[0]
    adopted = [item for item in plans if not item.is_draft]
    current = [item for item in adopted if item.is_current]
    return (current or adopted or plans or [None])[-1]


def plan_for_day(day):
    """The plan a figure of a period starting on `day` is numbered by (plan_holding). One query."""
    return plan_holding(list(Plan.objects.order_by("starts_on", "pk")), day)


def other_numbers(indicator, plan):
    """[(plan, number)] of every other adopted or closed plan that lists the indicator, oldest plan first."""
    entries = (
        ScorecardEntry.objects.filter(indicator_id=indicator.pk)
        .exclude(plan=plan)
        .exclude(plan__status=Plan.Status.DRAFT)
        .select_related("plan")
        .order_by("plan__starts_on")
    )
    return [(entry.plan, entry.number) for entry in entries]
