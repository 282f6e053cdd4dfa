"""Filters of the scorecard; every choice is kept in the URL so a view can be bookmarked and shared."""

import django_filters
from django import forms

from plans.models import ProgrammeBoard, ServicePriority, StrategicOutcome

from . import rules
from .models import Indicator

RAG_CHOICES = [(r.value, r.label) for r in rules.RAG] + [("none", "No rating")]


class ScorecardFilter(django_filters.FilterSet):
    """Service priority narrows the query; outcome and lead board (as the viewed plan lists each indicator),
    exceptions and RAG are judged on the rows afterwards."""

    period = django_filters.CharFilter(
        method="keep",
        label="Reporting month",
        help_text="For example 2019-03. Blank: the latest month with data.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "YYYY-MM"}),
    )
    outcome = django_filters.ModelChoiceFilter(
        method="keep", queryset=StrategicOutcome.objects.none(), empty_label="All outcomes"
    )
    lead_board = django_filters.ModelChoiceFilter(
        method="keep", queryset=ProgrammeBoard.objects.all(), label="Lead board", empty_label="All boards"
    )
    service_priority = django_filters.ModelChoiceFilter(
        field_name="service_priorities",
        queryset=ServicePriority.objects.none(),
        label="Service priority",
        empty_label="All service priorities",
    )
    exceptions = django_filters.BooleanFilter(
        method="keep",
        label="Show",
        widget=django_filters.widgets.BooleanWidget(),
    )
    rag = django_filters.ChoiceFilter(method="keep", choices=RAG_CHOICES, label="RAG rating", empty_label="Any rating")

    class Meta:
        model = Indicator
        fields = ["period", "outcome", "lead_board", "service_priority", "exceptions", "rag"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["outcome"].queryset = StrategicOutcome.objects.filter(plan=plan)
        self.filters["service_priority"].queryset = ServicePriority.objects.filter(plan=plan)
        self.filters["exceptions"].field.widget.choices = [("", "All indicators"), ("true", "Exceptions only")]

    def keep(self, queryset, name, value):
        """Judged on the computed rows (see keep_row), not in the database."""
        return queryset

    def keep_row(self, row):
        data = self.form.cleaned_data
        outcome, board = data.get("outcome"), data.get("lead_board")
        if outcome is not None and row.indicator.outcome_id != outcome.pk:
            return False
        if board is not None and row.indicator.lead_board_id != board.pk:
            return False
        if data.get("exceptions") and not row.is_exception:
            return False
        wanted = data.get("rag")
        if wanted:
            actual = row.rag.value if row.rag else "none"
            if actual != wanted:
                return False
        return True
