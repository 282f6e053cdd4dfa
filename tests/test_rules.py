"""Unit tests for indicators.rules: RAG, direction of travel and SPC (Making Data Count's XmR chart).

Every expected answer is worked by hand in the comments beside it; none is computed by the code under test.
XmR arithmetic: mean = sum / n; moving ranges (MR) = |x[i] - x[i-1]|; mean MR = sum of MRs / (n - 1);
limits = mean ± 2.66 × mean MR; two-thirds lines = mean ± (2/3) × 2.66 × mean MR.
"""

from decimal import Decimal, localcontext

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
    normalise_phase_starts,
    process_limits,
    rag,
    spc,
    to_decimal,
    two_thirds_lines,
)

HIGHER = "higher_is_better"
LOWER = "lower_is_better"
NEITHER = "neither"

# Mean 11.5, no signals: the worked example of test_spc_stable_series_*.
STABLE = [10, 12, 11, 13, 12, 10, 11, 12, 13, 11, 12, 11]


def q3(number):
    """A Decimal rounded to 3 places, to compare with a hand-worked figure."""
    return number.quantize(Decimal("0.001"))


def marked(result, signal):
    """The indexes of the points that `signal` marks."""
    return [index for index, point in enumerate(result.points) if signal in point.signals]


def signalled(result):
    """The indexes of the points that any signal marks."""
    return [index for index, point in enumerate(result.points) if point.signals]


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


# --------------------------------------------------------------------------- SPC: limits


def test_process_limits_worked_by_hand():
    # 10,12,11,13,12,10,11,12,13,11,12,11: sum = 138, mean = 138 / 12 = 11.5
    # MRs 2,1,2,1,2,1,1,1,2,1,1: sum = 15, mean MR = 15 / 11 = 1.363636...
    # 2.66 × 1.363636 = 3.627273; UPL = 11.5 + 3.627273 = 15.127273; LPL = 11.5 - 3.627273 = 7.872727
    limits = process_limits(STABLE)
    assert limits.mean == Decimal("11.5")
    assert q3(limits.mean_moving_range) == Decimal("1.364")
    assert q3(limits.upper_limit) == Decimal("15.127")
    assert q3(limits.lower_limit) == Decimal("7.873")


def test_process_limits_needs_two_values():
    with pytest.raises(ValueError, match="at least 2"):
        process_limits([5])


def test_two_thirds_lines_worked_by_hand():
    # mean 13, limits 16.99 and 9.01: 2/3 × (16.99 - 13) = 2/3 × 3.99 = 2.66
    # upper line 13 + 2.66 = 15.66; lower line 13 - 2.66 = 10.34
    upper, lower = two_thirds_lines(13, Decimal("16.99"), Decimal("9.01"))
    assert upper == Decimal("15.66")
    assert lower == Decimal("10.34")


# --------------------------------------------------------------------------- SPC (a): a stable series


def test_spc_stable_series_mean_and_limits():
    # As test_process_limits_worked_by_hand: mean 11.5, mean MR 1.364, UPL 15.127, LPL 7.873.
    result = spc(STABLE, HIGHER)
    assert result.mean == Decimal("11.5")
    assert q3(result.mean_moving_range) == Decimal("1.364")
    assert q3(result.upper_limit) == Decimal("15.127")
    assert q3(result.lower_limit) == Decimal("7.873")
    assert result.upper_limit == pytest.approx(Decimal("15.1272727"))
    for point in result.points:
        assert point.mean == Decimal("11.5")
        assert q3(point.upper_limit) == Decimal("15.127")
        assert q3(point.lower_limit) == Decimal("7.873")


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_spc_stable_series_common_cause(polarity):
    # Nothing beyond 7.873-15.127; two-thirds lines 11.5 ± 2/3 × 3.627 = 13.918 and 9.082: nothing beyond
    # them (max 13, min 10). Sides of the mean 11.5: L H L H H L L H H L H L, no 7 in a row.
    # Longest rise 10,11,12,13 (4 points). So no signals at all.
    result = spc(STABLE, polarity)
    assert signalled(result) == []
    assert all(point.side is None for point in result.points)
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_points_keep_the_input_values_in_order():
    result = spc(STABLE, HIGHER)
    assert [point.value for point in result.points] == STABLE
    assert len(result.points) == 12


