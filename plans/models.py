"""The strategic plan and the business plan.

Every model that the seed fixture loads has a natural key, so that fixtures name
rows by what they are ("plan 2018-19, project 2.3") rather than by database ids.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from simple_history.models import HistoricalRecords

from core.dates import today as site_today
from core.numbering import sort_key


def first_of_month(day):
    return day.replace(day=1)


def end_of_month(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def overdue_q(today, prefix=""):
    """The overdue rule as a filter: the activity's current due month has ended and it is not complete.

    The current due month is the revised one where the timescale was revised, else the original.
    Due dates are held as the first day of a month, so "the month has ended" means the due date
    falls before the first day of today's month. `prefix` lets a project query ask about its
    activities ("activities__").
    """
    cutoff = first_of_month(today)
    revised_past = Q(**{f"{prefix}revised_due__lt": cutoff})
    original_past = Q(**{f"{prefix}revised_due__isnull": True, f"{prefix}due__lt": cutoff})
    return (revised_past | original_past) & ~Q(**{f"{prefix}status": "complete"})


def due_soon_q(today, days, prefix=""):
    """Not complete, and the current due month ends (its deadline falls) within `days` days from today.

    An activity due "Jun-18" has until 30 June 2018; it is due soon from 16 June when `days` is 14.
    """
    months = []
    month = first_of_month(today)
    while end_of_month(month) <= today + datetime.timedelta(days=days):
        months.append(month)
        month = end_of_month(month) + datetime.timedelta(days=1)
    revised = Q(**{f"{prefix}revised_due__in": months})
    original = Q(**{f"{prefix}revised_due__isnull": True, f"{prefix}due__in": months})
    return (revised | original) & ~Q(**{f"{prefix}status": "complete"})


# --------------------------------------------------------------------------- managers


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


class ProgrammeBoardManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class OfficerManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def for_user(self, user):
        """The Officer linked to this sign-in, or None."""
        if not user.is_authenticated:
            return None
        return self.filter(user=user).first()


# --------------------------------------------------------------------------- the plan


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


class ValueTheme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="value_themes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    objects = PlanChildManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"),
        ]

    def __str__(self):
        return f"Theme {self.number} – {self.name}"

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan"]


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


class Responsibility(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    objects = OrderedPlanChildManager()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="%(app_label)s_%(class)s_unique_order"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.plan.code, self.order)

    natural_key.dependencies = ["plans.plan"]


class StrategicPriority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategic_priorities")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    objects = OrderedPlanChildManager()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "strategic priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="%(app_label)s_%(class)s_unique_order"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.plan.code, self.order)

    natural_key.dependencies = ["plans.plan"]


class ServicePriority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="service_priorities")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    objects = OrderedPlanChildManager()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "service priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="%(app_label)s_%(class)s_unique_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def natural_key(self):
        return (self.plan.code, self.order)

    natural_key.dependencies = ["plans.plan"]


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


class StrategicOutcome(models.Model):
    """Children and young people in Sunderland will be: ... (the scorecard hangs under these)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)

    objects = PlanChildManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan"]


# --------------------------------------------------------------------------- people and boards


class ProgrammeBoard(models.Model):
    """A programme board, the Board itself, or a group that leads work or analysis."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=40, unique=True, help_text="As the plan abbreviates it, such as L&WFD PB.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="programme_boards",
        blank=True,
        help_text="People who sit on this board and may write commentary on the indicators it leads.",
    )

    objects = ProgrammeBoardManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.short_name,)


class Officer(models.Model):
    """A lead officer. A role ("L&WFD PB Officer") may stand as an officer until a person is named."""

    name = models.CharField(max_length=120, unique=True, help_text="The person's name, or a role title.")
    job_title = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True, help_text="Reminders of due and overdue activities go here.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        help_text="The sign-in account of this officer, so they can update the projects they lead.",
    )

    objects = OfficerManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


# --------------------------------------------------------------------------- the business plan


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)

    objects = PlanChildManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"),
        ]

    def __str__(self):
        return f"Theme {self.number}: {self.title}"

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan"]


class Status(models.TextChoices):
    """A project's status, as its lead officer reports it."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"


class ProjectQuerySet(models.QuerySet):
    def led_by(self, officer):
        return self.filter(lead_officers=officer)

    def with_progress(self, today=None):
        """Annotate each project with its overdue activity count and the next month an activity is due."""
        today = today or site_today()
        open_activity = ~Q(activities__status="complete")
        return self.annotate(
            overdue_count=Count("activities", filter=overdue_q(today, "activities__"), distinct=True),
            next_due=Min(Coalesce("activities__revised_due", "activities__due"), filter=open_activity),
        )


class ProjectManager(PlanChildManager.from_queryset(ProjectQuerySet)):
    pass


