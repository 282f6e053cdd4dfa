"""The assurance pages' forms: an agency's return, an action raised from an audit, progress on an action, a risk,
and a meeting with its first agenda item and decision."""

from django import forms

from plans.models import Agency, Officer, Project

from .models import Action, Risk, StandardRating


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditReturnForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True), empty_label="Choose an agency")
    submitted_on = forms.DateField(label="Received on", widget=DateInput(), help_text="The day the return came in.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit

    def clean_agency(self):
        agency = self.cleaned_data["agency"]
        if not self.audit.agencies.filter(pk=agency.pk).exists():
            raise forms.ValidationError(
                f"{agency} is not taking part in this audit: add it to the audit's agencies first."
            )
        return agency


class StandardRatingForm(forms.Form):
    """One standard of a self-assessment return; a row left blank is ignored."""

    standard = forms.CharField(max_length=255, required=False, help_text="As the audit tool numbers and names it.")
    rating = forms.ChoiceField(choices=[("", "Choose a rating"), *StandardRating.Rating.choices], required=False)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rated_on = forms.DateField(label="Rated on", widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("standard") and (data.get("rating") or data.get("evidence")):
            self.add_error("standard", "Name the standard this rating is for.")
        if data.get("standard"):
            if not data.get("rating"):
                self.add_error("rating", "Rate the standard: met, partly met or not met.")
            if not data.get("rated_on"):
                self.add_error("rated_on", "Give the day the standard was rated.")
        return data


StandardRatingFormSet = forms.formset_factory(StandardRatingForm, extra=3)


class SourcedActionForm(forms.ModelForm):
    """An action raised from its source (an audit, a meeting, a scorecard exception, a project, a recommendation):
    `source` is an Action.Source and `links` the records it is linked to; the model refuses a due date before today
    (the day it is raised)."""

    class Meta:
        model = Action
        fields = ["title", "finding", "owner", "due"]
        widgets = {"due": DateInput(), "finding": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, source, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        for field, value in links.items():
            setattr(self.instance, field, value)
        self.fields["owner"].queryset = Officer.objects.select_related("agency")


class RaiseActionForm(SourcedActionForm):
    """An action raised from an audit's finding."""

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, source=Action.Source.AUDIT, links={"audit": audit, "project": audit.project}, **kwargs)


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The evidence that the action is done and made a difference (replaces what was there).",
    )


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "owner",
            "cause",
            "effect",
            "likelihood",
            "impact",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "target_score",
            "review_on",
            "projects",
            "indicators",
        ]
        widgets = {
            "review_on": DateInput(),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "controls": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(plan=plan).order_by("sort_key")
        self.fields["indicators"].queryset = self.fields["indicators"].queryset.filter(plan=plan).order_by("sort_key")
        self.fields["projects"].required = False
        self.fields["indicators"].required = False


class MeetingForm(forms.Form):
    """A meeting, the agencies present, and its first agenda item with what was decided."""

    board = forms.ModelChoiceField(queryset=None, empty_label="Choose a board")
    held_on = forms.DateField(label="Held on", widget=DateInput())
    quorum = forms.IntegerField(min_value=1, initial=3, help_text="How many agencies must be present.")
    present = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Agencies present",
    )
    item_title = forms.CharField(label="Agenda item", max_length=255)
    project = forms.ModelChoiceField(queryset=None, required=False, empty_label="No project")
    decision = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Decision")

    def __init__(self, *args, plan, **kwargs):
        from plans.models import ProgrammeBoard

        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = ProgrammeBoard.objects.all()
        self.fields["project"].queryset = Project.objects.filter(plan=plan).order_by("sort_key")
