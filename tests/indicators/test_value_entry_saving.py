"""Values in the browser, saving the grid: values, fractions and notes saved, bad input refused beside its box."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorValue
from plans.models import ProgrammeBoard
from tests.indicators.entry_grid import (
    APRIL,
    Q1,
    assert_cell_error,
    category,
    field,
    ind,
    messages_of,
    note_field,
    page,
    stored,
    url,
    values_in,
)
from tests.indicators.factories import IndicatorValueFactory

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


def test_a_board_administrator_may_enter_values(plan, board_admin_client, board_admin_user):
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


def test_an_average_number_of_days_from_total_days_and_the_number_of_cases(client_):
    sixty_four = ind("64")  # average days, quarterly: the grid offers numerator and denominator boxes for it
    page_before = client_.get(url("2018-19 Q1"))
    assert field(sixty_four, "numerator") in page_before.content.decode()

    # 45 days over 3 children: 15.0 days on average, with the 3 on record for the published page's rules.
    client_.post(url("2018-19 Q1"), {field(sixty_four, "numerator"): "45", field(sixty_four, "denominator"): "3"})

    value = stored(sixty_four, Q1)
    assert (value.value, value.numerator, value.denominator) == (Decimal("15.0"), 45, 3)


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
