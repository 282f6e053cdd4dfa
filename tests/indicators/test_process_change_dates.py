"""A process change is marked within five years of its indicator's plan (2018-19), on the page and in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator, ProcessChange

PERIOD_ERROR = "Enter a period from April 2013 to March 2024: within 5 years of the plan."
DATE_ERROR = "Enter a date from 1 April 2013 to 31 March 2024: within 5 years of the plan."


@pytest.mark.parametrize("period", ["0001-01", "9999-12", "2013-03", "2024-04"])
def test_process_change_period_out_of_range_refused_beside_the_field(seed_plan, board_admin_client, period):
    response = board_admin_client.post(
        reverse("indicators:add_process_change", args=["16"]),
        {"process-period": period, "process-reason": "New system"},
    )

    assert response.status_code == 200
    assert response.context["process_form"].errors["period"] == [PERIOD_ERROR]
    assert PERIOD_ERROR in response.content.decode()
    assert not ProcessChange.objects.exists()


@pytest.mark.parametrize("period", ["2013-04", "2024-03"])
def test_process_change_period_at_the_edges_accepted(seed_plan, board_admin_client, period):
    response = board_admin_client.post(
        reverse("indicators:add_process_change", args=["16"]),
        {"process-period": period, "process-reason": "New system"},
    )

    assert response.status_code == 302
    assert ProcessChange.objects.get().period_start.strftime("%Y-%m") == period


def test_process_change_admin_refuses_a_date_out_of_range(seed_plan, admin_client):
    indicator = Indicator.objects.get(plan=seed_plan, number="16")

    response = admin_client.post(
        reverse("admin:indicators_processchange_add"),
        {"indicator": indicator.pk, "period_start": "9999-12-01", "reason": "New system"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["period_start"] == [DATE_ERROR]
    assert not ProcessChange.objects.exists()


def test_process_change_model_refuses_a_date_out_of_range(seed_plan, admin_user):
    change = ProcessChange(
        indicator=Indicator.objects.get(plan=seed_plan, number="16"),
        period_start=datetime.date(1, 1, 1),
        reason="New system",
        created_by=admin_user,
    )

    with pytest.raises(ValidationError, match="within 5 years of the plan"):
        change.full_clean()