def test_spc_ints_floats_and_decimals_give_the_same_result():
    as_ints = spc(STABLE, HIGHER, target=9)
    as_floats = spc([float(value) for value in STABLE], HIGHER, target=9.0)
    as_decimals = spc([Decimal(f"{value}.000") for value in STABLE], HIGHER, target=Decimal(9))
    assert as_ints == as_floats == as_decimals
    assert isinstance(as_floats.mean, Decimal)


def test_spc_does_not_depend_on_the_callers_decimal_context():
    expected = spc(STABLE, HIGHER)
    with localcontext() as context:
        context.prec = 3  # 15.127272... would be 15.1 in this context
        assert spc(STABLE, HIGHER) == expected


# --------------------------------------------------------------------------- SPC (b): beyond a limit

# STABLE then 20: sum = 138 + 20 = 158, n = 13, mean = 158 / 13 = 12.153846
# MRs: STABLE's 15 plus |20 - 11| = 9, sum 24, mean MR = 24 / 12 = 2; 2.66 × 2 = 5.32
# UPL = 12.153846 + 5.32 = 17.473846; LPL = 12.153846 - 5.32 = 6.833846. 20 > 17.474: beyond.
# Two-thirds line 12.153846 + 3.546667 = 15.700513: only 20 is beyond it, so no two of three.
# Sides of 12.1538: L L L H L L L L H L L L H, no 7 in a row; the last rise is 11, 20 (2 points).
ENDS_HIGH = [*STABLE, 20]


@pytest.mark.parametrize(
    ("polarity", "variation"),
    [(LOWER, Variation.CONCERNING), (HIGHER, Variation.IMPROVING), (NEITHER, Variation.HIGH)],
)
def test_spc_point_beyond_upper_limit(polarity, variation):
    result = spc(ENDS_HIGH, polarity)
    assert q3(result.mean) == Decimal("12.154")
    assert result.mean_moving_range == 2
    assert q3(result.upper_limit) == Decimal("17.474")
    assert q3(result.lower_limit) == Decimal("6.834")
    assert signalled(result) == [12]
    assert result.points[-1].signals == {Signal.BEYOND_LIMIT}
    assert result.points[-1].side == "high"
    assert result.variation is variation


@pytest.mark.parametrize(
    ("polarity", "variation"),
    [(LOWER, Variation.IMPROVING), (HIGHER, Variation.CONCERNING), (NEITHER, Variation.LOW)],
)
def test_spc_point_beyond_lower_limit(polarity, variation):
    # STABLE then 3: sum = 141, mean = 141 / 13 = 10.846154
    # MRs 15 + |3 - 11| = 8 = 23, mean MR = 23 / 12 = 1.916667; 2.66 × 1.916667 = 5.098333
    # LPL = 10.846154 - 5.098333 = 5.747821; 3 < 5.748: beyond. UPL = 15.944487.
    result = spc([*STABLE, 3], polarity)
    assert q3(result.lower_limit) == Decimal("5.748")
    assert q3(result.upper_limit) == Decimal("15.944")
    assert signalled(result) == [12]
    assert result.points[-1].signals == {Signal.BEYOND_LIMIT}
    assert result.points[-1].side == "low"
    assert result.variation is variation


def test_spc_point_on_a_limit_is_not_beyond():
    # 5 twelve times: mean 5, MRs all 0, mean MR 0, so UPL = LPL = 5 + 2.66 × 0 = 5 and both two-thirds
    # lines are 5 too. Every point sits exactly on the limits and the mean: beyond nothing, no shift.
    result = spc([5] * 12, HIGHER)
    assert result.upper_limit == result.lower_limit == result.mean == 5
    assert signalled(result) == []
    assert result.variation is Variation.COMMON_CAUSE


# --------------------------------------------------------------------------- SPC (c): trend

# 10,14 five times then 9,10,11,12,13,14,15 (17 points): sum = 5 × 24 + 84 = 204, mean = 204 / 17 = 12
# MRs: nine 4s = 36, |9 - 14| = 5, six 1s = 6: sum 47, mean MR = 47 / 16 = 2.9375
# 2.66 × 2.9375 = 7.81375: UPL 19.81375, LPL 4.18625; two-thirds lines 12 ± 5.209167 = 17.209, 6.791.
# Nothing beyond a line; sides of 12 alternate, and 9,10,11 below, 12 on the mean, 13,14,15 above: no shift.
# 14 → 9 falls, then 9 < 10 < 11 < 12 < 13 < 14 < 15: 7 points rising (indexes 10-16).
RISING_END = [10, 14] * 5 + [9, 10, 11, 12, 13, 14, 15]


