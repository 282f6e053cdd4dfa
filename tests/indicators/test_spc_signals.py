"""Unit tests for indicators.rules: SPC (Making Data Count's XmR chart) limits and its special-cause signals.

Every expected answer is worked by hand in the comments beside it; none is computed by the code under test.
XmR arithmetic: mean = sum / n; moving ranges (MR) = |x[i] - x[i-1]|; mean MR = sum of MRs / (n - 1), taken
again without the MRs of 3.267 × it or more (screened once);
limits = mean ± 2.66 × mean MR; two-thirds lines = mean ± (2/3) × 2.66 × mean MR.
"""

from decimal import Decimal, localcontext

import pytest

from indicators.rules import (
    Signal,
    Variation,
    process_limits,
    spc,
    two_thirds_lines,
)
from tests.indicators.series import ENDS_HIGH, HIGHER, LOWER, NEITHER, RISING_END, STABLE, marked, q3, signalled

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

# ENDS_HIGH, STABLE then 20, is worked in tests/indicators/series.py.


@pytest.mark.parametrize(
    ("polarity", "variation"),
    [(LOWER, Variation.CONCERNING), (HIGHER, Variation.IMPROVING), (NEITHER, Variation.HIGH)],
)
def test_spc_point_beyond_upper_limit(polarity, variation):
    result = spc(ENDS_HIGH, polarity)
    assert q3(result.mean) == Decimal("12.154")
    assert q3(result.mean_moving_range) == Decimal("1.364")  # the range 9 is screened out
    assert q3(result.upper_limit) == Decimal("15.781")
    assert q3(result.lower_limit) == Decimal("8.527")
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
    # MRs 15 + |3 - 11| = 8 = 23, mean MR = 23 / 12 = 1.916667; 3.267 × 1.916667 = 6.26: 8 is screened out,
    # so the mean MR is 15 / 11 = 1.363636 and 2.66 × it = 3.627273.
    # LPL = 10.846154 - 3.627273 = 7.218881; 3 < 7.219: beyond. UPL = 14.473427.
    # Two-thirds lines 10.846 ± 2.418 = 13.264 and 8.428: nothing else beyond them.
    result = spc([*STABLE, 3], polarity)
    assert q3(result.lower_limit) == Decimal("7.219")
    assert q3(result.upper_limit) == Decimal("14.473")
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

# RISING_END, ending in 7 points rising, is worked in tests/indicators/series.py.


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
    # 12,13 six times then 16,14,16 (15 points): sum = 150 + 46 = 196, mean = 196 / 15 = 13.066667
    # MRs: eleven 1s, then |16 - 13| = 3, 2, 2: sum 18, mean MR = 18 / 14 = 1.285714 (3.267 × it = 4.2: none
    # screened). 2.66 × 18 / 14 = 3.42: UPL 16.486667, LPL 9.646667; two-thirds: 2/3 × 3.42 = 2.28,
    # upper line 15.346667. Window 16,14,16: all three above the mean, two inside the limit and beyond the
    # line: mark both 16s, not the 14. (The twelve 12s and 13s are all below the mean: a run.)
    result = spc([12, 13] * 6 + [16, 14, 16], LOWER)
    assert q3(result.mean) == Decimal("13.067")
    assert q3(result.upper_limit) == Decimal("16.487")
    assert marked(result, Signal.TWO_OF_THREE) == [12, 14]
    assert result.points[13].signals == frozenset()  # the third point of the window is not marked
    assert result.points[-1].side == "high"
    assert result.variation is Variation.CONCERNING


def test_spc_two_of_three_needs_all_three_on_one_side_of_the_mean():
    # 12,13 six times then 16,13,16: sum 195, mean 13; MRs eleven 1s + 3 + 3 + 3 = 20, mean MR 20 / 14,
    # 2.66 × 20 / 14 = 3.8: UPL 16.8, upper line 15.533. Both 16s are beyond the line, but the 13 between
    # them sits on the mean: the three are not all on one side, so no two of three.
    result = spc([12, 13] * 6 + [16, 13, 16], LOWER)
    assert result.mean == 13
    assert result.upper_limit == Decimal("16.8")
    assert signalled(result) == []
    assert result.variation is Variation.COMMON_CAUSE


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


def test_spc_point_beyond_a_limit_does_not_count_towards_two_of_three():
    # 12,13 seven times then 17,14,16 (17 points): sum = 175 + 47 = 222, mean = 13.058824
    # MRs: thirteen 1s + |17 - 13| = 4 + 3 + 2: sum 22, mean MR = 22 / 16 = 1.375 (none screened)
    # 2.66 × 1.375 = 3.6575: UPL 16.716324; two-thirds line 13.058824 + 2.438333 = 15.497157.
    # 17 is beyond the limit, so it is not "close"; 16 is close: one close point of three, no two of three.
    result = spc([12, 13] * 7 + [17, 14, 16], LOWER)
    assert q3(result.upper_limit) == Decimal("16.716")
    assert result.points[14].signals == {Signal.BEYOND_LIMIT}
    assert result.points[16].signals == frozenset()
    assert marked(result, Signal.TWO_OF_THREE) == []
    assert result.variation is Variation.COMMON_CAUSE


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
