"""Demonstration figures for the scorecard: plausible, deterministic and always marked ``is_demo``.

``python manage.py generate_demo_values`` calls :func:`write` (and :func:`clear` for ``--clear``). The
generation itself (:func:`generate`) is plain Python with no database: it takes a description of each
indicator (:class:`IndicatorSpec`) and returns the cells to write (:class:`DemoSet`).

What is generated
-----------------
For every indicator of the plan, one figure for every period of its frequency (monthly, quarterly or
annual, on UK financial years) in the ``years`` financial years ending with the one that contains ``end``,
up to the end of ``end`` (a period that has not finished by then is not reported yet). Breakdown
indicators get a figure per category as well as the overall figure:

- percentage breakdowns (4, 7): the overall figure is 100% (every referral, every plan); each category's
  numerator is its share of the same denominator, so the categories add up to 100 (give or take rounding);
- count breakdowns (58, 68): the categories add up exactly to the overall count.

Each indicator's figures follow its :class:`Profile` in :data:`PROFILES` (keyed by indicator number):
a level at the start of the series, noise (Poisson noise on top for counts of events, binomial sampling
for percentages with a numerator and denominator), a gentle seasonal pattern, and for some indicators a
trend, a step change, a one-period spike or a final run of rising points. These make the statistical
process control rules fire on some indicators: a point beyond a process limit (3, 51), a shift of 7 or
more points on one side of the mean (2, 6, 39 and the trending ones), a trend of 7 points rising
(8, 64). An indicator with no profile (or whose unit no longer matches its profile) gets
:data:`DEFAULT_PROFILES` for its unit.

Targets: one per financial year for every indicator with a direction (polarity "neither" has none: a
target without a direction cannot be rated). The target is the previous year's mean (the first year's
own mean), a quarter of a standard deviation better; the tolerance is one and a half standard
deviations, where the standard deviation is estimated from the mean moving range (as an XmR chart does).
The target is a figure per reporting period: a monthly indicator's target is a monthly figure.
The latest figure of the profiles marked ``exception`` (15, 16, 27, 35, 52, 64) is then pushed past the
tolerance, so it is red against its target.

Comparators (England, the North East region, statistical neighbours): one per area for each period of
a quarterly or annual indicator, and for each (finished) financial year of a monthly indicator, since
benchmarks are published yearly. A comparator is in the indicator's own unit and scale: for counts, the
figure an area of Sunderland's size would have.

The latest periods of a few indicators are left empty (profile ``missing``: 12, 22, 33, 50, 62), so that
a value still missing after its data deadline can be shown.

Determinism: each indicator draws from its own ``random.Random(f"{seed}:{number}")``, so the same seed
gives the same figures whatever else is in the plan, and a different seed gives different ones.

Writing: :func:`write` deletes the earlier demonstration rows and writes the new ones in one
transaction, with ``bulk_create``. Real rows (``is_demo=False``) are never touched: a demonstration
cell is skipped where a real value, target or comparator exists for it. Values in a period covered by a
:class:`~indicators.models.PeriodLock` are read only: no demonstration value is written there, and
demonstration values already there are kept (unlock the period to remove them). ``bulk_create`` and the
bulk deletes bypass django-simple-history: demonstration rows have no history, created or deleted.
"""

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from statistics import fmean

from django.db import transaction

from . import rules
from .models import Comparator, Indicator, IndicatorValue, PeriodLock, Target
from .periods import ANNUAL, MONTHLY, Period, financial_year_of, periods_between, year_label

Unit = Indicator.Unit
Area = Comparator.Area

DEFAULT_SEED = 2018
DEFAULT_YEARS = 5
DEFAULT_END = "2019-03"
"""The plan's year, 2018-19, ends in March 2019: by default the five years are 2014-15 to 2018-19."""

CHILDREN_PER_10K = 5.6
"""Sunderland's 0-17 population (about 56,000) in tens of thousands: a rate per 10k times this is a count."""

COMPARATOR_SOURCE = "Demonstration data: not a published figure."

# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """How one indicator's demonstration figures behave. Relative amounts are fractions (0.05 is 5%)."""

    unit: str
    """The unit the profile is written for: used only if the indicator still has this unit."""
    level: float
    """The expected figure per period at the start of the series, in the indicator's unit."""
    noise: float = 0.05
    """Relative standard deviation of the period-to-period noise."""
    persistence: float = 0.0
    """How much of the noise carries over to the next period (AR(1)): about 0.8 for caseloads and rates of
    children in a status, 0 for events counted in the period."""
    poisson: bool = True
    """Counts: add Poisson noise (events in a period). False for stocks, such as open cases."""
    season: float = 0.0
    """Amplitude of the seasonal pattern, relative (0.1: about 10% down in the trough month)."""
    pattern: str = "school"
    """'school': dips in August and December, highest in October and November; 'summer': peaks in July."""
    trend: float = 0.0
    """Relative change per year, from the start of the series."""
    step: tuple[float, float] | None = None
    """(where, change): from this fraction of the way through the series, the level changes by `change`."""
    spike: tuple[float, float] | None = None
    """(where, change): one period, this fraction of the way through the series, is `change` higher."""
    ramp: tuple[int, float] | None = None
    """(points, change): the last `points` periods rise (or fall) by `change` in all, each strictly beyond
    the one before, so the SPC trend rule fires. Not for percentages with a numerator and denominator."""
    denominator: float | None = None
    """Percentages: the mean denominator per period (the numerator is drawn from it)."""
    denominator_from: tuple[str, float] | None = None
    """Percentages: (indicator number, factor): that indicator's figure for the same period, times the
    factor, is the denominator (referrals for the share of re-referrals; a rate per 10k times
    CHILDREN_PER_10K for a number of children). If that indicator is not in the plan with the same
    frequency, `denominator` is used instead (so set both)."""
    numerator_of: str | None = None
    """Counts: the figures are the numerators of this percentage indicator (14 re-referrals of 15's)."""
    low: float | None = None
    high: float | None = None
    """Bounds every figure is kept within (for small counts such as child deaths 0-4)."""
    decimals: int | None = None
    """Decimal places; by default 0 for counts and 1 otherwise."""
    exception: bool = False
    """Make the latest figure red against its target (an exception for the exception report)."""
    missing: int = 0
    """Leave this many of the latest periods empty: a value still missing after its deadline."""
    shares: dict[str, float] | None = None
    """Breakdown indicators: each category's share, by category name (unknown categories: equal shares)."""
    comparators: tuple[float, float, float] | None = None
    """England, North East and statistical neighbours as multiples of the local figure; drawn if None."""
    note: str = ""
    """What the figure stands for, and any story built into it."""

    def places(self):
        if self.decimals is not None:
            return self.decimals
        return 0 if self.unit == Unit.COUNT else 1


REFERRAL_SOURCES = {
    "Individual (self, relative, carer / acquaintance)": 8,
    "Education (schools/ early years and other providers)": 19,
    "Health (G.P, Health visitors, School Nurses, Other primary Health care Services)": 15,
    "LA Services": 17,
    "Other Service": 5,
    "Police": 28,
    "Other": 8,
}
CP_CATEGORIES = {"Physical Abuse": 10, "Emotional Abuse": 33, "Sexual Abuse": 5, "Neglect": 52}
GENDER = {"Male": 28, "Female": 72}
OFFENCE_TYPES = {
    "Violence": 60,
    "Sexual": 12,
    "Child Neglect": 15,
    "Child Sexual Abuse": 9,
    "CSE": 3.5,
    "FGM": 0.5,
}

C, P, R10, R1, D = Unit.COUNT, Unit.PERCENTAGE, Unit.RATE_PER_10K, Unit.RATE_PER_1K, Unit.DAYS

