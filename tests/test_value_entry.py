"""Values in the browser: the period picker, the grid, its validation, saving, locks and permissions."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import BreakdownCategory, Indicator, IndicatorValue, PeriodLock
from indicators.values.grid import recent_periods
from indicators.values.numbers import parse_number, value_from_fraction
from plans.models import ProgrammeBoard
from tests.factories import IndicatorFactory, IndicatorValueFactory

ENTRY = "/scorecard/entry/"
APRIL = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2018, 4, 30)}
Q1 = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2018, 6, 30)}
YEAR = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2019, 3, 31)}

MONTHLY_NUMBERS = [str(n) for n in range(1, 23)]
ANNUAL_NUMBERS = ["23", "24", "25", "26", "27", "40", "56a"]


# --------------------------------------------------------------------------- helpers


class Elements(HTMLParser):
    """Every element with an id: {id: (tag, attrs, text inside it)}. Enough to check one cell of the grid."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}

    def __init__(self, html):
        super().__init__()
        self.by_id = {}
        self.labels = {}
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if "id" in attrs:
                self.by_id[attrs["id"]] = (tag, attrs, "")
            return
        self._open.append([tag, attrs, []])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self._open:
            open_tag, attrs, text = self._open.pop()
            joined = " ".join(" ".join(text).split())
            if self._open:
                self._open[-1][2].append(joined)
            if "id" in attrs:
                self.by_id[attrs["id"]] = (open_tag, attrs, joined)
            if open_tag == "label" and "for" in attrs:
                self.labels[attrs["for"]] = joined
            if open_tag == "textarea" and "id" in attrs:
                self.by_id[attrs["id"]] = (open_tag, {**attrs, "value": " ".join(text)}, joined)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def page(response):
    return Elements(response.content.decode())


def ind(number):
    return Indicator.objects.select_related("breakdown").get(plan__code="2018-19", number=number)


def category(breakdown, name):
    return BreakdownCategory.objects.get(breakdown__name=breakdown, name=name)


def field(indicator, part="value", cat=None):
    """The grid's name for a box, as the page writes it: i<indicator id>-<category id or all>-<part>."""
    return f"i{indicator.pk}-{cat.pk if cat else 'all'}-{part}"


def note_field(indicator):
    return f"i{indicator.pk}-note"


def url(period, board=None):
    params = f"?period={period}"
    if board is not None:
        params += f"&board={board.pk}"
    return ENTRY + params


def values_in(period):
    return IndicatorValue.objects.filter(period_start=period["start"], period_end=period["end"])


def stored(indicator, period, cat=None):
    return values_in(period).get(indicator=indicator, category=cat)


def row_numbers(response):
    return [row.indicator.number for row in response.context["grid"].rows]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def seed(seed_plan):
    return seed_plan


@pytest.fixture
def officer(seed, data_officer_user):
    return data_officer_user


@pytest.fixture
def client_(seed, data_officer_client):
    """A data officer's browser, with the seed plan loaded."""
    return data_officer_client


def assert_cell_error(response, name, message, typed):
    """The box keeps what was typed, is marked invalid, and its error (linked by aria-describedby) is beside it."""
    elements = page(response)
    box_id = f"id_{name}"
    _, attrs, _ = elements.by_id[box_id]
    assert attrs.get("value", "") == typed
    assert attrs.get("aria-invalid") == "true"
    error_id = f"{box_id}_error"
    assert error_id in attrs.get("aria-describedby", "").split()
    _, _, error_text = elements.by_id[error_id]
    assert message in error_text
    # The error summary at the top links to the box.
    summary = response.context["error_summary"]
    assert any(anchor == box_id and message in text for anchor, text in summary)
    assert f'href="#{box_id}"' in response.content.decode()


# --------------------------------------------------------------------------- pure logic


