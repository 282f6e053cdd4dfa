"""The published scorecard withholds a figure it cannot check (no numerator) and a part that would give away
another part of the same total (complementary suppression), on the page and in its CSV file."""

import pytest

from indicators.models import Indicator
from indicators.periods import Period
from tests.indicators.factories import PublicationSettingsFactory
from tests.indicators.published_pages import CSV_URL, JUNE, MAY, PAGE, PUBLISHING, csv_row, put, read_csv, read_page

Q4 = Period.parse("2017-18 Q4")
Q1 = Period.parse("2018-19 Q1")


@pytest.fixture
def publishing_on(seed_plan):
    PublicationSettingsFactory(is_enabled=True)
    return seed_plan


def publish(*numbers):
    Indicator.objects.filter(number__in=numbers).update(is_published=True)
    return [Indicator.objects.get(number=number) for number in numbers]


def public_row(client, number):
    return csv_row(read_csv(client.get(CSV_URL)), number)


# --------------------------------------------------------------------------- no numerator recorded


def test_published_percentage_without_numerator_withheld_with_its_reason(client, publishing_on):
    [share] = publish("16")  # % of CIN assessments in timescale: higher is better
    put(share, MAY, 82)
    put(share, JUNE, "87.5")  # no numerator, no denominator: 87.5% of 8 children, or of 800?

    row = public_row(client, "16")
    text = read_page(client.get(PAGE)).text

    assert (row["latest"], row["previous"]) == ("withheld: numerator not recorded", "withheld: numerator not recorded")
    assert row["direction_of_travel"] == "— (withheld: numerator not recorded)"
    assert row["rag"] == "withheld: numerator not recorded"
    assert "withheld: numerator not recorded" in text
    for raw in ("87.5", "82.0", "82%"):
        assert raw not in client.get(PAGE).content.decode()
        assert raw not in client.get(CSV_URL).content.decode()


def test_published_rate_and_average_without_numerator_withheld_but_with_one_shown(client, publishing_on):
    rate, days = publish("5", "64")  # rate of CIN per 10k (monthly); CYPS waiting time in days (quarterly)
    put(rate, MAY, "312.4")
    put(rate, JUNE, "315.0", 1890, 60000)
    put(days, Q1, "42", 4200, 100)

    rate_row, days_row = public_row(client, "5"), public_row(client, "64")

    assert (rate_row["latest"], rate_row["previous"]) == ("315.0", "withheld: numerator not recorded")
    assert days_row["latest"] == "42 days"


def test_published_figure_without_numerator_shown_once_marked_safe(client, publishing_on):
    [share] = publish("16")
    put(share, MAY, 82)
    put(share, JUNE, "87.5")
    Indicator.objects.filter(number="16").update(publish_without_numerator=True)

    row = public_row(client, "16")

    assert (row["latest"], row["previous"], row["direction_of_travel"]) == ("87.5%", "82.0%", "Improving")


def test_published_count_needs_no_numerator(client, publishing_on):
    [count] = publish("1")
    put(count, JUNE, 1234)

    assert public_row(client, "1")["latest"] == "1,234"


def test_publishing_preview_shows_the_withheld_figure_and_the_admin_offers_the_mark(
    board_admin_client, publishing_on, admin_client
):
    [share] = publish("16")
    put(share, JUNE, "87.5")

    preview = read_page(board_admin_client.get(PUBLISHING)).text
    admin_page = admin_client.get(f"/admin/indicators/indicator/{share.pk}/change/").content.decode()

    assert "withheld: numerator not recorded" in preview
    assert 'name="publish_without_numerator"' in admin_page
    assert 'name="total_group"' in admin_page
    assert "Tick this only when the figure cannot come from a few children" in admin_page


# --------------------------------------------------------------------------- parts of one total


def test_seed_declares_the_two_pairs_of_parts(seed_plan):
    groups = {}
    for indicator in Indicator.objects.filter(plan=seed_plan).exclude(total_group=""):
        groups.setdefault(indicator.total_group, set()).add(indicator.number)

    assert sorted(groups.values(), key=sorted) == [{"30", "31"}, {"51", "52"}]


