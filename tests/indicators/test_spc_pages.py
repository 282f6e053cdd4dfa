"""The SPC verdict as the pages show it: the indicator page, the scorecard and the exception report agree
with the reference's verdict for worked series (tests/indicators/test_spc_reference.py), say
"provisional (N points)" for trial limits and "Rare event: not charted by XmR" for a rare event."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from indicators.models import Indicator
from indicators.periods import Period
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import PlanFactory, StrategicOutcomeFactory

pytestmark = pytest.mark.django_db

LAST_MONTH = Period.month(2019, 3)
TODAY = datetime.date(2019, 4, 5)

# number: (values oldest first, None for a missing month; the verdict the reference gives; an exception?)
SERIES = {
    "1": ([10, 11] * 6 + [25, 15], "Special cause: concerning", True),
    "2": ([8, 7, 10, 7, 8, 12, 7, 9, 10, 8, 15, 15], "Common cause variation", False),
    "3": ([4, 6, 5, 7, 5], "Common cause variation, provisional (5 points)", False),
    "4": ([10, 11, 10, 11, 10, 11, 10, 30], "Special cause: concerning, provisional (8 points)", True),
    # Without the missing month the last 7 would be a run below the mean (improving when lower is better).
    "5": ([13, 17] * 4 + [13, 12, 13, None, 12, 13, 12, 13], "Common cause variation", False),
}


def add_monthly(indicator, values):
    period = LAST_MONTH.shifted(1 - len(values))
    for value in values:
        if value is not None:
            IndicatorValueFactory(
                indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
            )
        period = period.shifted(1)


@pytest.fixture
def indicators():
    outcome = StrategicOutcomeFactory(plan=PlanFactory(is_current=True))
    made = {}
    for number, (values, _, _) in SERIES.items():
        made[number] = IndicatorFactory(
            number=number,
            outcome=outcome,
            polarity=Indicator.Polarity.LOWER_IS_BETTER,
            frequency=Indicator.Frequency.MONTHLY,
            title=f"Worked series {number}",
        )
        add_monthly(made[number], values)
    # Indicator 54 as a rare event: eleven quarters of none, then one.
    rare = IndicatorFactory(
        number="54",
        outcome=outcome,
        polarity=Indicator.Polarity.LOWER_IS_BETTER,
        frequency=Indicator.Frequency.QUARTERLY,
        unit=Indicator.Unit.COUNT,
        title="Worked series 54",
    )
    quarter = Period.quarter(2018, 4).shifted(-11)
    for value in [0] * 11 + [1]:
        IndicatorValueFactory(indicator=rare, period_start=quarter.start, period_end=quarter.end, value=value)
        quarter = quarter.shifted(1)
    made["54"] = rare
    return made


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def scorecard_row(page, number):
    """The text of the scorecard's table row that links to indicator `number`."""
    link = reverse("indicators:indicator", args=[number])
    [row] = [chunk for chunk in page.split("<tr") if f'href="{link}"' in chunk]
    return text(row)


def exception_article(page, indicator):
    match = re.search(rf'<article[^>]*aria-labelledby="exception-{indicator.pk}".*?</article>', page, re.S)
    return text(match.group(0)) if match else None


BADGE = r'<span class="badge [^"]*">(?:<span aria-hidden="true">[^<]*</span>)?([^<]*)</span>'


def verdict_on_indicator_page(page):
    """The words of the variation badge on the indicator page."""
    variation = re.search(r"<dt[^>]*>Variation</dt><dd[^>]*>(.*?)</dd>", page, re.S).group(1)
    return re.search(BADGE, variation).group(1)


@time_machine.travel(TODAY)
def test_pages_show_the_reference_verdicts(viewer_client, indicators):
    scorecard = viewer_client.get(reverse("indicators:scorecard")).content.decode()
    exceptions = viewer_client.get(reverse("indicators:exceptions")).content.decode()

    for number, (_, verdict, is_exception) in SERIES.items():
        indicator_page = viewer_client.get(reverse("indicators:indicator", args=[number])).content.decode()
        assert verdict_on_indicator_page(indicator_page).strip() == verdict, number
        assert f"{verdict} " in scorecard_row(scorecard, number), number
        article = exception_article(exceptions, indicators[number])
        if is_exception:
            assert article is not None, number
            assert verdict in article
            assert "Special cause variation of concern" in article
        else:  # not an exception on its figures (a missing month is listed, as missing, not as variation)
            assert article is None or "Special cause variation of concern" not in article, number


@time_machine.travel(TODAY)
def test_rare_event_is_not_judged_by_xmr(viewer_client, indicators):
    indicator_page = viewer_client.get(reverse("indicators:indicator", args=["54"])).content.decode()
    scorecard = viewer_client.get(reverse("indicators:scorecard")).content.decode()
    exceptions = viewer_client.get(reverse("indicators:exceptions")).content.decode()

    assert verdict_on_indicator_page(indicator_page).strip() == "Rare event: not charted by XmR"
    row = scorecard_row(scorecard, "54")
    assert "Rare event: not charted by XmR" in row
    assert "concerning" not in row
    assert "Exception" not in row
    assert exception_article(exceptions, indicators["54"]) is None