def test_values_from_numerator_and_denominator_worked_by_hand():
    # 100 × 45 ÷ 60 = 4500 ÷ 60 = 75 exactly.
    assert value_from_fraction(Indicator.Unit.PERCENTAGE, Decimal(45), Decimal(60)) == Decimal("75.0")
    # 100 × 1 ÷ 16 = 6.25: halves round up, to 6.3.
    assert value_from_fraction(Indicator.Unit.PERCENTAGE, Decimal(1), Decimal(16)) == Decimal("6.3")
    # 10,000 × 123 ÷ 61,234 = 1,230,000 ÷ 61,234 = 20.087… → 20.1 per 10,000.
    assert value_from_fraction(Indicator.Unit.RATE_PER_10K, Decimal(123), Decimal(61234)) == Decimal("20.1")
    # 1,000 × 5 ÷ 3,000 = 1.666… → 1.7 per 1,000.
    assert value_from_fraction(Indicator.Unit.RATE_PER_1K, Decimal(5), Decimal(3000)) == Decimal("1.7")
    # 7 ÷ 2 = 3.5 as a ratio.
    assert value_from_fraction(Indicator.Unit.RATIO, Decimal(7), Decimal(2)) == Decimal("3.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12"), (" 75.5 ", "75.5"), ("1,234", "1234"), (".5", "0.5"), ("-3", "-3"), ("0", "0")],
)
def test_numbers_people_type(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["N/A", "high", "12a", "1e3", "NaN", "Infinity", "75%", "1,23", "", "-", ".", "١٢"])
def test_not_numbers(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Enter a number"):
        parse_number(text)


def test_recent_periods_are_relative_to_today():
    months, quarters, years = recent_periods(datetime.date(2018, 5, 15))
    assert months[0] == "Months"
    assert len(months[1]) == 24
    assert [p.code for p in months[1][:2]] == ["2018-05", "2018-04"]
    assert months[1][-1].code == "2016-06"
    assert len(quarters[1]) == 8
    assert [p.code for p in quarters[1][:2]] == ["2018-19 Q1", "2017-18 Q4"]
    assert quarters[1][-1].code == "2016-17 Q2"
    assert [p.code for p in years[1]] == ["2018-19", "2017-18", "2016-17", "2015-16", "2014-15"]


# --------------------------------------------------------------------------- choosing the period


def test_picker_offers_recent_periods_and_no_grid_yet(client_):
    response = client_.get(ENTRY)
    assert response.status_code == 200
    assert response.context["grid"] is None
    choices = response.context["picker"].fields["period"].widget.choices
    groups = dict(choices[1:])
    assert [len(groups[heading]) for heading in ("Months", "Quarters", "Financial years")] == [24, 8, 5]
    assert "Choose a period" in choices[0][1]
    elements = page(response)
    assert elements.labels["id_code"] == "Or type a period"
    assert elements.labels["id_board"] == "Programme board"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2018-13", "a month must be 01 to 12"),
        ("2018/20", "is not a financial year"),
        ("nonsense", "is not a period"),
        ("2018-19 Q5", "is not a period"),
    ],
)
def test_a_bad_period_code_shows_an_error_beside_the_box(client_, code, message):
    response = client_.get(ENTRY, {"code": code})
    assert response.status_code == 200
    assert response.context["grid"] is None
    elements = page(response)
    _, attrs, _ = elements.by_id["id_code"]
    assert attrs["value"] == code
    assert attrs["aria-invalid"] == "true"
    assert "id_code_error" in attrs["aria-describedby"].split()
    assert message in elements.by_id["id_code_error"][2]
    assert any(anchor == "id_code" for anchor, _ in response.context["error_summary"])


def test_no_period_chosen_asks_for_one(client_):
    response = client_.get(ENTRY, {"board": ""})
    assert "Choose a period from the list, or type one." in page(response).by_id["id_period_error"][2]


def test_an_unknown_board_is_an_error(client_):
    response = client_.get(ENTRY, {"period": "2018-04", "board": "999999"})
    assert response.context["grid"] is None
    assert "id_board_error" in page(response).by_id


