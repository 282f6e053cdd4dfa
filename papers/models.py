"""Board papers kept as the board saw them.

A board pack is generated once, for one meeting, and then never changes: its PDF, the HTML of the
same content and every figure it showed are stored with it, so anyone can later read exactly what
the board read on the day, even after a value was corrected or a project updated.

The PDF is kept in the database (a BinaryField), not as a file in media storage: a database backup
then holds every pack, and the site needs no writable file storage. A pack is some hundreds of
kilobytes, and a board meets about ten times a year.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from indicators.periods import Period
from plans.models import Plan


class BoardPackQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError("Board packs are a permanent record and cannot be deleted.")

    def update(self, **kwargs):
        raise ValidationError("Board packs are a permanent record and cannot be changed.")


class BoardPack(models.Model):
    """The papers for one board meeting, stored as generated: PDF, HTML and figures."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_packs")
    meeting_date = models.DateField(help_text="The date of the board meeting the pack is for.")
    reporting_period_start = models.DateField(help_text="First day of the reporting month of the scorecard.")
    reporting_period_end = models.DateField(help_text="Last day of the reporting month of the scorecard.")
    changes_since = models.DateTimeField(
        help_text="Projects with a status update after this moment are listed as changed since the previous pack."
    )
    progress_as_at = models.DateField(
        null=True,
        blank=True,
        help_text="The cut-off: plan progress is shown as the status history says it stood at the end of this day. "
        "Blank on packs made before the cut-off was kept, which show progress on the day they were generated.",
    )
    generated_at = models.DateTimeField(db_index=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contains_demo_data = models.BooleanField(
        default=False, help_text="Demonstration figures were stored when the pack was generated."
    )
    html = models.TextField(help_text="The pack's content as HTML, as generated.")
    figures = models.JSONField(help_text="Every figure the pack showed: indicators, projects and themes.")
    pdf = models.BinaryField(help_text="The PDF as generated.")
    pdf_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the PDF, to show it is unchanged.")
    meeting = models.ForeignKey(
        "assurance.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_packs",
        help_text="The recorded meeting the pack is for; blank if the meeting was not recorded.",
    )

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-generated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reporting_period_end__gt=F("reporting_period_start")),
                name="%(app_label)s_%(class)s_period_end_after_start",
                violation_error_message="The reporting period must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"Board pack for {self.meeting_date:%-d %B %Y} ({self.reporting_period.label})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Board packs are a permanent record and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Board packs are a permanent record and cannot be deleted.")

    @property
    def reporting_period(self):
        return Period(self.reporting_period_start, self.reporting_period_end)

    @property
    def pdf_filename(self):
        issue = self.issue
        suffix = f"-issue-{issue}" if issue > 1 else ""
        return f"board-pack-{self.meeting_date:%Y-%m-%d}{suffix}.pdf"

    @property
    def issue(self):
        """1 for the first pack generated for this meeting, 2 for a second one, and so on."""
        if not hasattr(self, "_issue"):
            earlier = BoardPack.objects.filter(plan_id=self.plan_id, meeting_date=self.meeting_date).filter(
                Q(generated_at__lt=self.generated_at) | Q(generated_at=self.generated_at, pk__lt=self.pk)
            )
            self._issue = earlier.count() + 1
        return self._issue


class BoardPackRequest(models.Model):
    """A request to generate a board pack, made in the background: queued, then in progress, then ready or failed.

    Generating a pack renders a PDF of many pages, which takes longer than a web request should, so the
    page records the request and a worker (`manage.py db_worker`) makes the pack.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        IN_PROGRESS = "in_progress", "In progress"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_pack_requests")
    meeting_date = models.DateField()
    reporting_period_start = models.DateField(help_text="First day of the reporting month of the scorecard.")
    reporting_period_end = models.DateField(help_text="Last day of the reporting month of the scorecard.")
    progress_as_at = models.DateField(
        null=True,
        blank=True,
        help_text="The cut-off for plan progress (see BoardPack.progress_as_at); blank means the day it is made.",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    origin = models.CharField(max_length=200, blank=True, help_text="The site's address, for links in the PDF.")
    meeting = models.ForeignKey(
        "assurance.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_pack_requests",
        help_text="The recorded meeting the pack is for, held on the meeting date.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the pack could not be made, in words for the reader.")
    pack = models.OneToOneField(
        BoardPack, on_delete=models.PROTECT, null=True, blank=True, related_name="request", editable=False
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="ready", pack__isnull=False) | ~Q(state="ready"),
                name="%(app_label)s_%(class)s_ready_has_pack",
                violation_error_message="A ready request has its pack.",
            ),
        ]

    def __str__(self):
        return f"Board pack for {self.meeting_date:%-d %B %Y}: {self.get_state_display().lower()}"

    @property
    def is_finished(self):
        return self.state in (self.State.READY, self.State.FAILED)

    @property
    def reporting_period(self):
        return Period(self.reporting_period_start, self.reporting_period_end)
