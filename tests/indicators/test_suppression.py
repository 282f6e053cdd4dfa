"""indicators.suppression on its own: a small number is never shown, as a figure, a rating or a direction."""

from decimal import Decimal

import pytest

from indicators import suppression
from indicators.models import Indicator
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
