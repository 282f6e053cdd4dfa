"""The risk register: every open risk, its 5 x 5 heat map drawn on the server beside a table, adding a risk."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import error_summary
from core.permissions import Permission, has_permission, require_permission
from plans.viewing import closed_plan_refusal, viewed_plan

from ..forms import RiskForm
from ..models import Risk
from ..rules import SCALE, heat_map


@require_safe
@require_permission(Permission.VIEW)
def risk_register(request):
    risks = list(Risk.objects.filter(is_open=True).select_related("owner").prefetch_related("projects", "indicators"))
    context = {
        "risks": sorted(risks, key=lambda risk: (-risk.score, risk.title)),
        "grid": heat_map(risks),
        "scale": list(SCALE),
        "can_manage": has_permission(request.user, Permission.MANAGE_ASSURANCE),
    }
    return render(request, "assurance/risk_register.html", context)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def risk_new(request):
    plan = viewed_plan(request)
    if plan.is_read_only:
        return closed_plan_refusal(request, plan)
    form = RiskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        risk = form.save()
        messages.success(request, f"The risk “{risk.title}” is on the register, scored {risk.score}.")
        return redirect("assurance:risks")
    context = {"form": form, "error_summary": error_summary(form)}
    return render(request, "assurance/risk_form.html", context, status=400 if form.is_bound else 200)
