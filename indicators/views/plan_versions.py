"""The versions of a plan: each version readable as it stood, what changed between them, and revising the plan."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from core.dates import today as site_today
from core.forms import error_summary
from core.permissions import Permission, has_permission, require_permission
from plans.viewing import viewed_plan

from ..workbook import sheets as s
from ..workbook.revise import changes, revise_plan, versions

FORBIDDEN = "Only board administrators can start, load, revise and adopt plans."


class ReviseForm(forms.Form):
    version_note = forms.CharField(
        label="What the new version is", max_length=255, help_text='As the board names it, such as "after inspection".'
    )
    reason = forms.CharField(label="Why the plan is revised", widget=forms.Textarea(attrs={"rows": 3}))
    adopted_on = forms.DateField(label="Adopted on", help_text="The day the board adopted the new version.")
    adopted_by = forms.CharField(label="Adopted by", max_length=255)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["adopted_by"].initial = plan.adopted_by

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if self.plan.adopted_on and day < self.plan.adopted_on:
            raise forms.ValidationError(
                f"Version {self.plan.version} was adopted on {self.plan.adopted_on:%d %B %Y}: "
                "the new version cannot be adopted before it."
            )
        if day > site_today():
            raise forms.ValidationError("The new version cannot be adopted on a day still to come.")
        return day


def _pairs(found):
    """Each version with what changed from the one before (None for the first)."""
    return [(version, changes(found[i - 1].rows, version.rows) if i else None) for i, version in enumerate(found)]


@require_safe
@require_permission(Permission.VIEW)
def plan_versions(request):
    plan = viewed_plan(request)
    found = versions(plan)
    context = {
        "plan": plan,
        "versions": list(reversed(_pairs(found))),
        "can_manage_plans": has_permission(request.user, Permission.MANAGE_PLANS),
    }
    return render(request, "indicators/plan_versions.html", context)


@require_safe
@require_permission(Permission.VIEW)
def plan_version(request, version):
    plan = viewed_plan(request)
    found = versions(plan)
    shown = next((v for v in found if v.number == version), None)
    if shown is None:
        raise Http404(f"The plan {plan.code} has no version {version}.")
    tables = [
        {"sheet": sheet, "rows": [[row.get(c.key) for c in sheet.columns] for row in shown.rows.get(sheet.name, [])]}
        for sheet in s.SHEETS
    ]
    context = {"plan": plan, "version": shown, "tables": [t for t in tables if t["rows"]]}
    return render(request, "indicators/plan_version.html", context)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS, FORBIDDEN)
def revise(request):
    plan = viewed_plan(request)
    if plan.status != plan.Status.CURRENT:
        raise PermissionDenied(
            "Only the adopted (current) plan is revised: a draft is edited as it is, and a closed plan is kept "
            "as it was."
        )
    form = ReviseForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        revision = revise_plan(plan, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Version {revision.version} is kept as it stood. The plan is now version {revision.version + 1}: "
            "edit it in the browser or the admin, and this page lists what changed.",
        )
        return redirect("plan_workbook:versions")
    context = {"plan": plan, "form": form, "error_summary": error_summary(form)}
    return render(request, "indicators/plan_revise.html", context, status=400 if form.errors else 200)
