"""Forms of the scorecard pages: commentary, process changes, sign-off, and choosing what is published."""

from django import forms

from plans.models import Project

from .models import Commentary, Indicator, ProcessChange, PublicationSettings
from .models.review import (
    ACTIONS_MAX_CHARS,
    PARTNERS_MAX_CHARS,
    STORY_MAX_CHARS,
    WHAT_WORKS_MAX_CHARS,
    too_long_message,
)
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


class CommentaryFieldsForm(forms.ModelForm):
    """The turn-the-curve questions of Outcomes-Based Accountability, in their order."""

    class Meta:
        model = Commentary
        fields = ["story", "partners", "what_works", "actions", "projects", "is_public"]
        labels = {
            "story": "The story behind the baseline",
            "partners": "Partners with a role to play",
            "what_works": "What works",
            "actions": "The action plan",
            "projects": "Business-plan projects the action plan runs through",
            "is_public": "Publish on the public scorecard",
        }
        help_texts = {
            "story": f"Why the figure is where it is and where it is heading, in up to {STORY_MAX_CHARS:,} characters.",
            "actions": f"What the board and its partners will do, in up to {ACTIONS_MAX_CHARS:,} characters.",
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "what_works": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "projects": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "story": {
                "required": "Write the story behind the figure.",
                "max_length": too_long_message(STORY_MAX_CHARS),
            },
            "partners": {"max_length": too_long_message(PARTNERS_MAX_CHARS)},
            "what_works": {"max_length": too_long_message(WHAT_WORKS_MAX_CHARS)},
            "actions": {"max_length": too_long_message(ACTIONS_MAX_CHARS)},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        projects = self.fields["projects"]
        projects.queryset = Project.objects.filter(plan=plan).order_by("sort_key")
        projects.error_messages["invalid_choice"] = "Choose projects of this indicator's business plan."

    def clean_story(self):
        story = self.cleaned_data["story"].strip()
        if not story:
            raise forms.ValidationError("Write the story behind the figure.")
        return story


class CommentaryForm(CommentaryFieldsForm):
    """New commentary, for a period the indicator has a figure for or was asked about."""

    period = forms.ChoiceField(label="Period", help_text="The period this commentary explains.")

    class Meta(CommentaryFieldsForm.Meta):
        fields = ["period", *CommentaryFieldsForm.Meta.fields]

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.code: period for period in periods}
        self.fields["period"].choices = [(p.code, p.label) for p in reversed(periods)]

    def clean_period(self):
        code = self.cleaned_data["period"]
        if code not in self.periods:
            raise forms.ValidationError("Choose a period that has a value.")
        return self.periods[code]


class CommentaryEditForm(CommentaryFieldsForm):
    """An edit of saved commentary, remembering which version the page showed (indicators.actions.save_commentary)."""

    seen_version = forms.CharField(required=False, widget=forms.HiddenInput)


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
