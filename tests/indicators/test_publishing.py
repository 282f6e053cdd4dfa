"""Choosing what is published: the board administrators' publishing page and the admin's actions."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core import permissions as roles
from indicators.models import Indicator, PublicationSettings
from tests.indicators.published_pages import PAGE, PUBLISHED, PUBLISHING, SIGN_IN, read_page

# --------------------------------------------------------------------------- choosing what is published


@pytest.mark.parametrize("fixture", ["viewer_client", "data_officer_client", "board_member_client", "lynne_client"])
def test_publishing_page_forbidden_to_others(request, seed_plan, fixture):
    browser = request.getfixturevalue(fixture)

    get = browser.get(PUBLISHING)
    post = browser.post(PUBLISHING, {"is_enabled": "on", "title": "Mine", "indicators": []})

    assert get.status_code == 403
    assert post.status_code == 403
    assert "Only board administrators can choose what is published." in get.content.decode()
    assert not PublicationSettings.objects.exists()


def test_publishing_page_anonymous_goes_to_sign_in(client, seed_plan):
    response = client.get(PUBLISHING)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={PUBLISHING}"


def test_publishing_page_lists_indicators_by_outcome_with_current_choices(board_admin_client, figures):
    response = board_admin_client.get(PUBLISHING)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{figures["14"].pk}" id="publish-{figures["14"].pk}" checked' in html
    assert f'value="{figures["3"].pk}" id="publish-{figures["3"].pk}">' in html
    assert html.count('type="checkbox" name="indicators"') == Indicator.objects.count()
    text = read_page(response).text
    assert "Publishing is off; 6 indicators chosen." in text
    assert "Outcome 1:" in text and "Outcome 3:" in text


def test_publishing_page_saves_switch_and_choices(board_admin_client, board_admin_user, figures):
    keep, add = figures["16"], figures["3"]

    response = board_admin_client.post(
        PUBLISHING,
        {
            "is_enabled": "on",
            "title": "Our scorecard",
            "introduction": "Updated quarterly.",
            "indicators": [keep.pk, add.pk],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == PUBLISHING
    settings_row = PublicationSettings.objects.get()
    assert (settings_row.is_enabled, settings_row.title, settings_row.introduction) == (
        True,
        "Our scorecard",
        "Updated quarterly.",
    )
    assert settings_row.updated_by == board_admin_user
    assert set(Indicator.objects.filter(is_published=True).values_list("number", flat=True)) == {"16", "3"}
    add.refresh_from_db()
    assert add.history.first().history_user == board_admin_user
    follow = board_admin_client.get(PUBLISHING)
    assert "Saved. Publishing is on; 2 indicators chosen for the public scorecard." in read_page(follow).text
    public = Client().get(PAGE)
    assert public.status_code == 200
    assert add.title in read_page(public).text
    assert figures["14"].title not in read_page(public).text


def test_publishing_page_all_or_nothing_when_a_save_fails(board_admin_client, figures):
    original_save = Indicator.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.number)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original_save(self, *args, **kwargs)

    with mock.patch.object(Indicator, "save", failing_save), pytest.raises(RuntimeError):
        board_admin_client.post(
            PUBLISHING,
            {"is_enabled": "on", "title": "Half saved?", "indicators": [figures["3"].pk, figures["16"].pk]},
        )

    assert len(calls) == 2
    assert not PublicationSettings.objects.exists()
    assert set(Indicator.objects.filter(is_published=True).values_list("number", flat=True)) == PUBLISHED


def test_publishing_page_missing_title_shows_error_and_saves_nothing(board_admin_client, figures):
    response = board_admin_client.post(PUBLISHING, {"is_enabled": "on", "title": "", "indicators": [figures["3"].pk]})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_title"' in html
    assert "This field is required." in read_page(response).text
    assert f'value="{figures["3"].pk}" id="publish-{figures["3"].pk}" checked' in html  # the choice is kept
    assert not PublicationSettings.objects.exists()
    assert not Indicator.objects.get(number="3").is_published


def test_publishing_page_unknown_indicator_is_an_error_linked_to_the_list(board_admin_client, figures):
    response = board_admin_client.post(PUBLISHING, {"title": "Ours", "indicators": ["999999"]})

    assert response.status_code == 200
    assert 'href="#indicator-choices"' in response.content.decode()
    assert 'id="indicator-choices"' in response.content.decode()
    assert not PublicationSettings.objects.exists()


def test_publishing_nav_link_for_board_administrators_only(board_admin_client, viewer_client, seed_plan):
    assert PUBLISHING in read_page(board_admin_client.get("/scorecard/")).hrefs
    assert PUBLISHING not in read_page(viewer_client.get("/scorecard/")).hrefs


def test_publishing_role_check_is_can_sign_off(board_admin_user, viewer_user):
    assert roles.has_permission(board_admin_user, roles.Permission.SIGN_OFF)
    assert not roles.has_permission(viewer_user, roles.Permission.SIGN_OFF)


# --------------------------------------------------------------------------- the admin


def test_admin_publish_and_unpublish_actions(admin_client, figures, admin_user):
    url = reverse("admin:indicators_indicator_changelist")
    chosen = [figures["3"].pk, figures["14"].pk]

    admin_client.post(url, {"action": "publish_selected", "_selected_action": chosen})

    assert Indicator.objects.get(number="3").is_published
    assert Indicator.objects.get(number="3").history.first().history_user == admin_user

    admin_client.post(url, {"action": "unpublish_selected", "_selected_action": chosen})

    assert set(Indicator.objects.filter(is_published=True).values_list("number", flat=True)) == PUBLISHED - {"14"}


def test_admin_indicator_list_shows_and_filters_published(admin_client, figures):
    response = admin_client.get(reverse("admin:indicators_indicator_changelist"), {"is_published__exact": "1"})

    assert response.status_code == 200
    assert {indicator.number for indicator in response.context["cl"].result_list} == PUBLISHED
    assert "is_published" in response.context["cl"].list_display


def test_admin_board_administrator_may_switch_publishing_on(board_admin_client, board_admin_user, seed_plan):
    group = Group.objects.get(name=roles.BOARD_ADMINISTRATOR)
    assert group.permissions.filter(codename="change_publicationsettings").exists()

    response = board_admin_client.post(
        reverse("admin:indicators_publicationsettings_add"),
        {"is_enabled": "on", "title": "From the admin", "introduction": ""},
    )

    assert response.status_code == 302
    settings_row = PublicationSettings.objects.get()
    assert settings_row.is_enabled
    assert settings_row.updated_by == board_admin_user
    assert board_admin_client.get(reverse("admin:indicators_publicationsettings_add")).status_code == 403
