"""The board pack form: a meeting date and a reporting month."""

from django import forms

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

    def __init__(self, *args, plan=None, default_period=None, **kwargs):
        super().__init__(*args, **kwargs)
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

    def clean_period(self):
        try:
            return reporting_period(self.cleaned_data["period"].strip())
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
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
        return cleaned
