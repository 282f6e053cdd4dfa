"""How each indicator's demonstration figures behave: a :class:`Profile` per indicator number.

Plain data with no database; :mod:`demo.series` generates the figures from these profiles.
"""

import math
from dataclasses import dataclass

from indicators.models import Indicator

Unit = Indicator.Unit

CHILDREN_PER_10K = 5.6
"""Sunderland's 0-17 population (about 56,000) in tens of thousands: a rate per 10k times this is a count."""


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
R100K = Unit.RATE_PER_100K

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
    "61": Profile(R100K, 24, noise=0.15, note="Admissions per 100,000 children aged 0-17 in the quarter."),
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
    Unit.RATE_PER_100K: Profile(R100K, 100),
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