def test_spc_trend_of_seven_rising_points():
    result = spc(RISING_END, LOWER)
    assert result.mean == 12
    assert result.mean_moving_range == Decimal("2.9375")
    assert result.upper_limit == Decimal("19.81375")
    assert result.lower_limit == Decimal("4.18625")
    assert marked(result, Signal.TREND) == [10, 11, 12, 13, 14, 15, 16]
    assert signalled(result) == [10, 11, 12, 13, 14, 15, 16]
    assert all(point.side == "high" for point in result.points[10:])
    assert result.variation is Variation.CONCERNING  # rising is bad when lower is better


def test_spc_trend_of_seven_falling_points():
    # 10,14 five times then 15,14,13,12,11,10,9: sum 204, mean 12; MRs 36 + |15 - 14| = 1 + six 1s = 43,
    # mean MR 43 / 16 = 2.6875, 2.66 × 2.6875 = 7.14875: LPL 4.85125, lower two-thirds line 7.234; 9 is
    # above both. 15 > 14 > ... > 9: 7 points falling (indexes 10-16).
    result = spc([10, 14] * 5 + [15, 14, 13, 12, 11, 10, 9], HIGHER)
    assert result.lower_limit == Decimal("4.85125")
    assert marked(result, Signal.TREND) == [10, 11, 12, 13, 14, 15, 16]
    assert signalled(result) == [10, 11, 12, 13, 14, 15, 16]
    assert result.points[-1].side == "low"
    assert result.variation is Variation.CONCERNING  # falling is bad when higher is better


def test_spc_six_rising_points_is_not_a_trend():
    # 10,14 five times then 10,11,12,13,14,15: 14 → 10 falls, so the rise 10 < 11 < ... < 15 is 6 points.
    # (mean 195 / 16 = 12.1875; MRs 36 + 4 + 5 = 45, mean MR 3, limits 12.1875 ± 7.98: nothing else either.)
    result = spc([10, 14] * 5 + [10, 11, 12, 13, 14, 15], LOWER)
    assert marked(result, Signal.TREND) == []
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_equal_step_breaks_a_trend():
    # 10,14 five times then 9,10,11,12,12,13,14,15: 12 → 12 is not a rise, so two rises of 4 points:
    # 9,10,11,12 and 12,13,14,15. (mean 216 / 18 = 12, mean MR 47 / 17 = 2.7647; no other signal.)
    result = spc([10, 14] * 5 + [9, 10, 11, 12, 12, 13, 14, 15], HIGHER)
    assert marked(result, Signal.TREND) == []
    assert result.variation is Variation.COMMON_CAUSE


# --------------------------------------------------------------------------- SPC (d): two of three


def test_spc_two_of_three_beyond_the_two_thirds_line():
    # 12,13 six times then 16,13,16 (15 points): sum = 150 + 45 = 195, mean = 13
    # MRs: eleven 1s, then |16 - 13| = 3, 3, 3: sum 20, mean MR = 20 / 14 = 1.428571
    # 2.66 × 20 / 14 = 53.2 / 14 = 3.8: UPL 16.8, LPL 9.2; two-thirds: 2/3 × 3.8 = 2.533333,
    # upper line 15.533333. Window 16,13,16: two points beyond 15.533 (and below 16.8): mark both 16s.
    # Sides of 13: 12 below, 13 on the mean (breaks runs): no shift. No rise longer than 2 points.
    result = spc([12, 13] * 6 + [16, 13, 16], LOWER)
    assert result.mean == 13
    assert q3(result.upper_limit) == Decimal("16.800")
    assert q3(result.lower_limit) == Decimal("9.200")
    assert marked(result, Signal.TWO_OF_THREE) == [12, 14]
    assert signalled(result) == [12, 14]
    assert result.points[13].signals == frozenset()  # the third point of the window is not marked
    assert result.points[-1].side == "high"
    assert result.variation is Variation.CONCERNING


