"""Email each lead officer a digest of their activities due within 14 days and those overdue.

Run once a day from a scheduler, for example cron:

    15 7 * * *  cd /srv/sscb && .venv/bin/python manage.py send_reminders

An officer with nothing due gets nothing; the same digest is never sent twice in a day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from core.dates import today as site_today
from plans.reminders import send_digests


class Command(BaseCommand):
    help = "Email lead officers their activities due within 14 days and overdue (once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Say who would be emailed; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = site_today()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a date such as 2018-06-15; got {date!r}.") from None
        sent, skipped = send_digests(today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for digest in sent:
            self.stdout.write(
                f"{verb} to {digest.officer.name} <{digest.officer.email}>: "
                f"{len(digest.overdue)} overdue, {len(digest.due_soon)} due soon"
            )
        for digest in skipped:
            self.stdout.write(f"Already sent today to {digest.officer.name}; not sent again.")
        self.stdout.write(f"{verb} {len(sent)} digest(s) for {today:%d %B %Y}; {len(skipped)} already sent today.")
