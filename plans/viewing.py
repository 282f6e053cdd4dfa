"""The plan a request is looking at: the current plan, or a named plan year at /plans/<code>/....

Every page of the site also answers under /plans/<code>/ (sscb.middleware.PlanYearMiddleware strips the
prefix and sets it as the URL prefix, so every link on the page stays within that plan year). Views ask
`viewed_plan(request)` where they used to ask for the current plan.
"""

import re

from django.http import Http404
from django.shortcuts import render
from django.urls import get_script_prefix, reverse

from core.permissions import Permission, has_permission

from .models import Plan
from .models.plan import current_among, current_or_404

PREFIX = "plans/"
_YEAR_ROOT = re.compile(r"plans/[-\w]+/$")


def viewed_plan(request):
    """The plan named by the address, else the current plan; Http404 if there is none.

    A draft is shown only to those who prepare plans (Permission.MANAGE_PLANS); to anyone else it does not exist.
    """
    if not hasattr(request, "_viewed_plan"):
        code = getattr(request, "plan_code", None)
        if code:
            plan = next((plan for plan in every_plan(request) if plan.code == code), None)
            if plan is None or (plan.is_draft and not may_see_drafts(request.user)):
                raise Http404(f"There is no plan {code}.")
        else:
            plan = current_or_404(current_among(every_plan(request)))
        request._viewed_plan = plan
    return request._viewed_plan


def every_plan(request):
    """Every plan, newest first, read once for the request (one query): the plan year of the address
    (sscb.middleware.PlanYearMiddleware), the page's plan and the plan switcher all come from it. A plan year's
    writes redirect, so no page is drawn from plans read before a write."""
    if not hasattr(request, "_every_plan"):
        request._every_plan = list(Plan.objects.order_by("-starts_on", "-pk"))
    return request._every_plan


def may_see_drafts(user):
    """Whether `user` may read draft plans: those who prepare and adopt them."""
    return bool(user and user.is_authenticated and has_permission(user, Permission.MANAGE_PLANS))


def plans_to_switch(request):
    """The plans this person may read, newest first: drafts only to those who prepare plans. The request's one
    query of the plans (shared with viewed_plan)."""
    if may_see_drafts(getattr(request, "user", None)):
        return list(every_plan(request))
    return [plan for plan in every_plan(request) if not plan.is_draft]


def current_plan_path(request):
    """This page's plain address (the current plan's): the path without any /plans/<code>/ prefix."""
    root = get_script_prefix()
    code = getattr(request, "plan_code", None)
    if code and root.endswith(f"{PREFIX}{code}/"):
        root = root[: -len(f"{PREFIX}{code}/")]
    return f"{root.rstrip('/')}{request.path_info}"


def is_year_address(request):
    """Whether the request named its plan year in the address (/plans/<code>/...)."""
    return bool(getattr(request, "plan_code", None))


def plan_year_path(plan, request):
    """This page's address in another plan year: the same path under /plans/<code>/."""
    path = request.path_info
    root = get_script_prefix()
    code = getattr(request, "plan_code", None)
    if code and root.endswith(f"{PREFIX}{code}/"):
        root = root[: -len(f"{PREFIX}{code}/")]
    return f"{root}{PREFIX}{plan.code}{path}"


def url_in_plan(plan, viewname, *args):
    """The address of a page in `plan`'s year (/plans/<code>/projects/2.3/), whichever year this request is in."""
    root = get_script_prefix()
    path = reverse(viewname, args=args)[len(root) :]
    return f"{_YEAR_ROOT.sub('', root)}{PREFIX}{plan.code}/{path}"


def closed_plan_refusal(request, plan, refusal=None):
    """The page that says a closed plan cannot be changed (403): nothing was saved."""
    message = str(refusal) if refusal else f"The {plan.code} plan is closed: nothing in it can be changed."
    return render(request, "plans/closed_plan_read_only.html", {"plan": plan, "message": message}, status=403)
