"""A plan's scorecard in the admin: entries listed and filtered by plan, with their history; a closed plan's
read only; an adopted plan's never deleted; an indicator with a series or a place on a scorecard never
deleted, with the reasons."""

import datetime

import pytest

from indicators.models import Indicator, IndicatorValue, ScorecardEntry, Target
from plans.models import Plan
from tests.indicators.factories import Q1_END, Q1_START, IndicatorValueFactory, ScorecardEntryFactory, TargetFactory
from tests.plans.admin_forms import admin_form_data, admin_url
from tests.plans.factories import PlanFactory, StrategicOutcomeFactory

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def draft(seed_plan):
    """The next year's draft, its scorecard listing indicator 40 as "41" under its own outcome 3."""
    plan = PlanFactory(
        code="2019-20",
        status=Plan.Status.DRAFT,
        adopted_on=None,
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2020, 3, 31),
        previous=seed_plan,
    )
    outcome = StrategicOutcomeFactory(plan=plan, number=3, title="Safe and protected from harm")
    indicator = Indicator.objects.get(plan=seed_plan, number="40")
    ScorecardEntryFactory(plan=plan, indicator=indicator, number="41", outcome=outcome)
    return plan


def test_entries_listed_by_plan_and_filtered_by_plan(draft, board_admin_client):
    everything = board_admin_client.get(admin_url(ScorecardEntry, "changelist"))
    filtered = board_admin_client.get(admin_url(ScorecardEntry, "changelist"), {"plan__id__exact": draft.pk})

    assert everything.status_code == filtered.status_code == 200
    assert everything.context["cl"].result_count == 70  # 69 in 2018-19, 1 in the draft
    assert [(entry.plan.code, entry.number) for entry in filtered.context["cl"].result_list] == [("2019-20", "41")]
    assert "2019-20" in text(everything)


def test_entry_change_kept_in_its_history(draft, board_admin_client):
    entry = draft.scorecard_entries.get()
    page = board_admin_client.get(admin_url(ScorecardEntry, "change", entry.pk))

    response = board_admin_client.post(
        admin_url(ScorecardEntry, "change", entry.pk), admin_form_data(page, {"number": "39a"})
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.number == "39a"
    assert entry.history.count() == 2
    history = board_admin_client.get(admin_url(ScorecardEntry, "history", entry.pk))
    assert history.status_code == 200
    assert "39a" in text(history)
    assert "brenda" in text(history)


def test_closed_plan_entry_is_read_only_and_says_why(seed_plan, board_admin_client):
    seed_plan.status, seed_plan.closed_on = Plan.Status.CLOSED, datetime.date(2019, 4, 23)
    seed_plan.save()
    entry = seed_plan.scorecard_entries.get(number="40")

    page = board_admin_client.get(admin_url(ScorecardEntry, "change", entry.pk))
    response = board_admin_client.post(admin_url(ScorecardEntry, "change", entry.pk), {"number": "99"})

    assert "The plan 2018-19 was closed on 23 April 2019" in text(page)
    assert 'name="_save"' not in text(page)
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.number == "40"


def test_adopted_plan_entry_is_not_deleted_and_the_page_says_why(seed_plan, board_admin_client):
    entry = seed_plan.scorecard_entries.get(number="40")

    page = board_admin_client.get(admin_url(ScorecardEntry, "delete", entry.pk))
    response = board_admin_client.post(
        admin_url(ScorecardEntry, "changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    for shown in (page, response):
        assert "2018-19 is adopted (current): its scorecard is kept as the board adopted it" in text(shown)
    assert ScorecardEntry.objects.filter(pk=entry.pk).exists()


def test_draft_entry_is_deleted_and_the_measure_kept(draft, board_admin_client):
    entry = draft.scorecard_entries.get()

    response = board_admin_client.post(admin_url(ScorecardEntry, "delete", entry.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not draft.scorecard_entries.exists()
    assert Indicator.objects.filter(pk=entry.indicator_id).exists()


def test_indicator_with_a_series_is_not_deleted_and_every_reason_is_given(draft, board_admin_client):
    indicator = Indicator.objects.get(plan__code="2018-19", number="40")
    IndicatorValueFactory(indicator=indicator, period_start=Q1_START, period_end=Q1_END)
    TargetFactory(indicator=indicator)

    page = board_admin_client.get(admin_url(Indicator, "delete", indicator.pk))
    response = board_admin_client.post(
        admin_url(Indicator, "changelist"),
        {"action": "delete_selected", "_selected_action": [indicator.pk], "post": "yes"},
    )

    for shown in (page, response):
        assert "Indicator 40 has 1 value, 1 target on record" in text(shown)
        assert "listed on the scorecard of 2018-19 (as 40), 2019-20 (as 41)" in text(shown)
        assert "Yes, I’m sure" not in text(shown)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert Target.objects.filter(indicator=indicator).count() == 1
    assert indicator.entries.count() == 2
