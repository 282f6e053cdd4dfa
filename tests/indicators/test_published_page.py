"""The published scorecard: off by default, open to anyone when on, and never showing a small number."""

import dataclasses

from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from indicators.models import Indicator, PublicationSettings
from indicators.public_scorecard import PublicCommentary, build_public_scorecard
from tests.indicators.factories import CommentaryFactory
from tests.indicators.published_pages import CSV_URL, JUNE, PAGE, PUBLISHED, SIGN_IN, csv_row, read_csv, read_page

# --------------------------------------------------------------------------- off by default


def test_published_off_by_default_page_and_csv_not_found_for_anyone(client, viewer_client, board_admin_client, figures):
    assert PublicationSettings.objects.count() == 0
    assert PublicationSettings.current().is_enabled is False

    for browser in (client, viewer_client, board_admin_client):
        page = browser.get(PAGE)
        download = browser.get(CSV_URL)

        assert page.status_code == 404
        assert "not published" in read_page(page).text
        assert download.status_code == 404
        assert "not published" in download.content.decode()
        assert "fewer than 6" not in page.content.decode() + download.content.decode()


def test_published_switched_off_again_is_not_found(client, published):
    PublicationSettings.objects.update(is_enabled=False)

    assert client.get(PAGE).status_code == 404
    assert client.get(CSV_URL).status_code == 404


# --------------------------------------------------------------------------- open to anyone


def test_published_page_open_to_anonymous_without_redirect(client, published):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert response.templates[0].name == "indicators/published.html"
    text = read_page(response).text
    assert "Sunderland children's safeguarding scorecard" in text
    assert "Read me first." in text
    assert "Figures up to June 2018." in text


def test_published_csv_open_to_anonymous(client, published):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="published-scorecard.csv"' in response["Content-Disposition"]


def url_samples():
    """One address for every named URL outside the admin, with sample arguments where it needs them."""
    samples = {"number": "14", "pk": 999999, "uidb64": "MQ", "token": "not-a-token"}

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                yield from walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif entry.name:
                name = namespace + entry.name
                try:
                    yield name, reverse(name)
                except NoReverseMatch:
                    kwargs = {
                        key: samples.get(key, 1 if isinstance(converter, IntConverter) else "x")
                        for key, converter in entry.pattern.converters.items()
                    }
                    yield name, reverse(name, kwargs=kwargs)

    return sorted(walk(get_resolver().url_patterns))


OPEN_WITHOUT_SIGN_IN = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "published:scorecard",
    "published:csv",
    "accessibility",  # the accessibility statement must be readable by anyone
}


def test_published_every_other_page_still_redirects_anonymous(client, published):
    names = dict(url_samples())
    assert {"published:scorecard", "published:csv", "indicators:publishing", "home"} <= set(names)

    for name, url in names.items():
        if name in OPEN_WITHOUT_SIGN_IN:
            continue
        response = client.get(url)
        assert response.status_code == 302, f"{name} ({url}) answered {response.status_code}"
        assert response["Location"].startswith(f"{SIGN_IN}?next="), name


def test_published_page_links_only_to_pages_open_to_anonymous(client, published):
    parsed = read_page(client.get(PAGE))

    assert {PAGE, CSV_URL, SIGN_IN} <= set(parsed.hrefs)
    for href in set(parsed.hrefs):
        if href.startswith("#"):
            continue
        assert href.startswith("/"), href  # nothing leaves the site
        assert client.get(href).status_code == 200, f"{href} is linked from the public page but needs signing in"
    assert "Sign in" in parsed.text
    assert "Sign out" not in parsed.text


def test_published_page_signed_in_keeps_usual_navigation(viewer_client, published):
    response = viewer_client.get(PAGE)

    assert response.status_code == 200
    parsed = read_page(response)
    assert "/scorecard/" in parsed.hrefs
    assert "Publishing" not in parsed.text


# --------------------------------------------------------------------------- what it shows


def test_published_page_shows_only_chosen_indicators(client, published):
    response = client.get(PAGE)

    text = read_page(response).text
    for number in PUBLISHED:
        assert published[number].title in text
    assert published["3"].title not in text
    assert "1,777" not in text
    assert "6 indicators published." in text


def test_published_csv_shows_only_chosen_indicators(client, published):
    rows = read_csv(client.get(CSV_URL))

    assert rows[0][:3] == ["outcome", "indicator", "title"]
    assert {row[1] for row in rows[1:]} == PUBLISHED
    assert len(rows) == 1 + len(PUBLISHED)
    assert "1777" not in client.get(CSV_URL).content.decode()


def test_published_unchosen_indicator_disappears(client, published):
    Indicator.objects.filter(number="16").update(is_published=False)

    text = read_page(client.get(PAGE)).text

    assert published["16"].title not in text
    assert {row[1] for row in read_csv(client.get(CSV_URL))[1:]} == PUBLISHED - {"16"}


