"""Starting the next plan year: the start form, the decisions on unfinished projects, the draft and its adoption.

Every write goes through plans.years; these pages only read forms and show what it refused, where it belongs.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from core.dates import today as site_today
from core.forms import error_summary
from core.permissions import Permission, require_permission

from .. import years
from ..models import Plan, Project, ProjectDecision
from ..year_forms import AdoptPlanForm, DraftPlanForm, ProjectDecisionForm, StartPlanForm


def _draft_or_404(code):
    return get_object_or_404(Plan.objects.filter(status=Plan.Status.DRAFT).select_related("previous"), code=code)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS)
def start_next_year(request):
    current = Plan.objects.filter(status=Plan.Status.CURRENT).first()
    if current is None:
        return render(request, "plans/years/no_current_plan.html", status=404)
    following = years.draft_following(current)
    if following is not None:
        messages.info(request, f"Plan {following.code} is already being prepared from {current.code}.")
        return redirect("plans:draft_plan", code=following.code)
    if request.method == "POST":
        form = StartPlanForm(request.POST)
        if form.is_valid():
            try:
                draft = years.start_next_plan(current, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"Plan {draft.code} started from {current.code}. Decide each unfinished project next."
                )
                return redirect("plans:project_decisions", code=draft.code)
    else:
        form = StartPlanForm(initial=years.next_year_suggestions(current))
    context = {"current": current, "form": form, "error_summary": error_summary(form)}
    return render(request, "plans/years/start.html", context)


class _Refused(Exception):
    """Some row's decision was refused: nothing of the page's decisions is kept."""


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS)
def project_decisions(request, code):
    draft = _draft_or_404(code)
    previous = draft.previous
    projects = years.unfinished_projects(previous) if previous else []
    records = {
        record.project_id: record for record in ProjectDecision.objects.filter(plan=draft).select_related("new_project")
    }

    def make_forms(data=None):
        return [
            ProjectDecisionForm(data, prefix=f"p{project.pk}", project=project, record=records.get(project.pk))
            for project in projects
        ]

    forms = make_forms(request.POST if request.method == "POST" else None)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            with transaction.atomic():
                refused = False
                for form in forms:
                    if not form.is_change:
                        continue
                    try:
                        years.decide(
                            draft,
                            form.project,
                            form.cleaned_data["decision"],
                            form.cleaned_data["reason"],
                            by=request.user,
                        )
                    except ValidationError as error:
                        _add_error(form, error)
                        refused = True
                if refused:
                    raise _Refused
        except _Refused:
            pass
        else:
            decided = ProjectDecision.objects.filter(plan=draft).count()
            messages.success(request, f"Decisions saved: {decided} of {len(projects)} unfinished projects decided.")
            return redirect("plans:draft_plan", code=draft.code)
    summary = [item for form in forms for item in error_summary(form)]
    context = {
        "draft": draft,
        "previous": previous,
        "rows": forms,
        "judged_on": previous.judged_on() if previous else None,
        "error_summary": summary,
    }
    return render(request, "plans/years/decisions.html", context)


def _add_error(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("decision", error)


@require_safe
@require_permission(Permission.MANAGE_PLANS)
def draft_plan(request, code):
    """The draft: what it copied, the decisions so far, links to edit it, and the form that adopts it."""
    draft = _draft_or_404(code)
    form = AdoptPlanForm(
        initial={"adopted_on": site_today(), "adopted_by": draft.previous.adopted_by if draft.previous else ""}
    )
    return render(request, "plans/years/draft.html", _draft_context(draft, form))


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS)
def adopt_plan(request, code):
    """Adopt the draft (the form is on the draft's page, which this address shows again with any error)."""
    draft = _draft_or_404(code)
    if request.method != "POST":
        return redirect(reverse("plans:draft_plan", args=[draft.code]) + "#adopt-heading")
    form = AdoptPlanForm(request.POST)
    if form.is_valid():
        try:
            plan = years.adopt(draft, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            closed = f"; {draft.previous.code} is closed and kept read only" if draft.previous else ""
            messages.success(request, f"Plan {plan.code} adopted: it is now the current plan{closed}.")
            return redirect("home")
    return render(request, "plans/years/draft.html", _draft_context(draft, form))


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS)
def edit_draft(request, code):
    """The draft's title, version note, spans and mission, edited in the browser (the rest: its page's links)."""
    draft = _draft_or_404(code)
    form = DraftPlanForm(request.POST or None, instance=Plan.objects.get(pk=draft.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in years.DRAFT_FIELDS}
        try:
            years.edit_draft(draft, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Draft plan {draft.code} saved.")
            return redirect("plans:draft_plan", code=draft.code)
    context = {"draft": draft, "form": form, "error_summary": error_summary(form)}
    return render(request, "plans/years/edit.html", context)


def _draft_context(draft, form):
    decisions = list(
        ProjectDecision.objects.filter(plan=draft)
        .select_related("project", "new_project")
        .order_by("project__sort_key")
    )
    counts = [
        ("Value themes", draft.value_themes.count(), "valuetheme"),
        ("Responsibilities", draft.responsibilities.count(), "responsibility"),
        ("Strategic priorities", draft.strategic_priorities.count(), "strategicpriority"),
        ("Service priorities", draft.service_priorities.count(), "servicepriority"),
        ("Strategic outcomes", draft.outcomes.count(), "strategicoutcome"),
        ("Business plan themes", draft.themes.count(), "theme"),
        ("Projects", Project.objects.filter(plan=draft).count(), "project"),
        ("Indicators on the scorecard", draft.scorecard_entries.count(), None),
    ]
    copied = [
        (label, n, f"{reverse(f'admin:plans_{model}_changelist')}?plan__id__exact={draft.pk}" if model else None)
        for label, n, model in counts
    ]
    return {
        "draft": draft,
        "copied": copied,
        "plan_admin_url": reverse("admin:plans_plan_change", args=[draft.pk]),
        "decisions": decisions,
        "undecided": years.undecided_projects(draft),
        "form": form,
        "error_summary": error_summary(form),
    }
