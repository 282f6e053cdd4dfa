"""Starting the next plan year from the current one, deciding its unfinished projects, and adopting it.

The flow, each step one function in one transaction (pages, the admin and commands call these):

1. `start_next_plan(current, ...)` makes a draft plan that follows the current one (`previous`), with copies
   of the mission, values, responsibilities, priorities with their focus areas, outcomes and business-plan
   themes. Apps above plans add their own part through the `plan_started` signal (indicators copies the
   scorecard's list of indicators into the draft);
2. `decide(draft, project, decision, reason, by)` for each project of the previous plan not complete at its
   judging date (`unfinished_projects`): carried forward (a copy of the project and its open activities in
   the draft, linked back by `carried_from`; `project_carried` lets indicators link the copy to the same
   indicators), closed as complete, or dropped. Recorded in `ProjectDecision` on the draft's side;
3. `adopt(draft, ...)` makes the draft current and closes the previous plan; `plan_adopted` lets indicators
   move each listed indicator's own listing to the new plan.

Nothing of the previous plan is written but its status and closing date.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.dispatch import Signal

from .as_at import cutoff_moment, projects_as_at
from .models import (
    Activity,
    FocusArea,
    Plan,
    Project,
    ProjectDecision,
    Responsibility,
    ServicePriority,
    StatusUpdate,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)

plan_started = Signal()
"""Sent inside start_next_plan's transaction: sender=Plan, previous, draft, and the maps (previous row's pk to
the draft's copy) outcome_map, priority_map (service priorities), focus_map (focus areas)."""

project_carried = Signal()
"""Sent inside decide's transaction when a project is carried forward: sender=Project, project (the previous
plan's), copy (the draft's)."""

plan_adopted = Signal()
"""Sent inside adopt's transaction once the draft is current: sender=Plan, plan (the adopted plan), previous
(the plan it closed, or None)."""

CARRIED_REASON = "Carried forward into the next plan"
"""The change reason on every history row the carrying forward writes: any other row is work recorded since."""

Decision = ProjectDecision.Decision


