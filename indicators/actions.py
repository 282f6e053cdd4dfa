"""Writes to the scorecard that touch several rows. Views call these; they never write directly."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.dates import today as site_today
from plans.models import Plan

from . import curve
from .listing import listed_indicators
from .models import Commentary, CommentaryRequest, PeriodLock, SignOffEvent
from .scorecard import build_scorecard, latest_month_with_data


def lock_period(*, period, user):
    """Sign off a period: what it froze (values/locks.py) becomes read only. Recorded as a SignOffEvent."""
    try:
        with transaction.atomic():
            lock = PeriodLock.objects.create(period_start=period.start, period_end=period.end, locked_by=user)
            SignOffEvent.objects.create(
                period_start=period.start, period_end=period.end, action=SignOffEvent.Action.LOCKED, user=user
            )
    except IntegrityError:
        raise ValidationError(f"{period.label} is already locked.") from None
    return lock


def unlock_period(*, period, user, reason):
    """Reopen a signed-off period. A reason is required and recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for unlocking the period.")
    with transaction.atomic():
        deleted, _ = PeriodLock.objects.filter(period_start=period.start, period_end=period.end).delete()
        if not deleted:
            raise ValidationError(f"{period.label} is not locked.")
        return SignOffEvent.objects.create(
            period_start=period.start,
            period_end=period.end,
            action=SignOffEvent.Action.UNLOCKED,
            user=user,
            reason=reason,
        )


# --------------------------------------------------------------------------- turning the curve


def request_commentary(*, indicator_ids=None, today=None):
    """Ask each exception's lead board for commentary (indicators/curve.py): the requests made now.

    Reads the current plan's scorecard as the exception report shows it by default (up to the latest
    month with data), for every indicator or only `indicator_ids`. Safe to run again: a request already
    made for an indicator and period is left as it is.
    """
    today = today or site_today()
    plan = Plan.objects.current()
    if plan is None:
        return []
    indicators = listed_indicators(plan, indicator_ids)
    card = build_scorecard(indicators, as_at=latest_month_with_data(plan), today=today)
    wanted = {}
    for row in card.rows:
        period = curve.exception_period(row)
        if period is not None:
            wanted[row.indicator.pk, period.start, period.end] = (row, period)
    if not wanted:
        return []
    made = set(
        CommentaryRequest.objects.filter(
            indicator_id__in={key[0] for key in wanted}, period_start__in={key[1] for key in wanted}
        ).values_list("indicator_id", "period_start", "period_end")
    )
    meetings = curve.known_meetings(plan, today)
    created = []
    for key, (row, period) in wanted.items():
        if key in made:
            continue
        try:
            with transaction.atomic():
                created.append(
                    CommentaryRequest.objects.create(
                        indicator=row.indicator,
                        period_start=period.start,
                        period_end=period.end,
                        board=row.indicator.lead_board,
                        reasons="; ".join(row.reasons)[:500],
                        due_on=curve.due_date(period, today=today, deadline_days=row.deadline_days, meetings=meetings),
                    )
                )
        except IntegrityError:
            continue  # made at the same moment by another run
    return created


class CommentaryConflict(Exception):
    """The commentary changed since the page being saved was drawn: who changed it, and when."""

    def __init__(self, latest):
        self.latest = latest
        who = latest.history_user
        self.who = (who.get_full_name() or who.get_username()) if who else "someone"
        self.when = latest.history_date
        super().__init__(self.message)

    @property
    def message(self):
        return (
            f"{self.who} changed this commentary at {timezone.localtime(self.when):%-d %B %Y %H:%M} since this page "
            "was opened. Nothing was saved; your text is kept below: save again to replace theirs with yours "
            "(both stay in its history)."
        )


def latest_version(commentary):
    """The newest history row of a saved commentary (None for an unsaved one)."""
    if commentary.pk is None:
        return None
    return commentary.history.order_by("-history_date", "-history_id").first()


def save_commentary(*, commentary, user, projects=None, seen_version=None):
    """Write a commentary (new or edited) as one version by `user`, with its projects.

    For an edit, `seen_version` is the history id of the version the person's page showed: if the
    commentary changed since, nothing is saved and CommentaryConflict says who changed it.
    """
    with transaction.atomic():
        if commentary.pk is not None:
            Commentary.objects.select_for_update().filter(pk=commentary.pk).first()
            latest = latest_version(commentary)
            if latest is not None and str(latest.history_id) != str(seen_version or ""):
                raise CommentaryConflict(latest)
        else:
            commentary.author = user
        commentary._history_user = user
        commentary.save()
        if projects is not None:
            commentary.projects.set(projects)
    return commentary
