"""The board pack form: a meeting date, a reporting month and the cut-off for plan progress.

The cut-off ("Plan progress as at") is a date: the pack shows each project's status and activities as
the status history says they stood at the end of that day (plans.as_at). Left blank it is the last day
of the reporting month, so the scorecard and the plan are read to the same point; while that month is
still running, today. A cut-off after today is refused: the history cannot say what has not happened.

The pack belongs to a recorded meeting (assurance.Meeting) when one is chosen; left blank, it is the meeting
recorded on the meeting date, if there is exactly one. A meeting held on another day is refused.
"""

from django import forms

from assurance.models import Meeting
from core.dates import today as site_today
from indicators.periods import DateRange, PeriodError
from indicators.scorecard import reporting_period


class BoardPackForm(forms.Form):
    meeting_date = forms.DateField(
        label="Meeting date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="The date of the board meeting, such as 2019-04-18.",
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter the meeting date as a date, such as 2019-04-18.",
        },
    )
    period = forms.CharField(
        label="Reporting month",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    progress_as_at = forms.DateField(
        label="Plan progress as at",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="The cut-off: project statuses and activities as they stood at the end of this day. "
        "Leave blank for the last day of the reporting month.",
        error_messages={"invalid": "Enter the cut-off as a date, such as 2019-03-31."},
    )

    meeting = forms.ModelChoiceField(
        label="Recorded meeting",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="The meeting recorded on the meeting date, if any",
        help_text="The meeting the pack belongs to, as recorded under Meetings.",
    )

    def __init__(self, *args, plan=None, default_period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.select_related("board").order_by("-held_on", "board")
        self.default_period = default_period
        self.allowed = DateRange.of_plan(plan) if plan is not None else None
        if default_period is not None:
            self.fields["period"].help_text = (
                f"The month the scorecard runs up to, such as 2019-03. "
                f"Leave blank for the latest month with figures ({default_period.label})."
            )
        else:
            self.fields["period"].help_text = "The month the scorecard runs up to, such as 2019-03."

    def clean_meeting_date(self):
        meeting_date = self.cleaned_data["meeting_date"]
        if self.allowed is not None and meeting_date not in self.allowed:
            raise forms.ValidationError(self.allowed.date_error())
        return meeting_date

    def clean_progress_as_at(self):
        cutoff = self.cleaned_data["progress_as_at"]
        today = site_today()
        if cutoff is not None and cutoff > today:
            raise forms.ValidationError(
                f"Choose a cut-off no later than today ({today:%-d %B %Y}): the status history cannot say "
                "how the plan will stand."
            )
        if cutoff is not None and self.allowed is not None and cutoff not in self.allowed:
            raise forms.ValidationError(self.allowed.date_error())
        return cutoff

    def clean_period(self):
        try:
            return reporting_period(self.cleaned_data["period"].strip())
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        self._clean_meeting(cleaned)
        if "period" not in cleaned:
            return cleaned
        period = cleaned["period"] or self.default_period
        if period is None:
            self.add_error("period", "No scorecard figures have been entered yet: enter the reporting month.")
            return cleaned
        if self.allowed is not None and not self.allowed.holds(period):
            self.add_error("period", self.allowed.period_error())
            return cleaned
        cleaned["period"] = period
        meeting_date = cleaned.get("meeting_date")
        if meeting_date is not None and period.end >= meeting_date:
            self.add_error(
                "period",
                f"{period.label} has not ended before the meeting on {meeting_date:%-d %B %Y}: "
                "choose an earlier reporting month.",
            )
        if "progress_as_at" in cleaned and cleaned["progress_as_at"] is None:
            cleaned["progress_as_at"] = min(period.end, site_today())
        cutoff = cleaned.get("progress_as_at")
        if cutoff is not None and meeting_date is not None and cutoff > meeting_date:
            self.add_error(
                "progress_as_at",
                f"Choose a cut-off on or before the meeting on {meeting_date:%-d %B %Y}.",
            )
        return cleaned

    def _clean_meeting(self, cleaned):
        """The chosen meeting must be held on the meeting date; none chosen, the one recorded on that date."""
        meeting_date = cleaned.get("meeting_date")
        if meeting_date is None or "meeting" not in cleaned:
            return
        meeting = cleaned["meeting"]
        if meeting is None:
            on_the_day = list(self.fields["meeting"].queryset.filter(held_on=meeting_date)[:2])
            cleaned["meeting"] = on_the_day[0] if len(on_the_day) == 1 else None
        elif meeting.held_on != meeting_date:
            self.add_error(
                "meeting",
                f"{meeting} was not held on the meeting date ({meeting_date:%-d %B %Y}): choose the meeting "
                "held that day, or leave this blank.",
            )
