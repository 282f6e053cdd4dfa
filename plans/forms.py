"""Forms for lead officers' updates. Every rule gives its message on the field it is about."""

import datetime
import re

from django import forms

from core.dates import today as site_today

from .models import Activity, Status

MONTH_FORMATS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), lambda m: (int(m[2]), int(m[1]))),
]


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


class MonthField(forms.Field):
    """A month, entered as 2018-06 (what a browser's month picker sends) or 06/2018; held as its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": "Enter a month as a year and month, such as 2018-06."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value).strip()
        for pattern, parts in MONTH_FORMATS:
            match = pattern.match(text)
            if match:
                year, month = parts(match)
                if 1 <= month <= 12 and 1900 <= year <= 2100:
                    return datetime.date(year, month, 1)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


NOTE_REQUIRED_FOR = {Status.AT_RISK, Status.DELAYED}


class ProjectUpdateForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Status.choices, label="Project status")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Note",
        help_text="What has happened since the last update. Required when the project is at risk or delayed.",
        max_length=5000,
    )
    revise_activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label="Activity whose timescale changes",
        help_text="Leave blank if no timescale changes.",
        empty_label="No timescale changes",
    )
    revised_due = MonthField(required=False, label="Revised due month", help_text="For example 2018-09.")
    revision_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for the new timescale",
        help_text="Required when the due month moves later.",
        max_length=2000,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        activities = project.activities.all()
        self.fields["revise_activity"].queryset = activities
        self.fields["revise_activity"].label_from_instance = self.activity_label

    @staticmethod
    def activity_label(activity):
        due = activity.current_due.strftime("%b %Y") if activity.current_due else "no timescale"
        text = activity.description if len(activity.description) <= 70 else activity.description[:67] + "..."
        return f"{activity.order}. {text} (due {due})"

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in NOTE_REQUIRED_FOR and not data.get("note", "").strip():
            label = Status(status).label.lower()
            self.add_error("note", f"Say why the project is {label}.")

        activity = data.get("revise_activity")
        revised_due = data.get("revised_due")
        if activity and not revised_due and "revised_due" not in self.errors:
            self.add_error("revised_due", "Enter the revised due month for the activity you chose.")
        if revised_due and not activity:
            self.add_error("revise_activity", "Choose the activity whose timescale changes.")
        if activity and revised_due:
            current = activity.current_due
            # Later than the month it is due now, or than the plan's own month: either needs a reason
            # (the same rule as Activity.clean()).
            later_than = [month for month in (current, activity.due) if month and revised_due > month]
            if later_than and not data.get("revision_reason", "").strip():
                self.add_error(
                    "revision_reason",
                    f"Give a reason: the due month moves later, from {min(later_than):%B %Y} to {revised_due:%B %Y}.",
                )
            if revised_due == current:
                self.add_error("revised_due", f"This activity is already due in {current:%B %Y}.")
        return data


class ActivityStatusForm(forms.Form):
    activity_id = forms.IntegerField(widget=forms.HiddenInput)
    # What the person saw when they opened the form: only what they changed from it is saved,
    # so a change someone else made in the meantime to another activity is kept.
    seen_status = forms.ChoiceField(choices=Activity.Status.choices, widget=forms.HiddenInput)
    seen_completed_on = forms.DateField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Activity.Status.choices, label="Status")
    completed_on = forms.DateField(
        required=False, widget=DateInput, label="Completed on", help_text="Only for a complete activity."
    )

    def clean(self):
        data = super().clean()
        status = data.get("status")
        completed_on = data.get("completed_on")
        if status == Activity.Status.COMPLETE and not completed_on and "completed_on" not in self.errors:
            self.add_error("completed_on", "Enter the date the activity was completed.")
        if completed_on and status != Activity.Status.COMPLETE:
            self.add_error(
                "completed_on", "Only a complete activity has a completion date: set its status to Complete."
            )
        if completed_on and completed_on > site_today():
            self.add_error("completed_on", "The completion date cannot be in the future.")
        return data


class BaseActivityFormSet(forms.BaseFormSet):
    def __init__(self, *args, activities, **kwargs):
        self.activities = list(activities)
        kwargs.setdefault(
            "initial",
            [
                {
                    "activity_id": a.pk,
                    "status": a.status,
                    "completed_on": a.completed_on,
                    "seen_status": a.status,
                    "seen_completed_on": a.completed_on,
                }
                for a in self.activities
            ],
        )
        super().__init__(*args, **kwargs)
        for form, activity in zip(self.forms, self.activities, strict=False):
            form.activity = activity

    def clean(self):
        super().clean()
        expected = {a.pk for a in self.activities}
        submitted = {form.cleaned_data.get("activity_id") for form in self.forms if hasattr(form, "cleaned_data")}
        if submitted != expected:
            raise forms.ValidationError("The list of activities has changed; reload the page and try again.")


ActivityFormSet = forms.formset_factory(ActivityStatusForm, formset=BaseActivityFormSet, extra=0)