def _year_on(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def next_year_suggestions(current):
    """What the "Start the next year" form offers: the code, title and spans a year on from `current`."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", current.code)
    code = f"{int(match[1]) + 1}-{(int(match[2]) + 1) % 100:02d}" if match else ""
    title = re.sub(r"\b(19|20)\d{2}\b", lambda m: str(int(m[0]) + 1), current.title)
    suggestions = {
        "code": code,
        "title": title,
        "starts_on": _year_on(current.starts_on),
        "ends_on": _year_on(current.ends_on),
    }
    if current.business_starts_on and current.business_ends_on:
        suggestions["business_starts_on"] = _year_on(current.business_starts_on)
        suggestions["business_ends_on"] = _year_on(current.business_ends_on)
    return suggestions


def draft_following(plan):
    """The draft being prepared from `plan`, or None."""
    return Plan.objects.filter(previous=plan, status=Plan.Status.DRAFT).first()


# --------------------------------------------------------------------------- 1. starting the next year


def start_next_plan(
    current, *, code, title, starts_on, ends_on, business_starts_on=None, business_ends_on=None, by=None
):
    """A draft plan following `current`, with copies of its strategic plan and business-plan themes.

    Raises ValidationError (keyed by field where one field is at fault) and writes nothing if the code is
    taken, `current` is not the current plan, or a draft already follows it.
    """
    errors = {}
    code = (code or "").strip()
    if not code:
        errors["code"] = "Give the new plan a code, such as 2019-20."
    elif Plan.objects.filter(code=code).exists():
        errors["code"] = f"There is already a plan {code}: choose another code."
    if not (title or "").strip():
        errors["title"] = "Give the new plan its title."
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = "The plan must end after it starts."
    if bool(business_starts_on) != bool(business_ends_on):
        field = "business_ends_on" if business_starts_on else "business_starts_on"
        errors[field] = "Give both ends of the business plan's span, or neither."
    elif business_starts_on and business_ends_on <= business_starts_on:
        errors["business_ends_on"] = "The business plan must end after it starts."
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=current.pk)
        if current.status != Plan.Status.CURRENT:
            raise ValidationError(
                f"Plan {current.code} is {current.get_status_display().lower()}: "
                "only the current plan can be followed by a new one."
            )
        following = draft_following(current)
        if following is not None:
            raise ValidationError(
                f"Plan {following.code} is already being prepared from {current.code}: carry on with that draft."
            )
        draft = Plan(
            code=code,
            title=title.strip(),
            status=Plan.Status.DRAFT,
            version=1,
            starts_on=starts_on,
            ends_on=ends_on,
            business_starts_on=business_starts_on,
            business_ends_on=business_ends_on,
            previous=current,
            mission=current.mission,
        )
        draft._history_user = _user(by)
        draft._change_reason = f"Started from {current.code}"
        draft.save()
        maps = _copy_strategic_plan(current, draft)
        plan_started.send(sender=Plan, previous=current, draft=draft, **maps)
    return draft


def _copy(model, rows, **changes):
    """Copies of `rows` with `changes` (values or functions of the row); {old pk: copy}."""
    copies = {}
    for row in rows:
        fields = {
            field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields if not field.primary_key
        }
        for name, value in changes.items():
            fields[name] = value(row) if callable(value) else value
        copies[row.pk] = model.objects.create(**fields)
    return copies


def _copy_strategic_plan(current, draft):
    value_themes = _copy(ValueTheme, current.value_themes.all(), plan_id=draft.pk)
    _copy(Value, Value.objects.filter(theme__plan=current), theme_id=lambda v: value_themes[v.theme_id].pk)
    _copy(Responsibility, current.responsibilities.all(), plan_id=draft.pk)
    _copy(StrategicPriority, current.strategic_priorities.all(), plan_id=draft.pk)
    priority_map = _copy(ServicePriority, current.service_priorities.all(), plan_id=draft.pk)
    focus_map = _copy(
        FocusArea,
        FocusArea.objects.filter(service_priority__plan=current),
        service_priority_id=lambda f: priority_map[f.service_priority_id].pk,
    )
    outcome_map = _copy(StrategicOutcome, current.outcomes.all(), plan_id=draft.pk)
    _copy(Theme, current.themes.all(), plan_id=draft.pk)
    return {"outcome_map": outcome_map, "priority_map": priority_map, "focus_map": focus_map}


# --------------------------------------------------------------------------- 2. deciding unfinished projects


def unfinished_projects(plan):
    """The plan's projects not complete at its judging date, in plan order (the rows themselves)."""
    projects = list(Project.objects.filter(plan=plan).select_related("theme", "lead_board").order_by("sort_key"))
    then = projects_as_at(projects, cutoff_moment(plan.judged_on()))
    return [project for project, was in zip(projects, then, strict=True) if was.status != Project.Status.COMPLETE]


def undecided_projects(draft):
    """The previous plan's unfinished projects the draft has no decision for yet."""
    if draft.previous_id is None:
        return []
    decided = set(ProjectDecision.objects.filter(plan=draft).values_list("project_id", flat=True))
    return [project for project in unfinished_projects(draft.previous) if project.pk not in decided]


def decide(draft, project, decision, reason="", by=None):
    """Record what the draft does with one of the previous plan's unfinished projects; the ProjectDecision.

    Carried forward (a reason is required) copies the project and its open activities into the draft;
    dropped needs a reason; closed as complete needs none. A decision may be changed while the plan is a
    draft: away from carried forward, the draft's copy is deleted if nothing was recorded on it since, else
    the change is refused. Raises ValidationError (keyed by "decision" or "reason") and writes nothing.
    """
    reason = (reason or "").strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose whether the project is carried forward, complete or dropped."})
    if decision in (Decision.CARRIED_FORWARD, Decision.DROPPED) and not reason:
        word = "dropped" if decision == Decision.DROPPED else "carried forward"
        raise ValidationError({"reason": f"Give the reason project {project.number} is {word}."})
    with transaction.atomic():
        draft = Plan.objects.select_for_update().get(pk=draft.pk)
        if not draft.is_draft:
            raise ValidationError(f"Plan {draft.code} has been adopted: its decisions can no longer be changed.")
        unfinished = {p.pk for p in unfinished_projects(draft.previous)} if draft.previous_id else set()
        if project.pk not in unfinished:
            raise ValidationError(
                f"Project {project.number} is not an unfinished project of the plan {draft.code} follows."
            )
        record = ProjectDecision.objects.select_for_update().filter(project=project).first()
        if record is None:
            record = ProjectDecision(plan=draft, project=project)
        elif record.plan_id != draft.pk:
            raise ValidationError(f"Project {project.number} was decided by plan {record.plan.code}.")
        if record.new_project_id and decision != Decision.CARRIED_FORWARD:
            copy = record.new_project
            record.new_project = None
            record.save()
            _remove_copy(copy)
        if decision == Decision.CARRIED_FORWARD and not record.new_project_id:
            record.new_project = carry_forward(draft, project, by=by)
        record.decision = decision
        record.reason = reason
        record.decided_by = _user(by)
        record._history_user = record.decided_by
        record.save()
    return record


def carry_forward(draft, project, *, by=None):
    """The draft's copy of `project`: same theme number, number, title, boards, officers and status, with
    a copy of each activity not complete. Call through decide()."""
    theme = draft.themes.filter(number=project.theme.number).first()
    if theme is None:
        raise ValidationError(
            {
                "decision": f"Plan {draft.code} has no theme {project.theme.number} to carry project {project.number} "
                "into: add the theme to the draft first."
            }
        )
    if Project.objects.filter(plan=draft, number=project.number).exists():
        raise ValidationError(
            {
                "decision": f"Plan {draft.code} already has a project {project.number}: renumber it before carrying "
                "this one forward."
            }
        )
    copy = Project(
        theme=theme,
        number=project.number,
        title=project.title,
        lead_board_id=project.lead_board_id,
        lead_as_written=project.lead_as_written,
        status=project.status,
        carried_from=project,
    )
    _mark(copy, by)
    copy.save()
    copy.joint_lead_boards.set(project.joint_lead_boards.all())
    copy.lead_officers.set(project.lead_officers.all())
    for activity in project.activities.exclude(status=Activity.Status.COMPLETE).order_by("order"):
        moved = Activity(
            project=copy,
            order=activity.order,
            description=activity.description,
            due=activity.due,
            due_text=activity.due_text,
            revised_due=activity.revised_due,
            revision_reason=activity.revision_reason,
            status=activity.status,
        )
        _mark(moved, by)
        moved.save()
    project_carried.send(sender=Project, project=project, copy=copy)
    return copy


def _mark(row, by):
    row._change_reason = CARRIED_REASON
    row._history_user = _user(by)


def _user(by):
    """The person for the history rows: a signed-in user, else None."""
    return by if getattr(by, "pk", None) else None


def recorded_since_carried(copy):
    """Whether anything was recorded on the draft's copy of a project since it was carried forward."""
    if StatusUpdate.objects.filter(project=copy).exists():
        return True
    history = [
        Project.history.filter(id=copy.pk),
        Activity.history.filter(project_id=copy.pk),
    ]
    return any(rows.exclude(history_change_reason=CARRIED_REASON).exists() for rows in history)


def _remove_copy(copy):
    message = (
        f"Work has been recorded on project {copy.number} in {copy.plan.code} since it was carried forward, "
        "so it stays carried forward. Change it in the draft instead."
    )
    if recorded_since_carried(copy):
        raise ValidationError({"decision": message})
    try:
        with transaction.atomic():
            copy.activities.all().delete()
            copy.delete()
    except ProtectedError as error:
        raise ValidationError({"decision": message}) from error


# --------------------------------------------------------------------------- 3. adopting the draft


DRAFT_FIELDS = (
    "title",
    "version_note",
    "starts_on",
    "ends_on",
    "business_starts_on",
    "business_ends_on",
    "mission",
)


def edit_draft(draft, *, by=None, **fields):
    """Change a draft's title, version note, spans or mission; ValidationError (by field, nothing saved) if the
    plan is no longer a draft or the values cannot stand."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of the draft's own: {sorted(unknown)}")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=draft.pk)
        if not plan.is_draft:
            raise ValidationError(f"Plan {plan.code} is no longer a draft: it is changed by revising it.")
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.full_clean(exclude=["previous"])
        plan._change_reason = "Draft edited"
        plan.save()
    return plan


def adopt(draft, *, adopted_on, adopted_by, version=1, by=None):
    """Make the draft the current plan and close the plan it follows (closed_on = adopted_on).

    Refused (ValidationError, nothing written) while any of the previous plan's unfinished projects has no
    decision, or if the draft is not a draft or the plan it follows is no longer current.
    """
    if not isinstance(adopted_on, datetime.date):
        raise ValidationError({"adopted_on": "Give the date the board adopted the plan."})
    if not (adopted_by or "").strip():
        raise ValidationError({"adopted_by": "Say who adopted the plan, such as the board."})
    with transaction.atomic():
        draft = Plan.objects.select_for_update().get(pk=draft.pk)
        if not draft.is_draft:
            raise ValidationError(f"Plan {draft.code} is {draft.get_status_display().lower()}, not a draft.")
        outgoing = Plan.objects.select_for_update().filter(status=Plan.Status.CURRENT).first()
        if draft.previous_id and (outgoing is None or outgoing.pk != draft.previous_id):
            raise ValidationError(
                f"Plan {draft.previous.code}, which this draft follows, is no longer the current plan."
            )
        undecided = undecided_projects(draft)
        if undecided:
            numbers = ", ".join(p.number for p in undecided)
            raise ValidationError(
                f"Decide what becomes of every unfinished project of {draft.previous.code} first: "
                f"{numbers} {'has' if len(undecided) == 1 else 'have'} no decision."
            )
        if outgoing is not None:
            if adopted_on < outgoing.starts_on:
                raise ValidationError({"adopted_on": f"The plan cannot be adopted before {outgoing.code} began."})
            outgoing.status = Plan.Status.CLOSED
            outgoing.closed_on = adopted_on
            outgoing._history_user = _user(by)
            outgoing._change_reason = f"Closed on the adoption of {draft.code}"
            outgoing.save()
        draft.status = Plan.Status.CURRENT
        draft.adopted_on = adopted_on
        draft.adopted_by = adopted_by.strip()
        draft.version = version
        draft._history_user = _user(by)
        draft._change_reason = "Adopted"
        draft.save()
        plan_adopted.send(sender=Plan, plan=draft, previous=outgoing)
    return draft
