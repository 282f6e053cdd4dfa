"""Daily reminder digests: each lead officer's activities due within 14 days and those overdue."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from core.dates import today as site_today

from .models import Activity, Officer, Plan, ReminderLog

DUE_WITHIN_DAYS = 14

_item_sources = []


def register_digest_items(source):
    """Add what an app above plans reminds an officer of: `source(officer, today, days)` returns a list of
    one-line texts ("Overdue action: ..."), empty when there is nothing. assurance registers its actions."""
    if source not in _item_sources:
        _item_sources.append(source)


@dataclass
class Digest:
    officer: Officer
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    other: list = field(default_factory=list)  # lines from the apps that register_digest_items()

    @property
    def is_empty(self):
        return not (self.due_soon or self.overdue or self.other)

    def fingerprint(self):
        """Changes whenever what the digest says changes (an activity added, completed or re-dated)."""
        parts = [
            f"{kind}:{a.pk}:{a.current_due}:{a.status}"
            for kind, items in (("s", self.due_soon), ("o", self.overdue))
            for a in items
        ]
        return hashlib.sha256("|".join([*parts, *self.other]).encode()).hexdigest()


def build_digests(today, days=DUE_WITHIN_DAYS):
    """One digest per officer with an email address and something due soon or overdue in the current plan."""
    plan = Plan.objects.current()
    if plan is None:
        return []
    # The current plan's work is judged at its judging date: past the end of its year, what was overdue then,
    # and nothing is "due soon" any more.
    judged_on = plan.judged_on(today)
    officers = Officer.objects.exclude(email="").order_by("name")
    digests = []
    for officer in officers:
        mine = (
            Activity.objects.filter(project__plan=plan, project__lead_officers=officer)
            .select_related("project")
            .distinct()
        )
        digest = Digest(
            officer=officer,
            due_soon=list(mine.due_soon(today, days).order_by("project__sort_key", "order"))
            if judged_on == today
            else [],
            overdue=list(mine.overdue(judged_on).order_by("project__sort_key", "order")),
            other=[line for source in _item_sources for line in source(officer, today, days)],
        )
        if not digest.is_empty:
            digests.append(digest)
    return digests


def send_digests(today=None, dry_run=False):
    """Send today's digests; a digest already sent today is not sent again. Returns (sent, skipped)."""
    today = today or site_today()
    sent, skipped = [], []
    for digest in build_digests(today):
        fingerprint = digest.fingerprint()
        if ReminderLog.objects.filter(officer=digest.officer, sent_on=today, digest=fingerprint).exists():
            skipped.append(digest)
            continue
        if dry_run:
            sent.append(digest)
            continue
        context = {"digest": digest, "today": today, "days": DUE_WITHIN_DAYS}
        try:
            with transaction.atomic():
                # The log row is written first: if another run got here first, the unique constraint stops us.
                ReminderLog.objects.create(officer=digest.officer, sent_on=today, digest=fingerprint)
                send_mail(
                    subject=render_to_string("plans/email/reminder_subject.txt", context).strip(),
                    message=render_to_string("plans/email/reminder.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[digest.officer.email],
                )
        except IntegrityError:
            skipped.append(digest)
            continue
        sent.append(digest)
    return sent, skipped