def test_spc_one_of_three_is_not_two_of_three():
    # 12,13 six times then 16,13,13: sum = 150 + 42 = 192, mean = 192 / 15 = 12.8
    # MRs: eleven 1s + 3 + 3 + 0 = 17, mean MR = 17 / 14 = 1.214286; 2.66 × 1.214286 = 3.23
    # UPL = 16.03 (16 is inside it), upper two-thirds line = 12.8 + 2.153333 = 14.953333.
    # Only 16 is beyond the line: one of three. Sides of 12.8: 12 L, 13 H alternate, then 16,13,13 H:
    # 13,16,13,13 is 4 above. So no signal at all.
    result = spc([12, 13] * 6 + [16, 13, 13], LOWER)
    assert q3(result.upper_limit) == Decimal("16.030")
    assert marked(result, Signal.TWO_OF_THREE) == []
    assert signalled(result) == []
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_point_beyond_a_limit_counts_towards_two_of_three():
    # 12,13 seven times then 17,13,16 (17 points): sum = 175 + 46 = 221, mean = 13
    # MRs: thirteen 1s + |17 - 13| = 4 + 4 + |16 - 13| = 3: sum 24, mean MR = 24 / 16 = 1.5
    # 2.66 × 1.5 = 3.99: UPL 16.99, LPL 9.01; two-thirds line 13 + 2.66 = 15.66.
    # 17 > 16.99 is beyond the limit and so beyond the line too; 16 > 15.66: two of three, both marked.
    result = spc([12, 13] * 7 + [17, 13, 16], LOWER)
    assert result.upper_limit == Decimal("16.99")
    assert result.points[14].signals == {Signal.BEYOND_LIMIT, Signal.TWO_OF_THREE}
    assert result.points[15].signals == frozenset()
    assert result.points[16].signals == {Signal.TWO_OF_THREE}
    assert signalled(result) == [14, 16]
    assert result.variation is Variation.CONCERNING


# --------------------------------------------------------------------------- SPC (e): shift

# 13,17 four times (8 points, sum 120, MRs seven 4s = 28), then 7 more.


def test_spc_shift_of_seven_below_the_mean():
    # then 13,12,13,12,13,12,13: sum = 120 + 88 = 208, mean = 208 / 15 = 13.866667
    # MRs 28 + |13 - 17| = 4 + six 1s = 38, mean MR = 38 / 14 = 2.714286; 2.66 × 2.714286 = 7.22
    # LPL = 6.646667, lower two-thirds line = 13.866667 - 4.813333 = 9.053333: nothing beyond either.
    # After the last 17 (above), all 7 points (12s and 13s) are below 13.867: a shift, indexes 8-14.
    result = spc([13, 17] * 4 + [13, 12, 13, 12, 13, 12, 13], HIGHER)
    assert q3(result.mean) == Decimal("13.867")
    assert q3(result.mean_moving_range) == Decimal("2.714")
    assert q3(result.upper_limit) == Decimal("21.087")
    assert q3(result.lower_limit) == Decimal("6.647")
    assert marked(result, Signal.SHIFT) == [8, 9, 10, 11, 12, 13, 14]
    assert signalled(result) == [8, 9, 10, 11, 12, 13, 14]
    assert all(point.side == "low" for point in result.points[8:])
    assert result.variation is Variation.CONCERNING  # a fall when higher is better


def test_spc_six_below_the_mean_is_not_a_shift():
    # then 13,12,13,12,13,12,17: sum = 120 + 75 + 17 = 212, mean = 212 / 15 = 14.133333
    # Six points (13,12,...,12) below 14.133, between 17s above it. MRs 28 + 4 + 5 × 1 + |17 - 12| = 5 = 42,
    # mean MR 3, limits 14.133 ± 7.98, two-thirds lines 14.133 ± 5.32 = 19.453 and 8.813: no signal.
    result = spc([13, 17] * 4 + [13, 12, 13, 12, 13, 12, 17], HIGHER)
    assert marked(result, Signal.SHIFT) == []
    assert signalled(result) == []
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_point_on_the_mean_breaks_a_shift():
    # then 13,12,13,14,13,12,13: sum = 120 + 90 = 210, mean = 210 / 15 = 14 exactly.
    # The 14 sits on the mean: 3 below, 1 on, 3 below. MRs 28 + 4 + six 1s = 38, limits 14 ± 7.22,
    # two-thirds lines 14 ± 4.813: nothing beyond; the longest rise is 12,13,14. No signal.
    result = spc([13, 17] * 4 + [13, 12, 13, 14, 13, 12, 13], HIGHER)
    assert result.mean == 14
    assert marked(result, Signal.SHIFT) == []
    assert signalled(result) == []


