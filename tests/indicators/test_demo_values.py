"""generate_demo_values: plausible, reproducible demonstration figures, and the banner while they exist."""

import datetime
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

from demo import profiles, series
from indicators import rules
from indicators.context_processors import demo_banner as site
from indicators.models import Comparator, Indicator, IndicatorValue, PeriodLock, Target
from indicators.periods import Period
from plans.models import Plan
from tests.conftest import load_seed, made_once, signed_in_client
from tests.core.factories import UserFactory

PERIODS_IN_FIVE_YEARS = {
    "monthly": 60,
    "quarterly": 20,
    "annual": 5,
    "academic_year": 5,
    "calendar_year": 5,
    "termly": 15,
}
"""Periods that end from 1 April 2014 to 31 March 2019: academic years 2013-14 to 2017-18, calendar years
2014 to 2018, school terms Spring 2014 to Autumn 2018."""
FINANCIAL = ("monthly", "quarterly", "annual")
FIRST_DAY = datetime.date(2014, 4, 1)
LAST_DAY = datetime.date(2019, 3, 31)
BANNER = "<strong>Demonstration data.</strong>"


def run(*args):
    out = StringIO()
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_plan(seed_plan):
    """The seed plan with the default demonstration data."""
    run()
    return seed_plan


def demo_cells():
    """Every demonstration value as (indicator, period start, period end, category, value, numerator, denominator)."""
    return set(
        IndicatorValue.objects.filter(is_demo=True).values_list(
            "indicator__number", "period_start", "period_end", "category__name", "value", "numerator", "denominator"
        )
    )


def demo_targets_and_comparators():
    targets = set(
        Target.objects.filter(is_demo=True).values_list("indicator__number", "period_start", "value", "tolerance")
    )
    comparators = set(
        Comparator.objects.filter(is_demo=True).values_list("indicator__number", "period_start", "area", "value")
    )
    return targets, comparators


def overall_series():
    """{indicator number: [overall IndicatorValue, ...] oldest first}."""
    series = defaultdict(list)
    for value in IndicatorValue.objects.filter(category__isnull=True).select_related("indicator"):
        series[value.indicator.number].append(value)
    for values in series.values():
        values.sort(key=lambda value: value.period_start)
    return series


def expected_periods(frequency):
    return series.reporting_periods(frequency, 2014, LAST_DAY)


# --------------------------------------------------------------------------- what is written


@pytest.fixture(scope="class")
def written(django_db_setup, django_db_blocker):
    """The seed plan with the default demonstration data, written once for a class (tests/conftest.py made_once)."""
    with made_once(django_db_blocker):
        load_seed()
        run()
        yield Plan.objects.get(code="2018-19")


