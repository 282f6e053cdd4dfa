"""Random draws and rounding for the demonstration figures: plain Python, seeded by the caller."""

import math
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from statistics import fmean

from indicators.models import Indicator

from .profiles import DAYS_RANGE

Unit = Indicator.Unit

# --------------------------------------------------------------------------- random draws


def poisson(rng, lam):
    """A Poisson draw (a normal approximation above 60)."""
    if lam <= 0:
        return 0
    if lam > 60:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def binomial(rng, n, p):
    """A binomial draw: successes in `n` trials of probability `p` (approximated for large n)."""
    p = min(max(p, 0.0), 1.0)
    if n <= 0 or p == 0:
        return 0
    if p == 1:
        return n
    variance = n * p * (1 - p)
    if variance > 25:
        return min(n, max(0, round(rng.gauss(n * p, math.sqrt(variance)))))
    if p < 0.05:
        return min(n, poisson(rng, n * p))
    return sum(rng.random() < p for _ in range(n))


def multinomial(rng, n, shares):
    """`n` split at random into len(shares) parts in proportion to `shares`; the parts add up to n."""
    parts, left, total = [], n, float(sum(shares))
    for share in shares[:-1]:
        part = binomial(rng, left, share / total) if total > 0 else 0
        parts.append(part)
        left -= part
        total -= share
    parts.append(left)
    return parts


# --------------------------------------------------------------------------- numbers


def quantize(number, places):
    return Decimal(repr(float(number))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percentage(numerator, denominator, places):
    return (Decimal(100) * numerator / denominator).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def bounds(profile):
    """(low, high) that every figure of `profile` stays within."""
    low, high = 0.0, math.inf
    if profile.unit == Unit.PERCENTAGE:
        high = 100.0
    if profile.unit == Unit.DAYS:
        low, high = DAYS_RANGE
    if profile.low is not None:
        low = max(low, profile.low)
    if profile.high is not None:
        high = min(high, profile.high)
    return low, high


def smallest_step(profile):
    return Decimal(1).scaleb(-profile.places())


def standard_deviation(numbers, profile):
    """An XmR chart's estimate: the mean moving range over 1.128, at least one smallest step."""
    floor = float(smallest_step(profile))
    if len(numbers) < 2:
        return max(floor, profile.level * profile.noise)
    ranges = [abs(b - a) for a, b in pairwise(numbers)]
    return max(floor, fmean(ranges) / 1.128)
