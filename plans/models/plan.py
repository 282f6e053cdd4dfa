"""The strategic plan: the plan year, its values, responsibilities, priorities and outcomes.

Every model that the seed fixture loads has a natural key, so that fixtures name
rows by what they are ("plan 2018-19, project 2.3") rather than by database ids.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404

from core.numbering import sort_key


class PlanManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self):
        """The plan the dashboards show: the one marked current, else the most recent; None if none."""
        return self.order_by("-is_current", "-starts_on").first()

    def current_or_404(self):
        """The current plan, or Http404 saying no plan has been loaded yet."""
        plan = self.current()
        if plan is None:
            raise Http404("No plan has been loaded yet.")
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
    """A plan year as adopted by the board: the strategic plan and its business plan."""

    code = models.SlugField(
        max_length=20,
        unique=True,
        help_text="Short reference for the plan year, such as 2018-19. Fixtures and imports use it.",
    )
    title = models.CharField(max_length=255, help_text="As written on the adopted plan's cover.")
    version = models.PositiveIntegerField(default=1)
    adopted_by = models.CharField(max_length=255, blank=True)
    adopted_on = models.DateField(null=True, blank=True, help_text="The date the board adopted this version.")
    starts_on = models.DateField(help_text="First day of the plan year (usually 1 April).")
    ends_on = models.DateField(help_text="Last day of the plan year (usually 31 March).")
    mission = models.TextField(blank=True, help_text="The mission statement, as written in the plan.")
    is_current = models.BooleanField(
        default=False,
        help_text="The plan that the dashboards show. Only one plan can be current.",
    )

    objects = PlanManager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="The plan must end after it starts.",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current",
                violation_error_message="Another plan is already marked as current.",
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def natural_key(self):
        return (self.code,)


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
