"""The plan a request is looking at: the current plan, or a named plan year at /plans/<code>/....

Every page of the site also answers under /plans/<code>/ (sscb.middleware.PlanYearMiddleware strips the
prefix and sets it as the URL prefix, so every link on the page stays within that plan year). Views ask
`viewed_plan(request)` where they used to ask for the current plan.
"""

from django.http import Http404
from django.urls import get_script_prefix

from .models import Plan

PREFIX = "plans/"


def viewed_plan(request):
    """The plan named by the address, else the current plan; Http404 if there is none."""
    if not hasattr(request, "_viewed_plan"):
        code = getattr(request, "plan_code", None)
        if code:
            plan = Plan.objects.filter(code=code).first()
            if plan is None:
                raise Http404(f"There is no plan {code}.")
        else:
            plan = Plan.objects.current_or_404()
        request._viewed_plan = plan
    return request._viewed_plan


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
