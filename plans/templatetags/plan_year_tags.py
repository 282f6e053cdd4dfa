"""The next plan year on the pages: the "Start the next year" link on the overview, and a project's years."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import get_script_prefix

from core.permissions import Permission, has_permission

from ..models import Plan
from ..viewing import PREFIX
from ..years import draft_following

register = template.Library()


@register.inclusion_tag("plans/years/_next_year_link.html", takes_context=True)
def next_year_link(context, plan):
    request = context.get("request")
    user = getattr(request, "user", None)
    if plan is None or plan.status != Plan.Status.CURRENT or not has_permission(user, Permission.MANAGE_PLANS):
        return {"show": False}
    return {"show": True, "plan": plan, "draft": draft_following(plan)}


@register.simple_tag(takes_context=True)
def project_url_in_its_year(context, project):
    """The project's page at its plan year's address (/plans/<code>/projects/<number>/), from any page."""
    request = context.get("request")
    code = getattr(request, "plan_code", None)
    root = get_script_prefix()
    if code and root.endswith(f"{PREFIX}{code}/"):
        root = root[: -len(f"{PREFIX}{code}/")]
    return f"{root}{PREFIX}{project.plan.code}/projects/{project.number}/"


@register.inclusion_tag("plans/years/_project_years.html", takes_context=True)
def project_years(context, project):
    """What became of a project in the next plan (carried forward, closed as complete or dropped), where decided.

    Where it came from is the project page's own (its "Carried forward from" line and the earlier history).
    """
    return {
        "request": context.get("request"),
        "project": project,
        "decision": project.decision if _has(project, "decision") else None,
    }


def _has(project, relation):
    try:
        getattr(project, relation)
    except ObjectDoesNotExist:
        return False
    return True