class TestWhatTheCommandWrites:
    """What `generate_demo_values` writes by default: each test reads the same rows, written once."""

    @pytest.mark.slow
    def test_every_indicator_has_every_period_of_its_frequency_except_a_few_left_missing_at_the_end(self, written):
        indicators = list(Indicator.objects.filter(plan=written))
        assert len(indicators) == 69
        series = overall_series()
        missing = {}
        for indicator in indicators:
            periods = [value.period for value in series[indicator.number]]
            expected = expected_periods(indicator.frequency)
            assert len(expected) == PERIODS_IN_FIVE_YEARS[indicator.frequency]
            assert expected[0].start <= FIRST_DAY <= expected[0].end and expected[-1].end <= LAST_DAY
            if indicator.frequency in FINANCIAL:
                assert expected[0].start == FIRST_DAY and expected[-1].end == LAST_DAY
            assert periods, f"indicator {indicator.number} has no values"
            # Any gap is at the end only: the values are the first len(periods) expected periods.
            assert periods == expected[: len(periods)], indicator.number
            if len(periods) < len(expected):
                missing[indicator.number] = len(expected) - len(periods)
        assert missing == {"12": 1, "22": 2, "33": 1, "50": 2, "62": 1}
        assert all(1 <= gap <= 2 for gap in missing.values())

    def test_breakdown_indicators_have_a_value_per_category_adding_up_to_the_overall_figure(self, written):
        rows = defaultdict(dict)
        for value in IndicatorValue.objects.filter(indicator__breakdown__isnull=False).select_related(
            "indicator", "category"
        ):
            rows[value.indicator.number, value.period_start][value.category.name if value.category else None] = value
        numbers = {number for number, _ in rows}
        assert numbers == {"4", "7", "58", "68"}
        for (number, _start), cells in rows.items():
            indicator = Indicator.objects.get(plan=written, number=number)
            names = set(indicator.breakdown.categories.values_list("name", flat=True))
            overall = cells.pop(None)
            assert set(cells) == names
            if indicator.unit == Indicator.Unit.COUNT:
                assert sum(cell.value for cell in cells.values()) == overall.value
            else:
                assert overall.value == 100
                assert abs(sum(cell.value for cell in cells.values()) - 100) <= Decimal("0.5")
                assert sum(cell.numerator for cell in cells.values()) == overall.denominator
                assert {cell.denominator for cell in cells.values()} == {overall.denominator}

    @pytest.mark.slow
    def test_the_percentage_breakdowns_share_the_referrals_and_the_children_on_plans(self, written):
        series = overall_series()
        referrals = {value.period_start: value.value for value in series["3"]}
        for value in series["4"] + series["15"]:
            assert value.denominator == referrals[value.period_start]
        re_referrals = {value.period_start: value.value for value in series["14"]}
        for value in series["15"]:
            assert value.numerator == re_referrals[value.period_start]

    def test_figures_are_plausible_for_their_units(self, written):
        by_unit = defaultdict(list)
        for value in IndicatorValue.objects.select_related("indicator"):
            indicator = value.indicator
            assert indicator.validate_figure(value.value) == {}, value
            assert value.is_demo and value.entered_by_id is None
            by_unit[indicator.unit].append(value)
            if indicator.unit == Indicator.Unit.PERCENTAGE:
                assert value.numerator is not None and value.denominator is not None, value
                assert 0 <= value.numerator <= value.denominator
                assert abs(value.value - 100 * value.numerator / value.denominator) <= Decimal("0.05"), value
        assert all(10 <= value.value <= 120 for value in by_unit[Indicator.Unit.DAYS])
        series = overall_series()
        for number, low, high in [("5", 300, 420), ("6", 35, 75), ("8", 80, 120), ("2", 800, 1600), ("3", 250, 550)]:
            assert all(low <= value.value <= high for value in series[number]), number
        for number, low, high in [("9", 2, 10), ("23", 0, 4), ("54", 0, 5)]:
            assert all(low <= value.value <= high for value in series[number]), number
        assert 1700 <= sum(value.value for value in series["1"]) / len(series["1"]) <= 2100
        small = [value for value in by_unit[Indicator.Unit.COUNT] if 1 <= value.value <= 5]
        assert len({value.indicator.number for value in small}) >= 4, "counts of 1 to 5 are needed for suppression"

    @pytest.mark.slow
    def test_a_sample_of_the_rows_passes_full_clean(self, written):
        values = list(IndicatorValue.objects.select_related("indicator", "category").order_by("pk"))
        for value in values[::15]:
            value.full_clean()
        for target in Target.objects.select_related("indicator"):
            target.full_clean()
        for comparator in list(Comparator.objects.select_related("indicator").order_by("pk"))[::15]:
            comparator.full_clean()

    def test_targets_for_every_year_of_every_indicator_with_a_direction_and_comparators_for_each_area(self, written):
        years = [Period.financial_year(year) for year in range(2014, 2019)]
        for indicator in Indicator.objects.filter(plan=written):
            targets = list(indicator.targets.order_by("period_start"))
            if indicator.polarity == Indicator.Polarity.NEITHER:
                assert targets == []
            elif indicator.frequency in FINANCIAL:
                assert [target.period for target in targets] == years
            else:  # academic or calendar years, from the one holding April 2014 to the one holding March 2019
                target_years = [target.period.code for target in targets]
                calendar = indicator.frequency == "calendar_year"
                first, last = ("2014", "2019") if calendar else ("AY 2013-14", "AY 2018-19")
                assert (len(target_years), target_years[0], target_years[-1]) == (6, first, last), indicator.number
                assert all(target.is_demo and target.tolerance > 0 for target in targets)
            comparators = indicator.comparators.all()
            assert all(comparator.is_demo for comparator in comparators)
            periods = years if indicator.frequency == "monthly" else expected_periods(indicator.frequency)
            for area in Comparator.Area.values:
                assert sorted(c.period for c in comparators if c.area == area) == periods, (indicator.number, area)

    def test_the_rules_find_special_causes_and_some_latest_figures_are_red(self, written):
        series = overall_series()
        signals = defaultdict(set)
        red = set()
        for indicator in Indicator.objects.filter(plan=written):
            values = series[indicator.number]
            if len(values) >= rules.MIN_POINTS:
                for point in rules.spc([value.value for value in values], indicator.polarity).points:
                    for signal in point.signals:
                        signals[signal].add(indicator.number)
            latest = values[-1]
            target = indicator.targets.filter(period_start__lte=latest.period_start, period_end__gte=latest.period_end)
            target = target.first()
            if target and rules.rag(latest.value, target.value, target.tolerance, indicator.polarity) == rules.RAG.RED:
                red.add(indicator.number)
        assert "3" in signals[rules.Signal.BEYOND_LIMIT] and "51" in signals[rules.Signal.BEYOND_LIMIT]
        assert {"8", "64"} <= signals[rules.Signal.TREND]
        assert {"2", "6", "39"} <= signals[rules.Signal.SHIFT]
        assert {number for number, profile in profiles.PROFILES.items() if profile.exception} <= red
        assert len(red) < 20, "most indicators are not exceptions"


