"""Writes of the board papers that span models (views and commands call these)."""

from django.db import transaction

from .models import BoardPackRequest
from .tasks import make_board_pack


def request_board_pack(*, plan, meeting_date, as_at, user, origin="", progress_as_at=None, meeting=None):
    """Record a request for a pack and queue it for the worker; returns the BoardPackRequest at once.

    `progress_as_at` is the cut-off date for plan progress (papers.forms); None means the day it is made.
    `meeting` is the recorded assurance.Meeting the pack belongs to, held on `meeting_date` (or None).
    """
    with transaction.atomic():
        pack_request = BoardPackRequest.objects.create(
            plan=plan,
            meeting_date=meeting_date,
            reporting_period_start=as_at.start,
            reporting_period_end=as_at.end,
            progress_as_at=progress_as_at,
            requested_by=user,
            origin=origin[:200],
            meeting=meeting,
        )
        # Queued in the same transaction: the request and its task are stored together, or neither is.
        make_board_pack.enqueue(pack_request.pk)
    return pack_request
