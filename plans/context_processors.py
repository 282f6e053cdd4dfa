"""What every page's layout shows of the plan years: the plan switcher and the banner of a plan not current."""

from dataclasses import dataclass

from django.http import Http404

from core.dates import today as site_today

from .models import Plan
from .viewing import current_plan_path, plan_year_path, plans_to_switch, viewed_plan


@dataclass(frozen=True)
class PlanChoice:
    plan: Plan
    url: str
    is_viewed: bool


def plan_years(request):
    """PLAN_YEARS (each plan this person may read, with this page's address in its year, the one viewed marked),
    VIEWED_PLAN (the plan the page shows, None if none) and VIEWED_PLAN_JUDGED_ON (its judging date)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        viewed = viewed_plan(request)
    except Http404:
        viewed = None
    choices = [
        PlanChoice(
            plan=plan,
            url=current_plan_path(request) if plan.is_current else plan_year_path(plan, request),
            is_viewed=viewed is not None and plan.pk == viewed.pk,
        )
        for plan in plans_to_switch(request)
    ]
    return {
        "PLAN_YEARS": choices,
        "VIEWED_PLAN": viewed,
        "VIEWED_PLAN_JUDGED_ON": viewed.judged_on() if viewed is not None else None,
        "TODAY": site_today(),
    }
