"""The strategic plan: the plan year, its values, responsibilities, priorities and outcomes.

Every model that the seed fixture loads has a natural key, so that fixtures name
rows by what they are ("plan 2018-19, project 2.3") rather than by database ids.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404

from core.dates import today as site_today
from core.history import HistoricalRecords
from core.numbering import sort_key


class PlanManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self):
        """The plan the dashboards show (current_among, the one rule); None if none. One query of the plans, which
        are one a year."""
        return current_among(self.all())

    def current_or_404(self):
        """The current plan, or Http404 saying no plan has been loaded yet."""
        return current_or_404(self.current())


NO_PLAN_YET = "No plan has been loaded yet."


def current_among(plans):
    """Of `plans`, the one the dashboards show: the one marked current, else the most recent adopted or closed one
    (a draft is never shown by default); None if none. Pure."""
    shown = [plan for plan in plans if plan.status != Plan.Status.DRAFT]
    return max(shown, key=lambda plan: (plan.is_current, plan.starts_on), default=None)


def current_or_404(plan):
    """`plan`, or Http404 saying no plan has been loaded yet if it is None."""
    if plan is None:
        raise Http404(NO_PLAN_YET)
    return plan


class PlanChildManager(models.Manager):
    """Rows that belong to a plan and are named within it by one field."""

    key_field = "number"

    def get_by_natural_key(self, plan_code, key):
        return self.get(plan__code=plan_code, **{self.key_field: key})


class OrderedPlanChildManager(PlanChildManager):
    key_field = "order"


class ValueManager(models.Manager):
    def get_by_natural_key(self, plan_code, theme_number, name):
        return self.get(theme__plan__code=plan_code, theme__number=theme_number, name=name)


class FocusAreaManager(models.Manager):
    def get_by_natural_key(self, plan_code, service_priority_order, order):
        return self.get(
            service_priority__plan__code=plan_code,
            service_priority__order=service_priority_order,
            order=order,
        )


class Plan(models.Model):
    """A plan year as adopted by the board: the strategic plan and its business plan.

    A plan is a draft while it is prepared, then adopted (the current plan: one at a time), then closed when
    the next plan is adopted. `is_current` is kept in step with the status on save.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CURRENT = "current", "Adopted (current)"
        CLOSED = "closed", "Closed"

    code = models.SlugField(
        max_length=20,
        unique=True,
        help_text="Short reference for the plan year, such as 2018-19. Fixtures, imports and addresses use it.",
    )
    title = models.CharField(max_length=255, help_text="As written on the adopted plan's cover.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        blank=True,
        help_text="Draft while prepared; adopted (current) once the board adopts it; closed when the next is adopted.",
    )
    version = models.PositiveIntegerField(default=1)
    version_note = models.CharField(
        max_length=255,
        blank=True,
        help_text='What this version is, as the board names it, such as "after inspection".',
    )
    adopted_by = models.CharField(max_length=255, blank=True)
    adopted_on = models.DateField(null=True, blank=True, help_text="The date the board adopted this version.")
    starts_on = models.DateField(help_text="First day of the strategic plan's span (usually 1 April).")
    ends_on = models.DateField(help_text="Last day of the strategic plan's span (usually 31 March).")
    business_starts_on = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the business plan's span, where it differs from the strategic plan's.",
    )
    business_ends_on = models.DateField(
        null=True,
        blank=True,
        help_text="Last day of the business plan's span, where it differs from the strategic plan's.",
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="The day the plan was closed (the next plan's adoption)."
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_plans",
        help_text="The plan this one follows, where it was started from it.",
    )
    mission = models.TextField(blank=True, help_text="The mission statement, as written in the plan.")
    is_current = models.BooleanField(
        default=False,
        help_text="The plan that the dashboards show. Only one plan can be current; set from the status.",
    )

    history = HistoricalRecords()
    objects = PlanManager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="The plan must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(business_ends_on__isnull=True)
                | Q(business_starts_on__isnull=True)
                | Q(business_ends_on__gt=F("business_starts_on")),
                name="%(app_label)s_%(class)s_business_ends_after_start",
                violation_error_message="The business plan must end after it starts.",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current",
                violation_error_message="Another plan is already marked as current.",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True, status="current") | (Q(is_current=False) & ~Q(status="current")),
                name="%(app_label)s_%(class)s_current_matches_status",
                violation_error_message="Only the adopted (current) plan is marked as current.",
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        self._settle_status()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self._settle_status()

    def natural_key(self):
        return (self.code,)

    def _settle_status(self):
        """A plan saved without a status is current if marked so, else closed; is_current follows the status."""
        if not self.status:
            self.status = self.Status.CURRENT if self.is_current else self.Status.CLOSED
        self.is_current = self.status == self.Status.CURRENT

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def is_read_only(self):
        """A closed plan is kept as it was: readable in full, changed by nobody."""
        return self.status == self.Status.CLOSED

    @property
    def business_span(self):
        """(first day, last day) of the business plan: its own span where given, else the strategic plan's."""
        return (self.business_starts_on or self.starts_on, self.business_ends_on or self.ends_on)

    def judged_on(self, today=None):
        """The date overdue, due soon, RAG and every count are judged at.

        Today for a draft and for the current plan within its year; the plan's close for a closed plan
        (the day it was closed, or the end of its year if that came first); and the end of its year for a
        current plan whose year has ended and no next plan has yet been adopted.
        """
        today = today or site_today()
        if self.is_draft:
            return today
        return min(day for day in (today, self.ends_on, self.closed_on) if day)

    @property
    def label(self):
        """The plan's year as the switcher names it: "2018-19 (closed)"."""
        return f"{self.code} ({self.get_status_display().lower()})"


