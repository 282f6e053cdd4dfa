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
        # without a numerator a percentage, rate or average cannot be checked: withheld (rule 3)
        (Decimal("42.5"), "percentage", None, None, "withheld: numerator not recorded"),
        (Decimal("12.4"), "rate_per_10k", None, Decimal("45000"), "withheld: numerator not recorded"),
        (Decimal("40"), "days", None, None, "withheld: numerator not recorded"),
        (Decimal("17"), "count", None, None, "17"),
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


# --------------------------------------------------------------------------- rule 3: no numerator


def test_suppression_figure_without_numerator_shown_when_marked_safe():
    marked = public_figure(Decimal("42.5"), "percentage", fmt=format_value, publish_without_numerator=True)
    unmarked = public_figure(Decimal("42.5"), "percentage", fmt=format_value)

    assert (marked.text, marked.is_suppressed) == ("42.5%", False)
    assert (unmarked.text, unmarked.is_suppressed) == ("withheld: numerator not recorded", True)


def test_suppression_marked_safe_still_withholds_a_small_numerator():
    figure = public_figure(Decimal("40"), "percentage", Decimal("2"), Decimal("5"), publish_without_numerator=True)

    assert figure.text == "withheld: small number"


def test_suppression_direction_and_rating_give_the_reason_a_figure_is_withheld():
    unknown = public_figure(Decimal("42.5"), "percentage")

    assert public_direction("Improving", unknown, SHOWN) == "— (withheld: numerator not recorded)"
    assert public_direction("Improving", SHOWN, unknown) == "— (withheld: numerator not recorded)"
    assert public_rag("Green", unknown) == "withheld: numerator not recorded"
    assert public_direction("Improving", suppression.withheld_as_complement(), SHOWN) == (
        "— (withheld: would reveal a small number)"
    )


# --------------------------------------------------------------------------- rule 6: parts of one total


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # one part suppressed: the other is withheld too, or the total would give it away
        ({"30": (Decimal("3"), True), "31": (Decimal("40"), False)}, {"31"}),
        ({"51": (Decimal("120"), False), "52": (Decimal("4"), True)}, {"51"}),
        # the smallest other part, never a larger one; the first in order among equals
        ({"a": (Decimal("2"), True), "b": (Decimal("90"), False), "c": (Decimal("7"), False)}, {"c"}),
        ({"a": (Decimal("2"), True), "b": (Decimal("7"), False), "c": (Decimal("7"), False)}, {"b"}),
        # a zero part is the smallest: total minus 0 would still give the suppressed part
        ({"a": (Decimal("2"), True), "b": (Decimal("0"), False), "c": (Decimal("7"), False)}, {"b"}),
        # nothing suppressed: nothing more withheld
        ({"30": (Decimal("30"), False), "31": (Decimal("40"), False)}, set()),
        # both suppressed already: only their sum can be worked out
        ({"30": (Decimal("3"), True), "31": (Decimal("4"), True)}, set()),
        # the other part is not shown for the period: nothing to withhold
        ({"30": (Decimal("3"), True), "31": (None, False)}, set()),
        # a part not shown hides itself: with one suppressed part, two are hidden
        ({"a": (Decimal("3"), True), "b": (None, False), "c": (Decimal("9"), False)}, set()),
        # a part not shown is not a reason to withhold another
        ({"a": (None, False), "b": (Decimal("9"), False)}, set()),
    ],
)
def test_suppression_complementary_withholds_the_smallest_other_part(parts, expected):
    assert suppression.complementary(parts) == expected


def test_suppression_complementary_leaves_no_part_to_subtract():
    """Whatever the parts, after rule 6 either nothing is suppressed or at least two parts are hidden."""
    values = [Decimal(n) for n in (0, 1, 3, 5, 6, 9, 40)]
    for a in values:
        for b in values:
            for c in values:
                figures = {key: (value, is_small(value)) for key, value in zip("abc", (a, b, c), strict=True)}
                extra = suppression.complementary(figures)
                hidden = {key for key, (_, small) in figures.items() if small} | extra
                assert not hidden or len(hidden) >= 2, (a, b, c, extra)
                assert not extra or len(extra) == 1