def test_the_command_prints_what_it_wrote(seed_plan):
    output = run()
    assert "2014-15 to 2018-19" in output
    written = IndicatorValue.objects.count(), Target.objects.count(), Comparator.objects.count()
    assert f"Written: {written[0]:,} indicator values, {written[1]:,} targets, {written[2]:,} comparators." in output


# --------------------------------------------------------------------------- reproducible and idempotent


@pytest.mark.slow
def test_the_same_seed_gives_the_same_figures_and_another_seed_others(seed_plan):
    run("--seed", "7")
    first = demo_cells(), demo_targets_and_comparators()
    run("--seed", "7")
    assert (demo_cells(), demo_targets_and_comparators()) == first
    run("--seed", "8")
    second = demo_cells(), demo_targets_and_comparators()
    assert second[0] != first[0]
    assert second[1][0] != first[1][0] and second[1][1] != first[1][1]
    assert {cell[:4] for cell in second[0]} == {cell[:4] for cell in first[0]}, "the same cells, other figures"


def test_running_again_replaces_the_rows_without_duplicating_them(demo_plan):
    counts = [model.objects.count() for model in (IndicatorValue, Target, Comparator)]
    output = run()
    assert [model.objects.count() for model in (IndicatorValue, Target, Comparator)] == counts
    assert f"Removed first: {counts[0]:,} indicator values" in output


def test_years_and_end_choose_the_periods(seed_plan):
    run("--years", "2", "--end", "2018-09")
    series = overall_series()
    assert [value.period.code for value in series["1"]][:1] == ["2017-04"]
    assert len(series["1"]) == 18  # April 2017 to September 2018
    assert [value.period.code for value in series["30"]] == [f"2017-18 Q{q}" for q in range(1, 5)] + [
        "2018-19 Q1",
        "2018-19 Q2",
    ]
    # School terms, academic and calendar years that end from April 2017 to September 2018.
    terms = ["Spring 2017", "Summer 2017", "Autumn 2017", "Spring 2018", "Summer 2018"]
    assert [value.period.code for value in series["28"]] == terms
    assert [value.period.code for value in series["27"]] == ["AY 2016-17", "AY 2017-18"]
    assert [value.period.code for value in series["40"]] == ["2017"]
    assert [value.period.code for value in series["23"]] == ["2017-18"]  # 2018-19 has not ended
    assert Target.objects.filter(indicator__number="16").count() == 2


def test_a_bad_end_is_refused(seed_plan):
    with pytest.raises(CommandError, match="--end"):
        run("--end", "March 2019")


# --------------------------------------------------------------------------- real data wins


@pytest.fixture
def real_rows(seed_plan):
    """A real value, a real category value, a real target and a real comparator."""
    indicator_3 = Indicator.objects.get(plan=seed_plan, number="3")
    indicator_58 = Indicator.objects.get(plan=seed_plan, number="58")
    female = indicator_58.breakdown.categories.get(name="Female")
    year = Period.financial_year(2018)
    return [
        IndicatorValue.objects.create(
            indicator=indicator_3,
            period_start=datetime.date(2018, 4, 1),
            period_end=datetime.date(2018, 4, 30),
            value=Decimal(999),
        ),
        IndicatorValue.objects.create(
            indicator=indicator_58,
            category=female,
            period_start=datetime.date(2018, 4, 1),
            period_end=datetime.date(2018, 6, 30),
            value=Decimal(3),
        ),
        Target.objects.create(
            indicator=Indicator.objects.get(plan=seed_plan, number="16"),
            period_start=year.start,
            period_end=year.end,
            value=Decimal(90),
            tolerance=Decimal(2),
        ),
        Comparator.objects.create(
            indicator=Indicator.objects.get(plan=seed_plan, number="5"),
            period_start=year.start,
            period_end=year.end,
            area=Comparator.Area.ENGLAND,
            value=Decimal("341.0"),
        ),
    ]


def assert_untouched(rows):
    for row in rows:
        fresh = type(row).objects.get(pk=row.pk)
        assert fresh.value == row.value and fresh.is_demo is False


