"""The risk register: risks to the plan's delivery and to children's safety, scored 1 to 5 each way."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.dates import today as site_today
from core.history import HistoricalRecords
from indicators.models import Indicator
from plans.models import Officer, Project

from ..rules import band, score

ONE_TO_TWENTY_FIVE = [
    MinValueValidator(1, "A score runs from 1 to 25."),
    MaxValueValidator(25, "A score runs from 1 to 25."),
]
ONE_TO_FIVE = [MinValueValidator(1, "Score from 1 to 5."), MaxValueValidator(5, "Score from 1 to 5.")]


def _one_to_five(field, nullable=False):
    condition = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{field}_1_to_5")


class RiskQuerySet(models.QuerySet):
    def review_overdue(self, today=None):
        return self.filter(is_open=True, review_on__lt=today or site_today())


class Risk(models.Model):
    title = models.CharField(max_length=255)
    owner = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="risks")
    cause = models.TextField()
    effect = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE, help_text="1 (rare) to 5 (almost certain).")
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE, help_text="1 (negligible) to 5 (severe).")
    controls = models.TextField(blank=True, help_text="What is in place to reduce the risk.")
    residual_likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=ONE_TO_FIVE, help_text="With the controls in place, 1 to 5."
    )
    residual_impact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=ONE_TO_FIVE, help_text="With the controls in place, 1 to 5."
    )
    target_score = models.PositiveSmallIntegerField(
        null=True, blank=True,
        validators=ONE_TO_TWENTY_FIVE,
        help_text="The score the board aims for (likelihood x impact, 1 to 25).",
    )  # fmt: skip
    review_on = models.DateField(help_text="When the owner next reviews the risk.")
    is_open = models.BooleanField(default=True, help_text="Untick when the risk is closed.")
    projects = models.ManyToManyField(Project, blank=True, related_name="risks")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="risks")

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            _one_to_five("likelihood"),
            _one_to_five("impact"),
            _one_to_five("residual_likelihood", nullable=True),
            _one_to_five("residual_impact", nullable=True),
            models.CheckConstraint(
                condition=Q(target_score__isnull=True) | Q(target_score__gte=1, target_score__lte=25),
                name="%(app_label)s_%(class)s_target_1_to_25",
            ),
        ]

    def __str__(self):
        return f"{self.title} (score {self.score})"

    @property
    def score(self):
        return score(self.likelihood, self.impact)

    @property
    def residual_score(self):
        return score(self.residual_likelihood, self.residual_impact)

    @property
    def band(self):
        return band(self.score)

    @property
    def review_is_overdue(self):
        return self.is_open and self.review_on is not None and self.review_on < site_today()
