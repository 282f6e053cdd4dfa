"""Filters of the business plan page; every choice is kept in the URL so a view can be bookmarked."""

import django_filters

from .forms import MonthField, MonthInput
from .models import Officer, ProgrammeBoard, Project, Status, Theme, overdue_q


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class ProjectFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.none(), empty_label="All themes")
    lead_board = django_filters.ModelChoiceFilter(
        queryset=ProgrammeBoard.objects.all(), label="Lead board", empty_label="All boards"
    )
    lead_officer = django_filters.ModelChoiceFilter(
        field_name="lead_officers", queryset=Officer.objects.all(), label="Lead officer", empty_label="Anyone"
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    due_before = MonthFilter(method="filter_due_before", label="Next due before", widget=MonthInput)

    class Meta:
        model = Project
        fields = ["theme", "lead_board", "lead_officer", "status", "overdue", "due_before"]

    def __init__(self, *args, plan, judged_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.judged_on = judged_on or plan.judged_on()
        self.filters["theme"].queryset = Theme.objects.filter(plan=plan)
        self.filters["lead_officer"].queryset = Officer.objects.filter(projects__plan=plan).distinct()
        self.filters["overdue"].field.widget.choices = [("", "Any"), ("true", "Overdue only"), ("false", "Not overdue")]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = overdue_q(self.judged_on, "activities__")
        matching = Project.objects.filter(overdue).values("pk")
        return queryset.filter(pk__in=matching) if value else queryset.exclude(pk__in=matching)

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(next_due__lt=value) if value else queryset