def test_a_typed_code_wins_over_the_list_and_shows_in_the_box(client_):
    response = client_.get(ENTRY, {"period": "", "code": " 2018-19 q1 "})
    assert response.context["period"].code == "2018-19 Q1"
    picker = response.context["picker"]
    assert picker.initial["code"] == "2018-19 Q1"
    assert response.context["grid_url"] == "/scorecard/entry/?period=2018-19+Q1"


# --------------------------------------------------------------------------- which indicators are due


def test_a_month_lists_only_the_monthly_indicators_in_natural_order(client_):
    response = client_.get(url("2018-04"))
    assert response.status_code == 200
    assert row_numbers(response) == MONTHLY_NUMBERS
    assert "Enter indicator values for April 2018" in response.content.decode()


def test_a_quarter_lists_only_the_quarterly_indicators(client_):
    response = client_.get(url("2018-19 Q1"))
    numbers = row_numbers(response)
    expected = list(
        Indicator.objects.filter(plan__code="2018-19", frequency="quarterly").values_list("number", flat=True)
    )
    assert numbers == expected
    assert "56b" in numbers
    assert "56a" not in numbers
    assert "1" not in numbers


def test_a_financial_year_lists_only_the_annual_indicators(client_):
    assert row_numbers(client_.get(url("2018-19"))) == ANNUAL_NUMBERS


def test_a_board_filter_keeps_its_own_indicators(client_):
    va = ProgrammeBoard.objects.get(short_name="VA SPG")
    response = client_.get(url("2018-19 Q1", va))
    numbers = row_numbers(response)
    assert numbers == [str(n) for n in range(46, 56)] + ["56b"] + [str(n) for n in range(57, 69)]
    assert response.context["board"] == va
    assert row_numbers(client_.get(url("2018-19", va))) == ["40", "56a"]


def test_a_board_with_nothing_due_says_so(client_):
    daspg = ProgrammeBoard.objects.get(short_name="DASPG")
    response = client_.get(url("2018-04", daspg))
    assert row_numbers(response) == []
    assert "is reported monthly, so there is nothing to enter for April 2018" in response.content.decode()
    assert "<table" not in response.content.decode()


def test_the_grid_has_a_cell_per_category_plus_overall_and_fraction_boxes_for_rates(client_):
    response = client_.get(url("2018-04"))
    elements = page(response)
    four = ind("4")
    police = category("Referral source", "Police")
    for part in ("value", "numerator", "denominator"):
        box = f"id_{field(four, part, police)}"
        assert elements.by_id[box][0] == "input"
        assert elements.labels[box] == f"Indicator 4, Police, {part}"
    assert elements.labels[f"id_{field(four)}"] == "Indicator 4, overall, value"
    assert len(response.context["grid"].rows[3].cells) == 8  # overall + 7 referral sources
    one = ind("1")  # a count: a value only
    assert f"id_{field(one)}" in elements.by_id
    assert f"id_{field(one, 'numerator')}" not in elements.by_id
    assert elements.labels[f"id_{note_field(one)}"] == "Indicator 1, note"
    html = response.content.decode()
    assert "<caption" in html
    assert 'scope="col"' in html
    assert 'scope="rowgroup"' in html
    assert "table-responsive" in html
    assert "A blank box means “no change”" in html
    assert "rounded to 1 decimal place" in html


def test_the_page_has_no_inline_script_or_style(client_):
    html = client_.get(url("2018-04")).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_every_input_of_the_grid_has_a_label(client_):
    elements = page(client_.get(url("2018-19 Q1")))
    boxes = [box for box, (tag, attrs, _) in elements.by_id.items() if tag in ("input", "textarea", "select")]
    assert len(boxes) > 50
    for box in boxes:
        assert elements.labels.get(box), box


# --------------------------------------------------------------------------- saving


