"""What every model of a reporting period shares: its start and end, and the check that it ends after it starts."""

from django.db import models
from django.db.models import F, Q

from ..periods import Period


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
