"""The scorecard's panel on the home page (core.home): "Commentary due" for a lead board's members."""

from core.dates import today as site_today
from core.permissions import Permission, has_permission
from plans.models import Plan

from . import curve
from .models import CommentaryRequest


def commentary_due_panel(request):
    """The open commentary requests to the boards the signed-in person sits on, soonest due first, for those
    who may write commentary; None if there are none."""
    if not has_permission(request.user, Permission.WRITE_COMMENTARY):
        return None
    plan = Plan.objects.current()
    if plan is None:
        return None
    requests = list(
        CommentaryRequest.objects.open()
        .for_member(request.user)
        .filter(indicator__plan=plan)
        .select_related("indicator", "board")
        .order_by("due_on", "indicator__sort_key")
        .distinct()
    )
    if not requests:
        return None
    today = site_today()
    return {"items": [(item, curve.commentary_due(item, today=today)) for item in requests]}
