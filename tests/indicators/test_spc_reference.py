"""indicators.rules.spc against NHSRplotthedots, point by point.

The reference is the NHS-R community's NHSRplotthedots (github.com/nhs-r-community/NHSRplotthedots, R/),
its implementation of NHS England's "Making Data Count". Each expected row below was worked by following
its code step by step, one phase (``rebase_group``) at a time:

- ``ptd_spc_standard()``: ``mean_col`` = the phase's mean; ``mr`` = |diff(y)|; ``amr`` = mean(mr); then,
  with ``screen_outliers = TRUE`` (the default), every mr with ``mr < 3.267 * amr`` false is set to NA and
  ``amr`` taken again (screened once); ``upl``/``lpl`` = mean ± 2.66 × amr; ``nupl``/``nlpl`` = mean ±
  (2 × 2.66 / 3) × amr; ``outside_limits`` = y > upl | y < lpl; ``relative_to_mean`` = sign(y - mean);
  ``close_to_limits`` = !outside_limits & (y < nlpl | y > nupl).
- ``ptd_calculate_point_type()`` → ``ptd_special_cause_type()``, in this order of precedence:
  ``outside_limits`` ("Above UCL"/"Below LCL", by ``relative_to_mean``); ``ptd_seven_point_trend()`` with
  ``ptd_part_of_seven_trend()`` (6 strict steps the same way = 7 points, every point of the run; a point
  in a trend on both sides takes the right-hand step's direction); ``ptd_two_in_three()`` with
  ``ptd_part_of_two_in_three()`` (a window of 3 within the phase, |sum(relative_to_mean)| == 3, and
  sum(close_to_limits) >= 2: only the close points are flagged); ``ptd_seven_point_one_side_mean()``
  (7 in a row with the same non-zero ``relative_to_mean``, every point of the run).
- ``ptd_point_type()``: the type read through the improvement direction; ``geom_ptd_icon()`` takes the
  variation icon from the latest point.
- ``ptd_add_short_group_warnings()``: a phase of fewer than 12 points has trial limits (here
  "provisional (N points)"), still with its verdicts.

A point is written as one letter: ``.`` common cause, ``U``/``L`` above the upper / below the lower limit,
``I``/``D`` a trend increasing / decreasing, ``A``/``B`` 2 in 3 above / below the mean, ``H``/``W`` 7 points
above / below the mean, ``_`` a gap. Every series is read with lower is better unless its row says otherwise.

Where the reference is silent or gives no number, the rows follow what indicators.rules.spc documents:
- gaps (the reference asks for none): a gap is on no side of the mean, joins no step and is close to no
  limit, so it breaks runs, trends and windows of three; no moving range is taken across it; it is not
  counted among a phase's points. Each gap row is worked by hand in its comment.
- a constant phase: the reference screens out every (zero) moving range and its limits are NaN; here they
  sit on the mean. The verdict, common cause for every point, is the same.
- a point ending one trend whose next point starts another after a fall (row "trend_after_drop"): the
  reference labels it by the step to its right ("Decreasing"); here it keeps its own trend's side. Only
  earlier points differ: the latest point, and so the verdict, is read the same.
"""

from decimal import Decimal

import pytest

from indicators.rules import SIGNAL_ORDER, Signal, Variation, spc
from tests.indicators.series import HIGHER, LOWER, NEITHER, STABLE, q3

LETTERS = {
    Signal.BEYOND_LIMIT: ("U", "L"),
    Signal.TREND: ("I", "D"),
    Signal.TWO_OF_THREE: ("A", "B"),
    Signal.SHIFT: ("H", "W"),
}

C = Variation.COMMON_CAUSE
CONCERN = Variation.CONCERNING
IMPROVE = Variation.IMPROVING

STEP = [12, 13] * 6 + [value + 10 for value in STABLE]

