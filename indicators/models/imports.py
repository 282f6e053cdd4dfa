"""An uploaded file of values or comparators, held between its preview and its confirmation."""

from django.conf import settings
from django.db import models


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


class PlanWorkbookUpload(models.Model):
    """A plan workbook uploaded to be loaded as a draft plan, held between its preview and its confirmation."""

    filename = models.CharField(max_length=255)
    sheets = models.JSONField(help_text="The workbook's sheets as read (indicators.workbook.read), before checking.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    plan = models.OneToOneField(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workbook_upload",
        help_text="The draft plan the workbook was loaded as, once confirmed.",
    )
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        state = f"loaded as {self.plan.code}" if self.plan_id else "not loaded"
        return f"Plan workbook {self.filename} ({state})"
