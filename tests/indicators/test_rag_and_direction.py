"""Unit tests for indicators.rules: labels, numbers, RAG against a target and direction of travel.

Every expected answer is worked by hand in the comments beside it; none is computed by the code under test.
"""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.rules import (
    MIN_POINTS,
    RAG,
    SIGMA_FACTOR,
    SIGNAL_ORDER,
    Assurance,
    Direction,
    Signal,
    Variation,
    direction,
    rag,
    to_decimal,
)
from tests.indicators.series import HIGHER, LOWER, NEITHER

# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (RAG.RED, "Red"),
        (RAG.AMBER, "Amber"),
        (RAG.GREEN, "Green"),
        (Direction.IMPROVING, "Improving"),
        (Direction.WORSENING, "Worsening"),
        (Direction.NO_CHANGE, "No change"),
        (Direction.UP, "Up"),
        (Direction.DOWN, "Down"),
        (Signal.BEYOND_LIMIT, "A point beyond a process limit"),
        (Signal.TREND, "7 points in a row rising or falling"),
        (Signal.TWO_OF_THREE, "2 of 3 points close to a limit"),
        (Signal.SHIFT, "7 or more points in a row on one side of the mean"),
        (Variation.COMMON_CAUSE, "Common cause variation"),
        (Variation.IMPROVING, "Special cause: improving"),
        (Variation.CONCERNING, "Special cause: concerning"),
        (Variation.HIGH, "Special cause: high"),
        (Variation.LOW, "Special cause: low"),
        (Assurance.PASSES, "Consistently passes the target"),
        (Assurance.HIT_AND_MISS, "Hit and miss: the target falls within the process limits"),
        (Assurance.FAILS, "Consistently fails the target"),
    ],
)
def test_labels_words_beside_each_member(member, label):
    assert member.label == label


@pytest.mark.parametrize("enum", [RAG, Direction, Signal, Variation, Assurance])
def test_labels_exist_for_every_member(enum):
    for member in enum:
        assert isinstance(member.label, str)
        assert member.label.strip()


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (RAG.RED, "red"),
        (RAG.AMBER, "amber"),
        (RAG.GREEN, "green"),
        (Direction.NO_CHANGE, "no_change"),
        (Signal.TWO_OF_THREE, "two_of_three"),
        (Variation.IMPROVING, "special_cause_improving"),
        (Variation.LOW, "special_cause_low"),
        (Assurance.PASSES, "consistently_passes"),
        (Assurance.FAILS, "consistently_fails"),
    ],
)
def test_enums_are_plain_strings(member, value):
    assert member == value
    assert str(member) == value
    assert type(member)(value) is member


def test_signal_order_is_making_data_counts():
    assert SIGNAL_ORDER == (Signal.BEYOND_LIMIT, Signal.TREND, Signal.TWO_OF_THREE, Signal.SHIFT)
    assert set(SIGNAL_ORDER) == set(Signal)


def test_constants_are_making_data_counts():
    assert MIN_POINTS == 12
    assert Decimal("2.66") == SIGMA_FACTOR


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (7, Decimal(7)),
        (Decimal("7.250"), Decimal("7.25")),
        # Through repr: 0.1 is exactly one tenth, not 0.1000000000000000055511151231257827...
        (0.1, Decimal("0.1")),
    ],
)
def test_to_decimal_accepts_ints_floats_and_decimals(number, expected):
    assert to_decimal(number) == expected


@pytest.mark.parametrize("number", [True, "7", None, [7]])
def test_to_decimal_rejects_other_types(number):
    with pytest.raises(TypeError):
        to_decimal(number)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), Decimal("-Infinity"), Decimal("NaN")])
def test_to_decimal_rejects_numbers_that_are_not_finite(number):
    with pytest.raises(ValueError, match="finite"):
        to_decimal(number)