PROFILES: dict[str, Profile] = {
    # ---- children's social care and early help: monthly
    "1": Profile(C, 1750, noise=0.03, persistence=0.8, poisson=False, trend=0.03, note="Open cases (a caseload)."),
    "2": Profile(
        C, 1250, season=0.1, step=(0.6, -0.15), note="Contacts a month; 15% fewer once the front door triage starts."
    ),
    "3": Profile(C, 350, season=0.08, spike=(0.45, 0.45), note="Referrals a month; one month far above the rest."),
    "4": Profile(
        P, 100, denominator=350, denominator_from=("3", 1), shares=REFERRAL_SOURCES, note="Referrals by source (of 3)."
    ),
    "5": Profile(R10, 345, noise=0.02, persistence=0.8, trend=0.01, comparators=(0.95, 1.22, 1.12), note="CIN."),
    "6": Profile(
        R10, 46, noise=0.04, persistence=0.7, step=(0.4, 0.2), comparators=(0.93, 1.25, 1.15), note="CPP; a step up."
    ),
    "7": Profile(
        P,
        100,
        denominator=280,
        denominator_from=("6", CHILDREN_PER_10K),
        shares=CP_CATEGORIES,
        note="CP plans by category.",
    ),
    "8": Profile(
        R10,
        88,
        noise=0.012,
        persistence=0.7,
        trend=0.02,
        ramp=(7, 0.06),
        comparators=(0.7, 1.0, 1.02),
        note="Looked after children; rising month on month at the end.",
    ),
    "9": Profile(C, 5, noise=0.2, low=2, high=10, note="Privately fostered: a small number."),
    "10": Profile(C, 880, noise=0.04, persistence=0.8, poisson=False, trend=0.05, note="EH plans in progress."),
    "11": Profile(P, 72, noise=0.03, denominator=110, trend=0.015, note="Of EH cases closed."),
    "12": Profile(C, 45, noise=0.08, season=0.05, missing=1, note="Step downs; the latest month not in yet."),
    "13": Profile(C, 22, noise=0.1, note="Step ups."),
    "14": Profile(C, 75, numerator_of="15", note="Re-referrals: the numerators of 15."),
    "15": Profile(
        P, 21, noise=0.06, denominator=350, denominator_from=("3", 1), exception=True, note="Of referrals (3); red."
    ),
    "16": Profile(P, 84, noise=0.02, denominator=330, exception=True, note="Assessments in time; red lately."),
    "17": Profile(P, 3.5, noise=0.1, denominator=28, note="Of CP plans ending: small numerators."),
    "18": Profile(P, 9, noise=0.1, denominator=30, note="Of new CP plans."),
    "19": Profile(P, 88, noise=0.03, denominator=30, note="Of ICPCs."),
    "20": Profile(P, 95, noise=0.015, denominator=45, note="Of RCPCs."),
    "21": Profile(
        P, 93, noise=0.015, denominator=500, denominator_from=("8", CHILDREN_PER_10K), note="Of children looked after."
    ),
    "22": Profile(C, 25, noise=0.1, season=0.15, missing=2, note="LADO allegations; the latest two months not in."),
    # ---- published once a year: annual
    "23": Profile(C, 2, noise=0.2, low=0, high=4, note="Child deaths with modifiable factors: 0 to 4."),
    "24": Profile(P, 23.5, noise=0.01, denominator=56000, trend=-0.02, note="Of all children."),
    "25": Profile(P, 19.5, noise=0.01, denominator=20500, trend=-0.03, note="Of primary pupils."),
    "26": Profile(P, 17.5, noise=0.01, denominator=14500, trend=-0.025, note="Of secondary pupils."),
    "27": Profile(P, 0.1, noise=0.05, denominator=40000, decimals=2, exception=True, note="Of pupils; red lately."),
    "40": Profile(R1, 32, noise=0.03, trend=-0.07, note="Conceptions per 1,000 women aged 15-17, falling."),
    "56a": Profile(P, 38, noise=0.03, denominator=280, note="Of the annual cohort."),
    # ---- quarterly
    "28": Profile(C, 45, noise=0.08),
    "29": Profile(P, 0.55, noise=0.02, denominator=40000, trend=0.1, decimals=2, note="Of pupils; rising."),
    "30": Profile(C, 60, noise=0.08),
    "31": Profile(C, 110, noise=0.08),
    "32": Profile(R10, 290, noise=0.04, season=0.08, pattern="summer"),
    "33": Profile(C, 1700, noise=0.04, season=0.08, pattern="summer", missing=1, note="The latest quarter not in."),
    "34": Profile(C, 110, noise=0.08, season=0.05, pattern="summer"),
    "35": Profile(C, 750, noise=0.04, season=0.06, pattern="summer", trend=0.04, exception=True, note="Red lately."),
    "36": Profile(C, 30, noise=0.1),
    "37": Profile(C, 14, noise=0.1),
    "38": Profile(C, 8, noise=0.1, note="A small number, sometimes 5 or fewer."),
    "39": Profile(C, 420, step=(0.35, 0.4), note="Operation Encompass referrals; up 40% once it covers all schools."),
    "41": Profile(C, 35, noise=0.08),
    "42": Profile(P, 38, noise=0.04, denominator=85, note="Of ICPCs in the quarter."),
    "43": Profile(P, 11, noise=0.05, denominator=85, note="Of ICPCs in the quarter."),
    "44": Profile(P, 16, noise=0.05, denominator=85, note="Of ICPCs in the quarter."),
    "45": Profile(P, 6, noise=0.05, denominator=85, note="Of ICPCs in the quarter: small numerators."),
    "46": Profile(C, 60, noise=0.08),
    "47": Profile(C, 70, noise=0.08, season=0.1, pattern="summer"),
    "48": Profile(C, 4, noise=0.1, high=10, note="A small number: mostly 1 to 5."),
    "49": Profile(C, 120, noise=0.06, trend=0.06, note="Rising year on year."),
    "50": Profile(C, 45, noise=0.08, missing=2, note="The latest two quarters not in."),
    "51": Profile(C, 260, spike=(0.7, 0.5), note="One quarter far above the rest."),
    "52": Profile(C, 45, noise=0.08, exception=True, note="Red lately."),
    "53": Profile(P, 82, noise=0.03, denominator=150, note="Of missing children offered an interview."),
    "54": Profile(C, 2, noise=0.2, low=0, high=5, note="Trafficked: 0 to 5."),
    "55": Profile(C, 30, noise=0.08, trend=-0.1, note="Falling year on year."),
    "56b": Profile(P, 40, noise=0.05, denominator=55, note="Of the quarter's cohort."),
    "57": Profile(C, 45, noise=0.08, trend=0.08),
    "58": Profile(C, 28, noise=0.08, shares=GENDER, note="Cases by gender: mostly girls."),
    "59": Profile(C, 12, noise=0.1),
    "60": Profile(C, 40, noise=0.05, persistence=0.7, poisson=False, note="Children at risk at the end (a stock)."),
    "61": Profile(R10, 2.4, noise=0.15, decimals=2, note="Admissions per 10,000 children in the quarter."),
    "62": Profile(C, 650, season=0.1, missing=1, note="The latest quarter not in."),
    "63": Profile(C, 2400, noise=0.02, persistence=0.8, poisson=False),
    "64": Profile(D, 45, ramp=(7, 0.6), exception=True, note="Waiting times rising quarter on quarter; red lately."),
    "65": Profile(C, 180, noise=0.07),
    "66": Profile(C, 550, noise=0.03, persistence=0.8, poisson=False),
    "67": Profile(D, 70, noise=0.08),
    "68": Profile(C, 330, shares=OFFENCE_TYPES, note="Offences by type: FGM and CSE are small numbers."),
}