@pytest.mark.parametrize(
    ("small", "other"),
    [("30", "31"), ("31", "30"), ("51", "52"), ("52", "51")],
)
def test_published_part_of_a_total_withheld_beside_a_small_part(client, publishing_on, small, other):
    small_part, other_part = publish(small, other)
    put(small_part, Q4, 12)
    put(other_part, Q4, 130)
    put(small_part, Q1, 3)
    put(other_part, Q1, 127)  # shown, the total (130) less 127 would give away the 3

    small_row, other_row = public_row(client, small), public_row(client, other)
    html = client.get(PAGE).content.decode()
    body = client.get(CSV_URL).content.decode()

    assert (small_row["latest"], small_row["previous"]) == ("fewer than 6", "12")
    assert (other_row["latest"], other_row["previous"]) == ("withheld: would reveal a small number", "130")
    assert other_row["direction_of_travel"] == "— (withheld: would reveal a small number)"
    assert other_row["rag"] == "withheld: would reveal a small number"
    assert "127" not in html and "127" not in body
    assert "withheld: would reveal a small number" in read_page(client.get(PAGE)).text


def test_published_parts_of_a_total_withheld_period_by_period(client, publishing_on):
    families, children = publish("30", "31")
    put(families, Q4, 2)  # the previous quarter has the small part
    put(children, Q4, 58)
    put(families, Q1, 14)
    put(children, Q1, 61)

    families_row, children_row = public_row(client, "30"), public_row(client, "31")

    assert (families_row["latest"], families_row["previous"]) == ("14", "fewer than 6")
    assert (children_row["latest"], children_row["previous"]) == ("61", "withheld: would reveal a small number")
    assert children_row["direction_of_travel"] == "— (withheld: would reveal a small number)"


def test_published_parts_of_a_total_both_shown_when_neither_is_small(client, publishing_on):
    missing_home, missing_care = publish("51", "52")
    put(missing_home, Q1, 120)
    put(missing_care, Q1, 41)

    assert public_row(client, "51")["latest"] == "120"
    assert public_row(client, "52")["latest"] == "41"


def test_published_other_pairs_and_unpublished_parts_are_left_alone(client, publishing_on):
    # 51 is small; 52, its other part, is not published (so not shown); 30 is in another total.
    missing_home, families = publish("51", "30")
    put(missing_home, Q1, 4)
    put(Indicator.objects.get(number="52"), Q1, 77)
    put(families, Q1, 9)

    assert public_row(client, "51")["latest"] == "fewer than 6"
    assert public_row(client, "30")["latest"] == "9"
    assert "52" not in {row[1] for row in read_csv(client.get(CSV_URL))[1:]}


def test_publishing_page_marks_an_indicator_safe_without_a_numerator(
    client, board_admin_client, board_admin_user, publishing_on
):
    share, count = publish("16", "1")
    put(share, JUNE, "87.5")
    page = board_admin_client.get(PUBLISHING).content.decode()
    assert f'name="without_numerator" value="{share.pk}"' in page
    assert f'name="without_numerator" value="{count.pk}"' not in page  # a count never has a numerator

    response = board_admin_client.post(
        PUBLISHING,
        {"is_enabled": "on", "title": "Scorecard", "indicators": [share.pk, count.pk], "without_numerator": [share.pk]},
    )

    assert response.status_code == 302
    share.refresh_from_db()
    assert share.publish_without_numerator is True
    assert share.history.first().history_user == board_admin_user
    assert public_row(client, "16")["latest"] == "87.5%"

    board_admin_client.post(PUBLISHING, {"is_enabled": "on", "title": "Scorecard", "indicators": [share.pk]})

    share.refresh_from_db()
    assert share.publish_without_numerator is False
    assert public_row(client, "16")["latest"] == "withheld: numerator not recorded"
