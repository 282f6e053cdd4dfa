"""Commentary is internal unless marked for publication, and the publishing page previews the public page."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Commentary, Indicator, IndicatorValue, PublicationSettings
from indicators.periods import Period
from tests.indicators.factories import CommentaryFactory

PAGE = "/published/"
CSV_URL = "/published/scorecard.csv"
PUBLISHING = "/scorecard/publishing/"
JUNE = Period.month(2018, 6)
SMALL_NUMBER_STORY = "Only 3 children were referred this month."


def public_csv_commentary(client, number):
    rows = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode("utf-8-sig"))))
    header = rows[0]
    [row] = [row for row in rows[1:] if row[header.index("indicator")] == number]
    return row[header.index("commentary")]


@pytest.fixture
def published_referrals(seed_plan):
    """Indicator 14 published with a count of 4 for June 2018 (shown as "fewer than 6"); publishing on."""
    indicator = Indicator.objects.get(plan=seed_plan, number="14")
    indicator.is_published = True
    indicator.save()
    IndicatorValue.objects.create(indicator=indicator, period_start=JUNE.start, period_end=JUNE.end, value=Decimal(4))
    PublicationSettings.objects.create(is_enabled=True, title="Children's scorecard")
    return indicator


def test_commentary_is_internal_by_default(published_referrals, board_admin_user, client):
    CommentaryFactory(
        indicator=published_referrals,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story=SMALL_NUMBER_STORY,
    )

    html = client.get(PAGE).content.decode()

    assert Commentary.objects.get().is_public is False
    assert "fewer than 6" in html
    assert SMALL_NUMBER_STORY not in html
    assert public_csv_commentary(client, "14") == ""


def test_commentary_marked_for_publication_is_shown(published_referrals, board_admin_user, client):
    CommentaryFactory(
        indicator=published_referrals,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Referrals were lower than usual over the summer.",
        is_public=True,
    )

    assert "Referrals were lower than usual over the summer." in client.get(PAGE).content.decode()
    assert public_csv_commentary(client, "14") == "Referrals were lower than usual over the summer."


@pytest.mark.parametrize(("ticked", "expected"), [(False, False), (True, True)])
def test_commentary_form_publishes_only_when_ticked(published_referrals, board_admin_client, ticked, expected):
    data = {"commentary-period": JUNE.code, "commentary-story": SMALL_NUMBER_STORY, "commentary-actions": ""}
    if ticked:
        data["commentary-is_public"] = "on"

    response = board_admin_client.post(reverse("indicators:add_commentary", args=["14"]), data)

    assert response.status_code == 302
    assert Commentary.objects.get().is_public is expected


def test_commentary_form_says_it_is_internal_unless_ticked(published_referrals, board_admin_client):
    html = board_admin_client.get(reverse("indicators:indicator", args=["14"])).content.decode()

    assert "Publish on the public scorecard" in html
    assert "Commentary is internal unless this is ticked" in html


def _public_part(html):
    """The public page's figures and commentary: from its count of indicators to the end of the main content."""
    start = html.index('<p role="status">')
    return html[start : html.index("</main>", start)].strip()


def test_publishing_page_previews_exactly_the_public_page(published_referrals, board_admin_user, board_admin_client):
    for story, is_public in (("Shown: referrals fell.", True), (SMALL_NUMBER_STORY, False)):
        CommentaryFactory(
            indicator=published_referrals,
            period_start=JUNE.start,
            period_end=JUNE.end,
            author=board_admin_user,
            story=story,
            is_public=is_public,
        )
    public = _public_part(board_admin_client.get(PAGE).content.decode())

    response = board_admin_client.get(PUBLISHING)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of the public scorecard" in html
    preview = html[html.index('id="preview-heading"') :]
    assert public.removesuffix("</section>").strip() in preview
    assert "Shown: referrals fell." in preview
    assert SMALL_NUMBER_STORY not in html
    assert "fewer than 6" in preview


def test_publishing_preview_while_publishing_is_off(published_referrals, board_admin_client):
    PublicationSettings.objects.update(is_enabled=False)

    html = board_admin_client.get(PUBLISHING).content.decode()

    assert "it is off: nobody can see it now" in html
    assert "fewer than 6" in html