# (name, values, polarity, phase starts, expected letters, variation, note)
TABLE = [
    # The first worked example. mean 166/14 = 11.857; MRs eleven 1s, 14, 10: amr 35/13 = 2.692, 3.267 × amr =
    # 8.796 screens out 14 and 10, so amr = 1 and UPL = 14.517: 25 and 15 are above it. The twelve 10s and
    # 11s are all below the mean (a run), and each 10 is below nlpl 10.084 with its window all below: 2 in 3.
    ("example_1", [10, 11] * 6 + [25, 15], LOWER, (), "BWBWBWBWBWBWUU", CONCERN, ""),
    # The second: mean 9.667, amr 29/11 = 2.636 (none screened), UPL 16.679, nupl 14.342. Both 15s are close,
    # but the only windows holding both are (8, 15, 15), with 8 below the mean, and the ones running past the
    # end: no 2 in 3.
    ("example_2", [8, 7, 10, 7, 8, 12, 7, 9, 10, 8, 15, 15], LOWER, (), "." * 12, C, ""),
    ("stable", STABLE, LOWER, (), "." * 12, C, ""),
    # STABLE then 20: the range 9 is screened (3.267 × 2 = 6.534), amr 15/11, UPL 15.781.
    ("ends_high", [*STABLE, 20], LOWER, (), "." * 12 + "U", CONCERN, ""),
    ("ends_low", [*STABLE, 3], LOWER, (), "." * 12 + "L", IMPROVE, ""),
    ("ends_low_higher", [*STABLE, 3], HIGHER, (), "." * 12 + "L", CONCERN, ""),
    ("ends_low_neither", [*STABLE, 3], NEITHER, (), "." * 12 + "L", Variation.LOW, ""),
    ("constant", [5] * 12, LOWER, (), "." * 12, C, ""),
    ("all_zero_not_a_count", [0] * 12, LOWER, (), "." * 12, C, ""),
    # A point on the mean (14 = 210/15) breaks the run of 12s and 13s below it: 3 + 3, no run.
    ("tie_breaks_run", [13, 17] * 4 + [13, 12, 13, 14, 13, 12, 13], LOWER, (), "." * 15, C, ""),
    # Both 16s are close (nupl 15.533, UPL 16.8) but 13 sits on the mean (195/15): |sum| = 2, no 2 in 3.
    ("tie_in_window", [12, 13] * 6 + [16, 13, 16], LOWER, (), "." * 15, C, ""),
    # 16, 14, 16 all above the mean 13.067, the 16s close: both flagged, not the 14.
    ("two_of_three_high", [12, 13] * 6 + [16, 14, 16], LOWER, (), "W" * 12 + "A.A", CONCERN, ""),
    ("two_of_three_low", [13, 12] * 6 + [9, 11, 9], LOWER, (), "H" * 12 + "B.B", IMPROVE, ""),
    # 16, 16, 14: the latest point (14) is not close, so the latest is common cause.
    ("two_of_three_then_not", [12, 13] * 6 + [16, 16, 14], LOWER, (), "W" * 12 + "AA.", C, ""),
    # 17 is beyond the UPL 16.716, so it is not "close": with 16 that is one close point of three.
    ("beyond_is_not_close", [12, 13] * 7 + [17, 14, 16], LOWER, (), "W" * 14 + "U..", C, ""),
    ("one_close_of_three", [12, 13] * 6 + [16, 14, 14], LOWER, (), "." * 12 + "U..", C, ""),
    # 16, 12, 16: 12 is below the mean: no 2 in 3.
    ("other_side_in_window", [12, 13] * 6 + [16, 12, 16, 13], LOWER, (), "." * 16, C, ""),
    ("rising_end", [10, 14] * 5 + [9, 10, 11, 12, 13, 14, 15], LOWER, (), "." * 10 + "I" * 7, CONCERN, ""),
    ("six_rising", [10, 14] * 5 + [10, 11, 12, 13, 14, 15], LOWER, (), "." * 16, C, ""),
    ("equal_step", [10, 14] * 5 + [9, 10, 11, 12, 12, 13, 14, 15], LOWER, (), "." * 18, C, ""),
    ("falling_end", [10, 14] * 5 + [15, 14, 13, 12, 11, 10, 9], LOWER, (), "." * 10 + "D" * 7, IMPROVE, ""),
    ("falling_end_higher", [10, 14] * 5 + [15, 14, 13, 12, 11, 10, 9], HIGHER, (), "." * 10 + "D" * 7, CONCERN, ""),
    # The peak 12 ends the rise and starts the fall: the right-hand step (down) decides it.
    (
        "turning_point",
        [6, 13] * 3 + [6, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6],
        LOWER,
        (),
        "." * 6 + "I" * 6 + "D" * 7,
        IMPROVE,
        "",
    ),
    # 1..7 rises, 7 -> 3 falls, 3..9 rises: two trends. The reference would write the 7 "D" (see above).
    # mean 70/14 = 5, MRs 1 × 6, 4, 1 × 6: amr 16/13 (4 < 3.267 × amr = 4.02, kept), limits 5 ± 3.274:
    # 1 is below the LCL, 9 above the UCL.
    ("trend_after_drop", [1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9], LOWER, (), "L" + "I" * 12 + "U", CONCERN, ""),
    # A trend that crosses the mean is a trend, which comes before the run below the mean.
    ("trend_crossing_mean", [8, 20] * 4 + [5, 6, 7, 8, 9, 10, 11], LOWER, (), "." * 8 + "I" * 7, CONCERN, ""),
    ("shift_below", [13, 17] * 4 + [13, 12, 13, 12, 13, 12, 13], LOWER, (), "." * 8 + "W" * 7, IMPROVE, ""),
    ("six_below", [13, 17] * 4 + [13, 12, 13, 12, 13, 12, 17], LOWER, (), "." * 15, C, ""),
    ("shift_above", [12, 8] * 4 + [11, 12, 11, 12, 11, 12, 11], LOWER, (), "." * 8 + "H" * 7, CONCERN, ""),
    (
        "shift_above_neither",
        [12, 8] * 4 + [11, 12, 11, 12, 11, 12, 11],
        NEITHER,
        (),
        "." * 8 + "H" * 7,
        Variation.HIGH,
        "",
    ),
    # STABLE then 11, 30, 11: 19 and 19 screened; the 30 is beyond, the last 11 is not.
    ("screened_outlier", [10, 11] * 6 + [11, 30, 11], LOWER, (), "BW" * 6 + "WU.", C, ""),
    # Two phases from index 12: 12.5 ± 2.66 and 21.5 ± 3.627, nothing special in either.
    ("two_phases", STEP, LOWER, (12,), "." * 24, C, ""),
    ("two_phases_unmarked", STEP, LOWER, (), "L" * 12 + "HUUUUHUUUUUU", CONCERN, ""),
    # The last phase has 6 points: trial limits, verdicts given, provisional.
    ("short_last_phase", STEP, LOWER, (18,), "LB" * 6 + "U" * 6 + "." * 6, C, "provisional (6 points)"),
    (
        "short_phase_signal",
        [12, 13] * 6 + [20, 21, 20, 21, 20, 35],
        LOWER,
        (12,),
        "." * 12 + "LBLBLU",
        CONCERN,
        "provisional (6 points)",
    ),
    ("five_points", [4, 6, 5, 7, 5], LOWER, (), ".....", C, "provisional (5 points)"),
    # 10, 11 ... then 30: the 20 is screened, amr 1, UPL 12.875 + 2.66.
    ("short_beyond", [10, 11, 10, 11, 10, 11, 10, 30], LOWER, (), "LBLBLBLU", CONCERN, "provisional (8 points)"),
    ("eleven_points", [*STABLE[:10], 40], LOWER, (), "LWWWWLWWWWU", CONCERN, "provisional (11 points)"),
    # One point: a mean, no moving range, no limits (NaN in the reference): common cause.
    ("one_point", [7], LOWER, (), ".", C, "provisional (1 point)"),
    ("two_points", [3, 9], LOWER, (), "..", C, "provisional (2 points)"),
    ("phase_of_one", [*STABLE, 30], LOWER, (12,), "." * 13, C, "provisional (1 point)"),
    # Gaps, worked by hand. Without the gap the 7 points after the last 17 would be a run below the mean
    # (as "shift_below"); with it they are 3 + 4. Mean 208/15, amr 37/13 (no range across the gap).
    ("gap_breaks_run", [13, 17] * 4 + [13, 12, 13, None, 12, 13, 12, 13], LOWER, (), "." * 11 + "_" + "." * 4, C, ""),
    # The rise 9..15 is split 3 + 4 by the gap: no trend. Mean 204/17 = 12, UPL 12 + 2.66 × 46/15.
    ("gap_breaks_trend", [10, 14] * 5 + [9, 10, 11, None, 12, 13, 14, 15], LOWER, (), "." * 13 + "_" + "." * 4, C, ""),
    # Both 16s are close (mean 13, nupl 15.069, UPL 16.103) but the gap between them leaves no window of three.
    ("gap_in_window", [12, 13] * 6 + [16, None, 16], LOWER, (), "." * 13 + "_.", C, ""),
    # Two values either side of a gap: no moving range, so no limits; 2 points, provisional.
    ("gap_between_two", [5, None, 9], LOWER, (), "._.", C, "provisional (2 points)"),
    ("gap_not_counted", [4, 6, None, 5, 7, 5], LOWER, (), ".._...", C, "provisional (5 points)"),
]


