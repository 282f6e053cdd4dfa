"""A project: its page, its lead officers' update form, and "My projects"."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Max, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_safe

from core.datacache import fragment_key
from core.forms import error_summary
from core.permissions import Permission, get_object_or_403, has_permission, require_permission

from .. import datacache
from ..actions import (
    ActivityChange,
    PlanReadOnly,
    TimescaleRevision,
    UpdateConflict,
    refuse_if_read_only,
    update_project,
)
from ..forms import ActivityFormSet, ProjectUpdateForm
from ..models import Project, StatusUpdate
from ..queries import officer_for, project_list, with_row_keys
from ..viewing import closed_plan_refusal, viewed_plan


@require_safe
@require_permission(Permission.VIEW)
def my_projects(request):
    plan = viewed_plan(request)
    today = plan.judged_on()
    officer = officer_for(request.user)
    projects = []
    if officer is not None:
        projects = with_row_keys(
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
        {"plan": plan, "officer": officer, "projects": projects, "today": today, "judged_on": today},
    )


@require_safe
@require_permission(Permission.VIEW)
def project_detail(request, number):
    plan = viewed_plan(request)
    versions = datacache.structure_version(), datacache.activities_version()  # read before the project (its key)
    project = get_object_or_404(Project.objects.filter(plan=plan).select_related("theme", "lead_board"), number=number)
    project.plan = plan  # read once: the indicators' section numbers them as this plan lists them
    judged_on = plan.judged_on()
    context = {
        "plan": plan,
        "project": project,
        "activities": project.activities.all(),
        "updates": project.updates.select_related("author", "activity"),
        "carried_from": SimpleLazyObject(lambda: _carried_from(project)),
        "earlier_updates": StatusUpdate.objects.filter(project_id=project.carried_from_id).select_related(
            "author", "activity"
        ),
        "can_update": not plan.is_read_only and has_permission(request.user, Permission.UPDATE_PROJECT, project),
        "today": judged_on,
        "judged_on": judged_on,
        "project_keys": project_keys(project, judged_on, versions),
    }
    return render(request, "plans/project_detail.html", context)


def _carried_from(project):
    """The project this one carries forward, with its plan; None if none."""
    if project.carried_from_id is None:
        return None
    return Project.objects.select_related("plan").get(pk=project.carried_from_id)


def project_keys(project, judged_on, versions):
    """The keys of the project page's own parts, each kept rendered until what it shows changes. All three hold the
    plan's structure version (names, lead officers, activities' wording, the decisions that carry it forward), read
    before the project, and the day it is judged at:

    - "head", its title and facts: also the project's revision and status as read;
    - "activities", its activities and what became of it in the next plan: also the activities version (their
      progress), read before the project, so a lead officer's update of the status and note alone leaves it kept;
    - "history", its status updates and those of the project it carries forward (kept as written): also their
      count and newest, read now.
    """
    structure, activities = versions
    updates = StatusUpdate.objects.filter(project_id__in=[project.pk, project.carried_from_id]).aggregate(
        count=Count("pk"), newest=Max("pk")
    )
    common = (structure, project.pk, judged_on)
    return {
        "head": fragment_key(*common, project.revision, project.status, project.updated_at.timestamp()),
        "activities": fragment_key(*common, activities),
        "history": fragment_key(*common, updates["count"], updates["newest"]),
    }


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW)
def project_update(request, number):
    plan = viewed_plan(request)
    try:
        refuse_if_read_only(plan)
    except PlanReadOnly as refusal:
        return closed_plan_refusal(request, plan, refusal)
    project = get_object_or_403(
        request.user,
        Permission.UPDATE_PROJECT,
        Project.objects.filter(plan=plan).select_related("theme", "lead_board"),
        number=number,
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
            except PlanReadOnly as refusal:
                # The plan was closed while the form was open.
                return closed_plan_refusal(request, plan, refusal)
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
        # The empty form's fields are kept rendered under what they show; a form sent back is rendered afresh.
        "fields_key": None if form.is_bound else unbound_form_key(project, activities),
    }
    return render(request, "plans/project_update.html", context, status=409 if conflict else 200)


def unbound_form_key(project, activities):
    """A key for the empty update form's fields: a digest of all they are made from.

    That is the project's status (the status field's initial value) and every field of each of its activities
    (their statuses, dates and descriptions, and the choices of the activity to revise), so any change to them,
    whichever way it is written, makes another key. The project's revision, which every save changes, is not
    among the kept fields (the template writes it apart): after a save that changes only the status and the note,
    the fields kept for that status serve again.
    """
    parts = [project.pk, project.status]
    for activity in activities:
        parts.append([getattr(activity, field.attname) for field in activity._meta.concrete_fields])
    return fragment_key("project-update", hashlib.sha256(repr(parts).encode()).hexdigest())


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
