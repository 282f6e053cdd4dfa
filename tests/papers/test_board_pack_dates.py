"""A board pack's meeting date and reporting month lie within five years of its plan (2018-19)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period
from papers.models import BoardPack

LIST_URL = reverse("papers:list")
DATE_ERROR = "Enter a date from 1 April 2013 to 31 March 2024: within 5 years of the plan."
PERIOD_ERROR = "Enter a period from April 2013 to March 2024: within 5 years of the plan."


@pytest.fixture
def figures(seed_plan):
    march = Period.month(2019, 3)
    indicator = Indicator.objects.get(plan=seed_plan, number="3")
    IndicatorValue.objects.create(indicator=indicator, period_start=march.start, period_end=march.end, value=Decimal(1))
    return seed_plan


@pytest.mark.parametrize("meeting_date", ["0001-01-01", "9999-12-31", "2013-03-31", "2024-04-01"])
def test_board_pack_meeting_date_out_of_range_refused_beside_the_field(figures, board_admin_client, meeting_date):
    response = board_admin_client.post(LIST_URL, {"meeting_date": meeting_date, "period": "2019-03"})

    assert response.status_code == 200
    assert response.context["form"].errors["meeting_date"] == [DATE_ERROR]
    assert DATE_ERROR in response.content.decode()
    assert not BoardPack.objects.exists()


@pytest.mark.parametrize("period", ["0001-01", "1999-12", "2030-01"])
def test_board_pack_reporting_month_out_of_range_refused_beside_the_field(figures, board_admin_client, period):
    response = board_admin_client.post(LIST_URL, {"meeting_date": "2019-04-18", "period": period})

    assert response.status_code == 200
    assert response.context["form"].errors["period"] == [PERIOD_ERROR]
    assert not BoardPack.objects.exists()


def test_board_pack_meeting_date_at_the_edges_of_the_range_accepted(figures):
    from papers.forms import BoardPackForm

    for day in ("2013-04-01", "2024-03-31"):
        form = BoardPackForm({"meeting_date": day, "period": "2013-04"}, plan=figures)
        form.is_valid()
        assert "meeting_date" not in form.errors, form.errors
