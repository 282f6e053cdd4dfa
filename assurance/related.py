"""What the assurance work adds to other apps' pages: decisions, actions and risks on the project and indicator
pages (core.related), and overdue actions and audit returns on the home page (core.home)."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from core.datacache import cached
from core.dates import today as site_today
from core.permissions import Permission, has_permission
from plans.datacache import structure_version
from plans.queries import officer_for
from plans.viewing import viewed_plan

from .datacache import data_version
from .models import Action, Audit, Decision, Risk


def _about(field, obj):
    """The decisions, actions, open risks and audits about `obj`, read once per change of them or of the plan's
    officers and boards they name. A new dict each time: the caller adds what depends on the person."""
    versions = (data_version(), structure_version())
    lists = cached("assurance-about", versions, (field, obj.pk), lambda: _read(field, obj), shared=True)
    return {"subject": obj, **lists}


def _read(field, obj):
    decisions = Decision.objects.filter(**{f"item__{field}": obj}).select_related("item__meeting__board")
    actions = Action.objects.filter(**{field: obj}).select_related("owner__agency")
    risks = Risk.objects.filter(is_open=True, **{f"{field}s": obj}).select_related("owner")
    audits = Audit.objects.filter(project=obj).select_related("cycle") if field == "project" else Audit.objects.none()
    return {
        "decisions": list(decisions.order_by("-item__meeting__held_on")),
        "actions": list(actions),
        "risks": list(risks),
        "audits": list(audits),
    }


def project_assurance(project, request):
    """A closed plan's project is kept as it was: no action is raised from it."""
    context = _about("project", project)
    if not project.plan.is_read_only and has_permission(request.user, Permission.MANAGE_ASSURANCE):
        context["raise_url"] = reverse("assurance:project_action", args=[project.number])
        context["raise_label"] = "Raise an action from this project's update"
    return context


def indicator_assurance(indicator, request):
    """Those who may write commentary on the indicator may raise an action on its exception."""
    context = _about("indicator", indicator)
    if not _viewing_closed_plan(request) and has_permission(request.user, Permission.WRITE_COMMENTARY, indicator):
        context["raise_url"] = reverse("assurance:indicator_action", args=[indicator.number])
        context["raise_label"] = "Raise an action on this indicator's exception"
    return context


def _viewing_closed_plan(request):
    try:
        return viewed_plan(request).is_read_only
    except Http404:
        return False


def overdue_panel(request):
    """The signed-in officer's overdue actions, the overdue returns to the audits they lead and those their own
    agency owes; None if there are none. Kept until the assurance work or the plan's officers and agencies next
    change, for the day."""
    officer = officer_for(request.user)
    if officer is None:
        return None
    today = site_today()
    return cached(
        "assurance-overdue-panel",
        (data_version(), structure_version()),
        (officer.pk, today),
        lambda: _overdue_for(officer, today),
    )


def _overdue_for(officer, today):
    actions = list(Action.objects.overdue(today).filter(owner=officer))
    theirs = Q(lead_officer=officer) | (Q(agencies=officer.agency_id) if officer.agency_id else Q(pk__in=[]))
    audits = Audit.objects.filter(theirs, return_deadline__lt=today).distinct().prefetch_related("agencies", "returns")
    returns = [
        (audit, agency)
        for audit in audits
        for agency, _item, overdue in audit.return_status(today)
        if overdue and (audit.lead_officer_id == officer.pk or agency.pk == officer.agency_id)
    ]
    if not actions and not returns:
        return None
    return {"actions": actions, "returns": returns, "count": len(actions) + len(returns)}


def reminder_lines(officer, today, days):
    """The officer's actions for the daily reminder digest: overdue, then due within `days` days."""
    from datetime import timedelta

    mine = Action.objects.open().filter(owner=officer).order_by("due", "title")
    overdue = list(mine.overdue(today))
    window = mine.filter(due__gte=today, due__lte=today + timedelta(days=days))
    soon = [action for action in window if action not in overdue]
    return [f"Overdue action: {action.title} (due {action.due:%d %B %Y})" for action in overdue] + [
        f"Action due soon: {action.title} (due {action.due:%d %B %Y})" for action in soon
    ]
