"""Pages of the strategic plan and the business plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from indicators.charts import decorate_rows
from indicators.scorecard import build_scorecard

from . import roles
from .actions import ActivityChange, TimescaleRevision, UpdateConflict, update_project
from .filters import ProjectFilter
from .forms import ActivityFormSet, ProjectUpdateForm
from .models import Activity, Plan, Project, ServicePriority, Status, StatusUpdate, Theme, ValueTheme

LATEST_UPDATES = 10
OVERDUE_SHOWN = 25


def current_plan():
    """The plan the dashboards show (see PlanManager.current)."""
    return Plan.objects.current()


def current_plan_or_404():
    plan = current_plan()
    if plan is None:
        raise Http404("No plan has been loaded yet.")
    return plan


def project_list(plan, today):
    return (
        Project.objects.filter(plan=plan)
        .with_progress(today)
        .select_related("theme", "lead_board")
        .prefetch_related("lead_officers")
    )


def theme_progress(plan):
    """Each theme with its projects counted by status and the share complete."""
    counts = {f"n_{s.value}": Count("projects", filter=Q(projects__status=s.value)) for s in Status}
    themes = list(Theme.objects.filter(plan=plan).annotate(n_total=Count("projects"), **counts))
    for theme in themes:
        theme.by_status = [(s, getattr(theme, f"n_{s.value}")) for s in Status]
        theme.share_complete = round(100 * theme.n_complete / theme.n_total) if theme.n_total else 0
    return themes


def home(request):
    plan = current_plan()
    if plan is None:
        return render(request, "plans/no_plan.html")
    today = timezone.localdate()
    plan = Plan.objects.prefetch_related(
        Prefetch("value_themes", queryset=ValueTheme.objects.prefetch_related("values")),
        "responsibilities",
        "strategic_priorities",
        Prefetch("service_priorities", queryset=ServicePriority.objects.prefetch_related("focus_areas")),
        "outcomes",
    ).get(pk=plan.pk)
    overdue = Activity.objects.filter(project__plan=plan).overdue(today).select_related("project")
    context = {
        "plan": plan,
        "themes": theme_progress(plan),
        "overdue_activities": overdue.order_by("project__sort_key", "order")[:OVERDUE_SHOWN],
        "overdue_count": overdue.count(),
        "latest_updates": StatusUpdate.objects.filter(project__plan=plan).select_related(
            "project", "author", "activity"
        )[:LATEST_UPDATES],
        "today": today,
    }
    return render(request, "plans/home.html", context)


def filtered_projects(request, plan, today):
    """(filterset, projects, valid): the business plan's projects for this request's filters.

    The page and its downloads show the same projects. When a filter cannot be read (valid is
    False) the projects are all of the plan's.
    """
    projects = project_list(plan, today).order_by("theme__number", "sort_key")
    filterset = ProjectFilter(request.GET or None, queryset=projects, plan=plan)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if filterset.is_bound and valid else projects), valid


def business_plan(request):
    plan = current_plan_or_404()
    today = timezone.localdate()
    filterset, projects, valid = filtered_projects(request, plan, today)
    context = {
        "plan": plan,
        "filter": filterset,
        "projects": projects,
        "is_filtered": filterset.is_bound and valid and any(request.GET.values()),
        "filter_invalid": not valid,
        "query": request.GET.urlencode(),
        "today": today,
    }
    return render(request, "plans/business_plan.html", context)


def my_projects(request):
    plan = current_plan_or_404()
    today = timezone.localdate()
    officer = roles.officer_for(request.user)
    projects = []
    if officer is not None:
        projects = (
            project_list(plan, today)
            .led_by(officer)
            .annotate(
                is_late=Case(When(overdue_count__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField())
            )
            .order_by("is_late", "-overdue_count", "sort_key")
        )
    return render(
        request,
        "plans/my_projects.html",
        {"plan": plan, "officer": officer, "projects": projects, "today": today},
    )


def project_detail(request, number):
    plan = current_plan_or_404()
    project = get_object_or_404(
        Project.objects.filter(plan=plan).select_related("theme", "lead_board").prefetch_related("lead_officers"),
        number=number,
    )
    indicator_rows = decorate_rows(build_scorecard(project.indicators.all(), today=timezone.localdate()).rows)
    context = {
        "plan": plan,
        "project": project,
        "indicator_rows": indicator_rows,
        "activities": project.activities.all(),
        "updates": project.updates.select_related("author", "activity"),
        "can_update": roles.can_update_project(request.user, project),
        "today": timezone.localdate(),
    }
    return render(request, "plans/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_update(request, number):
    plan = current_plan_or_404()
    project = roles.get_project_for_update(
        request.user, Project.objects.filter(plan=plan).select_related("theme", "lead_board"), number
    )
    activities = list(project.activities.all())
    conflict = None

    if request.method == "POST":
        form = ProjectUpdateForm(request.POST, project=project)
        formset = ActivityFormSet(request.POST, activities=activities, prefix="activities")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            revision = None
            if data["revise_activity"]:
                revision = TimescaleRevision(
                    activity_id=data["revise_activity"].pk,
                    revised_due=data["revised_due"],
                    reason=data["revision_reason"].strip(),
                )
            try:
                update_project(
                    project_id=project.pk,
                    author=request.user,
                    expected_revision=data["revision"],
                    status=data["status"],
                    note=data["note"].strip(),
                    activity_changes=[
                        ActivityChange(
                            activity_id=f.cleaned_data["activity_id"],
                            status=f.cleaned_data["status"],
                            completed_on=f.cleaned_data["completed_on"],
                            seen_status=f.cleaned_data["seen_status"],
                            seen_completed_on=f.cleaned_data["seen_completed_on"],
                        )
                        for f in formset.forms
                    ],
                    timescale_revision=revision,
                )
            except UpdateConflict as error:
                conflict = error
                post = _conflict_resubmission(request.POST, error, formset)
                project = error.project
                activities = list(project.activities.all())
                form = ProjectUpdateForm(post, project=project)
                formset = ActivityFormSet(post, activities=activities, prefix="activities")
                form.is_valid()
                formset.is_valid()
            except ValidationError as error:
                # A rule of the models that the form could not see (the database changed meanwhile).
                form.add_error(None, error)
            else:
                messages.success(request, f"Project {project.number} updated.")
                return redirect("plans:project", number=project.number)
    else:
        form = ProjectUpdateForm(initial={"revision": project.revision, "status": project.status}, project=project)
        formset = ActivityFormSet(activities=activities, prefix="activities")

    context = {
        "plan": plan,
        "project": project,
        "form": form,
        "formset": formset,
        "conflict": conflict,
        "error_summary": [] if conflict else error_summary(form, formset),
    }
    return render(request, "plans/project_update.html", context, status=409 if conflict else 200)


def _conflict_resubmission(data, conflict, formset):
    """The form data to show after a conflict: what the person typed, on top of what is there now.

    The revision becomes the current one, so a second save goes ahead once they have read what
    changed. Activities they did not touch show (and will keep) the other person's values; the
    ones they changed keep their input.
    """
    post = data.copy()
    post["revision"] = str(conflict.project.revision)
    current = {a.pk: a for a in conflict.project.activities.all()}
    for index, form in enumerate(formset.forms):
        activity = current.get(form.cleaned_data["activity_id"])
        if activity is None:
            continue
        prefix = f"{formset.prefix}-{index}-"
        touched = (form.cleaned_data["status"], form.cleaned_data["completed_on"]) != (
            form.cleaned_data["seen_status"],
            form.cleaned_data["seen_completed_on"],
        )
        if not touched:
            post[prefix + "status"] = activity.status
            post[prefix + "completed_on"] = activity.completed_on.isoformat() if activity.completed_on else ""
        post[prefix + "seen_status"] = activity.status
        post[prefix + "seen_completed_on"] = activity.completed_on.isoformat() if activity.completed_on else ""
    return post


def error_summary(form, *formsets):
    """(anchor, message) for every error on the page, in page order, for the summary at the top."""
    if not form.is_bound:
        return []
    items = []
    for bound_form in [form, *(f for formset in formsets for f in formset.forms)]:
        for name, errors in bound_form.errors.items():
            anchor = bound_form[name].id_for_label if name != "__all__" else ""
            for message in errors:
                items.append((anchor, message))
    for formset in formsets:
        items.extend(("", message) for message in formset.non_form_errors())
    return items