DEFAULT_PROFILES: dict[str, Profile] = {
    Unit.COUNT: Profile(C, 50, noise=0.08),
    Unit.PERCENTAGE: Profile(P, 60, noise=0.04, denominator=100),
    Unit.RATE_PER_10K: Profile(R10, 100),
    Unit.RATE_PER_1K: Profile(R1, 20),
    Unit.DAYS: Profile(D, 40),
    Unit.RATIO: Profile(Unit.RATIO, 1, decimals=2),
}
"""For an indicator with no profile in PROFILES, or whose unit no longer matches its profile."""

DAYS_RANGE = (10, 120)
"""Waiting times in days are kept within this range."""

_SCHOOL_MONTHS = {4: -2, 5: 4, 6: 3, 7: -3, 8: -12, 9: 2, 10: 7, 11: 6, 12: -10, 1: 2, 2: 2, 3: 1}


def seasonal_shape(month, pattern):
    """The seasonal pattern's value in a calendar month, from -1 to 1, averaging 0 over the year."""
    if pattern == "summer":
        return math.cos(2 * math.pi * (month - 7) / 12)
    return _SCHOOL_MONTHS[month] / 12


def profile_for(spec):
    profile = PROFILES.get(spec.number)
    if profile is None or profile.unit != spec.unit:
        return DEFAULT_PROFILES.get(spec.unit, DEFAULT_PROFILES[Unit.COUNT])
    return profile


# --------------------------------------------------------------------------- what goes in, what comes out


@dataclass(frozen=True)
class IndicatorSpec:
    """What the generation needs to know of an indicator."""

    number: str
    unit: str
    polarity: str
    frequency: str
    categories: tuple[str, ...] = ()

    @classmethod
    def of(cls, indicator):
        categories = ()
        if indicator.breakdown_id:
            categories = tuple(category.name for category in indicator.breakdown.categories.all())
        return cls(indicator.number, indicator.unit, indicator.polarity, indicator.frequency, categories)


@dataclass(frozen=True)
class DemoValue:
    number: str
    period: Period
    category: str | None
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class DemoTarget:
    number: str
    period: Period
    value: Decimal
    tolerance: Decimal


@dataclass(frozen=True)
class DemoComparator:
    number: str
    period: Period
    area: str
    value: Decimal


@dataclass
class DemoSet:
    values: list[DemoValue] = field(default_factory=list)
    targets: list[DemoTarget] = field(default_factory=list)
    comparators: list[DemoComparator] = field(default_factory=list)


