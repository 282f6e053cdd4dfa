"""Filters of the action tracker; every choice is kept in the URL so a view can be bookmarked."""

import django_filters
from django.db.models import Q

from plans.models import Agency, ProgrammeBoard

from .models import Action


class ActionFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(choices=Action.Source.choices, empty_label="Any source")
    agency = django_filters.ModelChoiceFilter(
        field_name="owner__agency", queryset=Agency.objects.all(), label="Owner's agency", empty_label="Any agency"
    )
    board = django_filters.ModelChoiceFilter(
        method="filter_board", queryset=ProgrammeBoard.objects.all(), label="Board", empty_label="Any board"
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")

    class Meta:
        model = Action
        fields = ["source", "agency", "board", "status"]

    def filter_board(self, queryset, name, value):
        """The board an action answers to: its audit's lead board, its meeting's board or its project's."""
        if not value:
            return queryset
        return queryset.filter(
            Q(audit__lead_board=value) | Q(meeting__board=value) | Q(project__lead_board=value)
        ).distinct()
