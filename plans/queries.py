"""Read-side helpers of the plan that pages, packs and commands share (writes are in plans.actions)."""

from django.apps import apps
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from simple_history.models import HistoricalChanges

from core.datacache import cached, fragment_key

from .as_at import projects_as_at
from .datacache import structure_version
from .models import Officer, Plan, ProgrammeBoard, Project, ProjectDecision, Status, StatusUpdate, Theme


def officer_for(user):
    """The Officer linked to this sign-in, or None: read once per change of the plan's structure (which the
    officers and the user accounts are part of, plans.datacache), not on every page that asks."""
    if not user.is_authenticated:
        return None
    return cached("officer-for-user", structure_version(), user.pk, lambda: Officer.objects.for_user(user))


def projects_led_by(user):
    """The ids of the projects, in every plan, that this sign-in's officer leads: read once per change of the
    plan's structure (the projects' lead officers and the officers' sign-ins are part of it, plans.datacache)."""
    if not user.is_authenticated:
        return frozenset()
    return cached(
        "projects-led-by",
        structure_version(),
        user.pk,
        lambda: frozenset(Project.objects.filter(lead_officers__user=user).values_list("pk", flat=True)),
    )


def project_list(plan, today):
    """The plan's projects with their progress as at `today`, ready for a table."""
    return Project.objects.filter(plan=plan).with_progress(today).select_related("theme", "lead_board")


def lead_officer_names(projects):
    """{project id: [its lead officers' names, in name order]} for these projects, in one query.

    Cheaper than prefetching each project's officers, which builds a query set for every project.
    """
    names = {}
    leads = Project.lead_officers.through.objects.filter(project__in=[project.pk for project in projects])
    for project_id, name in leads.order_by("officer__name", "officer_id").values_list("project_id", "officer__name"):
        names.setdefault(project_id, []).append(name)
    return names


def with_row_keys(projects):
    """The projects of a table (plans/_project_table.html, from project_list), read, each with its lead officers' names
    and the key its row is kept under, rendered: what the row shows of the plan's structure (the project's number,
    title, board and lead officers) by the structure's version, read before the projects, and the rest by value (its
    status, next due month and overdue count, as the query judged them). After a lead officer's update the table
    renders again the rows that changed, and reads the others back. Two queries in all.
    """
    structure = structure_version()
    rows = list(projects)
    names = lead_officer_names(rows)
    for project in rows:
        project.lead_officer_names = names.get(project.pk, [])
        project.row_key = fragment_key(structure, project.pk, project.status, project.next_due, project.overdue_count)
    return rows


def theme_progress(plan, as_at=None, projects_then=None):
    """Each theme with its projects counted by status and the share complete.

    With `as_at` (a moment, see plans.as_at.cutoff_moment) the statuses are those the history says
    the projects had then, not their statuses now; `projects_then` passes them where already read
    (projects_at_close).
    """
    if as_at is not None:
        return _theme_progress_as_at(plan, as_at, projects_then)
    counts = {f"n_{s.value}": Count("projects", filter=Q(projects__status=s.value)) for s in Status}
    themes = list(Theme.objects.filter(plan=plan).annotate(n_total=Count("projects"), **counts))
    return _with_shares(themes)


def _theme_progress_as_at(plan, moment, projects=None):
    themes = list(Theme.objects.filter(plan=plan))
    if projects is None:
        projects = projects_as_at(Project.objects.filter(plan=plan), moment)
    for theme in themes:
        mine = [p for p in projects if p.theme_id == theme.pk]
        theme.n_total = len(mine)
        for s in Status:
            setattr(theme, f"n_{s.value}", sum(p.status == s.value for p in mine))
    return _with_shares(themes)


def _with_shares(themes):
    for theme in themes:
        theme.by_status = [(s, getattr(theme, f"n_{s.value}")) for s in Status]
        theme.share_complete = round(100 * theme.n_complete / theme.n_total) if theme.n_total else 0
    return themes


# --------------------------------------------------------------------------- what is kept as a record


def history_rows_naming(model, pks):
    """How many rows of recorded history, in any app, name one of these rows of `model` by a foreign key.

    django-simple-history's tables refer to rows without a database constraint, so deleting a row
    they name leaves that history pointing at nothing: a deletion the database would not stop.
    """
    pks = list(pks)
    if not pks:
        return 0
    total = 0
    for history_model in apps.get_models():
        if not issubclass(history_model, HistoricalChanges):
            continue
        for field in history_model._meta.concrete_fields:
            if field.is_relation and field.related_model is model and field.name != "history":
                total += history_model._base_manager.filter(**{f"{field.attname}__in": pks}).count()
    return total


def _numbers(projects):
    numbers = [project.number for project in projects]
    return ", ".join(numbers[:10]) + (", …" if len(numbers) > 10 else "")


# Functions of a row returning why it must not be deleted, registered by the apps above plans for what they
# keep of a plan, an officer or a board (indicators: scorecard entries; assurance: actions, risks, audits).
_refusal_sources = []


def register_deletion_refusals(source):
    """Register `source(obj) -> [reason, ...]`, asked by deletion_refusals for every row (it ignores the rest)."""
    if source not in _refusal_sources:
        _refusal_sources.append(source)
    return source


