"""Board and programme board meetings: attendance by agency (quoracy), agenda items and decisions."""

from django.db import models

from core.history import HistoricalRecords
from indicators.models import Indicator
from plans.models import Agency, ProgrammeBoard, Project

from .audits import Audit


class Meeting(models.Model):
    board = models.ForeignKey(ProgrammeBoard, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    quorum = models.PositiveSmallIntegerField(
        default=1, help_text="How many agencies must be present for the meeting to be quorate."
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "board"]
        constraints = [
            models.UniqueConstraint(fields=["board", "held_on"], name="%(app_label)s_%(class)s_one_per_day"),
        ]

    def __str__(self):
        return f"{self.board.short_name} meeting, {self.held_on:%d %B %Y}"

    def agencies_present(self):
        return [row.agency for row in self.attendance.all() if row.present]

    @property
    def is_quorate(self):
        return len(self.agencies_present()) >= self.quorum


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(default=True)
    represented_by = models.CharField(max_length=255, blank=True, help_text="Names or roles of who came.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agency"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="%(app_label)s_%(class)s_one_per_agency"),
        ]

    def __str__(self):
        return f"{self.agency} at {self.meeting}: {'present' if self.present else 'apologies'}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=255)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]

    def __str__(self):
        return f"Item {self.order}, {self.title} ({self.meeting})"


class Decision(models.Model):
    """What the meeting decided on an agenda item: "what did we decide about X" reads these."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["item"]

    def __str__(self):
        return f"Decision on {self.item.title} ({self.item.meeting}): {self.text[:60]}"