@pytest.mark.slow
def test_real_rows_are_never_overwritten_or_deleted(real_rows):
    output = run()
    assert "2 value(s) not written: a real value exists." in output
    run()
    assert_untouched(real_rows)
    value_3, value_58 = real_rows[:2]
    for row in real_rows:
        same_cell = type(row).objects.filter(indicator=row.indicator, period_start=row.period_start)
        if isinstance(row, IndicatorValue):
            same_cell = same_cell.filter(category=row.category)
        if isinstance(row, Comparator):
            same_cell = same_cell.filter(area=row.area)
        assert list(same_cell) == [row]
    # The other cells of the same indicators still get demonstration figures.
    assert IndicatorValue.objects.filter(indicator=value_3.indicator, is_demo=True).count() == 59
    quarter_58 = IndicatorValue.objects.filter(indicator=value_58.indicator, period_start=value_58.period_start)
    assert set(quarter_58.filter(is_demo=True).values_list("category__name", flat=True)) == {None, "Male"}


def test_clear_removes_the_demonstration_rows_only(real_rows):
    run()
    output = run("--clear")
    assert "Removed: " in output
    for model in (IndicatorValue, Target, Comparator):
        assert not model.objects.filter(is_demo=True).exists()
    assert IndicatorValue.objects.count() == 2 and Target.objects.count() == 1 and Comparator.objects.count() == 1
    assert_untouched(real_rows)


def test_no_plan_is_refused(db):
    with pytest.raises(CommandError, match="No plan is loaded"):
        run()
    assert "Removed: 0 indicator values" in run("--clear")


# --------------------------------------------------------------------------- locked periods


@pytest.fixture
def quarter_lock(seed_plan):
    quarter = Period.quarter(2018, 1)
    return PeriodLock.objects.create(
        period_start=quarter.start, period_end=quarter.end, locked_by=UserFactory(username="locker")
    )


def in_quarter(queryset, lock):
    return queryset.filter(period_start__gte=lock.period_start, period_end__lte=lock.period_end)


def test_nothing_is_written_in_a_locked_period(quarter_lock):
    output = run()
    assert "value(s) not written: the period is locked." in output
    assert not in_quarter(IndicatorValue.objects.all(), quarter_lock).exists()
    # A financial year is wider than the lock: its values are not locked.
    assert IndicatorValue.objects.filter(indicator__number="23", period_start=datetime.date(2018, 4, 1)).exists()
    assert IndicatorValue.objects.filter(period_start=datetime.date(2018, 7, 1)).exists()


def test_demonstration_values_in_a_period_locked_later_are_kept(demo_plan):
    quarter = Period.quarter(2018, 1)
    lock = PeriodLock.objects.create(
        period_start=quarter.start, period_end=quarter.end, locked_by=UserFactory(username="locker")
    )
    locked = set(in_quarter(IndicatorValue.objects.all(), lock).values_list("pk", "value"))
    assert locked
    run("--seed", "99")
    assert set(in_quarter(IndicatorValue.objects.all(), lock).values_list("pk", "value")) == locked
    output = run("--clear")
    assert f"{len(locked)} demonstration value(s) kept in locked periods" in output
    assert set(IndicatorValue.objects.values_list("pk", "value")) == locked


# --------------------------------------------------------------------------- the banner


def test_the_banner_shows_while_demonstration_data_exists(demo_plan, viewer_user):
    browser = signed_in_client(viewer_user)
    response = browser.get("/")
    assert response.status_code == 200
    assert BANNER in response.content.decode()
    run("--clear")
    response = browser.get("/")
    assert response.status_code == 200
    assert BANNER not in response.content.decode()


def test_a_demonstration_target_alone_shows_the_banner(seed_plan):
    indicator = Indicator.objects.get(plan=seed_plan, number="16")
    year = Period.financial_year(2018)
    context = site(RequestFactory().get("/"))
    assert not context["DEMO_DATA"]
    Target.objects.create(indicator=indicator, period_start=year.start, period_end=year.end, value=1, is_demo=True)
    assert site(RequestFactory().get("/"))["DEMO_DATA"]


def test_the_flag_is_read_only_when_used_and_kept_until_the_figures_change(demo_plan, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        context = site(request)
    with django_assert_num_queries(2):  # the scorecard's data version, then the flag
        assert context["DEMO_DATA"]
        assert context["DEMO_DATA"]
    with django_assert_num_queries(1):  # the data version alone (a page reads it with the others, in one query)
        assert site(RequestFactory().get("/"))["DEMO_DATA"]