# --------------------------------------------------------------------------- SPC (f): too few points


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_spc_fewer_than_twelve_points_no_limits(polarity):
    result = spc([*STABLE[:10], 40], polarity, target=11)  # 11 points, even with an outlier
    assert len(result.points) == 11
    assert result.mean is None
    assert result.upper_limit is None
    assert result.lower_limit is None
    assert result.mean_moving_range is None
    assert result.variation is None
    assert result.assurance is None
    for point in result.points:
        assert point.mean is point.upper_limit is point.lower_limit is None
        assert point.signals == frozenset()
        assert point.side is None


def test_spc_min_points_can_be_lowered():
    # The first 11 of STABLE: sum = 138 - 11 = 127, mean = 127 / 11 = 11.545455
    # MRs 2,1,2,1,2,1,1,1,2,1: sum 14, mean MR = 14 / 10 = 1.4; 2.66 × 1.4 = 3.724
    # UPL = 11.545455 + 3.724 = 15.269455; LPL = 7.821455
    result = spc(STABLE[:11], HIGHER, min_points=11)
    assert q3(result.mean) == Decimal("11.545")
    assert result.mean_moving_range == Decimal("1.4")
    assert q3(result.upper_limit) == Decimal("15.269")
    assert q3(result.lower_limit) == Decimal("7.821")
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_min_points_below_two_raises():
    with pytest.raises(ValueError, match="min_points"):
        spc(STABLE, HIGHER, min_points=1)


def test_spc_empty_series():
    result = spc([], HIGHER, target=5)
    assert result.points == ()
    assert result.mean is None
    assert result.variation is None
    assert result.assurance is None


# --------------------------------------------------------------------------- SPC (g): assurance

# STABLE's limits: LPL 7.873, UPL 15.127.


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        (HIGHER, 7, Assurance.PASSES),  # LPL 7.873 > 7: even a low point meets it
        (HIGHER, 10, Assurance.HIT_AND_MISS),  # 7.873 <= 10 <= 15.127
        (HIGHER, 16, Assurance.FAILS),  # UPL 15.127 < 16: even a high point misses it
        (LOWER, 16, Assurance.PASSES),  # UPL 15.127 < 16
        (LOWER, 10, Assurance.HIT_AND_MISS),
        (LOWER, 7, Assurance.FAILS),  # LPL 7.873 > 7
    ],
)
def test_spc_assurance(polarity, target, assurance):
    assert spc(STABLE, polarity, target=target).assurance is assurance


@pytest.mark.parametrize(
    ("polarity", "target"),
    [
        # 12,13 six times: mean 12.5, mean MR 1, limits exactly 12.5 ± 2.66 = 15.16 and 9.84
        (HIGHER, Decimal("9.84")),  # on the LPL: not above it, so not a pass
        (HIGHER, Decimal("15.16")),  # on the UPL: not above it, so not a fail
        (LOWER, Decimal("15.16")),
        (LOWER, 9.84),  # a float target, converted to exactly 9.84
    ],
)
def test_spc_assurance_target_on_a_limit_is_hit_and_miss(polarity, target):
    result = spc([12, 13] * 6, polarity, target=target)
    assert result.upper_limit == Decimal("15.16")
    assert result.lower_limit == Decimal("9.84")
    assert result.assurance is Assurance.HIT_AND_MISS


def test_spc_assurance_none_for_neither_or_no_target():
    assert spc(STABLE, NEITHER, target=7).assurance is None
    assert spc(STABLE, HIGHER).assurance is None
    assert spc(STABLE, LOWER, target=None).assurance is None


# --------------------------------------------------------------------------- SPC (h): phases

# 12,13 six times, then a step up to STABLE + 10 = 20,22,21,23,22,20,21,22,23,21,22,21 (24 points).
STEP = [12, 13] * 6 + [value + 10 for value in STABLE]