class Project(models.Model):
    Status = Status

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="projects",
        editable=False,
        help_text="Always the theme's plan; set on save.",
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="projects")
    number = models.CharField(max_length=10, help_text='As numbered in the business plan, such as "2.3".')
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    title = models.TextField()
    lead_board = models.ForeignKey(
        ProgrammeBoard,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text="The programme board or group that leads the project.",
    )
    lead_officers = models.ManyToManyField(Officer, related_name="projects", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with every status update, so that two people's edits cannot overwrite each other.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[lead_officers])
    objects = ProjectManager()

    class Meta:
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="%(app_label)s_%(class)s_unique_number_in_plan",
                violation_error_message="This plan already has a project with this number.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.theme_id:
            self.plan_id = self.theme.plan_id
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan", "plans.theme", "plans.programmeboard", "plans.officer"]

    def clean(self):
        super().clean()
        if self.theme_id and self.number:
            prefix = f"{self.theme.number}."
            if not self.number.startswith(prefix):
                raise ValidationError(
                    {"number": f"A project in theme {self.theme.number} is numbered {prefix}1, {prefix}2 and so on."}
                )
            # The plan is set from the theme, so forms never show it; check its uniqueness here.
            clash = Project.objects.filter(plan_id=self.theme.plan_id, number=self.number).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"number": "This plan already has a project with this number."})


class ActivityQuerySet(models.QuerySet):
    def with_current_due(self):
        return self.annotate(current_due_date=Coalesce("revised_due", "due"))

    def overdue(self, today=None):
        """Activities whose current due month has ended and that are not complete (see overdue_q)."""
        return self.filter(overdue_q(today or site_today()))

    def due_soon(self, today=None, days=14):
        """Activities not complete whose due month ends within `days` days from today (see due_soon_q)."""
        return self.filter(due_soon_q(today or site_today(), days))


class ActivityManager(models.Manager.from_queryset(ActivityQuerySet)):
    def get_by_natural_key(self, plan_code, project_number, order):
        return self.get(project__plan__code=plan_code, project__number=project_number, order=order)


class Activity(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DELAYED = "delayed", "Delayed"
        COMPLETE = "complete", "Complete"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField()
    description = models.TextField(help_text='The "Activity (how much)" text, as written in the plan.')
    due = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the month in the plan's timescale (Nov-17 is 1 November 2017). Blank where none.",
    )
    due_text = models.CharField(
        max_length=255, blank=True, help_text="The timescale for delivery exactly as written in the plan."
    )
    revised_due = models.DateField(
        null=True, blank=True, help_text="First day of the revised month, when the timescale has moved."
    )
    revision_reason = models.TextField(blank=True, help_text="Why the timescale was revised.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ActivityManager()

    class Meta:
        ordering = ["project__sort_key", "order"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="%(app_label)s_%(class)s_unique_order"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="complete"),
                name="%(app_label)s_%(class)s_completed_on_only_when_complete",
                violation_error_message="A completion date can only be given for a complete activity.",
            ),
        ]

    def __str__(self):
        return f"{self.project.number} activity {self.order}: {self.description[:60]}"

    def natural_key(self):
        return (*self.project.natural_key(), self.order)

    natural_key.dependencies = ["plans.project"]

    @property
    def current_due(self):
        return self.revised_due or self.due

    @property
    def is_revised(self):
        return self.revised_due is not None and self.revised_due != self.due

    def is_overdue(self, today=None):
        """The rule of overdue_q() for one activity already in memory (tests hold the two to the same answers)."""
        today = today or site_today()
        due = self.current_due
        return bool(due) and self.status != self.Status.COMPLETE and due < first_of_month(today)

    def clean(self):
        super().clean()
        errors = {}
        for field in ("due", "revised_due"):
            value = getattr(self, field)
            if value and value.day != 1:
                errors[field] = "A due month is stored as the first day of that month."
        if self.completed_on and self.status != self.Status.COMPLETE:
            errors["completed_on"] = "A completion date can only be given for a complete activity."
        if self.revised_due and self.due and self.revised_due > self.due and not self.revision_reason.strip():
            errors["revision_reason"] = "Give a reason when the timescale moves later."
        if errors:
            raise ValidationError(errors)


class StatusUpdateQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError("Status updates are a permanent record and cannot be deleted.")

    def update(self, **kwargs):
        raise ValidationError("Status updates are a permanent record and cannot be changed.")


class StatusUpdate(models.Model):
    """One save of a project's status by its lead officer: the append-only log of the business plan."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="updates")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="status_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    revised_due = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the timescale was revised.")
    project_revision = models.PositiveIntegerField(
        default=1, help_text="The project's revision number that this update created."
    )

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.project.number}: {self.get_status_display()} on {self.created_at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Status updates are a permanent record and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Status updates are a permanent record and cannot be deleted.")


class ReminderLog(models.Model):
    """A reminder digest sent to an officer, so that the same digest is never sent twice in a day."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    digest = models.CharField(max_length=64, help_text="A fingerprint of the digest's contents.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "sent_on", "digest"], name="%(app_label)s_%(class)s_once_a_day"),
        ]

    def __str__(self):
        return f"Reminder to {self.officer} on {self.sent_on:%d %b %Y}"