def letters(result):
    text = ""
    for point in result.points:
        if point.is_gap:
            text += "_"
        elif not point.signals:
            text += "."
        else:
            first = next(signal for signal in SIGNAL_ORDER if signal in point.signals)
            text += LETTERS[first][0 if point.side == "high" else 1]
    return text


def test_table_has_at_least_thirty_series():
    assert len(TABLE) >= 30
    assert len({row[0] for row in TABLE}) == len(TABLE)


@pytest.mark.parametrize(
    ("name", "values", "polarity", "phases", "expected", "variation", "note"), TABLE, ids=[row[0] for row in TABLE]
)
def test_spc_matches_the_reference(name, values, polarity, phases, expected, variation, note):
    result = spc(values, polarity, phase_starts=phases)
    assert letters(result) == expected
    assert result.variation is variation
    assert result.note == note
    assert result.provisional is bool(note)


def test_example_1_upper_limit_after_screening():
    result = spc([10, 11] * 6 + [25, 15], LOWER)
    assert q3(result.mean) == Decimal("11.857")
    assert result.mean_moving_range == 1  # 14 and 10 screened out
    assert q3(result.upper_limit) == Decimal("14.517")


def test_no_moving_range_across_a_gap():
    result = spc([5, None, 9], LOWER)
    assert result.mean == 7
    assert result.upper_limit is result.lower_limit is result.mean_moving_range is None
    # With the gap closed up, the range 4 sets limits 7 ± 10.64.
    assert spc([5, 9], LOWER).upper_limit == Decimal("17.64")