@time_machine.travel(TODAY)
def test_missing_month_is_a_gap_in_the_charts(viewer_client, indicators):
    page = viewer_client.get(reverse("indicators:indicator", args=["5"])).content.decode()
    chart = re.search(r'<figure class="spc-chart.*?</figure>', page, re.S).group(0)
    # The value line is drawn in two pieces, either side of the missing month (2018-11).
    assert chart.count('stroke="#1d3557" stroke-width="2"/>') == 2
    assert "1 missing period left as a gap in the line" in chart
    scorecard = viewer_client.get(reverse("indicators:scorecard")).content.decode()
    link = reverse("indicators:indicator", args=["5"])
    [row] = [chunk for chunk in scorecard.split("<tr") if f'href="{link}"' in chunk]
    assert row.count('<polyline points="') == 2  # the sparkline breaks too


@time_machine.travel(TODAY)
def test_scorecard_series_keeps_the_missing_month_as_a_gap(indicators):
    from indicators.scorecard import build_scorecard

    [row] = build_scorecard(Indicator.objects.filter(number="5")).rows
    gaps = [figure.period for figure in row.series if figure.is_gap]
    assert gaps == [Period.month(2018, 11)]
    assert len(row.series) == len(row.spc.points) == 16
    assert row.spc.points[11].is_gap


@time_machine.travel(TODAY)
def test_scorecard_csv_carries_the_notes(viewer_client, indicators):
    response = viewer_client.get(reverse("indicators:scorecard_csv"))
    csv_text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    lines = {line.split(",")[0]: line for line in csv_text.splitlines()}
    assert "Rare event: not charted by XmR" in lines["54"]
    assert "Common cause variation, provisional (5 points)" in lines["3"]


@time_machine.travel(TODAY)
def test_seed_indicator_54_rare_event_is_not_concerning(seed_plan, viewer_client):
    from indicators.scorecard import Reasons, build_scorecard

    indicator = Indicator.objects.get(number="54", plan__is_current=True)  # children reported as trafficked
    quarter = Period.quarter(2018, 4).shifted(-11)
    for value in [0] * 11 + [1]:
        IndicatorValueFactory(indicator=indicator, period_start=quarter.start, period_end=quarter.end, value=value)
        quarter = quarter.shifted(1)

    [row] = build_scorecard(Indicator.objects.filter(pk=indicator.pk)).rows
    assert row.spc.rare_event
    assert row.variation is None
    assert Reasons.CONCERNING not in row.reasons
    page = viewer_client.get(reverse("indicators:indicator", args=["54"])).content.decode()
    assert verdict_on_indicator_page(page) == "Rare event: not charted by XmR"


# --------------------------------------------------------------------------- every worked series, on every page


@pytest.fixture
def worked_series():
    """Every series of the reference table as an indicator of its own (numbered from 101), ending March 2019."""
    from tests.indicators.factories import ProcessChangeFactory
    from tests.indicators.test_spc_reference import TABLE

    outcome = StrategicOutcomeFactory(plan=PlanFactory(is_current=True))
    made = []
    for offset, (name, values, polarity, phases, _, variation, note) in enumerate(TABLE):
        indicator = IndicatorFactory(
            number=str(101 + offset),
            outcome=outcome,
            polarity=polarity,
            frequency=Indicator.Frequency.MONTHLY,
            unit=Indicator.Unit.PERCENTAGE,  # not a count, so never read as a rare event
            title=f"Worked series {name}",
        )
        add_monthly(indicator, values)
        first = LAST_MONTH.shifted(1 - len(values))
        for start in phases:
            ProcessChangeFactory(indicator=indicator, period_start=first.shifted(start).start)
        verdict = variation.label + (f", {note}" if note else "")
        made.append((indicator, verdict, variation))
    return made


@pytest.mark.slow
@time_machine.travel(TODAY)
def test_every_worked_series_shows_the_reference_verdict_on_every_page(viewer_client, worked_series):
    from indicators.rules import Variation
    from indicators.scorecard import Reasons

    scorecard = viewer_client.get(reverse("indicators:scorecard")).content.decode()
    exceptions = viewer_client.get(reverse("indicators:exceptions")).content.decode()
    spc_reasons = (Reasons.CONCERNING, "Unusual change in demand")
    for indicator, verdict, variation in worked_series:
        where = f"{indicator.title} ({indicator.number})"
        page = viewer_client.get(reverse("indicators:indicator", args=[indicator.number])).content.decode()
        assert verdict_on_indicator_page(page).strip() == verdict, where
        assert f"{verdict} " in scorecard_row(scorecard, indicator.number), where
        article = exception_article(exceptions, indicator)
        is_spc_exception = variation in (Variation.CONCERNING, Variation.HIGH, Variation.LOW)
        if is_spc_exception:
            assert article is not None and verdict in article, where
        shown = article is not None and any(reason in article for reason in spc_reasons)
        assert shown == is_spc_exception, where