def test_spc_phase_start_recomputes_the_limits():
    # Phase 1 (indexes 0-11): mean 150 / 12 = 12.5, MRs eleven 1s, mean MR 1, limits 12.5 ± 2.66:
    # UPL 15.16, LPL 9.84. Phase 2 (indexes 12-23): STABLE + 10, so mean 21.5, mean MR 15 / 11 = 1.363636,
    # limits 21.5 ± 3.627273: UPL 25.127, LPL 17.873. (The jump 13 → 20 is not a moving range of either.)
    # Neither phase has a signal (phase 2 is STABLE moved up by 10).
    result = spc(STEP, HIGHER, phase_starts=[12])
    first, second = result.points[0], result.points[12]
    assert first.mean == Decimal("12.5")
    assert first.upper_limit == Decimal("15.16")
    assert first.lower_limit == Decimal("9.84")
    assert all(point.mean == Decimal("12.5") for point in result.points[:12])
    assert second.mean == Decimal("21.5")
    assert q3(second.upper_limit) == Decimal("25.127")
    assert q3(second.lower_limit) == Decimal("17.873")
    assert all(point.mean == Decimal("21.5") for point in result.points[12:])
    # The result's figures are the last phase's.
    assert result.mean == Decimal("21.5")
    assert q3(result.mean_moving_range) == Decimal("1.364")
    assert q3(result.upper_limit) == Decimal("25.127")
    assert q3(result.lower_limit) == Decimal("17.873")
    assert signalled(result) == []
    assert result.variation is Variation.COMMON_CAUSE


def test_spc_without_the_phase_start_the_step_is_a_shift():
    # One phase: sum = 150 + 258 = 408, mean = 408 / 24 = 17. All of 12,13 are below 17 and all of
    # 20-23 above: a run of 12 below, then 12 above. MRs 11 + |20 - 13| = 7 + 15 = 33, mean MR 33 / 23 =
    # 1.434783, 2.66 × 1.434783 = 3.816522: UPL 20.817, LPL 13.183, so 21, 22, 23 and 12, 13 are beyond
    # too, and the last point 21 > 20.817 is high: improving when higher is better.
    result = spc(STEP, HIGHER)
    assert result.mean == 17
    assert q3(result.upper_limit) == Decimal("20.817")
    assert q3(result.lower_limit) == Decimal("13.183")
    assert marked(result, Signal.SHIFT) == list(range(24))
    assert all(point.side == "low" for point in result.points[:12])
    assert all(point.side == "high" for point in result.points[12:])
    assert result.variation is Variation.IMPROVING


def test_spc_runs_do_not_cross_a_phase_start():
    # 9,10,11,12,13,14,15 rises over 7 points (indexes 10-16) and is a trend in one phase (as in
    # test_spc_trend_of_seven_rising_points). Split at 14, the rise is 4 points in the first phase and 3
    # in the second: no trend. (The second phase has 3 points, too few for limits anyway; split at 13
    # with min_points=3 the rise is 3 + 4 points.)
    assert marked(spc(RISING_END, HIGHER), Signal.TREND) == list(range(10, 17))
    assert marked(spc(RISING_END, HIGHER, phase_starts=[14]), Signal.TREND) == []
    assert marked(spc(RISING_END, HIGHER, phase_starts=[13], min_points=3), Signal.TREND) == []


def test_spc_short_last_phase_has_no_limits():
    # Split at 18: phase 1 = 12,13 six times + 20,22,21,23,22,20 (18 points): sum 150 + 128 = 278,
    # mean 278 / 18 = 15.444444. Phase 2 = the last 6 points: too few for limits.
    result = spc(STEP, HIGHER, target=15, phase_starts=[18])
    assert q3(result.points[0].mean) == Decimal("15.444")
    assert all(point.mean is None and point.signals == frozenset() for point in result.points[18:])
    assert result.mean is None
    assert result.upper_limit is None
    assert result.mean_moving_range is None
    assert result.variation is None
    assert result.assurance is None


def test_spc_phase_starts_normalised():
    # 0 (the start already), 24 and 99 (past the end), -3 (negative) and the second 12 are dropped.
    plain = spc(STEP, HIGHER, phase_starts=[12])
    assert spc(STEP, HIGHER, phase_starts=[0, 12, 12, 24, 99, -3]) == plain
    assert spc(STEP, HIGHER, phase_starts=[0, 24]) == spc(STEP, HIGHER)


