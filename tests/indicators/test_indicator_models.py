"""The indicators app's model rules: indicator numbers, one value per period, periods, figures and categories.

Where a rule lives both in validation and in the database, both layers are tested (tests/model_checks.py).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from indicators.models import Indicator, IndicatorValue
from tests.indicators.factories import (
    Q1_END,
    Q1_START,
    BreakdownCategoryFactory,
    BreakdownFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    TargetFactory,
)
from tests.model_checks import assert_database_refuses, constraint_messages, validation_messages
from tests.plans.factories import StrategicOutcomeFactory


def new_indicator_like(indicator, **changes):
    fields = {
        "outcome": indicator.outcome,
        "plan": indicator.plan,
        "number": indicator.number,
        "sort_key": indicator.sort_key,
        "title": "Another indicator",
        "unit": indicator.unit,
        "lead_board": indicator.lead_board,
    }
    fields.update(changes)
    return Indicator(**fields)


@pytest.mark.django_db
def test_indicator_plan_is_set_from_outcome_on_save():
    outcome = StrategicOutcomeFactory()

    indicator = IndicatorFactory(outcome=outcome)

    assert indicator.plan == outcome.plan


# --------------------------------------------------------------------------- indicator number unique in plan


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_full_clean_when_edited():
    outcome = StrategicOutcomeFactory()
    IndicatorFactory(outcome=outcome, number="56a")
    other = IndicatorFactory(outcome=outcome, number="56b")

    other.number = "56a"
    errors = validation_messages(other)

    assert errors == {"number": ["This plan already has an indicator with this number."]}
    assert constraint_messages(other) == {NON_FIELD_ERRORS: ["This plan already has an indicator with this number."]}


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_full_clean_when_new():
    """The duplicate hangs under another outcome of the same plan: the plan is only set in save()."""
    existing = IndicatorFactory(number="12")
    duplicate = Indicator(
        outcome=StrategicOutcomeFactory(plan=existing.plan),
        number="12",
        title="Duplicate",
        unit=Indicator.Unit.COUNT,
        lead_board=existing.lead_board,
    )

    errors = validation_messages(duplicate)

    assert errors == {"number": ["This plan already has an indicator with this number."]}


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_database():
    indicator = IndicatorFactory(number="12")
    other_outcome = StrategicOutcomeFactory(plan=indicator.plan)

    assert_database_refuses(new_indicator_like(indicator, outcome=other_outcome))


@pytest.mark.django_db
def test_indicator_number_same_in_another_plan_is_fine():
    IndicatorFactory(number="12")

    other = IndicatorFactory(number="12")

    other.full_clean()
    assert Indicator.objects.filter(number="12").count() == 2


# --------------------------------------------------------------------------- one value per period (and category)


@pytest.fixture
def indicator_with_breakdown(db):
    return IndicatorFactory(with_breakdown=True)


@pytest.mark.django_db
def test_indicator_value_second_overall_value_for_period_refused_by_full_clean():
    existing = IndicatorValueFactory()
    duplicate = IndicatorValue(
        indicator=existing.indicator,
        period_start=existing.period_start,
        period_end=existing.period_end,
        value=Decimal("3"),
    )

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["This indicator already has a value for this period."]


@pytest.mark.django_db
def test_indicator_value_second_overall_value_for_period_refused_by_database():
    """The partial unique constraint: NULL categories do not make two overall values distinct."""
    existing = IndicatorValueFactory()
    duplicate = IndicatorValue(
        indicator=existing.indicator,
        period_start=existing.period_start,
        period_end=existing.period_end,
        value=Decimal("3"),
    )

    assert_database_refuses(duplicate)


@pytest.mark.django_db
def test_indicator_value_second_value_for_period_and_category_refused_by_full_clean(indicator_with_breakdown):
    category = BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    existing = IndicatorValueFactory(indicator=indicator_with_breakdown, category=category)
    duplicate = IndicatorValue(
        indicator=existing.indicator,
        category=category,
        period_start=existing.period_start,
        period_end=existing.period_end,
        value=Decimal("3"),
    )

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["This indicator already has a value for this period and category."]


@pytest.mark.django_db
def test_indicator_value_second_value_for_period_and_category_refused_by_database(indicator_with_breakdown):
    category = BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    existing = IndicatorValueFactory(indicator=indicator_with_breakdown, category=category)
    duplicate = IndicatorValue(
        indicator=existing.indicator,
        category=category,
        period_start=existing.period_start,
        period_end=existing.period_end,
        value=Decimal("3"),
    )

    assert_database_refuses(duplicate)


@pytest.mark.django_db
def test_indicator_value_other_category_and_overall_value_same_period_are_fine(indicator_with_breakdown):
    schools, police = BreakdownCategoryFactory.create_batch(2, breakdown=indicator_with_breakdown.breakdown)
    IndicatorValueFactory(indicator=indicator_with_breakdown, category=schools)
    overall = IndicatorValue(
        indicator=indicator_with_breakdown, period_start=Q1_START, period_end=Q1_END, value=Decimal("9")
    )
    other_category = IndicatorValue(
        indicator=indicator_with_breakdown,
        category=police,
        period_start=Q1_START,
        period_end=Q1_END,
        value=Decimal("4"),
    )

    for value in (overall, other_category):
        value.full_clean()
        value.save()

    assert IndicatorValue.objects.filter(indicator=indicator_with_breakdown).count() == 3


@pytest.mark.django_db
def test_indicator_value_same_indicator_next_period_is_fine():
    existing = IndicatorValueFactory()
    next_quarter = IndicatorValue(
        indicator=existing.indicator,
        period_start=datetime.date(2018, 7, 1),
        period_end=datetime.date(2018, 9, 30),
        value=Decimal("3"),
    )

    next_quarter.full_clean()
    next_quarter.save()

    assert existing.indicator.values.count() == 2


# --------------------------------------------------------------------------- periods


PERIOD_ENDS = [
    pytest.param(datetime.date(2018, 4, 1), id="equal"),
    pytest.param(datetime.date(2018, 3, 31), id="before"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("period_end", PERIOD_ENDS)
def test_period_end_not_after_start_refused_by_full_clean(factory, period_end):
    obj = factory.build(indicator=IndicatorFactory(), period_start=datetime.date(2018, 4, 1), period_end=period_end)

    errors = validation_messages(obj)

    assert errors[NON_FIELD_ERRORS] == ["The period must end after it starts."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("period_end", PERIOD_ENDS)
def test_period_end_not_after_start_refused_by_database(factory, period_end):
    obj = factory.build(indicator=IndicatorFactory(), period_start=datetime.date(2018, 4, 1), period_end=period_end)

    assert_database_refuses(obj)


@pytest.mark.django_db
def test_target_second_target_for_period_refused_by_both_layers():
    existing = TargetFactory()
    duplicate = TargetFactory.build(indicator=existing.indicator)

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["This indicator already has a target for this period."]
    assert_database_refuses(duplicate)


# --------------------------------------------------------------------------- figures


@pytest.mark.django_db
def test_indicator_value_negative_refused_by_full_clean():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(unit=Indicator.Unit.COUNT), value=Decimal("-1"))

    errors = validation_messages(value)

    assert errors == {"value": ["A count cannot be negative."]}
    assert constraint_messages(value) == {NON_FIELD_ERRORS: ["A value cannot be negative."]}


@pytest.mark.django_db
def test_indicator_value_negative_refused_by_database():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), value=Decimal("-0.001"))

    assert_database_refuses(value)


@pytest.mark.django_db
@pytest.mark.parametrize("denominator", [Decimal("0"), Decimal("-5")])
def test_indicator_value_denominator_not_positive_refused_by_full_clean(denominator):
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), numerator=Decimal("3"), denominator=denominator)

    errors = validation_messages(value)

    assert errors == {"denominator": ["A denominator must be greater than zero."]}
    assert constraint_messages(value) == {NON_FIELD_ERRORS: ["A denominator must be greater than zero."]}


@pytest.mark.django_db
@pytest.mark.parametrize("denominator", [Decimal("0"), Decimal("-5")])
def test_indicator_value_denominator_not_positive_refused_by_database(denominator):
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), numerator=Decimal("3"), denominator=denominator)

    assert_database_refuses(value)


@pytest.mark.django_db
def test_indicator_value_negative_numerator_refused_by_full_clean():
    value = IndicatorValueFactory.build(
        indicator=IndicatorFactory(), numerator=Decimal("-1"), denominator=Decimal("10")
    )

    errors = validation_messages(value)

    assert errors["numerator"] == ["A numerator cannot be negative."]


@pytest.mark.django_db
def test_indicator_value_without_denominator_is_fine():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), denominator=None)

    value.full_clean()


@pytest.mark.django_db
def test_target_negative_tolerance_refused_by_both_layers():
    target = TargetFactory.build(indicator=IndicatorFactory(), tolerance=Decimal("-0.5"))

    errors = validation_messages(target)

    assert errors[NON_FIELD_ERRORS] == ["A tolerance cannot be negative."]
    assert_database_refuses(target)


@pytest.mark.django_db
def test_target_zero_tolerance_is_fine():
    target = TargetFactory.build(indicator=IndicatorFactory(), tolerance=Decimal("0"))

    target.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("100.001"), Decimal("150")])
def test_percentage_over_100_refused(factory, figure):
    obj = factory.build(indicator=IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=figure)

    errors = validation_messages(obj)

    assert errors["value"] == ["A percentage must be between 0 and 100."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
def test_percentage_below_0_refused(factory):
    obj = factory.build(indicator=IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=Decimal("-0.5"))

    errors = validation_messages(obj)

    assert errors["value"] == ["A percentage cannot be negative."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("0"), Decimal("42.5"), Decimal("100")])
def test_percentage_within_0_to_100_is_fine(factory, figure):
    obj = factory.build(indicator=IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=figure)

    obj.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (Decimal("-3"), "A count cannot be negative."),
        (Decimal("2.5"), "A count must be a whole number."),
        (Decimal("0.001"), "A count must be a whole number."),
    ],
)
def test_count_negative_or_fractional_refused(factory, figure, message):
    obj = factory.build(indicator=IndicatorFactory(unit=Indicator.Unit.COUNT), value=figure)

    errors = validation_messages(obj)

    assert errors["value"] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IndicatorValueFactory, TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("0"), Decimal("17"), Decimal("17.000")])
def test_count_whole_number_is_fine(factory, figure):
    obj = factory.build(indicator=IndicatorFactory(unit=Indicator.Unit.COUNT), value=figure)

    obj.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("unit", [Indicator.Unit.RATE_PER_10K, Indicator.Unit.RATE_PER_1K, Indicator.Unit.DAYS])
def test_fractional_figure_for_non_count_unit_is_fine(unit):
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(unit=unit), value=Decimal("2.5"))

    value.full_clean()


@pytest.mark.parametrize(
    ("unit", "figure", "expected"),
    [
        (Indicator.Unit.COUNT, None, {}),
        (Indicator.Unit.COUNT, "7", {}),
        (Indicator.Unit.COUNT, "7.5", {"value": "A count must be a whole number."}),
        (Indicator.Unit.PERCENTAGE, "100.5", {"value": "A percentage must be between 0 and 100."}),
        (Indicator.Unit.RATE_PER_10K, "-1", {"value": "A rate per 10,000 children cannot be negative."}),
    ],
)
def test_indicator_validate_figure(unit, figure, expected):
    indicator = Indicator(number="1", unit=unit)

    assert indicator.validate_figure(figure) == expected


# --------------------------------------------------------------------------- categories


@pytest.mark.django_db
def test_indicator_value_category_of_another_breakdown_refused(indicator_with_breakdown):
    stranger = BreakdownCategoryFactory(name="Female", breakdown=BreakdownFactory(name="Gender"))
    value = IndicatorValueFactory.build(indicator=indicator_with_breakdown, category=stranger)

    errors = validation_messages(value)

    number = indicator_with_breakdown.number
    breakdown = indicator_with_breakdown.breakdown.name
    assert errors["category"] == [f"Female is not a category of indicator {number}'s breakdown ({breakdown})."]


@pytest.mark.django_db
def test_indicator_value_category_on_indicator_without_breakdown_refused():
    indicator = IndicatorFactory(number="7", breakdown=None)
    value = IndicatorValueFactory.build(indicator=indicator, category=BreakdownCategoryFactory())

    errors = validation_messages(value)

    assert errors["category"] == ["Indicator 7 has no breakdown by category."]


@pytest.mark.django_db
def test_indicator_value_category_of_its_breakdown_is_fine(indicator_with_breakdown):
    category = BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    value = IndicatorValueFactory.build(indicator=indicator_with_breakdown, category=category)

    value.full_clean()
