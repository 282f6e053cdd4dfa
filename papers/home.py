"""The board papers' panel on the home page (core.home): board packs to make, for board administrators.

A known meeting (one a pack was made or asked for: papers.meetings) from today on that has no pack yet
needs one: its latest request failed (the reason is shown, to make it again) or is still being made.
"""

from dataclasses import dataclass

from django.http import Http404

from core.dates import today as site_today
from core.permissions import Permission, has_permission
from plans.viewing import viewed_plan

from .models import BoardPack, BoardPackRequest


@dataclass
class PackToMake:
    meeting_date: object  # datetime.date
    request: BoardPackRequest  # the latest request for the meeting

    @property
    def failed(self):
        return self.request.state == BoardPackRequest.State.FAILED


def packs_to_make(plan, today):
    """The meetings from `today` on that have no pack yet, earliest first, each with its latest request. Two queries."""
    made = set(BoardPack.objects.filter(plan=plan, meeting_date__gte=today).values_list("meeting_date", flat=True))
    latest = {}
    requests = (
        BoardPackRequest.objects.filter(plan=plan, meeting_date__gte=today)
        .exclude(meeting_date__in=made)
        .order_by("meeting_date", "-requested_at", "-id")
    )
    for pack_request in requests:
        latest.setdefault(pack_request.meeting_date, pack_request)
    return [PackToMake(meeting, pack_request) for meeting, pack_request in sorted(latest.items())]


def packs_to_make_panel(request):
    """Board administrators: the board packs still to make for the meetings known from today on."""
    if not has_permission(request.user, Permission.GENERATE_BOARD_PACK):
        return None
    try:
        plan = viewed_plan(request)
    except Http404:
        return None
    if plan.is_read_only:
        return None  # a closed plan's packs are made: nothing is made for it now
    return {"packs": packs_to_make(plan, site_today())}
