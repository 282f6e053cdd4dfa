"""Writes to the scorecard that touch several rows. Views call these; they never write directly."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import PeriodLock, SignOffEvent


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
