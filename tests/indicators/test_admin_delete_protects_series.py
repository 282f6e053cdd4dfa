"""Deleting an indicator in the admin never deletes its values, targets, comparators, commentary or history."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from indicators.models import Commentary, Comparator, Indicator, IndicatorValue, ProcessChange, Target
from plans.models import Plan
from tests.indicators.factories import (
    Q1_END,
    Q1_START,
    CommentaryFactory,
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProcessChangeFactory,
    TargetFactory,
)
from tests.plans.factories import PlanFactory, StrategicOutcomeFactory


@pytest.fixture
def indicator_40(seed_plan, board_admin_user):
    """Indicator 40 with a value, a target, a comparator, commentary and a process change."""
    indicator = Indicator.objects.get(plan=seed_plan, number="40")
    IndicatorValueFactory(indicator=indicator, period_start=Q1_START, period_end=Q1_END)
    TargetFactory(indicator=indicator)
    ComparatorFactory(indicator=indicator)
    CommentaryFactory(indicator=indicator, author=board_admin_user)
    ProcessChangeFactory(indicator=indicator, created_by=board_admin_user)
    return indicator


def series_counts(indicator):
    return [
        model.objects.filter(indicator=indicator).count()
        for model in (IndicatorValue, Target, Comparator, Commentary, ProcessChange)
    ]


def test_admin_delete_page_refuses_with_the_reason(indicator_40, admin_client):
    url = reverse("admin:indicators_indicator_delete", args=[indicator_40.pk])

    response = admin_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This indicator cannot be deleted" in html
    assert "would require deleting the following protected related objects" in html
    assert "Yes, I’m sure" not in html  # no button to confirm the deletion


def test_admin_delete_post_deletes_nothing(indicator_40, admin_client):
    before = series_counts(indicator_40)
    history = indicator_40.values.get().history.count()

    response = admin_client.post(reverse("admin:indicators_indicator_delete", args=[indicator_40.pk]), {"post": "yes"})

    assert response.status_code == 200
    assert Indicator.objects.filter(pk=indicator_40.pk).exists()
    assert series_counts(indicator_40) == before == [1, 1, 1, 1, 1]
    assert indicator_40.values.get().history.count() == history


def test_admin_bulk_delete_deletes_nothing(indicator_40, admin_client):
    response = admin_client.post(
        reverse("admin:indicators_indicator_changelist"),
        {"action": "delete_selected", "_selected_action": [indicator_40.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator_40.pk).exists()
    assert series_counts(indicator_40) == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("model", [IndicatorValue, Target, Comparator, Commentary, ProcessChange])
def test_indicator_delete_protected_by_each_part_of_its_series(seed_plan, board_admin_user, model):
    indicator = Indicator.objects.get(plan=seed_plan, number="40")
    factory = {
        IndicatorValue: IndicatorValueFactory,
        Target: TargetFactory,
        Comparator: ComparatorFactory,
        Commentary: lambda **kw: CommentaryFactory(author=board_admin_user, **kw),
        ProcessChange: lambda **kw: ProcessChangeFactory(created_by=board_admin_user, **kw),
    }[model]
    factory(indicator=indicator)

    with pytest.raises(ProtectedError):
        indicator.delete()

    assert indicator.has_series()
    assert model.objects.filter(indicator=indicator).count() == 1


def test_indicator_on_an_adopted_scorecard_is_not_deleted_even_without_a_series(seed_plan, admin_client):
    indicator = Indicator.objects.get(plan=seed_plan, number="40")
    assert not indicator.has_series()

    response = admin_client.post(reverse("admin:indicators_indicator_delete", args=[indicator.pk]), {"post": "yes"})

    assert response.status_code == 200
    assert "Indicator 40 is listed on the scorecard of 2018-19 (as 40)" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert indicator.entries.count() == 1


def test_indicator_added_to_a_draft_by_mistake_is_deleted_once_off_its_scorecard(db, admin_client):
    """An indicator listed only on a draft's scorecard, with no series: delete its entry, then the indicator."""
    draft = PlanFactory(code="2019-20", status=Plan.Status.DRAFT)
    indicator = IndicatorFactory(outcome=StrategicOutcomeFactory(plan=draft), number="70")
    entry = indicator.entries.get()
    delete_url = reverse("admin:indicators_indicator_delete", args=[indicator.pk])

    refused = admin_client.post(delete_url, {"post": "yes"})
    entry_deleted = admin_client.post(
        reverse("admin:indicators_scorecardentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    deleted = admin_client.post(delete_url, {"post": "yes"})

    assert refused.status_code == 200
    assert "from a draft&#x27;s, delete its scorecard entry first" in refused.content.decode()
    assert entry_deleted.status_code == deleted.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
