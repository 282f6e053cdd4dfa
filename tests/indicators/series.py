"""What the tests of indicators.rules share: the polarities, a stable series, and reading an SPC result.

XmR arithmetic: mean = sum / n; moving ranges (MR) = |x[i] - x[i-1]|; mean MR = sum of MRs / (n - 1), taken
again without the MRs of 3.267 × it or more (screened once);
limits = mean ± 2.66 × mean MR; two-thirds lines = mean ± (2/3) × 2.66 × mean MR.
"""

from decimal import Decimal

HIGHER = "higher_is_better"
LOWER = "lower_is_better"
NEITHER = "neither"

# Mean 11.5, no signals: the worked example of test_spc_stable_series_*.
STABLE = [10, 12, 11, 13, 12, 10, 11, 12, 13, 11, 12, 11]

# STABLE then 20: sum = 138 + 20 = 158, n = 13, mean = 158 / 13 = 12.153846
# MRs: STABLE's 15 plus |20 - 11| = 9, sum 24, mean 24 / 12 = 2; 3.267 × 2 = 6.534, so 9 is screened out
# and the mean MR is 15 / 11 = 1.363636; 2.66 × 1.363636 = 3.627273.
# UPL = 12.153846 + 3.627273 = 15.781119; LPL = 8.526573. 20 > 15.781: beyond (and so not "close").
# Sides of 12.1538: L L L H L L L L H L L L H, no 7 in a row; the last rise is 11, 20 (2 points).
ENDS_HIGH = [*STABLE, 20]

# 10,14 five times then 9,10,11,12,13,14,15 (17 points): sum = 5 × 24 + 84 = 204, mean = 204 / 17 = 12
# MRs: nine 4s = 36, |9 - 14| = 5, six 1s = 6: sum 47, mean MR = 47 / 16 = 2.9375
# 2.66 × 2.9375 = 7.81375: UPL 19.81375, LPL 4.18625; two-thirds lines 12 ± 5.209167 = 17.209, 6.791.
# Nothing beyond a line; sides of 12 alternate, and 9,10,11 below, 12 on the mean, 13,14,15 above: no shift.
# 14 → 9 falls, then 9 < 10 < 11 < 12 < 13 < 14 < 15: 7 points rising (indexes 10-16).
RISING_END = [10, 14] * 5 + [9, 10, 11, 12, 13, 14, 15]


def q3(number):
    """A Decimal rounded to 3 places, to compare with a hand-worked figure."""
    return number.quantize(Decimal("0.001"))


def marked(result, signal):
    """The indexes of the points that `signal` marks."""
    return [index for index, point in enumerate(result.points) if signal in point.signals]


def signalled(result):
    """The indexes of the points that any signal marks."""
    return [index for index, point in enumerate(result.points) if point.signals]
