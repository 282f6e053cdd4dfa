"""Unit tests for indicators.rules: SPC with too few points, assurance against a target, phases, and bad input.

Every expected answer is worked by hand in the comments beside it; none is computed by the code under test.
XmR arithmetic: mean = sum / n; moving ranges (MR) = |x[i] - x[i-1]|; mean MR = sum of MRs / (n - 1), taken
again without the MRs of 3.267 × it or more (screened once);
limits = mean ± 2.66 × mean MR; two-thirds lines = mean ± (2/3) × 2.66 × mean MR.
"""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.rules import (
    Assurance,
    Signal,
    Variation,
    normalise_phase_starts,
    spc,
)
from tests.indicators.series import ENDS_HIGH, HIGHER, LOWER, NEITHER, RISING_END, STABLE, marked, q3, signalled

# --------------------------------------------------------------------------- SPC (f): too few points


@pytest.mark.parametrize(
    ("polarity", "variation", "assurance"),
    [
        (HIGHER, Variation.IMPROVING, Assurance.HIT_AND_MISS),
        (LOWER, Variation.CONCERNING, Assurance.HIT_AND_MISS),
        (NEITHER, Variation.HIGH, None),
    ],
)
def test_spc_fewer_than_twelve_points_has_provisional_limits(polarity, variation, assurance):
    # The first 10 of STABLE then 40 (11 points): sum = 115 + 40 = 155, mean = 155 / 11 = 14.090909
    # MRs 2,1,2,1,2,1,1,1,2 = 13 and |40 - 11| = 29: mean 42 / 10 = 4.2, 3.267 × 4.2 = 13.72 screens out 29;
    # mean MR = 13 / 9 = 1.444444, 2.66 × it = 3.842222: UPL 17.933131, LPL 10.248687. 40 is beyond.
    # Target 11 lies within the limits: hit and miss.
    result = spc([*STABLE[:10], 40], polarity, target=11)
    assert len(result.points) == 11
    assert q3(result.mean) == Decimal("14.091")
    assert q3(result.mean_moving_range) == Decimal("1.444")
    assert q3(result.upper_limit) == Decimal("17.933")
    assert q3(result.lower_limit) == Decimal("10.249")
    assert result.points[-1].signals >= {Signal.BEYOND_LIMIT}
    assert result.variation is variation
    assert result.assurance is assurance
    assert result.provisional
    assert result.phase_points == 11
    assert result.note == "provisional (11 points)"


def test_spc_min_points_can_be_lowered():
    # The first 11 of STABLE: sum = 138 - 11 = 127, mean = 127 / 11 = 11.545455
    # MRs 2,1,2,1,2,1,1,1,2,1: sum 14, mean MR = 14 / 10 = 1.4; 2.66 × 1.4 = 3.724
    # UPL = 11.545455 + 3.724 = 15.269455; LPL = 7.821455
    result = spc(STABLE[:11], HIGHER, min_points=11)
    assert not result.provisional
    assert spc(STABLE[:11], HIGHER).provisional
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
    # 20-23 above: a run of 12 below, then 12 above. MRs 11 + |20 - 13| = 7 + 15 = 33, mean 33 / 23 =
    # 1.434783; 3.267 × it = 4.687 screens out the 7: mean MR 26 / 22 = 1.181818, 2.66 × it = 3.143636:
    # UPL 20.144, LPL 13.856, so 21, 22, 23 and 12, 13 are beyond too, and the last point 21 > 20.144 is
    # high: improving when higher is better.
    result = spc(STEP, HIGHER)
    assert result.mean == 17
    assert q3(result.upper_limit) == Decimal("20.144")
    assert q3(result.lower_limit) == Decimal("13.856")
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


def test_spc_short_last_phase_has_provisional_limits():
    # Split at 18: phase 1 = 12,13 six times + 20,22,21,23,22,20 (18 points): sum 150 + 128 = 278,
    # mean 278 / 18 = 15.444444. Phase 2 = the last 6 points, 21,22,23,21,22,21: mean 130 / 6 = 21.666667,
    # MRs 1,1,2,1,1: mean 1.2 (3.267 × 1.2 = 3.92: none screened), 2.66 × 1.2 = 3.192: UPL 24.858667,
    # LPL 18.474667: trial limits. The target 15 is below the LPL: consistently passes when higher is better.
    result = spc(STEP, HIGHER, target=15, phase_starts=[18])
    assert q3(result.points[0].mean) == Decimal("15.444")
    assert q3(result.mean) == Decimal("21.667")
    assert result.mean_moving_range == Decimal("1.2")
    assert q3(result.upper_limit) == Decimal("24.859")
    assert q3(result.lower_limit) == Decimal("18.475")
    assert all(point.signals == frozenset() for point in result.points[18:])
    assert result.variation is Variation.COMMON_CAUSE
    assert result.assurance is Assurance.PASSES
    assert [phase.provisional for phase in result.phases] == [False, True]
    assert result.note == "provisional (6 points)"


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


def test_spc_turning_point_takes_the_later_trends_side():
    # 6,13 three times, then 6,7,8,9,10,11,12,11,10,9,8,7,6 (19 points): sum = 57 + 114 = 171, mean 9
    # MRs: five 7s = 35, |6 - 13| = 7, twelve 1s: sum 54, mean 54 / 18 = 3 (3.267 × 3 = 9.8: none screened);
    # 2.66 × 3 = 7.98: UPL 16.98, LPL 1.02, two-thirds lines 9 ± 5.32 = 14.32 and 3.68: nothing beyond.
    # Sides of 9: 6,7,8 below, 9 on, 10,11,12,11,10 above (5), 9 on, 8,7,6 below: no shift.
    # 6 → 12 rises over 7 points (indexes 6-12) and 12 → 6 falls over 7 (indexes 12-18): the peak 12
    # belongs to both and, as ptd_special_cause_type() reads the step to its right, is part of the fall.
    result = spc([6, 13] * 3 + [6, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6], NEITHER)
    assert result.mean == 9
    assert result.mean_moving_range == 3
    assert marked(result, Signal.TREND) == list(range(6, 19))
    assert signalled(result) == list(range(6, 19))
    assert [point.side for point in result.points[6:12]] == ["high"] * 6
    assert [point.side for point in result.points[12:]] == ["low"] * 7
    assert result.variation is Variation.LOW


# --------------------------------------------------------------------------- SPC (j): bad input


def test_spc_none_in_values_is_a_gap():
    # STABLE with its fourth value missing: the gap has no signal and the series keeps its length.
    result = spc([10, 12, 11, None, 12, 10, 11, 12, 13, 11, 12, 11], HIGHER)
    assert len(result.points) == 12
    assert result.points[3].is_gap
    assert result.points[3].signals == frozenset()
    assert result.phase_points == 11


def test_spc_unknown_polarity_raises():
    with pytest.raises(ValueError, match="polarity"):
        spc(STABLE, "sideways")


def test_spc_accepts_the_models_polarity_choices():
    result = spc(ENDS_HIGH, Indicator.Polarity.LOWER_IS_BETTER, target=Decimal("20"))
    assert result.variation is Variation.CONCERNING
    # UPL 17.474 < 20: consistently passes when lower is better.
    assert result.assurance is Assurance.PASSES
