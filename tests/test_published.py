"""The published scorecard: off by default, open to anyone when on, and never showing a small number."""

import csv
import dataclasses
import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from core import permissions as roles
from indicators import suppression
from indicators.models import Indicator, IndicatorValue, PublicationSettings
from indicators.periods import Period
from indicators.public_scorecard import PublicCommentary, build_public_scorecard
from indicators.scorecard import format_value
from indicators.suppression import (
    DIRECTION_WITHHELD,
    FEWER_THAN,
    WITHHELD,
    Disclosure,
    PublicFigure,
    disclosure,
    is_small,
    public_direction,
    public_figure,
    public_rag,
)
from tests import factories as f

PAGE = "/published/"
CSV_URL = "/published/scorecard.csv"
PUBLISHING = "/scorecard/publishing/"
SIGN_IN = "/accounts/login/"

MAY = Period.month(2018, 5)
JUNE = Period.month(2018, 6)


# --------------------------------------------------------------------------- suppression.py on its own


@pytest.mark.parametrize(
    ("number", "small"),
    [
        (None, False),
        (0, False),
        (1, True),
        (3, True),
        (5, True),
        (Decimal("5.000"), True),
        (6, False),
        (Decimal("6.000"), False),
        (250, False),
        (0.5, True),
    ],
)
def test_suppression_is_small_from_one_to_five(number, small):
    assert is_small(number) is small


@pytest.mark.parametrize(
    ("value", "unit", "numerator", "denominator", "expected"),
    [
        # counts: 1 to 5 are "fewer than 6"; 0 and 6 or more are shown
        (Decimal("0"), "count", None, None, "0"),
        (Decimal("1"), "count", None, None, "fewer than 6"),
        (Decimal("3"), "count", None, None, "fewer than 6"),
        (Decimal("5"), "count", None, None, "fewer than 6"),
        (Decimal("6"), "count", None, None, "6"),
        (Decimal("1234"), "count", None, None, "1,234"),
        # percentages and rates: withheld when worked out from a small numerator or denominator
        (Decimal("28.571"), "percentage", Decimal("2"), Decimal("7"), "withheld: small number"),
        (Decimal("100"), "percentage", Decimal("5"), Decimal("5"), "withheld: small number"),
        (Decimal("0"), "percentage", Decimal("0"), Decimal("3"), "withheld: small number"),
        (Decimal("0"), "percentage", Decimal("0"), Decimal("40"), "0.0%"),
        (Decimal("85.714"), "percentage", Decimal("6"), Decimal("7"), "85.7%"),
        (Decimal("35"), "percentage", Decimal("70"), Decimal("200"), "35.0%"),
        (Decimal("42.5"), "percentage", None, None, "42.5%"),
        (Decimal("0.9"), "rate_per_10k", Decimal("4"), Decimal("45000"), "withheld: small number"),
        (Decimal("12.4"), "rate_per_10k", Decimal("56"), Decimal("45000"), "12.4"),
        (Decimal("40"), "days", Decimal("160"), Decimal("4"), "withheld: small number"),
        (Decimal("40"), "days", Decimal("400"), Decimal("10"), "40 days"),
        # a count whose recorded numerator is small is withheld too
        (Decimal("250"), "count", Decimal("2"), None, "withheld: small number"),
        (None, "count", None, None, "—"),
    ],
)
def test_suppression_public_figure_text(value, unit, numerator, denominator, expected):
    figure = public_figure(value, unit, numerator, denominator, fmt=format_value)

    assert figure.text == expected


@pytest.mark.parametrize(
    ("value", "unit", "numerator", "denominator", "expected"),
    [
        (Decimal("4"), "count", None, None, Disclosure.FEWER_THAN),
        (Decimal("0"), "count", None, None, Disclosure.SHOWN),
        (Decimal("28.571"), "percentage", Decimal("2"), Decimal("7"), Disclosure.WITHHELD),
        (Decimal("50"), "percentage", Decimal("6"), Decimal("12"), Disclosure.SHOWN),
        (None, "percentage", None, None, Disclosure.MISSING),
    ],
)
def test_suppression_disclosure_states(value, unit, numerator, denominator, expected):
    assert disclosure(value, unit, numerator, denominator) == expected


def test_suppression_without_formatter_shows_plain_number():
    assert public_figure(Decimal("7"), "count").text == "7"


SHOWN = PublicFigure("250", Disclosure.SHOWN)
FEWER = PublicFigure(FEWER_THAN, Disclosure.FEWER_THAN)
HELD = PublicFigure(WITHHELD, Disclosure.WITHHELD)
NONE = PublicFigure("—", Disclosure.MISSING)


