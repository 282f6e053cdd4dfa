"""Ask lead boards for commentary on their exceptions, and email the members not yet asked.

Safe to run as often as wanted; run it once a day from a scheduler, for example cron:

    30 7 * * *  cd /srv/sscb && .venv/bin/python manage.py request_commentary

A figure that goes missing after its data deadline makes an exception with no value written, so only a
daily run finds it. Values written in the browser, by import or in the admin also queue a run for their
indicators (indicators.tasks.request_commentary_for). The rules are in indicators/curve.py.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from core.dates import today as site_today
from indicators.actions import request_commentary
from indicators.commentary_emails import send_commentary_requests


class Command(BaseCommand):
    help = "Ask lead boards for commentary on the scorecard's exceptions, and email their members (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--origin", default="", help="The site's address, for links in the emails.")

    def handle(self, *args, date=None, origin="", **options):
        today = site_today()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a date such as 2019-04-01; got {date!r}.") from None
        created = request_commentary(today=today)
        for request in created:
            self.stdout.write(
                f"Asked the {request.board} for commentary on {request.indicator.number}, "
                f"{request.period.label}, due {request.due_on:%-d %B %Y}"
            )
        sent = send_commentary_requests(today=today, origin=origin.rstrip("/"))
        self.stdout.write(f"{len(created)} request(s) made and {len(sent)} email(s) sent for {today:%-d %B %Y}.")
