"""A plan's scorecard: which indicators (measures) it reports, under which number, outcome and lead board.

An indicator's series (values, targets, comparators, commentary, process changes) belongs to the indicator and
runs on from plan to plan. Each plan lists the indicators it reports in its own entries, so a measure can be
renumbered, moved to another outcome, dropped and brought back without touching its history.

The indicator's own `plan`, `number`, `outcome` and `lead_board` are its listing in the latest adopted plan
that reports it; its entry in that plan is kept in step with them on every save (a fixture, loaded raw, holds its
entries itself).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from core.history import HistoricalRecords
from core.numbering import sort_key
from plans.models import Plan, ProgrammeBoard, StrategicOutcome

from .indicator import Indicator


class ScorecardEntryManager(models.Manager):
    def get_by_natural_key(self, plan_code, number):
        return self.get(plan__code=plan_code, number=number)

    def list_in_home_plans(self, indicators):
        """Entries for indicators written without `save()` (bulk_create), in the plan each names."""
        listed = set(self.filter(indicator__in=indicators).values_list("indicator_id", "plan_id"))
        self.bulk_create(
            ScorecardEntry(
                plan_id=indicator.plan_id,
                indicator_id=indicator.pk,
                number=indicator.number,
                sort_key=sort_key(indicator.number),
                outcome_id=indicator.outcome_id,
                lead_board_id=indicator.lead_board_id,
            )
            for indicator in indicators
            if (indicator.pk, indicator.plan_id) not in listed
        )


class ScorecardEntry(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="scorecard_entries")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="entries")
    number = models.CharField(max_length=10, help_text="The indicator's number in this plan's scorecard.")
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    outcome = models.ForeignKey(StrategicOutcome, on_delete=models.PROTECT, related_name="scorecard_entries")
    lead_board = models.ForeignKey(ProgrammeBoard, on_delete=models.PROTECT, related_name="scorecard_entries")

    history = HistoricalRecords()
    objects = ScorecardEntryManager()

    class Meta:
        ordering = ["plan", "sort_key"]
        verbose_name = "scorecard entry"
        verbose_name_plural = "scorecard entries"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="This plan's scorecard already has an indicator with this number.",
            ),
            models.UniqueConstraint(
                fields=["plan", "indicator"],
                name="%(app_label)s_%(class)s_unique_indicator",
                violation_error_message="This plan's scorecard already lists this indicator.",
            ),
        ]

    def __str__(self):
        return f"{self.plan.code} {self.number}: {self.indicator.title}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.plan.code, self.number)

    natural_key.dependencies = ["plans.plan", "indicators.indicator"]

    def clean(self):
        super().clean()
        if self.outcome_id and self.plan_id and self.outcome.plan_id != self.plan_id:
            raise ValidationError({"outcome": "Choose one of this plan's outcomes."})


@receiver(post_save, sender=Indicator, dispatch_uid="indicators.entry.keep_home_entry")
def keep_home_entry(sender, instance, raw=False, **kwargs):
    """The indicator's own listing is its entry in its plan: write it whenever the indicator is saved."""
    # a fixture or a restored backup (loaded raw) lists its entries itself
    if raw or not instance.plan_id or getattr(instance, "listed_in", None) is not None:
        return
    listing = {
        "number": instance.number,
        "sort_key": sort_key(instance.number),
        "outcome_id": instance.outcome_id,
        "lead_board_id": instance.lead_board_id,
    }
    entry = ScorecardEntry.objects.filter(plan_id=instance.plan_id, indicator=instance).first()
    if entry is None:
        ScorecardEntry(plan_id=instance.plan_id, indicator=instance, **listing).save()
    elif any(getattr(entry, name) != value for name, value in listing.items()):
        for name, value in listing.items():
            setattr(entry, name, value)
        entry.save()
