"""Natural ordering of numbers such as 1.2 before 1.10 and 56a after 55: sort keys, and the models' ordering."""

import pytest

from core.numbering import sort_key
from indicators.models import Indicator
from plans.models import Activity, Project
from tests.indicators.factories import IndicatorFactory
from tests.plans.factories import ActivityFactory, ProjectFactory, StrategicOutcomeFactory, ThemeFactory

# --------------------------------------------------------------------------- natural ordering


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("1.2", "1.10"),
        ("1.9", "2.1"),
        ("9", "10"),
        ("55", "56a"),
        ("56", "56a"),
        ("56a", "56b"),
        ("56b", "57"),
        ("2.3", "12.1"),
    ],
)
def test_sort_key_orders_naturally(earlier, later):
    assert sort_key(earlier) < sort_key(later)


@pytest.mark.parametrize(("a", "b"), [("56A", "56a"), (" 2.3 ", "2.3"), (7, "7")])
def test_sort_key_ignores_case_spaces_and_type(a, b):
    assert sort_key(a) == sort_key(b)


def test_sort_key_pads_digit_runs():
    assert sort_key("2.3") == "0002.0003"


@pytest.mark.django_db
def test_project_ordering_is_natural():
    theme = ThemeFactory(number=1)
    for number in ["1.10", "1.9", "1.2", "1.1"]:  # created in reverse order
        ProjectFactory(theme=theme, number=number)

    numbers = [project.number for project in Project.objects.all()]

    assert numbers == ["1.1", "1.2", "1.9", "1.10"]


@pytest.mark.django_db
def test_activity_ordering_follows_project_order():
    theme = ThemeFactory(number=1)
    later = ProjectFactory(theme=theme, number="1.10")
    earlier = ProjectFactory(theme=theme, number="1.2")
    ActivityFactory(project=later, order=1)
    ActivityFactory(project=earlier, order=2)
    ActivityFactory(project=earlier, order=1)

    keys = [(activity.project.number, activity.order) for activity in Activity.objects.all()]

    assert keys == [("1.2", 1), ("1.2", 2), ("1.10", 1)]


@pytest.mark.django_db
def test_indicator_ordering_is_natural():
    outcome = StrategicOutcomeFactory()
    for number in ["57", "56b", "56a", "55", "10", "9"]:  # created in reverse order
        IndicatorFactory(outcome=outcome, number=number)

    numbers = [indicator.number for indicator in Indicator.objects.all()]

    assert numbers == ["9", "10", "55", "56a", "56b", "57"]


@pytest.mark.django_db
def test_sort_key_follows_number_change_on_save():
    project = ProjectFactory(theme=ThemeFactory(number=1), number="1.2")

    project.number = "1.10"
    project.save()
    project.refresh_from_db()

    assert project.sort_key == sort_key("1.10")
