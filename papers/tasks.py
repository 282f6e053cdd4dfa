"""Work done in the background by the task worker (`manage.py db_worker`)."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import BoardPackRequest
from .pack import generate_board_pack

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "The pack could not be made: {reason}. Nothing was stored; try again, or tell the site's administrators."
)


@task()
def make_board_pack(request_id):
    """Make the pack a BoardPackRequest asks for, and record how it went. Returns the pack's id, or None."""
    with transaction.atomic():
        request = BoardPackRequest.objects.select_for_update().get(pk=request_id)
        if request.state != BoardPackRequest.State.QUEUED:
            return request.pack_id  # already taken by another worker, or finished
        request.state = BoardPackRequest.State.IN_PROGRESS
        request.started_at = timezone.now()
        request.save(update_fields=["state", "started_at"])
    try:
        pack = generate_board_pack(
            plan=request.plan,
            meeting_date=request.meeting_date,
            as_at=request.reporting_period,
            progress_as_at=request.progress_as_at,
            user=request.requested_by,
            origin=request.origin,
            meeting=request.meeting,
        )
    except Exception as error:
        logger.exception("Board pack request %s failed", request_id)
        request.state = BoardPackRequest.State.FAILED
        request.error = FAILED_MESSAGE.format(reason=_reason(error))
        request.finished_at = timezone.now()
        request.save(update_fields=["state", "error", "finished_at"])
        return None
    request.state = BoardPackRequest.State.READY
    request.pack = pack
    request.finished_at = timezone.now()
    request.save(update_fields=["state", "pack", "finished_at"])
    return pack.pk


def _reason(error):
    """A reason a reader can act on: the message of an error we raise ourselves, a general one otherwise."""
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return f"an unexpected error ({type(error).__name__}) happened while it was being made"
