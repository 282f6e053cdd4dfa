"""Values in the browser, the page: reading what people type, the period picker and which indicators are due."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms

from indicators.models import Indicator, IndicatorValue
from indicators.values.forms import QuickSelect, QuickTextarea, QuickTextInput
from indicators.values.grid import recent_periods
from indicators.values.numbers import parse_number, value_from_fraction
from plans.models import ProgrammeBoard
from tests.indicators.entry_grid import (
    ANNUAL_NUMBERS,
    ENTRY,
    MONTHLY_NUMBERS,
    category,
    field,
    ind,
    note_field,
    page,
    row_numbers,
    url,
)

# --------------------------------------------------------------------------- pure logic


STOCK_AND_QUICK = [
    (forms.TextInput, QuickTextInput, [None, "", "12", "1,234.5", '<b>"75%" & more</b>']),
    (forms.Select, QuickSelect, [None, "", "final", "provisional", "<script>"]),
    (forms.Textarea, QuickTextarea, [None, "", "A note", 'Line one\n<line "two"> & three']),
]
ATTRS = [
    {},
    {"id": "id_box", "aria-invalid": "true", "aria-describedby": "id_box_error"},
    {"class": "is-invalid", "required": True, "disabled": False, "title": 'a "quoted" <title>'},
]


@pytest.mark.parametrize(("stock", "quick", "values"), STOCK_AND_QUICK, ids=lambda item: getattr(item, "__name__", ""))
def test_the_grid_widgets_write_the_same_html_as_djangos_templates(stock, quick, values):
    own = {"class": "form-control form-control-sm", "autocomplete": "off"}
    for value in values:
        for attrs in ATTRS:
            made = [widget(attrs=own) for widget in (stock, quick)]
            if isinstance(made[0], forms.Select):
                for widget in made:
                    widget.choices = [("final", "Final"), ("provisional", "Provisional & <draft>")]
            assert made[1].render("cell-1", value, attrs=attrs) == made[0].render("cell-1", value, attrs=attrs)


def test_the_quick_select_refuses_groups_of_choices():
    with pytest.raises(ValueError, match="plain choices"):
        QuickSelect(choices=[("Status", [("final", "Final")])]).render("status", "final")


def test_values_from_numerator_and_denominator_worked_by_hand():
    # 100 × 45 ÷ 60 = 4500 ÷ 60 = 75 exactly.
    assert value_from_fraction(Indicator.Unit.PERCENTAGE, Decimal(45), Decimal(60)) == Decimal("75.0")
    # 100 × 1 ÷ 16 = 6.25: halves round up, to 6.3.
    assert value_from_fraction(Indicator.Unit.PERCENTAGE, Decimal(1), Decimal(16)) == Decimal("6.3")
    # 10,000 × 123 ÷ 61,234 = 1,230,000 ÷ 61,234 = 20.087… → 20.1 per 10,000.
    assert value_from_fraction(Indicator.Unit.RATE_PER_10K, Decimal(123), Decimal(61234)) == Decimal("20.1")
    # 1,000 × 5 ÷ 3,000 = 1.666… → 1.7 per 1,000.
    assert value_from_fraction(Indicator.Unit.RATE_PER_1K, Decimal(5), Decimal(3000)) == Decimal("1.7")
    # 100,000 × 21 ÷ 56,000 = 2,100,000 ÷ 56,000 = 37.5 per 100,000.
    assert value_from_fraction(Indicator.Unit.RATE_PER_100K, Decimal(21), Decimal(56000)) == Decimal("37.5")
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
    months, quarters, years, academic, calendar, terms = recent_periods(datetime.date(2018, 5, 15))
    assert months[0] == "Months"
    assert len(months[1]) == 24
    assert [p.code for p in months[1][:2]] == ["2018-05", "2018-04"]
    assert months[1][-1].code == "2016-06"
    assert len(quarters[1]) == 8
    assert [p.code for p in quarters[1][:2]] == ["2018-19 Q1", "2017-18 Q4"]
    assert quarters[1][-1].code == "2016-17 Q2"
    assert [p.code for p in years[1]] == ["2018-19", "2017-18", "2016-17", "2015-16", "2014-15"]
    assert academic[0] == "Academic years"
    assert [p.code for p in academic[1][:2]] == ["AY 2017-18", "AY 2016-17"]
    assert [p.code for p in calendar[1][:2]] == ["2018", "2017"]
    assert terms[0] == "School terms"
    assert [p.code for p in terms[1][:4]] == ["Summer 2018", "Spring 2018", "Autumn 2017", "Summer 2017"]


# --------------------------------------------------------------------------- choosing the period


def test_picker_offers_recent_periods_and_no_grid_yet(client_):
    response = client_.get(ENTRY)
    assert response.status_code == 200
    assert response.context["grid"] is None
    choices = response.context["picker"].fields["period"].widget.choices
    groups = dict(choices[1:])
    headings = ("Months", "Quarters", "Financial years", "Academic years", "Calendar years", "School terms")
    assert [len(groups[heading]) for heading in headings] == [24, 8, 5, 5, 5, 9]
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
    assert row_numbers(client_.get(url("2018-19", va))) == ["56a"]
    assert row_numbers(client_.get(url("2017", va))) == ["40"]


def test_an_academic_year_lists_the_academic_year_indicators(client_):
    response = client_.get(url("AY 2017-18"))
    assert response.status_code == 200
    assert row_numbers(response) == ["27"]
    assert "Enter indicator values for Academic year 2017-18" in response.content.decode()
    assert response.context["grid"].frequency_text == "by academic year"


def test_an_academic_year_is_saved_for_september_to_august(client_):
    response = client_.post(url("AY 2017-18"), {field(ind("27")): "0.12"})
    assert response.status_code == 302
    stored = IndicatorValue.objects.get(indicator=ind("27"))
    assert (stored.period_start, stored.period_end) == (datetime.date(2017, 9, 1), datetime.date(2018, 8, 31))
    assert stored.value == Decimal("0.12")


def test_a_school_term_and_a_calendar_year_list_their_indicators(client_):
    assert row_numbers(client_.get(url("Autumn 2018"))) == ["28"]
    assert row_numbers(client_.get(url("2018"))) == ["40"]


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
