"""Commentary keeps a history of every change, and refuses a story or actions past their maximum length."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from indicators.models import Commentary, Indicator, IndicatorValue
from indicators.models.review import ACTIONS_MAX_CHARS, STORY_MAX_CHARS
from indicators.periods import Period
from tests.indicators.factories import CommentaryFactory

JUNE = Period.month(2018, 6)


@pytest.fixture
def indicator(seed_plan):
    indicator = Indicator.objects.get(plan=seed_plan, number="14")
    IndicatorValue.objects.create(indicator=indicator, period_start=JUNE.start, period_end=JUNE.end, value=250)
    return indicator


def post_commentary(client, story, actions=""):
    return client.post(
        reverse("indicators:add_commentary", args=["14"]),
        {"commentary-period": JUNE.code, "commentary-story": story, "commentary-actions": actions},
    )


# --------------------------------------------------------------------------- maximum length


@pytest.mark.parametrize("length", [STORY_MAX_CHARS + 1, 2 * 1024 * 1024])
def test_commentary_form_refuses_a_story_too_long_with_a_message_beside_it(indicator, board_admin_client, length):
    response = post_commentary(board_admin_client, "x" * length)

    assert response.status_code == 200
    form = response.context["commentary_form"]
    assert form.errors["story"] == [f"Keep this to 4,000 characters or fewer: it has {length} characters."]
    assert f"Keep this to 4,000 characters or fewer: it has {length} characters." in response.content.decode()
    assert not Commentary.objects.exists()


def test_commentary_form_refuses_actions_too_long(indicator, board_admin_client):
    response = post_commentary(board_admin_client, "The figure rose.", "y" * (ACTIONS_MAX_CHARS + 1))

    assert response.status_code == 200
    assert response.context["commentary_form"].errors["actions"] == [
        f"Keep this to 2,000 characters or fewer: it has {ACTIONS_MAX_CHARS + 1} characters."
    ]
    assert not Commentary.objects.exists()


def test_commentary_form_accepts_a_story_of_the_maximum_length(indicator, board_admin_client):
    response = post_commentary(board_admin_client, "x" * STORY_MAX_CHARS)

    assert response.status_code == 302
    assert len(Commentary.objects.get().story) == STORY_MAX_CHARS


def test_commentary_form_says_the_maximum(indicator, board_admin_client):
    html = board_admin_client.get(reverse("indicators:indicator", args=["14"])).content.decode()

    assert f'maxlength="{STORY_MAX_CHARS}"' in html
    assert "in up to 4,000 characters" in html


def test_commentary_model_refuses_a_story_too_long(indicator, board_admin_user):
    commentary = CommentaryFactory.build(
        indicator=indicator, period_start=JUNE.start, period_end=JUNE.end, author=board_admin_user, story="x" * 4001
    )

    with pytest.raises(ValidationError) as refused:
        commentary.full_clean()

    assert refused.value.message_dict["story"] == ["Keep this to 4,000 characters or fewer: it has 4001 characters."]


def test_database_refuses_a_story_too_long(indicator, board_admin_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commentary.objects.create(
            indicator=indicator, period_start=JUNE.start, period_end=JUNE.end, author=board_admin_user, story="x" * 4001
        )


# --------------------------------------------------------------------------- history


def test_commentary_written_on_the_page_has_a_history_row(indicator, board_admin_client, board_admin_user):
    post_commentary(board_admin_client, "The figure rose.")

    commentary = Commentary.objects.get()
    [row] = commentary.history.all()
    assert (row.history_type, row.story, row.history_user) == ("+", "The figure rose.", board_admin_user)


def test_commentary_rewritten_in_the_admin_keeps_the_old_words(indicator, admin_client, board_admin_user):
    commentary = Commentary.objects.create(
        indicator=indicator,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Referrals fell after the summer.",
    )
    url = reverse("admin:indicators_commentary_change", args=[commentary.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(indicator=indicator.pk, story="Nothing to see here.")
    data.pop("is_public")  # an unticked checkbox is not posted

    response = admin_client.post(url, data)

    assert response.status_code == 302
    commentary.refresh_from_db()
    assert commentary.story == "Nothing to see here."
    assert [row.story for row in commentary.history.order_by("history_id")] == [
        "Referrals fell after the summer.",
        "Nothing to see here.",
    ]
    history = admin_client.get(reverse("admin:indicators_commentary_history", args=[commentary.pk]))
    assert history.status_code == 200


# --------------------------------------------------------------------------- two people editing one commentary


def _admin_post(client, commentary, story, seen_version):
    return client.post(
        reverse("admin:indicators_commentary_change", args=[commentary.pk]),
        {
            "indicator": commentary.indicator.pk,
            "period_start": commentary.period_start.isoformat(),
            "period_end": commentary.period_end.isoformat(),
            "story": story,
            "actions": commentary.actions,
            "seen_version": seen_version,
        },
    )


def test_an_out_of_date_admin_edit_of_commentary_is_refused_keeping_the_text(indicator, admin_client, admin_user):
    commentary = CommentaryFactory(indicator=indicator, period_start=JUNE.start, period_end=JUNE.end)
    page = admin_client.get(reverse("admin:indicators_commentary_change", args=[commentary.pk]))
    seen = page.context["adminform"].form["seen_version"].value()
    first = _admin_post(admin_client, commentary, "The first editor's story.", seen)
    assert first.status_code == 302

    second = _admin_post(admin_client, commentary, "The second editor's story.", seen)  # drawn before the first save

    commentary.refresh_from_db()
    html = second.content.decode()
    assert second.status_code == 200
    assert commentary.story == "The first editor's story."
    assert "since this page was opened. Nothing was saved" in html
    assert "The second editor&#x27;s story." in html  # the text typed is kept on the form
    again = _admin_post(admin_client, commentary, "The second editor's story.", commentary.history.first().history_id)
    assert again.status_code == 302
    commentary.refresh_from_db()
    assert commentary.story == "The second editor's story."
    assert commentary.history.count() == 3  # created, first edit, second edit: nothing lost from the record
