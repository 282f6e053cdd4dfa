"""Demonstration figures for the scorecard, generated: plausible and deterministic (written by demo.values).

:func:`generate` is plain Python with no database: it takes a description of each indicator
(:class:`IndicatorSpec`) and returns the cells to write (:class:`DemoSet`); :mod:`demo.values` writes them
(``python manage.py generate_demo_values``). Each indicator's behaviour is its profile (:mod:`demo.profiles`);
the random draws and rounding are in :mod:`demo.draws`.

What is generated
-----------------
For every indicator of the plan, one figure for every period of its frequency (monthly, quarterly or
annual on UK financial years, or academic years, calendar years or school terms) that ends in the
``years`` financial years ending with the one that contains ``end``, up to the end of ``end`` (a period
that has not finished by then is not reported yet). Breakdown
indicators get a figure per category as well as the overall figure:

- percentage breakdowns (4, 7): the overall figure is 100% (every referral, every plan); each category's
  numerator is its share of the same denominator, so the categories add up to 100 (give or take rounding);
- count breakdowns (58, 68): the categories add up exactly to the overall count.

Each indicator's figures follow its :class:`~demo.profiles.Profile` in :data:`~demo.profiles.PROFILES`
(keyed by indicator number): a level at the start of the series, noise (Poisson noise on top for counts
of events, binomial sampling for percentages with a numerator and denominator), a gentle seasonal
pattern, and for some indicators a trend, a step change, a one-period spike or a final run of rising
points. These make the statistical process control rules fire on some indicators: a point beyond a
process limit (3, 51), a shift of 7 or more points on one side of the mean (2, 6, 39 and the trending
ones), a trend of 7 points rising (8, 64). An indicator with no profile (or whose unit no longer matches
its profile) gets :data:`~demo.profiles.DEFAULT_PROFILES` for its unit.

Targets: one per financial year (academic year for academic-year and termly indicators, calendar year
for calendar-year ones) for every indicator with a direction (polarity "neither" has none: a
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
"""

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean

from indicators import rules
from indicators.models import Comparator, Indicator
from indicators.periods import MONTHLY, Period, financial_year_of, periods_between, target_frequency

from .draws import binomial, bounds, multinomial, percentage, poisson, quantize, smallest_step, standard_deviation
from .profiles import Profile, profile_for, seasonal_shape

Unit = Indicator.Unit
Area = Comparator.Area

DEFAULT_SEED = 2018
DEFAULT_YEARS = 5
DEFAULT_END = "2019-03"
"""The plan's year, 2018-19, ends in March 2019: by default the five years are 2014-15 to 2018-19."""

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
    years: list[Period]
    """The years its targets cover (financial, academic or calendar years: periods.target_frequency)."""
    targets: dict[Period, tuple[Decimal, Decimal]] = field(default_factory=dict)
    """{year: (target, tolerance)}"""
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
    """Every period of `frequency` that ends in April of `first_year` or later and has ended by `end`.

    So an academic year, a calendar year or a school term published within the years is kept though it
    started before April: from April 2014, the academic year 2013-14 (to August 2014) and the calendar
    year 2014 are the first.
    """
    periods = periods_between(datetime.date(first_year, 4, 1), end, frequency)
    return [period for period in periods if period.end <= end]


def target_years(frequency, financial_years_):
    """The years an indicator's targets cover, from the first financial year's April to the last one's March:
    financial years, or academic or calendar years for indicators reported in those (or in school terms)."""
    first = datetime.date(financial_years_[0], 4, 1)
    last = datetime.date(financial_years_[-1] + 1, 3, 31)
    return periods_between(first, last, target_frequency(frequency))


def months_in(period):
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


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
        if profile.season and months_in(period) < 12:
            months = [(period.start.month + k - 1) % 12 + 1 for k in range(months_in(period))]
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
    """A target and tolerance per year (financial, academic or calendar), from the year before (the first
    year: its own)."""
    spec, profile = series.spec, series.profile
    if spec.polarity == Indicator.Polarity.NEITHER or not series.figures:
        return
    numbers = [float(figure.value) for figure in series.figures]
    sd = standard_deviation(numbers, profile)
    better = 1 if spec.polarity == Indicator.Polarity.HIGHER_IS_BETTER else -1
    high = bounds(profile)[1]
    by_year = defaultdict(list)
    for period, number in zip(series.periods, numbers, strict=True):
        by_year[period.target_period(spec.frequency)].append(number)
    for year in series.years:
        basis = by_year.get(year.previous()) or by_year.get(year) or numbers[-1:]
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
    year = series.periods[index].target_period(spec.frequency)
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
    series = cache[spec.number] = Series(spec, profile, periods, [], target_years(spec.frequency, years))
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
        by_year[period.target_period(spec.frequency)].append(float(figure.value))
    if spec.frequency == MONTHLY:
        local = {year: fmean(by_year[year]) for year in sorted(by_year) if year.end <= series.periods[-1].end}
    else:
        local = {
            period: (float(figure.value) + fmean(by_year[period.target_period(spec.frequency)])) / 2
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
        for year in series.years:
            if year in series.targets:
                target, tolerance = series.targets[year]
                result.targets.append(DemoTarget(spec.number, year, target, tolerance))
        if series.periods:
            result.comparators.extend(comparators_for(series, seed))
    return result


def _figure_fields(figure):
    numerator = None if figure.numerator is None else Decimal(figure.numerator)
    denominator = None if figure.denominator is None else Decimal(figure.denominator)
    return figure.value, numerator, denominator