@pytest.mark.parametrize(
    ("phase_starts", "length", "expected"),
    [
        ((), 24, ()),
        (None, 24, ()),
        ([12], 24, (12,)),
        ([18, 6, 12, 6], 24, (6, 12, 18)),
        ([0, -1, 24, 25], 24, ()),
        ([23], 24, (23,)),
    ],
)
def test_normalise_phase_starts(phase_starts, length, expected):
    assert normalise_phase_starts(phase_starts, length) == expected


# --------------------------------------------------------------------------- SPC (i): two rules, two sides


def test_spc_point_marked_by_two_rules_takes_the_earlier_rules_side():
    # 8,20 four times then 5,6,7,8,9,10,11 (15 points): sum = 4 × 28 + 56 = 168, mean = 168 / 15 = 11.2
    # MRs: seven 12s = 84, |5 - 20| = 15, six 1s = 6: sum 105, mean MR = 105 / 14 = 7.5
    # 2.66 × 7.5 = 19.95: UPL 31.15, LPL -8.75; two-thirds lines 11.2 ± 13.3 = 24.5 and -2.1: nothing beyond.
    # 5 < 6 < ... < 11 is a rising trend (high), and all 7 are below 11.2, a shift (low).
    # TREND comes before SHIFT in SIGNAL_ORDER, so the points are high: improving when higher is better.
    result = spc([8, 20] * 4 + [5, 6, 7, 8, 9, 10, 11], HIGHER)
    assert result.mean == Decimal("11.2")
    assert result.mean_moving_range == Decimal("7.5")
    assert marked(result, Signal.TREND) == list(range(8, 15))
    assert marked(result, Signal.SHIFT) == list(range(8, 15))
    assert signalled(result) == list(range(8, 15))
    assert all(point.side == "high" for point in result.points[8:])
    assert result.variation is Variation.IMPROVING


def test_spc_lower_limit_not_clamped_at_zero():
    # As above: LPL = 11.2 - 19.95 = -8.75, left below zero.
    result = spc([8, 20] * 4 + [5, 6, 7, 8, 9, 10, 11], HIGHER)
    assert result.lower_limit == Decimal("-8.75")
    assert result.upper_limit == Decimal("31.15")


def test_spc_turning_point_keeps_the_earlier_trends_side():
    # 6,13 three times, then 6,7,8,9,10,11,12,11,10,9,8,7,6 (19 points): sum = 57 + 114 = 171, mean 9
    # MRs: five 7s = 35, |6 - 13| = 7, twelve 1s: sum 54, mean MR = 54 / 18 = 3; 2.66 × 3 = 7.98
    # UPL 16.98, LPL 1.02, two-thirds lines 9 ± 5.32 = 14.32 and 3.68: nothing beyond.
    # Sides of 9: 6,7,8 below, 9 on, 10,11,12,11,10 above (5), 9 on, 8,7,6 below: no shift.
    # 6 → 12 rises over 7 points (indexes 6-12) and 12 → 6 falls over 7 (indexes 12-18): the peak 12
    # belongs to both and keeps the side of the earlier trend, high.
    result = spc([6, 13] * 3 + [6, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6], NEITHER)
    assert result.mean == 9
    assert result.mean_moving_range == 3
    assert marked(result, Signal.TREND) == list(range(6, 19))
    assert signalled(result) == list(range(6, 19))
    assert [point.side for point in result.points[6:13]] == ["high"] * 7
    assert [point.side for point in result.points[13:]] == ["low"] * 6
    assert result.variation is Variation.LOW


# --------------------------------------------------------------------------- SPC (j): bad input


def test_spc_none_in_values_raises():
    with pytest.raises(ValueError, match=r"values\[3\] is None"):
        spc([10, 12, 11, None, 12, 10, 11, 12, 13, 11, 12, 11], HIGHER)


def test_spc_unknown_polarity_raises():
    with pytest.raises(ValueError, match="polarity"):
        spc(STABLE, "sideways")


def test_spc_accepts_the_models_polarity_choices():
    result = spc(ENDS_HIGH, Indicator.Polarity.LOWER_IS_BETTER, target=Decimal("20"))
    assert result.variation is Variation.CONCERNING
    # UPL 17.474 < 20: consistently passes when lower is better.
    assert result.assurance is Assurance.PASSES
