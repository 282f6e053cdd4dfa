"""Indicator pages made ahead: after new figures, the background worker makes what each indicator page keeps.

A write of figures replaces the scorecard's data version (indicators.datacache), and with it everything an
indicator page keeps: its SPC rows and chart, its tables and commentary (core.datacache.cached, shared) and the
kept fragments of indicators/indicator_detail.html. The first person to open each page would otherwise make them
again: about 25 ms a page against 7.5 ms once they are made (the demo data, SQLite, a new process). So every write
of figures (the values service, the demonstration data) queues make_pages_ahead() once it is committed, and the
task worker reads each indicator page of the current plan as a reader would, through the page's own view: what it
makes is exactly what the page keeps, under the same keys, and a figure written meanwhile replaces the version, so
nothing made under the old one is ever shown.

- It stops as soon as the data changes under it: the write that changed it has queued another run.
- It does nothing when the pages of the current data are already made (a run queued by each of several writes).
- What it makes is kept in the folder the processes of one machine share (core.cache): a worker makes the pages
  ahead for the web processes of its own machine. Elsewhere the first reader makes them, as before.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django_tasks.backends.immediate import ImmediateBackend

from core.permissions import VIEWER, holding_roles
from plans.models import Plan

from . import datacache
from .listing import listed_indicators

logger = logging.getLogger(__name__)

MADE = "indicators:pages-made-ahead"  # the data version whose pages were made last, and the plan's id


def request_pages_ahead():
    """Queue make_pages_ahead() for when the open transaction commits (at once, outside one).

    A failure to queue is logged and the write stands: the pages are then made by their first readers. So they
    are where no worker runs the tasks apart (DJANGO_TASKS_BACKEND naming the immediate backend, which runs a
    task inside the request that queues it): a person saving a figure is not held while every page is made.
    """
    from .tasks import make_indicator_pages_ahead

    if isinstance(make_indicator_pages_ahead.get_backend(), ImmediateBackend):
        return
    transaction.on_commit(make_indicator_pages_ahead.enqueue, robust=True)


def make_pages_ahead():
    """Read each indicator page of the current plan as a reader would, so that what it keeps is made.

    Returns how many pages were made: 0 if there is no current plan or they are made already.
    """
    from .views.scorecard import indicator_detail

    plan = Plan.objects.current()
    if plan is None:
        return 0
    version = datacache.data_version()
    if cache.get(MADE) == (version, plan.pk):
        return 0
    reader = _reader()
    made = 0
    for indicator in listed_indicators(plan):
        number = indicator.number
        if datacache.data_version() != version:
            return made  # newer figures: the write that made them has queued another run
        response = indicator_detail(_request(reverse("indicators:indicator", args=[number]), reader), number=number)
        if response.status_code != 200:  # pragma: no cover - the page answers 200 for any indicator of the plan
            logger.warning("Indicator %s's page answered %s while made ahead", number, response.status_code)
            continue
        made += 1
    cache.set(MADE, (version, plan.pk), None)
    return made


def _reader():
    """A signed-in person in the viewer role alone, held in memory only: the pages' kept parts are the same for
    every reader, and a viewer is shown no form."""
    return holding_roles(get_user_model()(username="pages-made-ahead", is_active=True), VIEWER)


def _request(path, user):
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    host = next((name.lstrip(".") for name in settings.ALLOWED_HOSTS if name not in ("*", "")), "localhost")
    request.META = {"SERVER_NAME": host, "SERVER_PORT": "443", "HTTP_HOST": host}
    request.user = user
    return request
