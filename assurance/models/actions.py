"""One action tracker: actions from audits, reviews, meetings, scorecard exceptions, project updates and
board challenge, with their progress notes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.dates import today as site_today
from core.history import HistoricalRecords
from indicators.models import Indicator
from plans.models import Officer, Project

from ..rules import action_is_overdue, action_overdue_q
from .audits import Audit
from .meetings import Meeting
from .reviews import Recommendation, Review


class ActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(action_overdue_q(today or site_today()))

    def open(self):
        return self.exclude(status__in=[Action.Status.DONE, Action.Status.DROPPED])


class Action(models.Model):
    class Source(models.TextChoices):
        AUDIT = "audit", "Audit"
        REVIEW = "review", "Case review"
        MEETING = "meeting", "Meeting"
        EXCEPTION = "exception", "Scorecard exception"
        PROJECT = "project", "Project update"
        CHALLENGE = "challenge", "Board challenge"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    title = models.CharField(max_length=255)
    source = models.CharField(max_length=20, choices=Source.choices)
    finding = models.TextField(blank=True, help_text="The finding, recommendation or challenge the action answers.")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="actions",
        help_text="The learning matrix's recommendation this action answers, if any.",
    )  # fmt: skip
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    owner = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="actions", help_text="The officer who answers for it."
    )
    due = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(blank=True, help_text="The evidence that the action is done and made a difference.")
    created_on = models.DateField(default=site_today, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "title"]

    def __str__(self):
        return f"{self.title} (due {self.due:%d %b %Y}, {self.get_status_display().lower()})"

    SOURCE_FIELDS = {Source.AUDIT: "audit", Source.REVIEW: "review", Source.MEETING: "meeting",
                     Source.PROJECT: "project", Source.EXCEPTION: "indicator"}  # fmt: skip

    def clean(self):
        errors = {}
        created = self.created_on or site_today()
        if self.due and self.due < created:
            errors["due"] = f"The due date cannot be before the action was raised ({created:%d %B %Y})."
        field = self.SOURCE_FIELDS.get(self.source)
        if field and getattr(self, f"{field}_id") is None:
            errors[field] = f"Name the {self._meta.get_field(field).verbose_name} this action comes from."
        if errors:
            raise ValidationError(errors)

    @property
    def agency(self):
        return self.owner.agency if self.owner_id else None

    @property
    def is_overdue(self):
        return action_is_overdue(self.due, self.status, site_today())

    @property
    def source_object(self):
        field = self.SOURCE_FIELDS.get(self.source)
        return getattr(self, field) if field else None


class ActionUpdate(models.Model):
    """A progress note on an action, with the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_updates")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    note = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Update on {self.action.title} by {self.author}: {self.get_status_display()}"
