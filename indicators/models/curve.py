"""Turning the curve: the lead board asked for commentary on an exception, and the emails that asked them.

A request is made once per indicator and period (indicators.actions.request_commentary) and is
fulfilled by any commentary written for that indicator and period: there is no link to keep in step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef

from core.history import HistoricalRecords
from plans.models import ProgrammeBoard

from .base import PeriodModel, period_check
from .indicator import Indicator
from .review import Commentary


class CommentaryRequestQuerySet(models.QuerySet):
    def with_fulfilment(self):
        """Each request with `is_fulfilled`: whether commentary has been written for its indicator and period."""
        written = Commentary.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            period_start=OuterRef("period_start"),
            period_end=OuterRef("period_end"),
        )
        return self.annotate(is_fulfilled=Exists(written))

    def open(self):
        """Requests with no commentary written for them yet."""
        return self.with_fulfilment().filter(is_fulfilled=False)

    def for_member(self, user):
        """Requests to the boards `user` sits on."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(board__members=user)


class CommentaryRequest(PeriodModel):
    """The lead board asked for commentary on an indicator that is an exception for a period, by a due date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commentary_requests")
    board = models.ForeignKey(
        ProgrammeBoard,
        on_delete=models.PROTECT,
        related_name="commentary_requests",
        help_text="The indicator's lead board when the request was made: its members are asked.",
    )
    reasons = models.CharField(
        max_length=500, blank=True, help_text="Why the indicator was an exception, as the exception report said."
    )
    due_on = models.DateField(
        help_text="Five working days before the next known board meeting, or a set time after the data deadline "
        "(indicators/curve.py)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentaryRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "indicator__sort_key"]
        constraints = [
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="%(app_label)s_%(class)s_one_per_indicator_and_period",
                violation_error_message="Commentary has already been asked for on this indicator and period.",
            ),
        ]

    def __str__(self):
        return f"Commentary on {self.indicator.number}, {self.period.label}, due {self.due_on:%-d %B %Y}"


class CommentaryRequestEmail(models.Model):
    """A request emailed to one member of the board, so that no one is asked twice for the same request."""

    request = models.ForeignKey(CommentaryRequest, on_delete=models.CASCADE, related_name="emails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(help_text="The address it was sent to.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="%(app_label)s_%(class)s_once_per_member"),
        ]

    def __str__(self):
        return f"{self.request} emailed to {self.email}"
