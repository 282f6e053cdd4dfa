"""The audit programme: the cycles, an audit with each agency's return, recording a return, raising an action."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import error_summary
from core.permissions import Permission, has_permission, require_permission

from .. import actions
from ..forms import AuditReturnForm, RaiseActionForm, StandardRatingFormSet
from ..models import Audit, AuditCycle, Decision


@require_safe
@require_permission(Permission.VIEW)
def audit_cycles(request):
    cycles = AuditCycle.objects.prefetch_related("audits__lead_officer", "audits__project")
    return render(request, "assurance/audit_cycles.html", {"cycles": cycles})


@require_safe
@require_permission(Permission.VIEW)
def audit_cycle(request, pk):
    cycle = get_object_or_404(AuditCycle, pk=pk)
    audits = cycle.audits.select_related("lead_officer", "lead_board", "project").prefetch_related(
        "agencies", "returns"
    )
    rows = [(audit, audit.return_status()) for audit in audits]
    return render(request, "assurance/audit_cycle.html", {"cycle": cycle, "rows": rows})


def _audit(pk):
    return get_object_or_404(Audit.objects.select_related("cycle", "lead_officer", "lead_board", "project"), pk=pk)


def _audit_page(request, audit, *, return_form=None, ratings=None, status=200):
    can_manage = has_permission(request.user, Permission.MANAGE_ASSURANCE)
    return_form = return_form or AuditReturnForm(audit=audit)
    ratings = ratings or StandardRatingFormSet(prefix="ratings")
    self_assessment = audit.kind == Audit.Kind.SECTION_11
    context = {
        "audit": audit,
        "returns": audit.return_status(),
        "actions": audit.actions.select_related("owner__agency"),
        "decisions": Decision.objects.filter(item__audit=audit).select_related("item__meeting__board"),
        "can_manage": can_manage,
        "return_form": return_form,
        "rating_formset": ratings if self_assessment else None,
        "error_summary": error_summary(return_form, *([ratings] if self_assessment and ratings.is_bound else [])),
    }
    return render(request, "assurance/audit_detail.html", context, status=status)


@require_safe
@require_permission(Permission.VIEW)
def audit_detail(request, pk):
    return _audit_page(request, _audit(pk))


@require_POST
@require_permission(Permission.MANAGE_ASSURANCE)
def audit_return(request, pk):
    audit = _audit(pk)
    form = AuditReturnForm(request.POST, audit=audit)
    ratings = StandardRatingFormSet(request.POST, prefix="ratings")
    self_assessment = audit.kind == Audit.Kind.SECTION_11
    if not form.is_valid() or (self_assessment and not ratings.is_valid()):
        return _audit_page(request, audit, return_form=form, ratings=ratings, status=400)
    rows = [row for row in ratings.cleaned_data if row.get("standard")] if self_assessment else []
    item = actions.record_return(audit=audit, ratings=rows, **form.cleaned_data)
    messages.success(request, f"{item.agency}'s return is recorded.")
    return redirect("assurance:audit", pk=audit.pk)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def raise_action(request, pk):
    audit = _audit(pk)
    initial = {"finding": audit.findings}
    form = RaiseActionForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, f"The action is raised and {action.owner} is its owner.")
        return redirect("assurance:action", pk=action.pk)
    context = {
        "audit": audit,
        "heading": f"Raise an action from {audit.title}",
        "back_url": reverse("assurance:audit", args=[audit.pk]),
        "back_label": "Back to the audit",
        "form": form,
        "error_summary": error_summary(form),
    }
    return render(request, "assurance/raise_action.html", context, status=400 if form.is_bound else 200)
