"""The scorecard: indicators under the strategic outcomes, their values, breakdowns and targets."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.numbering import sort_key
from plans.models import FocusArea, Plan, ProgrammeBoard, Project, ServicePriority, StrategicOutcome

from .periods import Period


class PeriodLocked(ValidationError):
    """A write to a value in a signed-off (locked) period."""


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


class Indicator(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
        RATE_PER_1K = "rate_per_1k", "Rate per 1,000 children"
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

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="indicators",
        editable=False,
        help_text="Always the outcome's plan.",
    )
    number = models.CharField(max_length=10, help_text='As numbered in Appendix A: "1" to "68", "56a", "56b".')
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
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
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
            "suppressed there; commentary marked internal is never shown."
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

    def save(self, *args, **kwargs):
        if self.outcome_id:
            self.plan_id = self.outcome.plan_id
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = [
        "plans.plan",
        "plans.strategicoutcome",
        "plans.programmeboard",
        "indicators.breakdown",
    ]

    def clean(self):
        super().clean()
        if self.outcome_id and self.number:
            # The plan is set from the outcome, so forms never show it; check its uniqueness here.
            clash = Indicator.objects.filter(plan_id=self.outcome.plan_id, number=self.number).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"number": "This plan already has an indicator with this number."})

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


class PeriodModel(models.Model):
    """Something that covers a reporting period: from period_start to period_end, both inclusive."""

    period_start = models.DateField(help_text="First day of the period, such as 1 April 2018 for 2018-19 Q1.")
    period_end = models.DateField(help_text="Last day of the period, such as 30 June 2018 for 2018-19 Q1.")

    class Meta:
        abstract = True

    @property
    def period(self):
        return Period(self.period_start, self.period_end)


def period_check(name):
    return models.CheckConstraint(
        condition=Q(period_end__gt=F("period_start")),
        name=name,
        violation_error_message="The period must end after it starts.",
    )


class IndicatorValue(PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
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
        return f"{self.indicator.number}{label}, {self.period_start:%b %Y}–{self.period_end:%b %Y}: {self.value}"

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
                errors["period_start"] = (
                    f"Indicator {self.indicator.number} is reported {self.indicator.get_frequency_display().lower()}: "
                    "the period must be one whole such period."
                )
        if self.numerator is not None and self.numerator < 0:
            errors["numerator"] = "A numerator cannot be negative."
        if self.denominator is not None and self.denominator <= 0:
            errors["denominator"] = "A denominator must be greater than zero."
        if errors:
            raise ValidationError(errors)


class Target(PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
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
        if has_period and Period(self.period_start, self.period_end).frequency != "annual":
            errors["period_start"] = "A target covers one financial year: 1 April to 31 March."
        if errors:
            raise ValidationError(errors)


class Comparator(PeriodModel):
    """A benchmark figure for the same indicator and period: England, the region, statistical neighbours."""

    class Area(models.TextChoices):
        ENGLAND = "england", "England"
        NORTH_EAST = "north_east", "North East region"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours (average)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparators")
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


class Commentary(PeriodModel):
    """The lead board's explanation of a figure: the story behind it and what is being done."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    story = models.TextField(help_text="The story behind the figure.")
    actions = models.TextField(blank=True, help_text="What is being done about it.")
    is_internal = models.BooleanField(
        default=False, help_text="Internal commentary is never shown on the published scorecard."
    )

    class Meta:
        ordering = ["indicator__sort_key", "-period_start", "-created_at", "-id"]
        verbose_name_plural = "commentaries"
        constraints = [period_check("%(app_label)s_%(class)s_period_end_after_start")]

    def __str__(self):
        return f"Commentary on {self.indicator.number}, {self.period.label}"


PUBLICATION_SETTINGS_PK = 1


class PublicationSettings(models.Model):
    """The switch for the public scorecard, one row for the whole site: publishing is off until turned on."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=PUBLICATION_SETTINGS_PK, editable=False)
    is_enabled = models.BooleanField(
        "publish the scorecard",
        default=False,
        help_text="When off, the public scorecard page and its CSV answer 'not found' to everyone.",
    )
    title = models.CharField(
        max_length=200,
        default="Safeguarding children scorecard",
        help_text="The heading of the public page.",
    )
    introduction = models.TextField(
        blank=True, help_text="A few sentences shown above the figures: what they are and how to read them."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=PUBLICATION_SETTINGS_PK),
                name="%(app_label)s_%(class)s_singleton",
                violation_error_message="There is one set of publication settings for the whole site.",
            ),
        ]

    def __str__(self):
        state = "on" if self.is_enabled else "off"
        return f"Publication settings: publishing {state}"

    @classmethod
    def current(cls):
        """The site's settings, or unsaved defaults (publishing off) when none are stored. Never writes."""
        return cls.objects.filter(pk=PUBLICATION_SETTINGS_PK).first() or cls()


class ProcessChange(models.Model):
    """A point where the process behind an indicator changed; control limits are recomputed from here."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="process_changes")
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


class ImportBatch(models.Model):
    """An uploaded file of values or comparators, held between its preview and its confirmation."""

    class Kind(models.TextChoices):
        VALUES = "values", "Indicator values"
        COMPARATORS = "comparators", "Comparators"

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, not saved"
        APPLIED = "applied", "Saved"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VALUES)
    filename = models.CharField(max_length=255)
    rows = models.JSONField(help_text="The file's rows as read, before validation.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Counts of new, changed and unchanged rows.")
    checked = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each row's outcome as checked at upload, with the version of the stored row it was checked against.",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.get_kind_display()} from {self.filename} ({self.get_state_display().lower()})"


def demo_data_exists():
    """Whether any demonstration value, target or comparator is stored: one query, stopping at the first."""
    first, *rest = (model.objects.filter(is_demo=True).values("pk") for model in (IndicatorValue, Target, Comparator))
    return first.union(*rest, all=True).exists()