def test_phases_carry_their_points_and_whether_provisional():
    result = spc([*STEP, None, 30], LOWER, phase_starts=[18])
    first, last = result.phases
    assert (first.start, first.stop, first.points, first.provisional) == (0, 18, 18, False)
    assert (last.start, last.stop, last.points, last.provisional) == (18, 26, 7, True)
    assert result.phase_points == 7


# --------------------------------------------------------------------------- rare events


def test_rare_event_count_is_not_charted():
    # Indicator 54: eleven quarters of 0 then 1. As an XmR chart the ranges are ten 0s and a 1; the 1 is
    # screened out, the limits collapse onto the mean 1/12 and the 1 is "above the upper limit".
    as_xmr = spc([0] * 11 + [1], LOWER)
    assert as_xmr.variation is CONCERN
    result = spc([0] * 11 + [1], LOWER, target=0, counts=True)
    assert result.rare_event
    assert result.variation is None
    assert result.assurance is None
    assert result.note == "Rare event: not charted by XmR"
    assert all(not point.signals and point.upper_limit is None for point in result.points)


@pytest.mark.parametrize(
    ("values", "rare"),
    [
        ([0] * 7 + [1] * 6, True),  # 7 of 13 zero: more than half
        ([0, 1] * 6, False),  # exactly half
        ([0, None, 0, 3], True),  # the gap is not counted: 2 of 3
        ([], False),
    ],
)
def test_rare_event_is_more_than_half_zero(values, rare):
    assert spc(values, LOWER, counts=True).rare_event is rare


def test_rare_event_reads_the_latest_phase():
    # Zeros before a process change do not make the new process a rare event.
    values = [0] * 12 + [4, 5, 6, 5, 4]
    assert not spc(values, LOWER, phase_starts=[12], counts=True).rare_event
    assert spc(values, LOWER, counts=True).rare_event