@dataclass
class Figure:
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class Series:
    """One indicator's generated figures, before any is left out."""

    spec: IndicatorSpec
    profile: Profile
    periods: list[Period]
    figures: list[Figure]
    years: list[int]
    """The financial years (start years) the series covers."""
    targets: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)
    """{financial year start: (target, tolerance)}"""
    categories: list[dict[str, Figure]] = field(default_factory=list)


# --------------------------------------------------------------------------- periods


def end_of(text):
    """The last day of `text`, a period as the import writes it ("2019-03", "2018-19 Q4", "2018-19")."""
    return Period.parse(text).end


def financial_years(end, years):
    """The start years of the `years` financial years ending with the one that contains `end`."""
    last = financial_year_of(end)
    return list(range(last - years + 1, last + 1))


def reporting_periods(frequency, first_year, end):
    """Every period of `frequency` from April of `first_year` that has ended by `end`."""
    periods = periods_between(datetime.date(first_year, 4, 1), end, frequency)
    return [period for period in periods if period.end <= end]


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


# --------------------------------------------------------------------------- one indicator


def expected_levels(profile, periods):
    """The noise-free figure for each period: level, trend, step, seasonal pattern, spike and ramp."""
    n = len(periods)
    first = periods[0].start
    levels = []
    for index, period in enumerate(periods):
        years = ((period.start.year - first.year) * 12 + period.start.month - first.month) / 12
        level = profile.level * (1 + profile.trend * years)
        if profile.step and index >= int(profile.step[0] * n):
            level *= 1 + profile.step[1]
        if profile.season and period.frequency != ANNUAL:
            months = [(period.start.month + k - 1) % 12 + 1 for k in range(3 if period.frequency != MONTHLY else 1)]
            level *= 1 + profile.season * fmean(seasonal_shape(month, profile.pattern) for month in months)
        if profile.spike and index == min(n - 1, int(profile.spike[0] * n)):
            level *= 1 + profile.spike[1]
        if profile.ramp:
            points, change = profile.ramp
            into = index - (n - points) + 1
            if into > 0:
                level *= 1 + change * into / points
        levels.append(level)
    return levels


def noise_series(rng, profile, n):
    """Standard normal noise with the profile's persistence from one period to the next."""
    phi = profile.persistence
    carry = rng.gauss(0, 1)
    result = []
    for _ in range(n):
        carry = phi * carry + math.sqrt(1 - phi * phi) * rng.gauss(0, 1)
        result.append(carry)
    return result


def draw_figures(rng, spec, profile, periods, denominators=None):
    """The overall figure for each period."""
    low, high = bounds(profile)
    places = profile.places()
    levels = expected_levels(profile, periods)
    noise = noise_series(rng, profile, len(periods))
    figures = []
    for index, (level, shock) in enumerate(zip(levels, noise, strict=True)):
        x = level * (1 + profile.noise * shock)
        if spec.unit == Unit.PERCENTAGE and (denominators or profile.denominator):
            denominator = denominators[index] if denominators else max(1, poisson(rng, profile.denominator))
            if profile.shares:  # a percentage breakdown: the overall figure is everything, 100%
                figures.append(Figure(Decimal(100).quantize(smallest_step(profile)), denominator, denominator))
                continue
            numerator = binomial(rng, denominator, min(max(x, low), high) / 100)
            figures.append(Figure(percentage(numerator, denominator, places), numerator, denominator))
        elif spec.unit == Unit.COUNT:
            count = poisson(rng, max(x, 0)) if profile.poisson else round(max(x, 0))
            figures.append(Figure(Decimal(int(min(max(count, low), high)))))
        else:
            figures.append(Figure(quantize(min(max(x, low), high), places)))
    if profile.ramp and not any(figure.numerator is not None for figure in figures):
        enforce_ramp(figures, profile)
    return figures


def enforce_ramp(figures, profile):
    """Make each of the last `points` figures strictly beyond the one before, in the ramp's direction."""
    points, change = profile.ramp
    step = smallest_step(profile) * (1 if change > 0 else -1)
    for index in range(max(1, len(figures) - points), len(figures)):
        previous, current = figures[index - 1].value, figures[index].value
        if (current - previous) * step <= 0:
            figures[index] = Figure(previous + step)


