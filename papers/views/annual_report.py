"""The annual report summary, as a page and as a PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.dates import today as site_today
from core.permissions import Permission, require_permission
from indicators.models import demo_data_exists
from plans.viewing import plans_to_switch, viewed_plan

from ..annual import build_annual_report


def _site_origin(request):
    return request.build_absolute_uri("/")


def _annual_context(request):
    """(context, status) of the annual report for ?plan=<code>, or the current plan."""
    plans = plans_to_switch(request)
    code = request.GET.get("plan", "").strip()
    plan_error = ""
    if code:
        plan = next((p for p in plans if p.code == code), None)
        if plan is None:
            plan_error = f"There is no plan with the code {code!r}: choose one of the plans listed."
    else:
        try:
            plan = viewed_plan(request)  # the plan of the year address, else the current plan
        except Http404:
            plan = None
            plan_error = "No plan has been loaded yet."
    context = {"plans": plans, "plan": plan, "plan_error": plan_error, "code": code}
    if plan is None:
        return context, 404
    context["report"] = build_annual_report(plan, site_today())
    context["demo"] = demo_data_exists()
    return context, 200


@require_GET
@require_permission(Permission.VIEW)
def annual_report(request):
    context, status = _annual_context(request)
    return render(request, "papers/annual_report.html", context, status=status)


@require_GET
@require_permission(Permission.VIEW)
def annual_report_pdf(request):
    context, status = _annual_context(request)
    if status != 200:
        return render(request, "papers/annual_report.html", context, status=status)
    plan = context["plan"]
    body = render_to_string("papers/_annual_report.html", context)
    from ..pdf import render_pdf  # WeasyPrint needs Pango: only the pages that make PDFs load it

    pdf = render_pdf(body, title=f"Annual report summary, {plan.code}", origin=_site_origin(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{plan.code}.pdf"'
    return response
