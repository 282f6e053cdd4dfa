"""The lead board's review of an indicator: its commentary, and the points where its process changed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from core.history import HistoricalRecords
from plans.models import Project

from ..periods import DateRange
from .base import PeriodModel, period_check
from .indicator import Indicator

STORY_MAX_CHARS = 4000
ACTIONS_MAX_CHARS = 2000
PARTNERS_MAX_CHARS = 2000
WHAT_WORKS_MAX_CHARS = 2000


def too_long_message(limit):
    """The message beside a field of at most `limit` characters, filled in by Django's length validators."""
    return f"Keep this to {limit:,} characters or fewer: it has %(show_value)s characters."


def _shorter_than(limit):
    return [MaxLengthValidator(limit, message=too_long_message(limit))]


def _not_too_long(field, limit, words):
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=f"%(app_label)s_%(class)s_{field}_not_too_long",
        violation_error_message=f"{words} can be at most {limit:,} characters.",
    )


class Commentary(PeriodModel):
    """The lead board's turn-the-curve commentary on a figure, in the Outcomes-Based Accountability order:
    the story behind the baseline (`story`), the partners with a role to play, what works, and the action
    plan (`actions`, with the business-plan projects it runs through). Every edit is kept in its history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commentaries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    story = models.TextField(
        max_length=STORY_MAX_CHARS,
        validators=_shorter_than(STORY_MAX_CHARS),
        help_text=f"The story behind the figure, in up to {STORY_MAX_CHARS:,} characters.",
    )
    partners = models.TextField(
        "partners with a role to play",
        max_length=PARTNERS_MAX_CHARS,
        validators=_shorter_than(PARTNERS_MAX_CHARS),
        blank=True,
        help_text=f"Who has a role in turning the curve, in up to {PARTNERS_MAX_CHARS:,} characters.",
    )
    what_works = models.TextField(
        "what works",
        max_length=WHAT_WORKS_MAX_CHARS,
        validators=_shorter_than(WHAT_WORKS_MAX_CHARS),
        blank=True,
        help_text=(
            f"What works to turn the curve (evidence, practice elsewhere, low-cost ideas), in up to "
            f"{WHAT_WORKS_MAX_CHARS:,} characters."
        ),
    )
    actions = models.TextField(
        max_length=ACTIONS_MAX_CHARS,
        validators=_shorter_than(ACTIONS_MAX_CHARS),
        blank=True,
        help_text=f"What is being done about it, in up to {ACTIONS_MAX_CHARS:,} characters.",
    )
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="commentaries",
        help_text="Business-plan projects of the indicator's plan that the action plan runs through.",
    )
    is_public = models.BooleanField(
        "publish on the public scorecard",
        default=False,
        help_text=(
            "Commentary is internal unless this is ticked. The small-number rules cannot read words: tick it "
            "only when the text gives no number of children from 1 to 5."
        ),
    )

    history = HistoricalRecords()  # the text of every version; the linked projects are kept as they are now

    class Meta:
        ordering = ["indicator__sort_key", "-period_start", "-created_at", "-id"]
        verbose_name_plural = "commentaries"
        constraints = [
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("story"), STORY_MAX_CHARS),
                name="%(app_label)s_%(class)s_story_not_too_long",
                violation_error_message=f"The story can be at most {STORY_MAX_CHARS:,} characters.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("actions"), ACTIONS_MAX_CHARS),
                name="%(app_label)s_%(class)s_actions_not_too_long",
                violation_error_message=f"What is being done can be at most {ACTIONS_MAX_CHARS:,} characters.",
            ),
            _not_too_long("partners", PARTNERS_MAX_CHARS, "The partners"),
            _not_too_long("what_works", WHAT_WORKS_MAX_CHARS, "What works"),
        ]

    def __str__(self):
        return f"Commentary on {self.indicator.number}, {self.period.label}"


class ProcessChange(models.Model):
    """A point where the process behind an indicator changed; control limits are recomputed from here."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="process_changes")
    period_start = models.DateField(help_text="First day of the first period under the new process.")
    reason = models.TextField(help_text="What changed (a new system, a new definition, a new service).")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator__sort_key", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message="A process change is already marked at this period.",
            ),
        ]

    def __str__(self):
        return f"Process change for {self.indicator.number} from {self.period_start:%B %Y}"

    def clean(self):
        super().clean()
        if self.indicator_id and self.period_start:
            allowed = DateRange.of_plan(self.indicator.plan)
            if self.period_start not in allowed:
                raise ValidationError({"period_start": allowed.date_error()})