def set_targets(series):
    """A target and tolerance per financial year, from the year before (the first year: its own)."""
    spec, profile = series.spec, series.profile
    if spec.polarity == Indicator.Polarity.NEITHER or not series.figures:
        return
    numbers = [float(figure.value) for figure in series.figures]
    sd = standard_deviation(numbers, profile)
    better = 1 if spec.polarity == Indicator.Polarity.HIGHER_IS_BETTER else -1
    high = bounds(profile)[1]
    by_year = defaultdict(list)
    for period, number in zip(series.periods, numbers, strict=True):
        by_year[period.financial_year_start].append(number)
    for year in series.years:
        basis = by_year.get(year - 1) or by_year.get(year) or numbers[-1:]
        target = min(max(fmean(basis) + better * 0.25 * sd, 0.0), high)
        if spec.unit == Unit.COUNT:
            series.targets[year] = (Decimal(round(target)), Decimal(max(1, round(1.5 * sd))))
        else:
            places = profile.places()
            series.targets[year] = (quantize(target, places), max(quantize(1.5 * sd, places), smallest_step(profile)))


def is_red(value, target, tolerance, polarity):
    return rules.rag(value, target, tolerance, polarity) == rules.RAG.RED


def make_exception(series, index):
    """Push the figure at `index` past its target's tolerance, in the wrong direction."""
    spec, profile = series.spec, series.profile
    year = series.periods[index].financial_year_start
    if year not in series.targets:
        return
    target, tolerance = series.targets[year]
    polarity = spec.polarity
    if is_red(series.figures[index].value, target, tolerance, polarity):
        return  # red already (a ramp, say): leave it as it is
    worse = 1 if polarity == Indicator.Polarity.LOWER_IS_BETTER else -1
    numbers = [float(figure.value) for figure in series.figures]
    margin = max(2 * standard_deviation(numbers, profile), 3 * float(smallest_step(profile)))
    goal = float(target) + worse * (float(tolerance) + margin)
    figure = series.figures[index]
    if figure.numerator is not None:
        denominator = figure.denominator
        numerator = math.ceil(denominator * goal / 100) if worse > 0 else math.floor(denominator * goal / 100)
        numerator = min(max(numerator, 0), denominator)
        value = percentage(numerator, denominator, profile.places())
        while not is_red(value, target, tolerance, polarity) and 0 < numerator + worse <= denominator:
            numerator += worse
            value = percentage(numerator, denominator, profile.places())
        series.figures[index] = Figure(value, numerator, denominator)
        return
    value = Decimal(math.ceil(goal) if worse > 0 else max(0, math.floor(goal)))
    if spec.unit != Unit.COUNT:
        value = max(quantize(goal, profile.places()), Decimal(0))
    step = smallest_step(profile) * worse
    while not is_red(value, target, tolerance, polarity) and value + step >= 0:
        value += step
    series.figures[index] = Figure(value)


def split_categories(rng, series):
    """A figure per category for each period, adding up to the overall figure."""
    spec, profile = series.spec, series.profile
    names = spec.categories
    known = profile.shares or {}
    shares = [known.get(name, 0) for name in names]
    if not any(shares):
        shares = [1] * len(names)
    for figure in series.figures:
        if spec.unit == Unit.PERCENTAGE and figure.denominator:
            parts = multinomial(rng, figure.denominator, shares)
            cells = {
                name: Figure(percentage(part, figure.denominator, profile.places()), part, figure.denominator)
                for name, part in zip(names, parts, strict=True)
            }
        elif spec.unit == Unit.COUNT:
            parts = multinomial(rng, int(figure.value), shares)
            cells = {name: Figure(Decimal(part)) for name, part in zip(names, parts, strict=True)}
        else:  # a rate or a time has no natural split: each category gets a share-weighted figure
            total = float(sum(shares))
            cells = {
                name: Figure(quantize(float(figure.value) * len(names) * share / total, profile.places()))
                for name, share in zip(names, shares, strict=True)
            }
        series.categories.append(cells)


def build_series(spec, specs, seed, years, end, cache):
    """Generate (once) the series of indicator `spec`, generating those it depends on first."""
    if spec.number in cache:
        return cache[spec.number]
    profile = profile_for(spec)
    rng = random.Random(f"{seed}:{spec.number}")  # noqa: S311 - made-up figures, reproducible by design
    periods = reporting_periods(spec.frequency, years[0], end)
    series = cache[spec.number] = Series(spec, profile, periods, [], years)
    if not periods:
        return series

    def source(number):
        other = specs.get(number)
        if other is None or other.frequency != spec.frequency or other.number == spec.number:
            return None
        return build_series(other, specs, seed, years, end, cache)

    figures = None
    other = source(profile.numerator_of) if profile.numerator_of else None
    if other and other.figures and all(figure.numerator is not None for figure in other.figures):
        figures = [Figure(Decimal(figure.numerator)) for figure in other.figures]
    if figures is None:
        denominators = None
        if profile.denominator_from and (other := source(profile.denominator_from[0])):
            factor = profile.denominator_from[1]
            denominators = [max(1, round(float(figure.value) * factor)) for figure in other.figures]
        figures = draw_figures(rng, spec, profile, periods, denominators)
    series.figures = figures
    set_targets(series)
    if profile.exception:
        make_exception(series, latest_kept(series) - 1)
    if spec.categories:
        split_categories(rng, series)
    return series


