"""An indicator's figures: its values (overall and by category), its targets and its comparators."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.history import HistoricalRecords

from ..periods import ACADEMIC_YEAR, ANNUAL, CALENDAR_YEAR, KINDS, Period, target_frequency
from .base import PeriodModel, period_check
from .indicator import BreakdownCategory, Indicator
from .signoff import PeriodLock, PeriodLocked


class IndicatorValue(PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    category = models.ForeignKey(
        BreakdownCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        help_text="Blank for the indicator's overall figure; one of its breakdown's categories otherwise.",
    )
    value = models.DecimalField(max_digits=14, decimal_places=3)
    numerator = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.TextField(blank=True)
    is_provisional = models.BooleanField(
        "provisional",
        default=False,
        help_text="Tick while the figure may still be revised (a first count before the final return); untick "
        "when it is final.",
    )
    is_demo = models.BooleanField(default=False, help_text="Generated demonstration data, not real figures.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__sort_key", "period_start", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "category"],
                condition=Q(category__isnull=False),
                name="%(app_label)s_%(class)s_one_per_period_category",
                violation_error_message="This indicator already has a value for this period and category.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=Q(category__isnull=True),
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message="This indicator already has a value for this period.",
            ),
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message="A value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="%(app_label)s_%(class)s_denominator_positive",
                violation_error_message="A denominator must be greater than zero.",
            ),
        ]

    def __str__(self):
        label = f" – {self.category.name}" if self.category_id else ""
        status = " (provisional)" if self.is_provisional else ""
        return (
            f"{self.indicator.number}{label}, {self.period_start:%b %Y}–{self.period_end:%b %Y}: {self.value}{status}"
        )

    def save(self, *args, **kwargs):
        self.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_locked()
        return super().delete(*args, **kwargs)

    def refuse_if_locked(self):
        """A signed-off period's values are read only, whatever writes them (a page, the import, the admin)."""
        if PeriodLock.objects.covering(self).exists():
            raise PeriodLocked(f"{self.period.label} has been signed off and locked; its values cannot change.")

    def clean(self):
        super().clean()
        errors = {}
        if self.indicator_id:
            errors.update(self.indicator.validate_figure(self.value))
            if self.category_id:
                if self.indicator.breakdown_id is None:
                    errors["category"] = f"Indicator {self.indicator.number} has no breakdown by category."
                elif self.category.breakdown_id != self.indicator.breakdown_id:
                    errors["category"] = (
                        f"{self.category.name} is not a category of indicator {self.indicator.number}'s "
                        f"breakdown ({self.indicator.breakdown.name})."
                    )
        if self.period_start and self.period_end and self.indicator_id:
            frequency = self.indicator.frequency
            try:
                fits = Period(self.period_start, self.period_end).fits(frequency)
            except ValueError:
                fits = True  # the period_end check constraint reports this one
            if not fits:
                kind = KINDS.get(frequency)
                reported = kind.reported if kind else frequency
                errors["period_start"] = (
                    f"Indicator {self.indicator.number} is reported {reported}: the period must be one whole "
                    f"{kind.noun.split(' ', 1)[1] if kind else 'such period'}."
                )
        if self.numerator is not None and self.numerator < 0:
            errors["numerator"] = "A numerator cannot be negative."
        if self.denominator is not None and self.denominator <= 0:
            errors["denominator"] = "A denominator must be greater than zero."
        if errors:
            raise ValidationError(errors)


TARGET_YEARS = {
    ANNUAL: "A target covers one financial year: 1 April to 31 March.",
    ACADEMIC_YEAR: "A target for this indicator covers one academic year: 1 September to 31 August.",
    CALENDAR_YEAR: "A target for this indicator covers one calendar year: 1 January to 31 December.",
}
"""The year a target must cover, by periods.target_frequency of its indicator's frequency."""


class Target(PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(max_digits=14, decimal_places=3)
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        default=Decimal("0"),
        help_text="How far from the target, in the indicator's own unit, still counts as amber rather than red.",
    )
    note = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text="Generated demonstration data, not real figures.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__sort_key", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message="This indicator already has a target for this period.",
            ),
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0),
                name="%(app_label)s_%(class)s_tolerance_not_negative",
                violation_error_message="A tolerance cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"Target for {self.indicator.number}, {self.period_start:%b %Y}–{self.period_end:%b %Y}: {self.value}"

    def clean(self):
        super().clean()
        errors = {}
        if self.indicator_id:
            errors.update(self.indicator.validate_figure(self.value))
        has_period = self.period_start and self.period_end and self.period_end > self.period_start
        year = target_frequency(self.indicator.frequency if self.indicator_id else ANNUAL)
        if has_period and Period(self.period_start, self.period_end).frequency != year:
            errors["period_start"] = TARGET_YEARS[year]
        if errors:
            raise ValidationError(errors)


class Comparator(PeriodModel):
    """A benchmark figure for the same indicator and period: England, the region, statistical neighbours."""

    class Area(models.TextChoices):
        ENGLAND = "england", "England"
        NORTH_EAST = "north_east", "North East region"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours (average)"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="comparators")
    area = models.CharField(max_length=30, choices=Area.choices)
    value = models.DecimalField(max_digits=14, decimal_places=3)
    source = models.CharField(max_length=255, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Generated demonstration data, not real figures.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__sort_key", "period_start", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "area"],
                name="%(app_label)s_%(class)s_one_per_area",
                violation_error_message="This indicator already has a comparator for this area and period.",
            ),
            period_check("%(app_label)s_%(class)s_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message="A comparator cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()} for {self.indicator.number}, {self.period.label}: {self.value}"

    def clean(self):
        super().clean()
        if self.indicator_id:
            errors = self.indicator.validate_figure(self.value)
            if errors:
                raise ValidationError(errors)


def demo_data_exists():
    """Whether any demonstration value, target or comparator is stored: one query, stopping at the first."""
    first, *rest = (model.objects.filter(is_demo=True).values("pk") for model in (IndicatorValue, Target, Comparator))
    return first.union(*rest, all=True).exists()
