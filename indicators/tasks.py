"""Work done in the background by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .actions import request_commentary
from .commentary_emails import send_commentary_requests


@task()
def request_commentary_for(indicator_ids):
    """After values are written: ask for commentary on any new exception among these indicators, and email it.

    Returns the number of requests made.
    """
    created = request_commentary(indicator_ids=indicator_ids)
    if created:
        send_commentary_requests()
    return len(created)