# --------------------------------------------------------------------------- RAG


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "expected"),
    [
        (85, 80, 5, RAG.GREEN),  # above the target
        (80, 80, 5, RAG.GREEN),  # exactly on the target
        (79, 80, 5, RAG.AMBER),  # short, but 79 >= 80 - 5 = 75
        (75, 80, 5, RAG.AMBER),  # exactly target - tolerance = 75: still amber
        (Decimal("74.999"), 80, 5, RAG.RED),  # 74.999 < 75
        (74, 80, 5, RAG.RED),
        (79, 80, None, RAG.RED),  # no tolerance means 0: 79 < 80 - 0
        (80, 80, None, RAG.GREEN),
        (79, 80, 0, RAG.RED),
    ],
)
def test_rag_higher_is_better(value, target, tolerance, expected):
    assert rag(value, target, tolerance, HIGHER) is expected


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "expected"),
    [
        (15, 20, 3, RAG.GREEN),  # below the target
        (20, 20, 3, RAG.GREEN),  # exactly on the target
        (21, 20, 3, RAG.AMBER),  # over, but 21 <= 20 + 3 = 23
        (23, 20, 3, RAG.AMBER),  # exactly target + tolerance = 23: still amber
        (Decimal("23.001"), 20, 3, RAG.RED),  # 23.001 > 23
        (30, 20, 3, RAG.RED),
        (21, 20, None, RAG.RED),  # no tolerance means 0: 21 > 20 + 0
        (20, 20, None, RAG.GREEN),
    ],
)
def test_rag_lower_is_better(value, target, tolerance, expected):
    assert rag(value, target, tolerance, LOWER) is expected


def test_rag_floats_meet_the_tolerance_boundary_exactly():
    # In Decimal 0.8 - 0.1 = 0.7, so 0.7 sits exactly on the amber boundary. (In binary floating point
    # 0.8 - 0.1 = 0.7000000000000001 and 0.7 would wrongly be red.)
    assert rag(0.7, 0.8, 0.1, HIGHER) is RAG.AMBER
    # 0.3 + 0.1 = 0.4 exactly: amber for lower is better.
    assert rag(0.4, 0.3, 0.1, LOWER) is RAG.AMBER


@pytest.mark.parametrize("tolerance", [None, 0, 5])
def test_rag_neither_polarity_is_none(tolerance):
    assert rag(80, 80, tolerance, NEITHER) is None
    assert rag(10, 80, tolerance, NEITHER) is None


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_rag_no_target_is_none(polarity):
    assert rag(80, None, 5, polarity) is None


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_rag_no_value_is_none(polarity):
    assert rag(None, 80, 5, polarity) is None


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_rag_negative_tolerance_raises(polarity):
    with pytest.raises(ValueError, match="negative"):
        rag(80, 80, -1, polarity)
    with pytest.raises(ValueError, match="negative"):
        rag(None, 80, Decimal("-0.001"), polarity)


def test_rag_unknown_polarity_raises():
    with pytest.raises(ValueError, match="polarity"):
        rag(80, 80, 5, "bigger_is_better")


def test_rag_accepts_the_models_polarity_choices():
    assert rag(79, 80, 5, Indicator.Polarity.HIGHER_IS_BETTER) is RAG.AMBER
    assert rag(79, 80, 5, Indicator.Polarity.LOWER_IS_BETTER) is RAG.GREEN
    assert rag(79, 80, 5, Indicator.Polarity.NEITHER) is None


# --------------------------------------------------------------------------- direction of travel


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (12, 10, HIGHER, Direction.IMPROVING),
        (8, 10, HIGHER, Direction.WORSENING),
        (12, 10, LOWER, Direction.WORSENING),
        (8, 10, LOWER, Direction.IMPROVING),
        (12, 10, NEITHER, Direction.UP),
        (8, 10, NEITHER, Direction.DOWN),
        (Decimal("10.001"), 10, HIGHER, Direction.IMPROVING),
        (0.3, Decimal("0.4"), LOWER, Direction.IMPROVING),
    ],
)
def test_direction_by_polarity(current, previous, polarity, expected):
    assert direction(current, previous, polarity) is expected


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_direction_equal_values_no_change(polarity):
    assert direction(10, 10, polarity) is Direction.NO_CHANGE
    # 10 == 10.0 == 10.000, whatever the type
    assert direction(10.0, Decimal("10.000"), polarity) is Direction.NO_CHANGE


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_direction_missing_value_is_none(polarity):
    assert direction(None, 10, polarity) is None
    assert direction(10, None, polarity) is None
    assert direction(None, None, polarity) is None


def test_direction_unknown_polarity_raises():
    with pytest.raises(ValueError, match="polarity"):
        direction(12, 10, "up_is_good")
