"""Forms for starting the next plan year, deciding its unfinished projects and adopting it."""

from django import forms

from .forms import DateInput
from .models import Plan, ProjectDecision

Decision = ProjectDecision.Decision


class StartPlanForm(forms.Form):
    code = forms.SlugField(
        max_length=20, label="Code", help_text="The new plan year's short reference, such as 2019-20."
    )
    title = forms.CharField(max_length=255, label="Title", help_text="As it will be written on the plan's cover.")
    starts_on = forms.DateField(widget=DateInput(), label="Strategic plan starts on")
    ends_on = forms.DateField(widget=DateInput(), label="Strategic plan ends on")
    business_starts_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Business plan starts on",
        help_text="Only where the business plan's span differs from the strategic plan's.",
    )
    business_ends_on = forms.DateField(widget=DateInput(), required=False, label="Business plan ends on")


DECISION_CHOICES = [
    (Decision.CARRIED_FORWARD, "Carry forward"),
    (Decision.COMPLETED, "Closed as complete"),
    (Decision.DROPPED, "Drop"),
]


class ProjectDecisionForm(forms.Form):
    """One unfinished project's decision; blank leaves it undecided (only while it has no decision)."""

    decision = forms.ChoiceField(label="Decision", required=False)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to carry the project forward or drop it.",
    )

    def __init__(self, *args, project, record=None, **kwargs):
        self.project = project
        self.record = record
        if record is not None:
            kwargs.setdefault("initial", {"decision": record.decision, "reason": record.reason})
        super().__init__(*args, **kwargs)
        empty = [] if record is not None else [("", "Not decided yet")]
        self.fields["decision"].choices = [*empty, *DECISION_CHOICES]
        self.fields["decision"].required = record is not None
        self.fields["decision"].error_messages["required"] = "A decided project cannot be left undecided: choose one."
        self.fields["decision"].label = f"Decision on {project.number}"
        self.fields["reason"].label = f"Reason for {project.number}"

    def clean(self):
        data = super().clean()
        decision, reason = data.get("decision"), (data.get("reason") or "").strip()
        if decision == Decision.CARRIED_FORWARD and not reason:
            self.add_error("reason", f"Give the reason project {self.project.number} is carried forward.")
        elif decision == Decision.DROPPED and not reason:
            self.add_error("reason", f"Give the reason project {self.project.number} is dropped.")
        return data

    @property
    def is_change(self):
        decision = self.cleaned_data.get("decision")
        if not decision:
            return False
        reason = (self.cleaned_data.get("reason") or "").strip()
        return self.record is None or (decision, reason) != (self.record.decision, self.record.reason)


class AdoptPlanForm(forms.Form):
    adopted_on = forms.DateField(widget=DateInput(), label="Adopted on", help_text="The date the board adopted it.")
    adopted_by = forms.CharField(max_length=255, label="Adopted by", help_text="Usually the board.")
    version = forms.IntegerField(min_value=1, initial=1, label="Version")


class DraftPlanForm(forms.ModelForm):
    """A draft's own words and dates: its title, version note, the two spans and the mission."""

    class Meta:
        model = Plan
        fields = ["title", "version_note", "starts_on", "ends_on", "business_starts_on", "business_ends_on", "mission"]
        widgets = {name: DateInput() for name in ("starts_on", "ends_on", "business_starts_on", "business_ends_on")}
        labels = {
            "starts_on": "Strategic plan starts on",
            "ends_on": "Strategic plan ends on",
            "business_starts_on": "Business plan starts on",
            "business_ends_on": "Business plan ends on",
        }

    def clean(self):
        data = super().clean()
        for start, end, what in (
            ("starts_on", "ends_on", "The plan"),
            ("business_starts_on", "business_ends_on", "The business plan"),
        ):
            if data.get(start) and data.get(end) and data[end] <= data[start]:
                self.add_error(end, f"{what} must end after it starts.")
        return data