@pytest.mark.parametrize(
    ("label", "latest", "previous", "expected"),
    [
        ("Improving", SHOWN, SHOWN, "Improving"),
        ("Improving", FEWER, SHOWN, "— (withheld: small number)"),
        ("Worsening", SHOWN, FEWER, "— (withheld: small number)"),
        ("Up", HELD, SHOWN, "— (withheld: small number)"),
        ("Down", SHOWN, HELD, "— (withheld: small number)"),
        (None, SHOWN, NONE, "—"),
        (None, FEWER, NONE, "— (withheld: small number)"),
    ],
)
def test_suppression_direction_withheld_when_either_figure_is(label, latest, previous, expected):
    assert public_direction(label, latest, previous) == expected


@pytest.mark.parametrize(
    ("label", "latest", "expected"),
    [
        ("Green", SHOWN, "Green"),
        ("Red", SHOWN, "Red"),
        (None, SHOWN, "No rating"),
        ("Green", FEWER, "withheld: small number"),
        ("Amber", HELD, "withheld: small number"),
        (None, FEWER, "withheld: small number"),
    ],
)
def test_suppression_rag_withheld_when_latest_is(label, latest, expected):
    assert public_rag(label, latest) == expected


def test_suppression_constants_are_the_words_shown():
    assert (FEWER_THAN, WITHHELD, DIRECTION_WITHHELD) == (
        "fewer than 6",
        "withheld: small number",
        "— (withheld: small number)",
    )
    assert suppression.COUNT == Indicator.Unit.COUNT


# --------------------------------------------------------------------------- figures for the page tests


def put(indicator, period, value, numerator=None, denominator=None):
    return IndicatorValue.objects.create(
        indicator=indicator,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(value),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
    )


def year_target(indicator, value, tolerance="0"):
    indicator.targets.create(
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        value=Decimal(value),
        tolerance=Decimal(tolerance),
    )


def england(indicator, period, value):
    f.ComparatorFactory(indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value))


PUBLISHED = {"1", "2", "14", "16", "17", "58"}


@pytest.fixture
def figures(seed_plan, board_admin_user):
    """Published: 14 (a count of 4), 17 (2 of 7 = 28.571%), 1 (counts 6 then 0), 16 (with commentary),
    58 (with a breakdown by gender) and 2 (no figures yet).

    Not published: 3, with figures of its own. Publishing itself is still off.
    """
    small_count = Indicator.objects.get(number="14")  # count, lower is better
    put(small_count, MAY, 250)
    put(small_count, JUNE, 4)
    year_target(small_count, 200, 10)
    england(small_count, JUNE, 812)

    small_share = Indicator.objects.get(number="17")  # percentage, lower is better
    put(small_share, MAY, 35, 70, 200)
    put(small_share, JUNE, "28.571", 2, 7)
    year_target(small_share, 30, 5)
    england(small_share, JUNE, "3.9")

    zero_and_six = Indicator.objects.get(number="1")  # count, neither
    put(zero_and_six, MAY, 6)
    put(zero_and_six, JUNE, 0)

    timeliness = Indicator.objects.get(number="16")  # percentage, higher is better
    put(timeliness, MAY, 82, 246, 300)
    put(timeliness, JUNE, 80, 240, 300)
    year_target(timeliness, 85, 5)
    f.CommentaryFactory(
        indicator=timeliness,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Public story: assessments slowed while two teams merged.",
        actions="Agency staff cover the backlog until September.",
        is_public=True,
    )
    f.CommentaryFactory(
        indicator=timeliness,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Internal story: team leader off sick, do not publish.",
        actions="Internal action: disciplinary review.",
        is_public=False,
    )

    by_gender = Indicator.objects.get(number="58")  # count, quarterly, broken down by gender
    quarter = Period(datetime.date(2018, 4, 1), datetime.date(2018, 6, 30))
    put(by_gender, quarter, 9000)
    for category, value in zip(by_gender.breakdown.categories.order_by("order"), (4321, 4679), strict=True):
        IndicatorValue.objects.create(
            indicator=by_gender,
            category=category,
            period_start=quarter.start,
            period_end=quarter.end,
            value=Decimal(value),
        )

    hidden = Indicator.objects.get(number="3")
    put(hidden, JUNE, 1777)

    Indicator.objects.filter(number__in=PUBLISHED).update(is_published=True)
    return {
        "14": small_count,
        "17": small_share,
        "1": zero_and_six,
        "16": timeliness,
        "58": by_gender,
        "2": Indicator.objects.get(number="2"),
        "3": hidden,
    }


@pytest.fixture
def published(figures):
    f.PublicationSettingsFactory(
        is_enabled=True, title="Sunderland children's safeguarding scorecard", introduction="Read me first."
    )
    return figures


class PageText(HTMLParser):
    """The visible text and every link of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts))


def read_page(response):
    parser = PageText()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def read_csv(response):
    assert response.content.startswith("\ufeff".encode()), "a CSV download starts with a byte-order mark"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def csv_row(rows, number):
    header = rows[0]
    [row] = [row for row in rows[1:] if row[header.index("indicator")] == number]
    return dict(zip(header, row, strict=True))


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
    f.CommentaryFactory(
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