def test_published_small_count_shown_as_fewer_than_6_never_its_digit(client, published):
    html = client.get(PAGE).content.decode()
    body = client.get(CSV_URL).content.decode()
    row = csv_row(read_csv(client.get(CSV_URL)), "14")

    assert (row["latest"], row["previous"]) == ("fewer than 6", "250")
    assert row["direction_of_travel"] == "— (withheld: small number)"  # 250 to "fewer than 6" would still say it
    assert row["rag"] == "withheld: small number"  # green against 200 would narrow it
    assert row["target"] == "200"
    assert row["comparator_england"] == "812"
    for pattern in (">4<", "> 4<", ">4 ", " 4<", "4.000", "4.0"):
        assert pattern not in html, pattern
    for pattern in (",4,", ",4\r\n", ",4.000", "\r\n4,", '"4"'):
        assert pattern not in body, pattern
    assert "fewer than 6" in html


def test_published_percentage_from_small_numerator_withheld_everywhere(client, published):
    html = client.get(PAGE).content.decode()
    body = client.get(CSV_URL).content.decode()
    row = csv_row(read_csv(client.get(CSV_URL)), "17")

    assert row["latest"] == "withheld: small number"
    assert row["previous"] == "35.0%"  # 70 of 200: not small
    assert row["direction_of_travel"] == "— (withheld: small number)"
    assert row["rag"] == "withheld: small number"
    assert row["comparator_england"] == "3.9%"  # England's figure, shown as it is
    for raw in ("28.6", "28.57", "28.571"):
        assert raw not in html, raw
        assert raw not in body, raw


def test_published_counts_zero_and_six_are_shown(client, published):
    row = csv_row(read_csv(client.get(CSV_URL)), "1")
    html = client.get(PAGE).content.decode()

    assert (row["latest"], row["previous"], row["direction_of_travel"]) == ("0", "6", "Down")
    assert '<td class="num">0</td>' in html
    assert '<td class="num">6</td>' in html


def test_published_figures_not_suppressed_keep_rating_and_direction(client, published):
    row = csv_row(read_csv(client.get(CSV_URL)), "16")

    assert (row["latest"], row["previous"], row["target"]) == ("80.0%", "82.0%", "85.0%")
    assert (row["direction_of_travel"], row["rag"]) == ("Worsening", "Amber")
    assert "Amber" in read_page(client.get(PAGE)).text


def test_published_never_shows_internal_commentary(client, published):
    html = client.get(PAGE).content.decode()
    body = client.get(CSV_URL).content.decode()

    for text in ("Internal story", "Internal action", "do not publish"):
        assert text not in html
        assert text not in body
    assert "Public story: assessments slowed while two teams merged." in html
    assert "Agency staff cover the backlog until September." in html
    row = csv_row(read_csv(client.get(CSV_URL)), "16")
    assert row["commentary"] == "Public story: assessments slowed while two teams merged."
    assert row["commentary_period"] == "June 2018"


def test_published_only_internal_commentary_means_none_shown(client, published):
    published["16"].commentaries.filter(is_public=True).delete()

    html = client.get(PAGE).content.decode()

    assert "Internal story" not in html
    assert "Commentary on indicator 16" not in html
    assert csv_row(read_csv(client.get(CSV_URL)), "16")["commentary"] == ""


def test_published_names_lead_board_never_author(client, published, board_admin_user):
    html = client.get(PAGE).content.decode()

    assert f"Lead board: {published['16'].lead_board.name}" in read_page(client.get(PAGE)).text
    for name in (board_admin_user.username, board_admin_user.first_name, board_admin_user.get_full_name()):
        assert name not in html
        assert name not in client.get(CSV_URL).content.decode()


def test_published_hides_breakdowns_and_spc(client, published):
    html = client.get(PAGE).content.decode()
    body = client.get(CSV_URL).content.decode()

    assert csv_row(read_csv(client.get(CSV_URL)), "58")["latest"] == "9,000"
    for figure in ("4321", "4,321", "4679", "4,679"):
        assert figure not in html
        assert figure not in body
    for word in ("Variation", "Special cause", "Common cause", "Consistently", "Hit and miss", "Trend", "<svg"):
        assert word not in html


def test_published_indicator_without_figures_shows_dashes(client, published):
    row = csv_row(read_csv(client.get(CSV_URL)), "2")

    assert (row["latest_period"], row["latest"], row["previous"], row["direction_of_travel"], row["rag"]) == (
        "—",
        "—",
        "—",
        "—",
        "No rating",
    )


def test_published_rows_hold_only_text(published):
    scorecard = build_public_scorecard(published["14"].plan)

    assert {row.number for row in scorecard.rows} == PUBLISHED
    for row in scorecard.rows:
        for item in dataclasses.fields(row):
            value = getattr(row, item.name)
            if item.name == "comparators":
                assert all(isinstance(label, str) and isinstance(text, str) for label, text in value)
            elif item.name == "commentary":
                assert value is None or isinstance(value, PublicCommentary)
            else:
                assert isinstance(value, str), (row.number, item.name, value)


def test_published_csv_cell_cannot_start_a_formula(client, published, board_admin_user):
    CommentaryFactory(
        indicator=published["1"],
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story='=HYPERLINK("http://example.org")',
        actions="",
        is_public=True,
    )

    row = csv_row(read_csv(client.get(CSV_URL)), "1")

    assert row["commentary"] == '\'=HYPERLINK("http://example.org")'


def test_published_with_nothing_chosen_says_so(client, published):
    Indicator.objects.update(is_published=False)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert "No indicator is published at the moment." in read_page(response).text
    assert read_csv(client.get(CSV_URL))[1:] == []
