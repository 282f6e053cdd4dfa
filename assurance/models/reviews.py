"""Case reviews and the learning and improvement matrix.

A review carries only the anonymised name it is published under ("Young Person Mark"): no field asks for a
child's real name or any detail that identifies a child or family. Every recommendation, from a review, an
audit, an inspection or a board challenge, is a row of the learning matrix with its owner, its actions and the
evidence of its impact.
"""

from django.core.exceptions import ValidationError
from django.db import models

from core.history import HistoricalRecords
from indicators.models import Indicator
from plans.models import Officer

from .audits import Audit

ANONYMISED_HELP = (
    "Only the anonymised name the review is published under, such as Young Person Mark. "
    "Never a child's real name or any detail that identifies a child or family."
)


class ReviewManager(models.Manager):
    def get_by_natural_key(self, published_name):
        return self.get(published_name=published_name)


class Review(models.Model):
    class Kind(models.TextChoices):
        SCR = "scr", "Serious case review"
        RAPID = "rapid", "Rapid review"
        LCSPR = "lcspr", "Local child safeguarding practice review"
        LEARNING = "learning", "Learning review"

    class Status(models.TextChoices):
        COMMISSIONED = "commissioned", "Commissioned"
        IN_PROGRESS = "in_progress", "In progress"
        DRAFT = "draft", "Draft report"
        COMPLETED = "completed", "Completed"
        APPROVED = "approved", "Approved by the board"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_name = models.CharField("anonymised name", max_length=120, unique=True, help_text=ANONYMISED_HELP)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.COMMISSIONED)
    commissioned_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    learning_briefing = models.TextField(
        blank=True, help_text="The learning briefing for practitioners, in the anonymised terms of the report."
    )
    embedding_evidence = models.TextField(
        "evidence the learning is embedded",
        blank=True,
        help_text="Linked audits, indicators and training that show the learning is embedded.",
    )
    audits = models.ManyToManyField(
        Audit, blank=True, related_name="reviews", help_text="Audits that test the learning."
    )
    indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="reviews",
        help_text="Scorecard indicators that would show the learning taking hold.",
    )
    training = models.TextField(
        "training on the learning",
        blank=True,
        help_text="Training delivered on the learning: courses or briefings, when, and how many practitioners "
        "from which agencies. No names or details of a child or family.",
    )

    objects = ReviewManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-commissioned_on", "published_name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.published_name}"

    def natural_key(self):
        return (self.published_name,)

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_on:
            raise ValidationError({"published_on": "Give the day a published review was published."})


class Recommendation(models.Model):
    """One row of the learning and improvement matrix."""

    class Source(models.TextChoices):
        REVIEW = "review", "Case review"
        AUDIT = "audit", "Audit"
        INSPECTION = "inspection", "Inspection"
        CHALLENGE = "challenge", "Board challenge"

    source = models.CharField(max_length=20, choices=Source.choices)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations")
    source_detail = models.CharField(
        max_length=255, blank=True, help_text="For an inspection or a challenge: which one, and when."
    )
    text = models.TextField("recommendation")
    owner = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="recommendations")
    evidence_of_impact = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "pk"]

    def __str__(self):
        return f"Recommendation from {self.source_name}: {self.text[:60]}"

    @property
    def source_name(self):
        return str(self.review or self.audit or self.source_detail or self.get_source_display())

    def clean(self):
        if self.source == self.Source.REVIEW and not self.review_id:
            raise ValidationError({"review": "Name the review this recommendation comes from."})
        if self.source == self.Source.AUDIT and not self.audit_id:
            raise ValidationError({"audit": "Name the audit this recommendation comes from."})
