"""Writes to the business plan that touch several rows. Views call these; they never write directly."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Activity, Plan, Project, StatusUpdate


class PlanReadOnly(PermissionDenied):
    """A change to something in a closed plan: a closed plan is kept as it was at its close."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(f"The {plan.code} plan is closed: nothing in it can be changed.")


def refuse_if_read_only(plan):
    """Raise PlanReadOnly if `plan` (a Plan, or a plan's id) is closed. Every write to a plan's rows asks this."""
    if not isinstance(plan, Plan):
        plan = Plan.objects.get(pk=plan)
    if plan.is_read_only:
        raise PlanReadOnly(plan)


class UpdateConflict(Exception):
    """Someone else saved the project after this person opened it."""

    def __init__(self, project, updates, activity_changes=()):
        self.project = project
        self.updates = updates  # the StatusUpdates made since the person opened the form, oldest first
        # (activity, status seen, completed_on seen) for activities that differ from what the person saw
        self.activity_changes = list(activity_changes)
        super().__init__(f"Project {project.number} was updated by someone else.")


@dataclass(frozen=True)
class ActivityChange:
    """An activity's status as submitted, and as it was when the person opened the form."""

    activity_id: int
    status: str
    completed_on: datetime.date | None
    seen_status: str | None = None
    seen_completed_on: datetime.date | None = None

    @property
    def is_change(self):
        if self.seen_status is None:
            return True
        return (self.status, self.completed_on) != (self.seen_status, self.seen_completed_on)


@dataclass(frozen=True)
class TimescaleRevision:
    activity_id: int
    revised_due: datetime.date
    reason: str


def updates_since(project, revision):
    """The StatusUpdates that took `project` past `revision`, oldest first."""
    return list(
        StatusUpdate.objects.filter(project=project, project_revision__gt=revision)
        .select_related("author", "activity")
        .order_by("project_revision")
    )


def update_project(
    *,
    project_id,
    author,
    expected_revision,
    status,
    note="",
    activity_changes=(),
    timescale_revision=None,
):
    """Save a lead officer's update of one project, all or nothing.

    Writes the project's new status, each activity's status and completion date, an
    optional revised due month for one activity, one StatusUpdate, and (through
    django-simple-history) the history of every row it changed.

    Raises UpdateConflict, changing nothing, if the project's revision is no longer the
    one the person saw when they opened the form, and PlanReadOnly if the project's plan is closed.
    """
    with transaction.atomic():
        # Lock the project row (PostgreSQL); SQLite's IMMEDIATE transactions already serialise writers.
        project = Project.objects.select_for_update().select_related("plan").get(pk=project_id)
        refuse_if_read_only(project.plan)
        if project.revision != expected_revision:
            since = updates_since(project, expected_revision)
            current = {a.pk: a for a in Activity.objects.filter(project=project)}
            moved = [
                (current[c.activity_id], c.seen_status, c.seen_completed_on)
                for c in activity_changes
                if c.seen_status is not None
                and c.activity_id in current
                and (current[c.activity_id].status, current[c.activity_id].completed_on)
                != (c.seen_status, c.seen_completed_on)
            ]
            raise UpdateConflict(project, since, moved)

        activities = {a.pk: a for a in Activity.objects.select_for_update().filter(project=project)}
        for change in activity_changes:
            if not change.is_change:
                continue  # left as the person saw it: keep whatever is there now
            activity = activities[change.activity_id]
            completed_on = change.completed_on if change.status == Activity.Status.COMPLETE else None
            if (activity.status, activity.completed_on) != (change.status, completed_on):
                activity.status = change.status
                activity.completed_on = completed_on
                # Progress only (plans.datacache.PROGRESS): the plan's structure, as other pages show it, is unchanged.
                activity.save(update_fields=["status", "completed_on"])

        revised_activity = None
        if timescale_revision is not None:
            revised_activity = activities[timescale_revision.activity_id]
            revised_activity.revised_due = timescale_revision.revised_due
            revised_activity.revision_reason = timescale_revision.reason
            revised_activity.full_clean()
            revised_activity.save(update_fields=["revised_due", "revision_reason"])

        status_from = project.status
        project.status = status
        project.revision += 1
        project.save(update_fields=["status", "revision", "updated_at"])

        return StatusUpdate.objects.create(
            project=project,
            activity=revised_activity,
            author=author,
            status_from=status_from,
            status=status,
            note=note,
            revised_due=timescale_revision.revised_due if timescale_revision else None,
            reason=timescale_revision.reason if timescale_revision else "",
            project_revision=project.revision,
        )


ADMIN_NOTE = "Changed in the admin."


def save_project_edit(*, project, author, expected_revision=None, changed=True, note=ADMIN_NOTE):
    """Save an edit of a project made outside the update form (in the admin), under the same rules.

    `project` is the edited instance, not yet saved. A new project is saved at revision 1. For an
    existing one, the revision in the database must still be `expected_revision`, the one the
    person saw when they opened the form: if not, UpdateConflict is raised and nothing is saved.
    When `changed`, the revision goes up by one (so a lead officer's open update form sees that
    the project changed), and a change of status is recorded as a StatusUpdate by `author`.

    Returns the StatusUpdate recorded, or None. Raises PlanReadOnly, saving nothing, for a project of a closed plan
    (or one being moved into a closed plan).
    """
    with transaction.atomic():
        if project.theme_id:
            refuse_if_read_only(project.theme.plan_id)
        if project.pk is None:
            project.revision = 1
            project.save()
            return None
        current = Project.objects.select_for_update().select_related("plan").get(pk=project.pk)
        refuse_if_read_only(current.plan)
        if current.revision != expected_revision:
            raise UpdateConflict(current, updates_since(current, expected_revision or 0))
        if not changed:
            return None
        project.revision = current.revision + 1
        project.save()
        if project.status == current.status:
            return None
        return StatusUpdate.objects.create(
            project=project,
            author=author,
            status_from=current.status,
            status=project.status,
            note=note,
            project_revision=project.revision,
        )