def counted(count, singular, plural=None):
    """ "1 project", "3 projects"; "1 entry", "2 entries" with `plural` given."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def deletion_refusals(obj):
    """Why `obj` (a plan, an officer, a programme board, or a row of an app above that registers its own
    reasons) must not be deleted: a list of reasons, empty if none.

    Deleting any of them would take updates or history with it, or strip a project of its lead,
    with nothing on record; the admin refuses with these reasons instead.
    """
    reasons = []
    if isinstance(obj, Officer):
        reasons += _officer_refusals(obj)
    elif isinstance(obj, ProgrammeBoard):
        reasons += _board_refusals(obj)
    elif isinstance(obj, Plan):
        reasons += _plan_refusals(obj)
    for source in _refusal_sources:
        reasons += source(obj)
    if reasons and isinstance(obj, Plan):
        reasons.append(
            "A plan that has anything in it is kept as the board's record: close it by adopting the next plan, "
            "or mark another plan as current instead."
        )
    return reasons


def _officer_refusals(obj):
    reasons = []
    projects = list(obj.projects.order_by("sort_key"))
    if projects:
        reasons.append(
            f"{obj} leads {counted(len(projects), 'project')} ({_numbers(projects)}): "
            "reassign the projects to another lead officer first."
        )
    if obj.user_id:
        updates = StatusUpdate.objects.filter(author_id=obj.user_id).count()
        if updates:
            reasons.append(
                f"{obj} wrote {counted(updates, 'status update')} of the business plan, which "
                f"{pluralize(updates, 'is,are')} a permanent record."
            )
    named = history_rows_naming(Officer, [obj.pk])
    if named:
        reasons.append(
            f"{obj} is named in {named} row{pluralize(named)} of the projects' change history, which must keep "
            "reading correctly: an officer who has led a project stays on record (one who leads no project "
            "is sent no reminders)."
        )
    reminders = obj.reminders.count()
    if reminders:
        reasons.append(
            f"{reminders} reminder{pluralize(reminders)} sent to {obj} {pluralize(reminders, 'is,are')} on record."
        )
    return reasons


def _board_refusals(obj):
    reasons = []
    projects = list(obj.projects.order_by("sort_key"))
    if projects:
        reasons.append(
            f"{obj} leads {counted(len(projects), 'project')} ({_numbers(projects)}): "
            "give the projects another lead board first."
        )
    joint = list(obj.joint_projects.order_by("sort_key"))
    if joint:
        reasons.append(
            f"{obj} leads {counted(len(joint), 'project')} jointly ({_numbers(joint)}): "
            "take it off those projects' joint leads first."
        )
    named = history_rows_naming(ProgrammeBoard, [obj.pk])
    if named:
        reasons.append(
            f"{obj} is named in {named} row{pluralize(named)} of recorded change history, which must keep "
            "reading correctly: a board that has led work stays on record."
        )
    return reasons


def _plan_refusals(obj):
    reasons = []
    projects = obj.projects.count()
    if projects:
        reasons.append(f"{obj} holds {counted(projects, 'project')} of its business plan, with their activities.")
    updates = StatusUpdate.objects.filter(project__plan=obj).count()
    if updates:
        reasons.append(f"{obj} has {counted(updates, 'status update')} on record.")
    revisions = obj.revisions.count()
    if revisions:
        reasons.append(f"{obj} keeps {counted(revisions, 'earlier version')}, readable with what changed.")
    decisions = obj.project_decisions.count()
    if decisions:
        reasons.append(
            f"{obj} holds the decisions on {counted(decisions, 'unfinished project')} of the plan before it."
        )
    following = list(obj.next_plans.values_list("code", flat=True))
    if following:
        reasons.append(f"The plan{pluralize(len(following))} {', '.join(following)} started from {obj}.")
    project_ids = obj.projects.values_list("pk", flat=True)
    named = history_rows_naming(Plan, [obj.pk]) + history_rows_naming(Project, project_ids)
    if named:
        reasons.append(
            f"The change history of {obj}'s projects, activities and indicators ({named} "
            f"row{pluralize(named)}) is kept as a record."
        )
    return reasons


# --------------------------------------------------------------------------- plan years


def judged_at_close(plan, today=None):
    """Whether `plan` is judged at a date before today: a closed plan, or a current plan whose year has ended."""
    from core.dates import today as site_today

    today = today or site_today()
    return plan.judged_on(today) < today


def projects_at_close(plan):
    """The plan's projects as they stood at its judging date (plans.as_at), in the plan's order, with the next
    plan's decision about each loaded. Four queries."""
    from .as_at import cutoff_moment

    projects = (
        Project.objects.filter(plan=plan)
        .select_related("theme", "lead_board", "decision__new_project__plan", "decision__plan")
        .order_by("sort_key")
    )
    return projects_as_at(projects, cutoff_moment(plan.judged_on()))


def unfinished_at_close(plan, projects_then=None):
    """The plan's projects not complete at its judging date, each as it stood then (plans.as_at), in the plan's
    order, with `decision` the next plan's ProjectDecision about it (None while not yet decided). Four queries,
    none where `projects_then` (projects_at_close) is given."""
    unfinished = []
    for then in projects_at_close(plan) if projects_then is None else projects_then:
        if then.status == Status.COMPLETE:
            continue
        try:
            then.next_decision = then.decision
        except ProjectDecision.DoesNotExist:
            then.next_decision = None
        unfinished.append(then)
    return unfinished
