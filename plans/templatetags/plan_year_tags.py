"""The "Start the next year" link on the current plan's overview, for those who may manage plans."""

from django import template

from core.permissions import Permission, has_permission

from ..models import Plan
from ..years import draft_following

register = template.Library()


@register.inclusion_tag("plans/years/_next_year_link.html", takes_context=True)
def next_year_link(context, plan):
    request = context.get("request")
    user = getattr(request, "user", None)
    if plan is None or plan.status != Plan.Status.CURRENT or not has_permission(user, Permission.MANAGE_PLANS):
        return {"show": False}
    return {"show": True, "plan": plan, "draft": draft_following(plan)}
