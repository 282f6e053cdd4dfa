"""The audit programme: the year's audit cycle, its audits, each agency's return and, for a
self-assessment, a rating per standard."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.dates import today as site_today
from core.history import HistoricalRecords
from plans.models import Agency, Officer, Plan, ProgrammeBoard, Project

from ..rules import return_is_overdue


class AuditCycleManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class AuditCycle(models.Model):
    """The year's programme of audits ("SSCB Audit Cycle 2018-2019")."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="audit_cycles")
    name = models.CharField(max_length=120, unique=True, help_text="Such as 2018-19 audit cycle.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="As the board's papers describe the cycle.")

    objects = AuditCycleManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class AuditManager(models.Manager):
    def get_by_natural_key(self, cycle_name, title):
        return self.get(cycle__name=cycle_name, title=title)


class Audit(models.Model):
    class Kind(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 self-assessment"
        SECTION_175 = "section_175", "Section 175/157 education audit"
        CASE_FILE = "case_file", "Multi-agency case file audit"
        THEMATIC = "thematic", "Thematic audit"
        JTAI = "jtai", "JTAI-style deep dive"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DELAYED = "delayed", "Delayed"
        COMPLETE = "complete", "Complete"

    cycle = models.ForeignKey(AuditCycle, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=255)
    scope = models.TextField(blank=True, help_text="What the audit looks at, as the programme states it.")
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="audits",
        help_text="The business-plan project the audit delivers, if any.",
    )  # fmt: skip
    lead_officer = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="audits")
    lead_board = models.ForeignKey(
        ProgrammeBoard, on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField(blank=True, help_text="Where the audit stands, as last reported.")
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="audits", help_text="The agencies taking part.")
    return_deadline = models.DateField(null=True, blank=True, help_text="Returns not in by this day are overdue.")
    findings = models.TextField(blank=True, help_text="The audit's findings, as reported to the board.")

    objects = AuditManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "planned_end", "title"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "title"], name="%(app_label)s_%(class)s_unique_title"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="%(app_label)s_%(class)s_planned_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.cycle})"

    def natural_key(self):
        return (self.cycle.name, self.title)

    natural_key.dependencies = ["assurance.auditcycle"]

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": "The planned end cannot come before the planned start."})
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValidationError({"actual_end": "The actual end cannot come before the actual start."})

    def return_status(self, today=None):
        """Each taking-part agency with its return (or None) and whether that return is overdue."""
        today = today or site_today()
        returns = {item.agency_id: item for item in self.returns.all()}
        rows = []
        for agency in self.agencies.all():
            item = returns.get(agency.pk)
            submitted = item.submitted_on if item else None
            rows.append((agency, item, return_is_overdue(self.return_deadline, submitted, today)))
        return rows


class AuditReturn(models.Model):
    """One agency's return to an audit."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_returns")
    submitted_on = models.DateField(null=True, blank=True, help_text="Blank until the return is in.")
    summary = models.TextField(blank=True, help_text="The agency's own summary of its return.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "agency"], name="%(app_label)s_%(class)s_one_per_agency"),
        ]

    def __str__(self):
        state = f"in {self.submitted_on:%d %b %Y}" if self.submitted_on else "not in"
        return f"{self.agency}'s return to {self.audit.title}: {state}"

    def clean(self):
        if self.audit_id and self.agency_id and not self.audit.agencies.filter(pk=self.agency_id).exists():
            raise ValidationError(
                {"agency": f"{self.agency} is not taking part in this audit: add it to the audit's agencies first."}
            )

    @property
    def is_overdue(self):
        return return_is_overdue(self.audit.return_deadline, self.submitted_on, site_today())


class StandardRating(models.Model):
    """A self-assessment's rating of one standard (Section 11: met, partly met or not met), with its evidence."""

    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="ratings")
    standard = models.CharField(max_length=255, help_text="The standard as the audit tool numbers and names it.")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    evidence = models.TextField(blank=True)
    rated_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit_return", "standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_return", "standard"], name="%(app_label)s_%(class)s_one_per_standard"
            ),
        ]

    def __str__(self):
        return f"{self.standard}: {self.get_rating_display()} ({self.audit_return.agency})"
