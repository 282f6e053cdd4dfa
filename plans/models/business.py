"""The business plan: themes, projects, their activities, the log of status updates, reminders sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce

from core.dates import today as site_today
from core.history import HistoricalRecords

from .people import Officer, ProgrammeBoard
from .plan import NumberedInParentsPlan, Plan, PlanChildManager, PlanNumbered
from .rules import due_soon_q, first_of_month, overdue_q


class Theme(PlanNumbered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)

    def __str__(self):
        return f"Theme {self.number}: {self.title}"


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


class Project(NumberedInParentsPlan):
    Status = Status
    parent_field = "theme"

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
    joint_lead_boards = models.ManyToManyField(
        ProgrammeBoard,
        related_name="joint_projects",
        blank=True,
        help_text="Boards that lead the project jointly with the lead board, where the plan names more than one.",
    )
    lead_as_written = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            'The lead column as the plan writes it, such as "Learning and Workforce Development working with Board".'
        ),
    )
    lead_officers = models.ManyToManyField(Officer, related_name="projects", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The previous plan's project this one carries forward.",
    )
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with every status update, so that two people's edits cannot overwrite each other.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[lead_officers, joint_lead_boards])
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

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["plans.plan", "plans.theme", "plans.programmeboard", "plans.officer"]

    def clean(self):
        if self.theme_id and self.number:
            prefix = f"{self.theme.number}."
            if not self.number.startswith(prefix):
                raise ValidationError(
                    {"number": f"A project in theme {self.theme.number} is numbered {prefix}1, {prefix}2 and so on."}
                )
        super().clean()


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


class ProjectDecision(models.Model):
    """What the next plan decided for a project still unfinished when it was started from this one.

    Kept on the next plan's side, so that starting the next year changes nothing of the previous plan but
    its state: the closed plan lists its unfinished projects with these decisions.
    """

    class Decision(models.TextChoices):
        CARRIED_FORWARD = "carried_forward", "Carried forward"
        COMPLETED = "completed", "Closed as complete"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="project_decisions", help_text="The next plan."
    )
    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="decision", help_text="The previous plan's project."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField(blank=True, help_text="Why; required when a project is dropped or carried forward.")
    new_project = models.OneToOneField(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_that_made_it",
        help_text="The next plan's project that carries it forward.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "project__sort_key"]

    def __str__(self):
        return f"{self.project.number}: {self.get_decision_display().lower()} into {self.plan.code}"

    def clean(self):
        super().clean()
        if self.decision in (self.Decision.DROPPED, self.Decision.CARRIED_FORWARD) and not self.reason.strip():
            raise ValidationError({"reason": "Give the reason the project is dropped or carried forward."})
