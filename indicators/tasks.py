"""Work done in the background by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .actions import request_commentary
from .ahead import make_pages_ahead, request_pages_ahead
from .commentary_emails import send_commentary_requests


@task()
def request_commentary_for(indicator_ids):
    """After values are written: ask for commentary on any new exception among these indicators, and email it.

    Returns the number of requests made.
    """
    created = request_commentary(indicator_ids=indicator_ids)
    if created:
        send_commentary_requests()
        request_pages_ahead()  # the requests show on the indicator pages: made ahead again
    return len(created)


@task()
def make_indicator_pages_ahead():
    """After new figures: make what each indicator page of the current plan keeps (indicators.ahead).

    Returns the number of pages made.
    """
    return make_pages_ahead()