def latest_kept(series):
    """How many of the series' periods are written: all but the `missing` latest (at least one kept)."""
    return len(series.periods) - min(series.profile.missing, max(0, len(series.periods) - 1))


def comparators_for(series, seed):
    """England, North East and statistical neighbours, for each of the series' periods (quarterly and
    annual indicators) or for each of its finished financial years (monthly indicators).

    A comparator is the local figure (a monthly indicator: its year's mean; otherwise the mean of the period's
    figure and its year's mean) times the area's factor, with a little noise.
    """
    spec, profile = series.spec, series.profile
    rng = random.Random(f"{seed}:{spec.number}:comparators")  # noqa: S311 - as in build_series
    factors = profile.comparators or (rng.uniform(0.8, 1.0), rng.uniform(0.95, 1.15), rng.uniform(0.9, 1.1))
    high = bounds(profile)[1] if spec.unit == Unit.PERCENTAGE else math.inf
    by_year = defaultdict(list)
    for period, figure in zip(series.periods, series.figures, strict=True):
        by_year[period.financial_year_start].append(float(figure.value))
    if spec.frequency == MONTHLY:
        years = [Period.financial_year(year) for year in sorted(by_year)]
        local = {
            year: fmean(by_year[year.financial_year_start]) for year in years if year.end <= series.periods[-1].end
        }
    else:
        local = {
            period: (float(figure.value) + fmean(by_year[period.financial_year_start])) / 2
            for period, figure in zip(series.periods, series.figures, strict=True)
        }
    areas = (Area.ENGLAND, Area.NORTH_EAST, Area.STATISTICAL_NEIGHBOURS)
    result = []
    for period, figure in local.items():
        for area, factor in zip(areas, factors, strict=True):
            number = min(max(figure * factor * (1 + 0.02 * rng.gauss(0, 1)), 0.0), high)
            if profile.shares and spec.unit == Unit.PERCENTAGE:
                number = 100.0  # the overall figure of a percentage breakdown is 100% everywhere
            value = Decimal(round(number)) if spec.unit == Unit.COUNT else quantize(number, profile.places())
            result.append(DemoComparator(spec.number, period, area, value))
    return result


# --------------------------------------------------------------------------- every indicator


def generate(specs, *, end, years=DEFAULT_YEARS, seed=DEFAULT_SEED):
    """The demonstration cells for `specs` (IndicatorSpecs) over `years` financial years ending with `end`'s.

    `end` is a date, the last day reported. Nothing here touches the database.
    """
    if years < 1:
        raise ValueError("At least one year is needed.")
    fy = financial_years(end, years)
    by_number = {spec.number: spec for spec in specs}
    cache = {}
    result = DemoSet()
    for spec in specs:
        series = build_series(spec, by_number, seed, fy, end, cache)
        for index in range(latest_kept(series)):
            period = series.periods[index]
            result.values.append(DemoValue(spec.number, period, None, *_figure_fields(series.figures[index])))
            for name in spec.categories if series.categories else ():
                cell = series.categories[index][name]
                result.values.append(DemoValue(spec.number, period, name, *_figure_fields(cell)))
        for year in fy:
            if year in series.targets:
                target, tolerance = series.targets[year]
                result.targets.append(DemoTarget(spec.number, Period.financial_year(year), target, tolerance))
        if series.periods:
            result.comparators.extend(comparators_for(series, seed))
    return result


def _figure_fields(figure):
    numerator = None if figure.numerator is None else Decimal(figure.numerator)
    denominator = None if figure.denominator is None else Decimal(figure.denominator)
    return figure.value, numerator, denominator


# --------------------------------------------------------------------------- the database


@dataclass
class Outcome:
    """What write() or clear() did, counted by model."""

    written: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    skipped_real: int = 0
    skipped_locked: int = 0
    kept_locked: int = 0
    first_year: int | None = None
    last_year: int | None = None


DEMO_MODELS = (IndicatorValue, Target, Comparator)


def _model_label(model):
    return model._meta.verbose_name_plural


