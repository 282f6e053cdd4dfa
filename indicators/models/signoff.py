"""Sign-off: a period locked by the board, and the record of every lock and unlock."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .base import PeriodModel, period_check


class PeriodLocked(ValidationError):
    """A write to a value in a signed-off (locked) period."""


class PeriodLockQuerySet(models.QuerySet):
    def covering(self, obj):
        """Locks whose period contains the period of `obj` (anything with period_start and period_end)."""
        return self.filter(period_start__lte=obj.period_start, period_end__gte=obj.period_end)


class PeriodLock(PeriodModel):
    """A reporting period signed off by the board: values inside it read only everywhere."""

    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodLockQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message="This period is already locked.",
            ),
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
        ]

    def __str__(self):
        return f"{self.period.label}, locked {self.locked_at:%d %b %Y}"


class SignOffEvent(PeriodModel):
    """The record of every lock and unlock, with who, when and (for an unlock) why."""

    class Action(models.TextChoices):
        LOCKED = "locked", "Locked"
        UNLOCKED = "unlocked", "Unlocked"

    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="unlocked") | ~Q(reason=""),
                name="%(app_label)s_%(class)s_unlock_has_reason",
                violation_error_message="Unlocking a period needs a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.period.label} on {self.at:%d %b %Y}"
