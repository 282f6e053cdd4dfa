"""Forms of the scorecard pages: commentary, process changes, sign-off, and choosing what is published."""

from django import forms

from .models import Commentary, Indicator, ProcessChange, PublicationSettings
from .models.review import ACTIONS_MAX_CHARS, STORY_MAX_CHARS, too_long_message
from .periods import DateRange, Period, PeriodError, kind_of

PERIOD_HELP = (
    "A month such as 2018-04, a quarter such as 2018-19 Q1, a financial year such as 2018-19, an academic "
    "year such as AY 2018-19, a calendar year such as 2018, or a school term such as Autumn 2018."
)


class PeriodField(forms.CharField):
    """A reporting period typed as the board writes it (indicators.periods); with a frequency, read as one
    of that kind ("2011-12" is a financial year for an annual indicator, a month for a monthly one)."""

    def __init__(self, *, frequency=None, **kwargs):
        self._frequency = None
        kwargs.setdefault("help_text", PERIOD_HELP)
        super().__init__(**kwargs)
        self.frequency = frequency

    @property
    def frequency(self):
        return self._frequency

    @frequency.setter
    def frequency(self, frequency):
        self._frequency = frequency
        if frequency:
            kind = kind_of(frequency)
            self.help_text = f"This indicator is reported {kind.reported}: write {kind.example}."

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            period = Period.parse(value, self.frequency or None)
        except PeriodError as error:
            message = str(error)
            if self.frequency:
                message = f"This indicator is reported {kind_of(self.frequency).reported}: {message}"
            raise forms.ValidationError(message) from None
        return period


class CommentaryForm(forms.ModelForm):
    period = forms.ChoiceField(label="Period", help_text="The period this commentary explains.")

    class Meta:
        model = Commentary
        fields = ["period", "story", "actions", "is_public"]
        labels = {
            "story": "The story behind the figure",
            "actions": "What is being done",
            "is_public": "Publish on the public scorecard",
        }
        widgets = {"story": forms.Textarea(attrs={"rows": 4}), "actions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "story": {
                "required": "Write the story behind the figure.",
                "max_length": too_long_message(STORY_MAX_CHARS),
            },
            "actions": {"max_length": too_long_message(ACTIONS_MAX_CHARS)},
        }

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.code: period for period in periods}
        self.fields["period"].choices = [(p.code, p.label) for p in reversed(periods)]

    def clean_period(self):
        code = self.cleaned_data["period"]
        if code not in self.periods:
            raise forms.ValidationError("Choose a period that has a value.")
        return self.periods[code]

    def clean_story(self):
        story = self.cleaned_data["story"].strip()
        if not story:
            raise forms.ValidationError("Write the story behind the figure.")
        return story


class ProcessChangeForm(forms.ModelForm):
    period = PeriodField(label="First period under the new process")

    class Meta:
        model = ProcessChange
        fields = ["period", "reason"]
        labels = {"reason": "What changed"}
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].frequency = indicator.frequency

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period is None:
            return data
        allowed = DateRange.of_plan(self.indicator.plan)
        if not allowed.holds(period):
            self.add_error("period", allowed.period_error())
        elif ProcessChange.objects.filter(indicator=self.indicator, period_start=period.start).exists():
            self.add_error("period", "A process change is already marked at this period.")
        return data


class LockForm(forms.Form):
    period = PeriodField(label="Period to sign off")


class UnlockForm(forms.Form):
    period = PeriodField(label="Period to reopen")
    reason = forms.CharField(
        label="Reason for unlocking", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for unlocking the period.")
        return reason


class PublishingForm(forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Indicators to publish",
    )

    class Meta:
        model = PublicationSettings
        fields = ["is_enabled", "title", "introduction"]
        labels = {"is_enabled": "Publish the scorecard"}
        help_texts = {
            "is_enabled": "When this is off, the public page and its CSV answer “not found” to everyone, "
            "whichever indicators are chosen below.",
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    without_numerator = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Publish without a numerator",
        help_text=Indicator._meta.get_field("publish_without_numerator").help_text,
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = indicators
        # Only a figure worked out from a numerator can lack one: never a count.
        self.fields["without_numerator"].queryset = indicators.exclude(unit=Indicator.Unit.COUNT)
        if not self.is_bound:
            self.initial["indicators"] = [indicator.pk for indicator in indicators if indicator.is_published]
            self.initial["without_numerator"] = [
                indicator.pk for indicator in indicators if indicator.publish_without_numerator
            ]