class PlanRevision(models.Model):
    """An earlier version of a plan, kept readable after the board revises the plan during its year.

    `snapshot` holds the plan as it stood (the sheets of its workbook, as rows); what changed is worked out
    by comparing it with the next version.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    version_note = models.CharField(max_length=255, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by = models.CharField(max_length=255, blank=True)
    replaced_on = models.DateField(help_text="The day the next version was adopted.")
    replaced_because = models.TextField(help_text='Why the plan was revised, such as "after inspection".')
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="%(app_label)s_%(class)s_unique_version"),
        ]

    def __str__(self):
        return f"{self.plan.code} version {self.version}"


class PlanNumbered(models.Model):
    """A row numbered within its plan (a value theme, a strategic outcome, a business-plan theme).

    Each declares its own fields (plan first, then number, as the fixture and the admin forms list them)
    and keeps its own table; this base holds the ordering, the unique number and the natural key.
    """

    objects = PlanChildManager()

    class Meta:
        abstract = True
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"),
        ]

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan"]


class NumberedInParentsPlan(models.Model):
    """A row numbered within a plan it takes from its parent: a project from its theme, an indicator from its
    outcome. Each declares its own `plan`, `number` and `sort_key` fields and its unique constraint; this base
    keeps the plan and the sort key in step on save and checks the number in `clean`, where forms (which never
    show the plan) would otherwise meet the database's refusal.
    """

    parent_field = ""  # the foreign key whose plan the row takes

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A save of named fields that leaves out the parent, the plan and the number (a project's progress) has
        # nothing to keep in step, and does not read the parent.
        update_fields = kwargs.get("update_fields")
        kept_in_step = {self.parent_field, f"{self.parent_field}_id", "plan", "plan_id", "number", "sort_key"}
        if update_fields is None or kept_in_step & set(update_fields):
            parent = self._parent()
            if parent is not None:
                self.plan_id = parent.plan_id
            self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.plan.code, self.number)

    def clean(self):
        super().clean()
        parent = self._parent()
        if parent is not None and self.number:
            clash = type(self)._default_manager.filter(plan_id=parent.plan_id, number=self.number).exclude(pk=self.pk)
            if clash.exists():
                name = self._meta.verbose_name
                article = "an" if name[:1] in "aeiou" else "a"
                raise ValidationError({"number": f"This plan already has {article} {name} with this number."})

    def _parent(self):
        return getattr(self, self.parent_field) if getattr(self, f"{self.parent_field}_id") else None


class ValueTheme(PlanNumbered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="value_themes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    def __str__(self):
        return f"Theme {self.number} – {self.name}"


class Value(models.Model):
    theme = models.ForeignKey(ValueTheme, on_delete=models.CASCADE, related_name="values")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)

    objects = ValueManager()

    class Meta:
        ordering = ["theme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.theme.natural_key(), self.name)

    natural_key.dependencies = ["plans.valuetheme"]


class PlanSection(models.Model):
    """A numbered section of the strategic plan, named within its plan by its order.

    Responsibilities, strategic priorities and service priorities are each a short ordered
    list under the plan. Each declares its own fields (plan first, then order, as the fixture
    and the admin forms list them) and keeps its own table; this base holds what they share.
    """

    objects = OrderedPlanChildManager()

    class Meta:
        abstract = True
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="%(app_label)s_%(class)s_unique_order"),
        ]

    def natural_key(self):
        return (self.plan.code, self.order)

    natural_key.dependencies = ["plans.plan"]


class Responsibility(PlanSection):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta(PlanSection.Meta):
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.title


class StrategicPriority(PlanSection):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategic_priorities")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta(PlanSection.Meta):
        verbose_name_plural = "strategic priorities"

    def __str__(self):
        return self.name


class ServicePriority(PlanSection):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="service_priorities")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    class Meta(PlanSection.Meta):
        verbose_name_plural = "service priorities"

    def __str__(self):
        return f"{self.order}. {self.name}"


class FocusArea(models.Model):
    service_priority = models.ForeignKey(ServicePriority, on_delete=models.CASCADE, related_name="focus_areas")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    objects = FocusAreaManager()

    class Meta:
        ordering = ["service_priority", "order"]
        constraints = [
            models.UniqueConstraint(fields=["service_priority", "order"], name="%(app_label)s_%(class)s_unique_order"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.service_priority.natural_key(), self.order)

    natural_key.dependencies = ["plans.servicepriority"]


class StrategicOutcome(PlanNumbered):
    """Children and young people in Sunderland will be: ... (the scorecard hangs under these)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)

    def __str__(self):
        return f"{self.number}. {self.title}"
