"""The scorecard's indicators under the strategic outcomes, and the breakdowns that split their figures."""

from decimal import Decimal

from django.db import models

from core.history import HistoricalRecords
from plans.models import (
    FocusArea,
    NumberedInParentsPlan,
    Plan,
    ProgrammeBoard,
    Project,
    ServicePriority,
    StrategicOutcome,
)

LISTING_FIELDS = {"plan", "plan_id", "number", "outcome", "outcome_id", "lead_board", "lead_board_id", "sort_key"}


class ListedIndicatorSaved(Exception):
    """An indicator read as a plan's scorecard lists it (indicators.listing) carries that plan's number,
    outcome and board in memory only: saving those would rewrite the measure's home listing."""


class BreakdownManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class BreakdownCategoryManager(models.Manager):
    def get_by_natural_key(self, breakdown_name, name):
        return self.get(breakdown__name=breakdown_name, name=name)


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, plan_code, number):
        return self.get(plan__code=plan_code, number=number)


class Breakdown(models.Model):
    """A way of splitting an indicator's figure, such as "Referral source" or "Gender"."""

    name = models.CharField(max_length=120, unique=True)

    objects = BreakdownManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class BreakdownCategory(models.Model):
    breakdown = models.ForeignKey(Breakdown, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)

    objects = BreakdownCategoryManager()

    class Meta:
        ordering = ["breakdown", "order"]
        verbose_name_plural = "breakdown categories"
        constraints = [
            models.UniqueConstraint(fields=["breakdown", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self):
        return f"{self.breakdown.name}: {self.name}"

    def natural_key(self):
        return (self.breakdown.name, self.name)

    natural_key.dependencies = ["indicators.breakdown"]


class Indicator(NumberedInParentsPlan):
    parent_field = "outcome"

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
        RATE_PER_1K = "rate_per_1k", "Rate per 1,000 children"
        RATE_PER_100K = "rate_per_100k", "Rate per 100,000 children"
        DAYS = "days", "Days"
        RATIO = "ratio", "Ratio"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
        LOWER_IS_BETTER = "lower_is_better", "Lower is better"
        NEITHER = "neither", "Neither"
        """Neither higher nor lower is better in itself: a measure of demand or activity."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        """By financial year, April to March."""
        ACADEMIC_YEAR = "academic_year", "Academic year"
        """September to August, as school figures are published."""
        CALENDAR_YEAR = "calendar_year", "Calendar year"
        """January to December."""
        TERMLY = "termly", "School term"
        """Autumn (September to December), Spring (January to April), Summer (May to August)."""

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="indicators",
        editable=False,
        help_text="Always the outcome's plan.",
    )
    number = models.CharField(
        max_length=10,
        help_text=(
            'As numbered in Appendix A: "1" to "68", "56a", "56b". This is the number in the plan it was last '
            "listed in; each plan's scorecard lists its own numbers."
        ),
    )
    code = models.SlugField(
        max_length=40,
        unique=True,
        blank=True,
        help_text=(
            'A code that never changes, whatever the indicator is numbered in later plans, such as "ind-56a". '
            "Imports may name the indicator by it. Left blank, it is made from the number."
        ),
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    title = models.TextField(help_text="As written in Appendix A of the adopted plan.")
    outcome = models.ForeignKey(StrategicOutcome, on_delete=models.PROTECT, related_name="indicators")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(
        max_length=20,
        choices=Polarity.choices,
        default=Polarity.NEITHER,
        help_text="Whether a higher figure is better, worse, or neither (a measure of demand).",
    )
    frequency = models.CharField(
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
        help_text=(
            "The periods the figure is published for: months, financial quarters, financial years (April to "
            "March), academic years (September to August), calendar years or school terms. Its targets cover "
            "a financial year, or an academic year (academic-year and termly indicators) or a calendar year."
        ),
    )
    data_deadline_days = models.PositiveSmallIntegerField(
        "data deadline (days)",
        null=True,
        blank=True,
        help_text=(
            "Days after a period ends by which its figure should be entered; after that a missing figure is an "
            "exception. Leave blank for the usual deadline of its frequency (shown below once saved): a few weeks "
            "for monthly and quarterly figures, about 9 months for annual figures published nationally."
        ),
    )
    lead_board = models.ForeignKey(
        ProgrammeBoard,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The programme board or group that leads the analysis of this indicator.",
    )
    service_priorities = models.ManyToManyField(ServicePriority, related_name="indicators", blank=True)
    focus_areas = models.ManyToManyField(FocusArea, related_name="indicators", blank=True)
    definition = models.TextField(blank=True, help_text="What is counted, and how.")
    source = models.CharField(max_length=255, blank=True, help_text="Where the figure comes from.")
    numerator_label = models.CharField(max_length=255, blank=True)
    denominator_label = models.CharField(max_length=255, blank=True)
    breakdown = models.ForeignKey(
        Breakdown,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="Set where the figure is reported by category (for example by referral source).",
    )
    projects = models.ManyToManyField(
        Project,
        related_name="indicators",
        blank=True,
        help_text="Business-plan projects that aim to move this indicator.",
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text=(
            "Show this indicator on the public scorecard (when publishing is switched on). Small numbers are "
            "suppressed there; only commentary marked for publication is shown."
        ),
    )
    publish_without_numerator = models.BooleanField(
        "publish without a numerator",
        default=False,
        help_text=(
            "On the public scorecard a percentage, rate or average whose numerator is not recorded is withheld, "
            "because it cannot be checked for small numbers. Tick this only when the figure cannot come from a "
            "few children whatever it is: a rate over the whole child population of the city, or a figure "
            "copied from national statistics that have already been suppressed."
        ),
    )
    total_group = models.CharField(
        "parts of one total",
        max_length=60,
        blank=True,
        help_text=(
            "Indicators that count the parts of one total share a name here (for example “Children missing” for "
            "children missing from home and looked after children missing). On the public scorecard, when one "
            "part is withheld for a period, the smallest other part is withheld too, so that the withheld count "
            "cannot be worked out by subtraction from the total. Leave blank for an indicator that stands alone."
        ),
    )

    history = HistoricalRecords()
    objects = IndicatorManager()

    class Meta:
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="%(app_label)s_%(class)s_unique_number_in_plan",
                violation_error_message="This plan already has an indicator with this number.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = [
        "plans.plan",
        "plans.strategicoutcome",
        "plans.programmeboard",
        "indicators.breakdown",
    ]

    def save(self, *args, **kwargs):
        listed_in = getattr(self, "listed_in", None)
        if listed_in is not None:
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) & LISTING_FIELDS:
                raise ListedIndicatorSaved(
                    f"Indicator {self.pk} was read as the {listed_in.code} scorecard lists it (number "
                    f"{self.number}); save it as read from Indicator.objects, or give update_fields without "
                    "its plan, number, outcome or lead board."
                )
        if not self.code:
            self.code = self.free_code()
        super().save(*args, **kwargs)

    def free_code(self):
        """A stable code made from the number ("ind-56a"), with the plan added where that is taken."""
        code = f"ind-{str(self.number).strip().lower().zfill(2)}"
        taken = Indicator.objects.exclude(pk=self.pk).filter(code=code).exists()
        if not taken:
            return code
        plan = self.outcome.plan if self.outcome_id else self.plan if self.plan_id else None
        return f"{code}-{plan.code}" if plan else code

    def has_series(self):
        """Whether anything of its series (values, targets, comparators, commentary, process changes) is stored.

        These are protected: an indicator that has any cannot be deleted.
        """
        return any(
            related.exists()
            for related in (self.values, self.targets, self.comparators, self.commentaries, self.process_changes)
        )

    def validate_figure(self, value, field="value"):
        """Errors for a figure that this indicator's unit cannot take, keyed by field name."""
        if value is None:
            return {}
        value = Decimal(value)
        if value < 0:
            return {field: f"A {self.get_unit_display().lower()} cannot be negative."}
        if self.unit == self.Unit.PERCENTAGE and value > 100:
            return {field: "A percentage must be between 0 and 100."}
        if self.unit == self.Unit.COUNT and value != value.to_integral_value():
            return {field: "A count must be a whole number."}
        return {}