def test_a_data_officer_enters_values_for_a_month(client_, officer):
    one, four, five = ind("1"), ind("4"), ind("5")
    police = category("Referral source", "Police")
    response = client_.post(
        url("2018-04"),
        {
            field(one): "1,234",
            field(four, "value", police): "12.5",
            field(five): "35.2",
            note_field(one): "Includes the new team's cases.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/scorecard/entry/?period=2018-04"
    assert values_in(APRIL).count() == 3
    value = stored(one, APRIL)
    assert value.value == Decimal("1234")
    assert value.entered_by == officer
    assert value.note == "Includes the new team's cases."
    assert value.numerator is None
    assert stored(four, APRIL, police).value == Decimal("12.5")
    assert stored(five, APRIL).value == Decimal("35.2")
    history = IndicatorValue.history.filter(indicator=one, period_start=APRIL["start"])
    assert history.count() == 1
    assert history.get().history_user == officer
    assert history.get().history_type == "+"
    followed = client_.get(response["Location"])
    assert "Saved 3 values for April 2018." in messages_of(followed)


def test_a_data_officer_enters_values_for_a_quarter_with_a_board_in_the_address(client_, officer):
    va = ProgrammeBoard.objects.get(short_name="VA SPG")
    fifty_eight, sixty_four = ind("58"), ind("64")
    male, female = category("Gender", "Male"), category("Gender", "Female")
    response = client_.post(
        url("2018-19 Q1", va),
        {
            field(fifty_eight): "30",
            field(fifty_eight, "value", male): "12",
            field(fifty_eight, "value", female): "18",
            field(sixty_four): "12.5",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/scorecard/entry/?period=2018-19+Q1&board={va.pk}"
    assert stored(fifty_eight, Q1).value == 30
    assert stored(fifty_eight, Q1, male).value == 12
    assert stored(fifty_eight, Q1, female).value == 18
    assert stored(sixty_four, Q1).value == Decimal("12.5")
    assert all(v.entered_by == officer for v in values_in(Q1))
    assert "Saved 4 values for 2018-19 Q1 (Apr–Jun 2018)." in messages_of(client_.get(response["Location"]))
    # The grid now shows them as current values.
    grid = client_.get(response["Location"]).context["grid"]
    row = next(row for row in grid.rows if row.indicator == fifty_eight)
    assert [cell.current_text for cell in row.cells] == ["30", "12", "18"]


def test_a_board_administrator_may_enter_values(seed, board_admin_client, board_admin_user):
    one = ind("1")
    response = board_admin_client.post(url("2018-04"), {field(one): "7"})
    assert response.status_code == 302
    assert stored(one, APRIL).entered_by == board_admin_user


def test_numerator_and_denominator_give_the_value(client_):
    sixteen = ind("16")  # a percentage
    # 45 of 60 assessments in timescale: 100 × 45 ÷ 60 = 75.0 %.
    response = client_.post(url("2018-04"), {field(sixteen, "numerator"): "45", field(sixteen, "denominator"): "60"})
    assert response.status_code == 302
    value = stored(sixteen, APRIL)
    assert value.value == Decimal("75.0")
    assert value.numerator == 45
    assert value.denominator == 60
    grid = client_.get(url("2018-04")).context["grid"]
    cell = next(row for row in grid.rows if row.indicator == sixteen).overall
    assert cell.current_text == "75% (45 / 60)"


def test_a_rate_per_10k_from_numerator_and_denominator(client_):
    five = ind("5")
    # 10,000 × 123 ÷ 61,234 = 20.087… → 20.1 per 10,000 children.
    client_.post(url("2018-04"), {field(five, "numerator"): "123", field(five, "denominator"): "61,234"})
    assert stored(five, APRIL).value == Decimal("20.1")


def test_a_category_takes_a_numerator_and_denominator_too(client_):
    four = ind("4")
    police = category("Referral source", "Police")
    # 1 referral in 16 from the police: 6.25 %, which rounds (half up) to 6.3 %.
    client_.post(url("2018-04"), {field(four, "numerator", police): "1", field(four, "denominator", police): "16"})
    assert stored(four, APRIL, police).value == Decimal("6.3")


def test_a_value_that_agrees_with_its_numerator_and_denominator_is_kept(client_):
    sixteen = ind("16")
    response = client_.post(
        url("2018-04"),
        {field(sixteen): "75", field(sixteen, "numerator"): "45", field(sixteen, "denominator"): "60"},
    )
    assert response.status_code == 302
    value = stored(sixteen, APRIL)
    assert (value.value, value.numerator, value.denominator) == (75, 45, 60)


def test_blank_means_no_change(client_, officer):
    one, two = ind("1"), ind("2")
    IndicatorValueFactory(
        indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"), note="Kept"
    )
    before = IndicatorValue.history.count()
    response = client_.post(url("2018-04"), {field(one): "", field(two): "9", note_field(one): ""})
    assert response.status_code == 302
    kept = stored(one, APRIL)
    assert kept.value == 40
    assert kept.note == "Kept"
    assert kept.entered_by is None
    assert stored(two, APRIL).value == 9
    assert IndicatorValue.history.count() == before + 1
    assert "Saved 1 value for April 2018." in messages_of(client_.get(response["Location"]))


def test_an_all_blank_grid_saves_nothing(client_):
    response = client_.post(url("2018-04"), {})
    assert response.status_code == 302
    assert not values_in(APRIL).exists()
    assert "Nothing to save for April 2018: every cell was blank or unchanged." in messages_of(
        client_.get(response["Location"])
    )


def test_typing_the_same_value_again_is_no_change(client_):
    one = ind("1")
    IndicatorValueFactory(indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"))
    before = IndicatorValue.history.count()
    client_.post(url("2018-04"), {field(one): "40.0"})
    assert IndicatorValue.history.count() == before
    assert stored(one, APRIL).entered_by is None


def test_changing_a_value_updates_it_and_records_history(client_, officer):
    one = ind("1")
    IndicatorValueFactory(indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"))
    client_.post(url("2018-04"), {field(one): "41"})
    value = stored(one, APRIL)
    assert value.value == 41
    assert value.entered_by == officer
    history = IndicatorValue.history.filter(id=value.pk).order_by("history_date")
    assert [(h.history_type, h.value) for h in history] == [("+", 40), ("~", 41)]
    assert history.last().history_user == officer


def test_a_new_value_alone_replaces_a_numerator_and_denominator_that_no_longer_give_it(client_):
    sixteen = ind("16")
    IndicatorValueFactory(
        indicator=sixteen,
        period_start=APRIL["start"],
        period_end=APRIL["end"],
        value=Decimal("75"),
        numerator=Decimal("45"),
        denominator=Decimal("60"),
    )
    client_.post(url("2018-04"), {field(sixteen): "80"})
    value = stored(sixteen, APRIL)
    assert (value.value, value.numerator, value.denominator) == (80, None, None)


def test_a_note_alone_updates_the_overall_figure(client_):
    one = ind("1")
    IndicatorValueFactory(indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"))
    client_.post(url("2018-04"), {note_field(one): "Checked against the system."})
    assert stored(one, APRIL).note == "Checked against the system."


def test_a_note_needs_an_overall_figure(client_):
    one = ind("1")
    response = client_.post(url("2018-04"), {note_field(one): "No figure yet"})
    assert response.status_code == 200
    assert not values_in(APRIL).exists()
    elements = page(response)
    _, attrs, _ = elements.by_id[f"id_{note_field(one)}"]
    assert attrs["value"].strip() == "No figure yet"
    assert attrs["aria-invalid"] == "true"
    assert "a note is kept with the overall figure" in elements.by_id[f"id_{note_field(one)}_error"][2]


# --------------------------------------------------------------------------- refusing bad input


BAD_CELLS = [
    # (indicator number, breakdown category or None, {part: typed}, part with the error, message)
    ("1", None, {"value": "N/A"}, "value", "Enter a number"),
    ("1", None, {"value": "high"}, "value", "Enter a number"),
    ("1", None, {"value": "12a"}, "value", "Enter a number"),
    ("1", None, {"value": "-1"}, "value", "A count cannot be negative."),
    ("1", None, {"value": "2.5"}, "value", "A count must be a whole number."),
    ("1", None, {"value": "1.2345"}, "value", "no more than 3 decimal places"),
    ("16", None, {"value": "100.5"}, "value", "A percentage must be between 0 and 100."),
    ("5", None, {"value": "-3"}, "value", "A rate cannot be negative."),
    ("16", None, {"numerator": "45"}, "denominator", "Enter the denominator as well as the numerator"),
    ("16", None, {"denominator": "60"}, "numerator", "Enter the numerator as well as the denominator"),
    ("16", None, {"numerator": "45", "denominator": "0"}, "denominator", "A denominator must be greater than zero."),
    ("16", None, {"numerator": "-4", "denominator": "60"}, "numerator", "A numerator cannot be negative."),
    ("16", None, {"numerator": "90", "denominator": "60"}, "numerator", "90 ÷ 60 gives 150.0"),
    ("16", None, {"numerator": "x", "denominator": "60"}, "numerator", "Enter a number"),
    (
        "16",
        None,
        {"value": "80", "numerator": "45", "denominator": "60"},
        "value",
        "does not match the numerator and denominator, which give 75.0",
    ),
    ("4", ("Referral source", "Police"), {"value": "high"}, "value", "Enter a number"),
    ("4", ("Referral source", "Police"), {"numerator": "3"}, "denominator", "Enter the denominator"),
]


@pytest.mark.parametrize(("number", "cat", "typed", "part", "message"), BAD_CELLS)
def test_a_bad_cell_is_refused_beside_itself_and_nothing_is_saved(client_, number, cat, typed, part, message):
    indicator = ind(number)
    cat = category(*cat) if cat else None
    good = ind("2")
    data = {field(indicator, key, cat): text for key, text in typed.items()}
    data[field(good)] = "99"  # a good cell in the same grid: all or nothing
    response = client_.post(url("2018-04"), data)
    assert response.status_code == 200
    assert not values_in(APRIL).exists()
    name = field(indicator, part, cat)
    assert_cell_error(response, name, message, typed.get(part, ""))
    # Everything typed is still in its box, the good cell too.
    elements = page(response)
    for key, text in typed.items():
        assert elements.by_id[f"id_{field(indicator, key, cat)}"][1]["value"] == text
    assert elements.by_id[f"id_{field(good)}"][1]["value"] == "99"
    assert "aria-invalid" not in elements.by_id[f"id_{field(good)}"][1]
    assert "<title>Error: " in response.content.decode()


@pytest.mark.parametrize("unit_number", ["64"])
def test_days_cannot_be_negative(client_, unit_number):
    sixty_four = ind(unit_number)
    response = client_.post(url("2018-19 Q1"), {field(sixty_four): "-2"})
    assert_cell_error(response, field(sixty_four), "A number of days cannot be negative.", "-2")


def test_several_errors_each_beside_its_own_cell_and_in_the_summary_in_page_order(client_):
    one, two, sixteen = ind("1"), ind("2"), ind("16")
    response = client_.post(
        url("2018-04"),
        {field(one): "N/A", field(two): "14", field(sixteen, "numerator"): "45", field(sixteen): "abc"},
    )
    assert response.status_code == 200
    assert not values_in(APRIL).exists()
    summary = response.context["error_summary"]
    assert [anchor for anchor, _ in summary] == [f"id_{field(one)}", f"id_{field(sixteen)}"]
    assert summary[0][1] == "Indicator 1, overall, value: Enter a number, such as 12 or 75.5."
    assert_cell_error(response, field(one), "Enter a number", "N/A")
    assert_cell_error(response, field(sixteen), "Enter a number", "abc")
    assert response.content.decode().count("is-invalid") == 2


def test_a_model_rule_found_while_saving_rolls_everything_back(client_, monkeypatch):
    """Any error from full_clean() while saving is shown beside its cell, and nothing is written."""
    from django.core.exceptions import ValidationError

    one, two = ind("1"), ind("2")
    original = IndicatorValue.clean

    def clean(self):
        original(self)
        if self.indicator_id == two.pk:
            raise ValidationError({"value": "Refused by the model."})

    monkeypatch.setattr(IndicatorValue, "clean", clean)
    response = client_.post(url("2018-04"), {field(one): "5", field(two): "6"})
    assert response.status_code == 200
    assert not values_in(APRIL).exists()
    assert_cell_error(response, field(two), "Refused by the model.", "6")


# --------------------------------------------------------------------------- signed-off periods


def lock(period, user):
    return PeriodLock.objects.create(period_start=period["start"], period_end=period["end"], locked_by=user)


def test_a_locked_period_is_read_only(client_, board_admin_user):
    one = ind("1")
    IndicatorValueFactory(indicator=one, period_start=APRIL["start"], period_end=APRIL["end"], value=Decimal("40"))
    signed_off = lock(APRIL, board_admin_user)
    response = client_.get(url("2018-04"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"This period was signed off on {timezone.localtime(signed_off.locked_at):%-d %B %Y} and is locked." in html
    assert response.context["form"] is None
    elements = page(response)
    assert not [box for box in elements.by_id if box.startswith("id_i")]  # no box in the grid
    assert "csrfmiddlewaretoken" not in html.split("</form>", 1)[1].split('action="/accounts/logout/"')[0]
    assert "Save values" not in html
    assert row_numbers(response) == MONTHLY_NUMBERS
    row = response.context["grid"].rows[0]
    assert row.overall.current_text == "40"


def test_a_forced_post_to_a_locked_period_saves_nothing(client_, board_admin_user):
    one = ind("1")
    lock(APRIL, board_admin_user)
    response = client_.post(url("2018-04"), {field(one): "40"})
    assert response.status_code == 302
    assert not values_in(APRIL).exists()
    assert any("is locked. Nothing was saved." in m for m in messages_of(client_.get(response["Location"])))


def test_a_locked_financial_year_locks_its_months(client_, board_admin_user):
    lock(YEAR, board_admin_user)
    response = client_.get(url("2018-04"))
    assert "(as part of 2018-19) and is locked" in response.content.decode()
    response = client_.post(url("2018-04"), {field(ind("1")): "40"})
    assert response.status_code == 302
    assert not values_in(APRIL).exists()


# --------------------------------------------------------------------------- who may enter values


@pytest.mark.parametrize("who", ["viewer_client", "lynne_client", "board_member_client"])
def test_others_are_refused(seed, request, who):
    browser = request.getfixturevalue(who)
    response = browser.get(url("2018-04"))
    assert response.status_code == 403
    assert "Only data officers and board administrators can enter indicator values." in response.content.decode()
    response = browser.post(url("2018-04"), {field(ind("1")): "40"})
    assert response.status_code == 403
    assert not values_in(APRIL).exists()


def test_anonymous_people_are_sent_to_sign_in(seed, client):
    response = client.get(url("2018-04"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --------------------------------------------------------------------------- queries


def grid_queries(browser, address):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(address)
    assert response.status_code == 200
    return len(queries), len(response.context["grid"].rows)


def test_the_grid_query_count_does_not_grow_with_the_indicators(client_, django_assert_max_num_queries):
    daspg = ProgrammeBoard.objects.get(short_name="DASPG")
    small, small_rows = grid_queries(client_, url("2018-19 Q1", daspg))
    # Values for every figure of every monthly indicator, then more indicators with breakdowns.
    for indicator in Indicator.objects.filter(plan__code="2018-19", frequency="monthly").select_related("breakdown"):
        cats = [None, *(indicator.breakdown.categories.all() if indicator.breakdown else [])]
        for cat in cats:
            IndicatorValueFactory(
                indicator=indicator, category=cat, period_start=APRIL["start"], period_end=APRIL["end"], value=5
            )
    four = ind("4")
    for n in range(10):
        IndicatorFactory(
            number=f"9{n}",
            outcome=four.outcome,
            lead_board=four.lead_board,
            frequency="monthly",
            unit="percentage",
            breakdown=four.breakdown,
        )
    big, big_rows = grid_queries(client_, url("2018-04"))
    assert (small_rows, big_rows) == (5, 32)
    assert big == small
    with django_assert_max_num_queries(14):
        client_.get(url("2018-04"))