def _locks():
    return list(PeriodLock.objects.values_list("period_start", "period_end"))


def _locked(start, end, locks):
    return any(lock_start <= start and end <= lock_end for lock_start, lock_end in locks)


def _bulk_delete(queryset):
    """Delete without a query and a history row per object when nothing refers to the model's rows."""
    model = queryset.model
    if model._meta.related_objects:
        return queryset.delete()[1].get(model._meta.label, 0)
    return queryset._raw_delete(queryset.db)


def _delete_demo_rows(outcome, locks):
    values = IndicatorValue.objects.filter(is_demo=True)
    for start, end in locks:
        values = values.exclude(period_start__gte=start, period_end__lte=end)
    outcome.deleted[_model_label(IndicatorValue)] = _bulk_delete(values)
    for model in (Target, Comparator):
        outcome.deleted[_model_label(model)] = _bulk_delete(model.objects.filter(is_demo=True))
    outcome.kept_locked = IndicatorValue.objects.filter(is_demo=True).count()


@transaction.atomic
def clear():
    """Delete every demonstration row (not in a locked period); real rows are untouched."""
    outcome = Outcome()
    _delete_demo_rows(outcome, _locks())
    return outcome


@transaction.atomic
def write(plan, *, end, years=DEFAULT_YEARS, seed=DEFAULT_SEED, batch_size=1000):
    """Replace the demonstration rows (all of them, whatever their plan) with new ones for `plan`'s indicators.

    `end` is the last day reported (a date). Returns an Outcome with the counts deleted and written.
    """
    indicators = list(plan.indicators.select_related("breakdown").prefetch_related("breakdown__categories"))
    by_number = {indicator.number: indicator for indicator in indicators}
    categories = {
        (indicator.number, category.name): category
        for indicator in indicators
        if indicator.breakdown_id
        for category in indicator.breakdown.categories.all()
    }
    demo = generate([IndicatorSpec.of(indicator) for indicator in indicators], end=end, years=years, seed=seed)

    outcome = Outcome()
    fy = financial_years(end, years)
    outcome.first_year, outcome.last_year = fy[0], fy[-1]
    locks = _locks()
    _delete_demo_rows(outcome, locks)

    ids = [indicator.pk for indicator in indicators]
    taken_values = set(
        IndicatorValue.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period_start", "period_end", "category_id"
        )
    )
    values = []
    for cell in demo.values:
        indicator = by_number[cell.number]
        category = categories[cell.number, cell.category] if cell.category else None
        key = (indicator.pk, cell.period.start, cell.period.end, category.pk if category else None)
        if _locked(cell.period.start, cell.period.end, locks):
            outcome.skipped_locked += 1
            continue
        if key in taken_values:
            outcome.skipped_real += 1
            continue
        values.append(
            IndicatorValue(
                indicator=indicator,
                category=category,
                period_start=cell.period.start,
                period_end=cell.period.end,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                is_demo=True,
                entered_by=None,
            )
        )
    IndicatorValue.objects.bulk_create(values, batch_size=batch_size)
    outcome.written[_model_label(IndicatorValue)] = len(values)

    taken_targets = set(
        Target.objects.filter(indicator_id__in=ids).values_list("indicator_id", "period_start", "period_end")
    )
    targets = [
        Target(
            indicator=by_number[cell.number],
            period_start=cell.period.start,
            period_end=cell.period.end,
            value=cell.value,
            tolerance=cell.tolerance,
            note="Demonstration target.",
            is_demo=True,
        )
        for cell in demo.targets
        if (by_number[cell.number].pk, cell.period.start, cell.period.end) not in taken_targets
    ]
    Target.objects.bulk_create(targets, batch_size=batch_size)
    outcome.written[_model_label(Target)] = len(targets)

    taken_comparators = set(
        Comparator.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period_start", "period_end", "area"
        )
    )
    comparators = [
        Comparator(
            indicator=by_number[cell.number],
            period_start=cell.period.start,
            period_end=cell.period.end,
            area=cell.area,
            value=cell.value,
            source=COMPARATOR_SOURCE,
            is_demo=True,
        )
        for cell in demo.comparators
        if (by_number[cell.number].pk, cell.period.start, cell.period.end, cell.area) not in taken_comparators
    ]
    Comparator.objects.bulk_create(comparators, batch_size=batch_size)
    outcome.written[_model_label(Comparator)] = len(comparators)
    return outcome


def describe_years(outcome):
    return f"{year_label(outcome.first_year)} to {year_label(outcome.last_year)}"
