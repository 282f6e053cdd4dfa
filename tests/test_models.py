"""The models' rules: constraints, validation, ordering, natural keys, the overdue rule and history.

Where a rule lives both in validation and in the database, both layers are tested:
full_clean() reports it on the right field, and a save or bulk insert that skips
validation is refused by the database.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.numbering import sort_key
from indicators.models import Indicator, IndicatorValue
from plans.models import Activity, Plan, Project, StatusUpdate
from tests import factories as f

LONDON = ZoneInfo("Europe/London")


# --------------------------------------------------------------------------- helpers


def validation_messages(obj):
    """The message_dict of the ValidationError that full_clean() must raise."""
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def constraint_messages(obj):
    """The message_dict of the ValidationError that validate_constraints() (the named constraints) must raise."""
    with pytest.raises(ValidationError) as caught:
        obj.validate_constraints()
    return caught.value.message_dict


def assert_database_refuses(obj):
    """Neither a save() nor a bulk insert (both skip full_clean) gets the row into the database."""
    model = type(obj)
    before = model._default_manager.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
    obj.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.bulk_create([obj])
    assert model._default_manager.count() == before


def new_project_like(project, **changes):
    """An unsaved copy of a project's fields (plan included, as save() would set it)."""
    fields = {
        "theme": project.theme,
        "plan": project.plan,
        "number": project.number,
        "sort_key": project.sort_key,
        "title": "Another project",
        "lead_board": project.lead_board,
    }
    fields.update(changes)
    return Project(**fields)


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


# --------------------------------------------------------------------------- factories


MODELS_WITH_FACTORIES = {
    "plans.Plan": f.PlanFactory,
    "plans.ValueTheme": f.ValueThemeFactory,
    "plans.Value": f.ValueFactory,
    "plans.Responsibility": f.ResponsibilityFactory,
    "plans.StrategicPriority": f.StrategicPriorityFactory,
    "plans.ServicePriority": f.ServicePriorityFactory,
    "plans.FocusArea": f.FocusAreaFactory,
    "plans.StrategicOutcome": f.StrategicOutcomeFactory,
    "plans.ProgrammeBoard": f.ProgrammeBoardFactory,
    "plans.Officer": f.OfficerFactory,
    "plans.Theme": f.ThemeFactory,
    "plans.Project": f.ProjectFactory,
    "plans.Activity": f.ActivityFactory,
    "plans.StatusUpdate": f.StatusUpdateFactory,
    "plans.ReminderLog": f.ReminderLogFactory,
    "indicators.Breakdown": f.BreakdownFactory,
    "indicators.BreakdownCategory": f.BreakdownCategoryFactory,
    "indicators.Indicator": f.IndicatorFactory,
    "indicators.IndicatorValue": f.IndicatorValueFactory,
    "indicators.Target": f.TargetFactory,
    "indicators.Comparator": f.ComparatorFactory,
    "indicators.Commentary": f.CommentaryFactory,
    "indicators.ProcessChange": f.ProcessChangeFactory,
    "indicators.PeriodLock": f.PeriodLockFactory,
    "indicators.SignOffEvent": f.SignOffEventFactory,
    "indicators.ImportBatch": f.ImportBatchFactory,
    "indicators.PublicationSettings": f.PublicationSettingsFactory,
    "papers.BoardPack": f.BoardPackFactory,
}


def app_models():
    return [
        model
        for app_label in ("plans", "indicators", "papers")
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_factories_cover_every_model():
    labels = {model._meta.label for model in app_models()}

    missing = labels - set(MODELS_WITH_FACTORIES)

    assert not missing, f"No factory for {sorted(missing)}: add one to tests/factories.py"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(MODELS_WITH_FACTORIES))
def test_factory_builds_a_valid_saved_row(label):
    factory = MODELS_WITH_FACTORIES[label]

    obj = factory()

    assert obj.pk is not None
    assert type(obj)._meta.label == label
    obj.full_clean()  # the saved row passes every validation


@pytest.mark.django_db
def test_project_factory_numbers_project_within_its_theme():
    theme = f.ThemeFactory(number=4)

    first, second = f.ProjectFactory.create_batch(2, theme=theme)

    assert first.number.startswith("4.")
    assert second.number.startswith("4.")
    assert first.number != second.number


@pytest.mark.django_db
def test_user_factory_sets_usable_password(client, rf):
    user = f.UserFactory()

    assert user.check_password(f.PASSWORD)
    # Sign-in throttling (django-axes) needs the request a sign-in comes from.
    assert client.login(request=rf.post("/accounts/login/"), username=user.username, password=f.PASSWORD)


@pytest.mark.django_db
def test_project_plan_is_set_from_theme_on_save():
    theme = f.ThemeFactory()

    project = f.ProjectFactory(theme=theme)

    assert project.plan == theme.plan


@pytest.mark.django_db
def test_project_plan_follows_theme_moved_to_another_plan():
    project = f.ProjectFactory(theme=f.ThemeFactory(number=2))
    other_theme = f.ThemeFactory(number=2)

    project.theme = other_theme
    project.save()
    project.refresh_from_db()

    assert project.plan == other_theme.plan


@pytest.mark.django_db
def test_indicator_plan_is_set_from_outcome_on_save():
    outcome = f.StrategicOutcomeFactory()

    indicator = f.IndicatorFactory(outcome=outcome)

    assert indicator.plan == outcome.plan


# --------------------------------------------------------------------------- project number unique in plan


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_full_clean_when_edited():
    theme = f.ThemeFactory(number=2)
    f.ProjectFactory(theme=theme, number="2.3")
    other = f.ProjectFactory(theme=theme, number="2.4")

    other.number = "2.3"
    errors = validation_messages(other)

    assert errors == {"number": ["This plan already has a project with this number."]}
    assert constraint_messages(other) == {NON_FIELD_ERRORS: ["This plan already has a project with this number."]}


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_full_clean_when_new():
    """A new project is what the admin's add form validates: its plan is only set in save()."""
    theme = f.ThemeFactory(number=2)
    f.ProjectFactory(theme=theme, number="2.3")
    duplicate = Project(theme=theme, number="2.3", title="Duplicate", lead_board=f.ProgrammeBoardFactory())

    errors = validation_messages(duplicate)

    assert errors == {"number": ["This plan already has a project with this number."]}


@pytest.mark.django_db
def test_project_full_clean_accepts_valid_new_project():
    theme = f.ThemeFactory(number=2)
    project = Project(theme=theme, number="2.1", title="New project", lead_board=f.ProgrammeBoardFactory())

    try:
        project.full_clean()
    except ValidationError as error:
        pytest.fail(
            "BUG: a valid new project fails full_clean(), because Project.plan (required, editable=False) "
            f"is only set in save(): {error.message_dict!r}"
        )


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_database():
    project = f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3")

    assert_database_refuses(new_project_like(project))


@pytest.mark.django_db
def test_project_number_same_in_another_plan_is_fine():
    f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3")

    other = f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3")

    other.full_clean()
    assert Project.objects.filter(number="2.3").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["3.1", "23.1", "2", "12.1"])
def test_project_numbered_outside_its_theme_refused(number):
    project = f.ProjectFactory(theme=f.ThemeFactory(number=2))

    project.number = number
    errors = validation_messages(project)

    assert errors["number"] == ["A project in theme 2 is numbered 2.1, 2.2 and so on."]


@pytest.mark.django_db
def test_project_numbered_inside_its_theme_accepted():
    project = f.ProjectFactory(theme=f.ThemeFactory(number=2))

    project.number = "2.10"

    project.full_clean()


# --------------------------------------------------------------------------- indicator number unique in plan


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_full_clean_when_edited():
    outcome = f.StrategicOutcomeFactory()
    f.IndicatorFactory(outcome=outcome, number="56a")
    other = f.IndicatorFactory(outcome=outcome, number="56b")

    other.number = "56a"
    errors = validation_messages(other)

    assert errors == {"number": ["This plan already has an indicator with this number."]}
    assert constraint_messages(other) == {NON_FIELD_ERRORS: ["This plan already has an indicator with this number."]}


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_full_clean_when_new():
    """The duplicate hangs under another outcome of the same plan: the plan is only set in save()."""
    existing = f.IndicatorFactory(number="12")
    duplicate = Indicator(
        outcome=f.StrategicOutcomeFactory(plan=existing.plan),
        number="12",
        title="Duplicate",
        unit=Indicator.Unit.COUNT,
        lead_board=existing.lead_board,
    )

    errors = validation_messages(duplicate)

    assert errors == {"number": ["This plan already has an indicator with this number."]}


@pytest.mark.django_db
def test_indicator_number_duplicate_in_plan_refused_by_database():
    indicator = f.IndicatorFactory(number="12")
    other_outcome = f.StrategicOutcomeFactory(plan=indicator.plan)

    assert_database_refuses(new_indicator_like(indicator, outcome=other_outcome))


@pytest.mark.django_db
def test_indicator_number_same_in_another_plan_is_fine():
    f.IndicatorFactory(number="12")

    other = f.IndicatorFactory(number="12")

    other.full_clean()
    assert Indicator.objects.filter(number="12").count() == 2


# --------------------------------------------------------------------------- one value per period (and category)


@pytest.fixture
def indicator_with_breakdown(db):
    return f.IndicatorFactory(with_breakdown=True)


@pytest.mark.django_db
def test_indicator_value_second_overall_value_for_period_refused_by_full_clean():
    existing = f.IndicatorValueFactory()
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
    existing = f.IndicatorValueFactory()
    duplicate = IndicatorValue(
        indicator=existing.indicator,
        period_start=existing.period_start,
        period_end=existing.period_end,
        value=Decimal("3"),
    )

    assert_database_refuses(duplicate)


@pytest.mark.django_db
def test_indicator_value_second_value_for_period_and_category_refused_by_full_clean(indicator_with_breakdown):
    category = f.BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    existing = f.IndicatorValueFactory(indicator=indicator_with_breakdown, category=category)
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
    category = f.BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    existing = f.IndicatorValueFactory(indicator=indicator_with_breakdown, category=category)
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
    schools, police = f.BreakdownCategoryFactory.create_batch(2, breakdown=indicator_with_breakdown.breakdown)
    f.IndicatorValueFactory(indicator=indicator_with_breakdown, category=schools)
    overall = IndicatorValue(
        indicator=indicator_with_breakdown, period_start=f.Q1_START, period_end=f.Q1_END, value=Decimal("9")
    )
    other_category = IndicatorValue(
        indicator=indicator_with_breakdown,
        category=police,
        period_start=f.Q1_START,
        period_end=f.Q1_END,
        value=Decimal("4"),
    )

    for value in (overall, other_category):
        value.full_clean()
        value.save()

    assert IndicatorValue.objects.filter(indicator=indicator_with_breakdown).count() == 3


@pytest.mark.django_db
def test_indicator_value_same_indicator_next_period_is_fine():
    existing = f.IndicatorValueFactory()
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
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("period_end", PERIOD_ENDS)
def test_period_end_not_after_start_refused_by_full_clean(factory, period_end):
    obj = factory.build(indicator=f.IndicatorFactory(), period_start=datetime.date(2018, 4, 1), period_end=period_end)

    errors = validation_messages(obj)

    assert errors[NON_FIELD_ERRORS] == ["The period must end after it starts."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("period_end", PERIOD_ENDS)
def test_period_end_not_after_start_refused_by_database(factory, period_end):
    obj = factory.build(indicator=f.IndicatorFactory(), period_start=datetime.date(2018, 4, 1), period_end=period_end)

    assert_database_refuses(obj)


@pytest.mark.django_db
def test_target_second_target_for_period_refused_by_both_layers():
    existing = f.TargetFactory()
    duplicate = f.TargetFactory.build(indicator=existing.indicator)

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["This indicator already has a target for this period."]
    assert_database_refuses(duplicate)


# --------------------------------------------------------------------------- figures


@pytest.mark.django_db
def test_indicator_value_negative_refused_by_full_clean():
    value = f.IndicatorValueFactory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.COUNT), value=Decimal("-1"))

    errors = validation_messages(value)

    assert errors == {"value": ["A count cannot be negative."]}
    assert constraint_messages(value) == {NON_FIELD_ERRORS: ["A value cannot be negative."]}


@pytest.mark.django_db
def test_indicator_value_negative_refused_by_database():
    value = f.IndicatorValueFactory.build(indicator=f.IndicatorFactory(), value=Decimal("-0.001"))

    assert_database_refuses(value)


@pytest.mark.django_db
@pytest.mark.parametrize("denominator", [Decimal("0"), Decimal("-5")])
def test_indicator_value_denominator_not_positive_refused_by_full_clean(denominator):
    value = f.IndicatorValueFactory.build(
        indicator=f.IndicatorFactory(), numerator=Decimal("3"), denominator=denominator
    )

    errors = validation_messages(value)

    assert errors == {"denominator": ["A denominator must be greater than zero."]}
    assert constraint_messages(value) == {NON_FIELD_ERRORS: ["A denominator must be greater than zero."]}


@pytest.mark.django_db
@pytest.mark.parametrize("denominator", [Decimal("0"), Decimal("-5")])
def test_indicator_value_denominator_not_positive_refused_by_database(denominator):
    value = f.IndicatorValueFactory.build(
        indicator=f.IndicatorFactory(), numerator=Decimal("3"), denominator=denominator
    )

    assert_database_refuses(value)


@pytest.mark.django_db
def test_indicator_value_negative_numerator_refused_by_full_clean():
    value = f.IndicatorValueFactory.build(
        indicator=f.IndicatorFactory(), numerator=Decimal("-1"), denominator=Decimal("10")
    )

    errors = validation_messages(value)

    assert errors["numerator"] == ["A numerator cannot be negative."]


@pytest.mark.django_db
def test_indicator_value_without_denominator_is_fine():
    value = f.IndicatorValueFactory.build(indicator=f.IndicatorFactory(), denominator=None)

    value.full_clean()


@pytest.mark.django_db
def test_target_negative_tolerance_refused_by_both_layers():
    target = f.TargetFactory.build(indicator=f.IndicatorFactory(), tolerance=Decimal("-0.5"))

    errors = validation_messages(target)

    assert errors[NON_FIELD_ERRORS] == ["A tolerance cannot be negative."]
    assert_database_refuses(target)


@pytest.mark.django_db
def test_target_zero_tolerance_is_fine():
    target = f.TargetFactory.build(indicator=f.IndicatorFactory(), tolerance=Decimal("0"))

    target.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("100.001"), Decimal("150")])
def test_percentage_over_100_refused(factory, figure):
    obj = factory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=figure)

    errors = validation_messages(obj)

    assert errors["value"] == ["A percentage must be between 0 and 100."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
def test_percentage_below_0_refused(factory):
    obj = factory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=Decimal("-0.5"))

    errors = validation_messages(obj)

    assert errors["value"] == ["A percentage cannot be negative."]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("0"), Decimal("42.5"), Decimal("100")])
def test_percentage_within_0_to_100_is_fine(factory, figure):
    obj = factory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.PERCENTAGE), value=figure)

    obj.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (Decimal("-3"), "A count cannot be negative."),
        (Decimal("2.5"), "A count must be a whole number."),
        (Decimal("0.001"), "A count must be a whole number."),
    ],
)
def test_count_negative_or_fractional_refused(factory, figure, message):
    obj = factory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.COUNT), value=figure)

    errors = validation_messages(obj)

    assert errors["value"] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [f.IndicatorValueFactory, f.TargetFactory], ids=["value", "target"])
@pytest.mark.parametrize("figure", [Decimal("0"), Decimal("17"), Decimal("17.000")])
def test_count_whole_number_is_fine(factory, figure):
    obj = factory.build(indicator=f.IndicatorFactory(unit=Indicator.Unit.COUNT), value=figure)

    obj.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("unit", [Indicator.Unit.RATE_PER_10K, Indicator.Unit.RATE_PER_1K, Indicator.Unit.DAYS])
def test_fractional_figure_for_non_count_unit_is_fine(unit):
    value = f.IndicatorValueFactory.build(indicator=f.IndicatorFactory(unit=unit), value=Decimal("2.5"))

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
    stranger = f.BreakdownCategoryFactory(name="Female", breakdown=f.BreakdownFactory(name="Gender"))
    value = f.IndicatorValueFactory.build(indicator=indicator_with_breakdown, category=stranger)

    errors = validation_messages(value)

    number = indicator_with_breakdown.number
    breakdown = indicator_with_breakdown.breakdown.name
    assert errors["category"] == [f"Female is not a category of indicator {number}'s breakdown ({breakdown})."]


@pytest.mark.django_db
def test_indicator_value_category_on_indicator_without_breakdown_refused():
    indicator = f.IndicatorFactory(number="7", breakdown=None)
    value = f.IndicatorValueFactory.build(indicator=indicator, category=f.BreakdownCategoryFactory())

    errors = validation_messages(value)

    assert errors["category"] == ["Indicator 7 has no breakdown by category."]


@pytest.mark.django_db
def test_indicator_value_category_of_its_breakdown_is_fine(indicator_with_breakdown):
    category = f.BreakdownCategoryFactory(breakdown=indicator_with_breakdown.breakdown)
    value = f.IndicatorValueFactory.build(indicator=indicator_with_breakdown, category=category)

    value.full_clean()


# --------------------------------------------------------------------------- activities


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in Activity.Status if s != Activity.Status.COMPLETE])
def test_activity_completed_on_when_not_complete_refused_by_full_clean(status):
    activity = f.ActivityFactory(status=status)

    activity.completed_on = datetime.date(2018, 10, 15)
    errors = validation_messages(activity)

    message = "A completion date can only be given for a complete activity."
    assert errors == {"completed_on": [message]}
    assert constraint_messages(activity) == {NON_FIELD_ERRORS: [message]}


@pytest.mark.django_db
def test_activity_completed_on_when_not_complete_refused_by_database():
    activity = f.ActivityFactory.build(
        project=f.ProjectFactory(), status=Activity.Status.IN_PROGRESS, completed_on=datetime.date(2018, 10, 15)
    )

    assert_database_refuses(activity)


@pytest.mark.django_db
@pytest.mark.parametrize("completed_on", [datetime.date(2018, 10, 15), None])
def test_activity_complete_with_or_without_completed_on_is_fine(completed_on):
    activity = f.ActivityFactory(status=Activity.Status.COMPLETE, completed_on=completed_on)

    activity.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["due", "revised_due"])
@pytest.mark.parametrize("day", [2, 15, 30])
def test_activity_due_not_on_first_of_month_refused(field, day):
    activity = f.ActivityFactory(due=datetime.date(2018, 6, 1), revision_reason="Waiting for the audit.")

    setattr(activity, field, datetime.date(2018, 6, day))
    errors = validation_messages(activity)

    assert errors[field] == ["A due month is stored as the first day of that month."]


@pytest.mark.django_db
def test_activity_without_due_is_fine():
    activity = f.ActivityFactory(due=None)

    activity.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_activity_revised_due_later_without_reason_refused(reason):
    activity = f.ActivityFactory(due=datetime.date(2018, 6, 1))

    activity.revised_due = datetime.date(2018, 9, 1)
    activity.revision_reason = reason
    errors = validation_messages(activity)

    assert errors["revision_reason"] == ["Give a reason when the timescale moves later."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("revised_due", "reason"),
    [
        (datetime.date(2018, 9, 1), "Waiting for the new case audit tool."),
        (datetime.date(2018, 6, 1), ""),
        (datetime.date(2018, 4, 1), ""),
    ],
    ids=["later-with-reason", "same-month", "earlier"],
)
def test_activity_revised_due_with_reason_or_not_later_is_fine(revised_due, reason):
    activity = f.ActivityFactory(due=datetime.date(2018, 6, 1))

    activity.revised_due = revised_due
    activity.revision_reason = reason

    activity.full_clean()


@pytest.mark.django_db
def test_activity_order_duplicate_in_project_refused_by_both_layers():
    existing = f.ActivityFactory(order=1)
    duplicate = f.ActivityFactory.build(project=existing.project, order=1)

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["Activity with this Project and Order already exists."]
    assert_database_refuses(duplicate)


# --------------------------------------------------------------------------- plans


@pytest.mark.django_db
def test_plan_second_current_refused_by_full_clean():
    f.PlanFactory(is_current=True)
    second = f.PlanFactory.build(is_current=True)

    errors = validation_messages(second)

    assert errors[NON_FIELD_ERRORS] == ["Another plan is already marked as current."]


@pytest.mark.django_db
def test_plan_second_current_refused_by_database():
    f.PlanFactory(is_current=True)

    assert_database_refuses(f.PlanFactory.build(is_current=True))


@pytest.mark.django_db
def test_plan_many_not_current_are_fine():
    f.PlanFactory(is_current=True)
    plans = f.PlanFactory.create_batch(2, is_current=False)

    for plan in plans:
        plan.full_clean()

    assert Plan.objects.filter(is_current=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("ends_on", PERIOD_ENDS)
def test_plan_end_not_after_start_refused_by_both_layers(ends_on):
    plan = f.PlanFactory.build(starts_on=datetime.date(2018, 4, 1), ends_on=ends_on)

    errors = validation_messages(plan)

    assert errors[NON_FIELD_ERRORS] == ["The plan must end after it starts."]
    assert_database_refuses(plan)


# --------------------------------------------------------------------------- status updates are append-only


@pytest.mark.django_db
def test_status_update_save_of_existing_refused():
    update = f.StatusUpdateFactory(note="Original note")

    update.note = "Rewritten"
    with pytest.raises(ValidationError, match="cannot be changed"):
        update.save()

    update.refresh_from_db()
    assert update.note == "Original note"


@pytest.mark.django_db
def test_status_update_delete_refused():
    update = f.StatusUpdateFactory()

    with pytest.raises(ValidationError, match="cannot be deleted"):
        update.delete()

    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_status_update_queryset_delete_refused():
    update = f.StatusUpdateFactory()

    with pytest.raises(ValidationError, match="cannot be deleted"):
        StatusUpdate.objects.filter(pk=update.pk).delete()

    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_status_update_queryset_update_refused():
    update = f.StatusUpdateFactory(status=Project.Status.ON_TRACK, note="Original note")

    with pytest.raises(ValidationError, match="cannot be changed"):
        StatusUpdate.objects.filter(pk=update.pk).update(status=Project.Status.DELAYED, note="Rewritten")

    update.refresh_from_db()
    assert (update.status, update.note) == (Project.Status.ON_TRACK, "Original note")


@pytest.mark.django_db
def test_status_update_new_ones_can_be_added():
    project = f.ProjectFactory()

    f.StatusUpdateFactory.create_batch(2, project=project)

    assert project.updates.count() == 2


# --------------------------------------------------------------------------- natural ordering


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("1.2", "1.10"),
        ("1.9", "2.1"),
        ("9", "10"),
        ("55", "56a"),
        ("56", "56a"),
        ("56a", "56b"),
        ("56b", "57"),
        ("2.3", "12.1"),
    ],
)
def test_sort_key_orders_naturally(earlier, later):
    assert sort_key(earlier) < sort_key(later)


@pytest.mark.parametrize(("a", "b"), [("56A", "56a"), (" 2.3 ", "2.3"), (7, "7")])
def test_sort_key_ignores_case_spaces_and_type(a, b):
    assert sort_key(a) == sort_key(b)


def test_sort_key_pads_digit_runs():
    assert sort_key("2.3") == "0002.0003"


@pytest.mark.django_db
def test_project_ordering_is_natural():
    theme = f.ThemeFactory(number=1)
    for number in ["1.10", "1.9", "1.2", "1.1"]:  # created in reverse order
        f.ProjectFactory(theme=theme, number=number)

    numbers = [project.number for project in Project.objects.all()]

    assert numbers == ["1.1", "1.2", "1.9", "1.10"]


@pytest.mark.django_db
def test_activity_ordering_follows_project_order():
    theme = f.ThemeFactory(number=1)
    later = f.ProjectFactory(theme=theme, number="1.10")
    earlier = f.ProjectFactory(theme=theme, number="1.2")
    f.ActivityFactory(project=later, order=1)
    f.ActivityFactory(project=earlier, order=2)
    f.ActivityFactory(project=earlier, order=1)

    keys = [(activity.project.number, activity.order) for activity in Activity.objects.all()]

    assert keys == [("1.2", 1), ("1.2", 2), ("1.10", 1)]


@pytest.mark.django_db
def test_indicator_ordering_is_natural():
    outcome = f.StrategicOutcomeFactory()
    for number in ["57", "56b", "56a", "55", "10", "9"]:  # created in reverse order
        f.IndicatorFactory(outcome=outcome, number=number)

    numbers = [indicator.number for indicator in Indicator.objects.all()]

    assert numbers == ["9", "10", "55", "56a", "56b", "57"]


@pytest.mark.django_db
def test_sort_key_follows_number_change_on_save():
    project = f.ProjectFactory(theme=f.ThemeFactory(number=1), number="1.2")

    project.number = "1.10"
    project.save()
    project.refresh_from_db()

    assert project.sort_key == sort_key("1.10")


# --------------------------------------------------------------------------- __str__


STR_CASES = [
    # (model, case id, make, texts that must all be in str())
    ("plans.Plan", "plan", lambda: f.PlanFactory(title="Strategic Plan 2018-19", version=2),
     ["Strategic Plan 2018-19", "version 2"]),
    ("plans.ValueTheme", "value-theme", lambda: f.ValueThemeFactory(number=3, name="Child centred"),
     ["Theme 3", "Child centred"]),
    ("plans.Value", "value", lambda: f.ValueFactory(name="Listening to children"), ["Listening to children"]),
    ("plans.Responsibility", "responsibility", lambda: f.ResponsibilityFactory(title="Co-ordinate"),
     ["Co-ordinate"]),
    ("plans.StrategicPriority", "strategic-priority", lambda: f.StrategicPriorityFactory(name="Early help"),
     ["Early help"]),
    ("plans.ServicePriority", "service-priority", lambda: f.ServicePriorityFactory(order=4, name="Neglect"),
     ["4", "Neglect"]),
    ("plans.FocusArea", "focus-area", lambda: f.FocusAreaFactory(name="Domestic abuse"), ["Domestic abuse"]),
    ("plans.StrategicOutcome", "outcome", lambda: f.StrategicOutcomeFactory(number=2, title="Safe"),
     ["2", "Safe"]),
    ("plans.ProgrammeBoard", "board", lambda: f.ProgrammeBoardFactory(name="Performance and Quality Assurance"),
     ["Performance and Quality Assurance"]),
    ("plans.Officer", "officer", lambda: f.OfficerFactory(name="L&WFD PB Officer"), ["L&WFD PB Officer"]),
    ("plans.Theme", "theme", lambda: f.ThemeFactory(number=2, title="Voice of the child"),
     ["Theme 2", "Voice of the child"]),
    ("plans.Project", "project",
     lambda: f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3", title="Neglect toolkit"),
     ["2.3", "Neglect toolkit"]),
    ("plans.Activity", "activity",
     lambda: f.ActivityFactory(project=f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3"), order=4,
                               description="Train the workforce"),
     ["2.3", "activity 4", "Train the workforce"]),
    ("plans.StatusUpdate", "status-update",
     lambda: f.StatusUpdateFactory(project=f.ProjectFactory(theme=f.ThemeFactory(number=2), number="2.3"),
                                   status=Project.Status.AT_RISK),
     ["2.3", "At risk"]),
    ("plans.ReminderLog", "reminder",
     lambda: f.ReminderLogFactory(officer=f.OfficerFactory(name="Jo Bloggs"), sent_on=datetime.date(2018, 7, 2)),
     ["Jo Bloggs", "02 Jul 2018"]),
    ("indicators.Breakdown", "breakdown", lambda: f.BreakdownFactory(name="Gender"), ["Gender"]),
    ("indicators.BreakdownCategory", "category",
     lambda: f.BreakdownCategoryFactory(breakdown=f.BreakdownFactory(name="Gender"), name="Female"),
     ["Gender", "Female"]),
    ("indicators.Indicator", "indicator", lambda: f.IndicatorFactory(number="56a", title="Referrals"),
     ["56a", "Referrals"]),
    ("indicators.IndicatorValue", "indicator-value",
     lambda: f.IndicatorValueFactory(indicator=f.IndicatorFactory(number="56a"), value=Decimal("12.5")),
     ["56a", "Apr 2018", "Jun 2018", "12.5"]),
    ("indicators.IndicatorValue", "categorised-value",
     lambda: f.IndicatorValueFactory(
         indicator=f.IndicatorFactory(number="3", breakdown=f.BreakdownFactory(name="Source")),
         category=f.BreakdownCategoryFactory(breakdown=f.BreakdownFactory(name="Source"), name="Police"),
     ),
     ["3", "Police"]),
    ("indicators.Target", "target",
     lambda: f.TargetFactory(indicator=f.IndicatorFactory(number="12"), value=Decimal("80")),
     ["12", "Apr 2018", "Mar 2019", "80"]),
    ("indicators.Comparator", "comparator",
     lambda: f.ComparatorFactory(indicator=f.IndicatorFactory(number="7"), value=Decimal("41.5")),
     ["England", "7", "2018-19 Q1", "41.5"]),
    ("indicators.Commentary", "commentary",
     lambda: f.CommentaryFactory(indicator=f.IndicatorFactory(number="15")), ["15", "2018-19 Q1"]),
    ("indicators.ProcessChange", "process-change",
     lambda: f.ProcessChangeFactory(indicator=f.IndicatorFactory(number="22")), ["22", "April 2018"]),
    ("indicators.PeriodLock", "period-lock", lambda: f.PeriodLockFactory(), ["2018-19 Q1", "locked"]),
    ("indicators.SignOffEvent", "sign-off", lambda: f.SignOffEventFactory(), ["Locked", "2018-19 Q1"]),
    ("indicators.ImportBatch", "import-batch", lambda: f.ImportBatchFactory(filename="june.csv"),
     ["Indicator values", "june.csv", "previewed"]),
    ("indicators.PublicationSettings", "publication-settings", lambda: f.PublicationSettingsFactory(is_enabled=True),
     ["Publication settings", "publishing on"]),
    ("papers.BoardPack", "board-pack",
     lambda: f.BoardPackFactory(meeting_date=datetime.date(2019, 4, 18)),
     ["Board pack", "18 April 2019", "March 2019"]),
]  # fmt: skip


def test_str_cases_cover_every_model():
    labels = {model._meta.label for model in app_models()}

    missing = labels - {case[0] for case in STR_CASES}

    assert not missing, f"Add a __str__ case for {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "make", "expected"), [(c[0], c[2], c[3]) for c in STR_CASES], ids=[c[1] for c in STR_CASES]
)
def test_str_is_meaningful(label, make, expected):
    obj = make()

    text = str(obj)

    assert type(obj)._meta.label == label
    assert text.strip()
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"


# --------------------------------------------------------------------------- natural keys


def models_with_natural_keys():
    return sorted(model._meta.label for model in app_models() if hasattr(model, "natural_key"))


def test_natural_key_models_have_factories():
    assert set(models_with_natural_keys()) <= set(MODELS_WITH_FACTORIES)


@pytest.mark.django_db
@pytest.mark.parametrize("label", models_with_natural_keys())
def test_natural_key_round_trips(label):
    obj = MODELS_WITH_FACTORIES[label]()
    manager = type(obj)._default_manager

    assert hasattr(manager, "get_by_natural_key"), (
        f"BUG: {label} defines natural_key() but its default manager has no get_by_natural_key(). "
        "loaddata then inserts the fixture's rows (which have no pk) as new rows instead of updating them, "
        "so loading the seed fixture a second time fails with IntegrityError, and a natural foreign key "
        "to it cannot be resolved"
    )
    assert manager.get_by_natural_key(*obj.natural_key()) == obj


# --------------------------------------------------------------------------- overdue


OVERDUE_CASES = [
    # due, revised_due, status, today, overdue?
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 6, 1), False, id="due-month"),
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 6, 30), False, id="last-day"),
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 7, 1), True, id="next-month"),
    pytest.param(datetime.date(2018, 6, 1), None, "not_started", datetime.date(2019, 1, 15), True, id="long-ago"),
    pytest.param(datetime.date(2018, 6, 1), None, "delayed", datetime.date(2018, 7, 1), True, id="delayed"),
    pytest.param(datetime.date(2018, 6, 1), None, "complete", datetime.date(2018, 7, 1), False, id="complete"),
    pytest.param(datetime.date(2018, 6, 1), None, "complete", datetime.date(2020, 1, 1), False, id="complete-later"),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 9, 1), "in_progress", datetime.date(2018, 7, 1), False,
        id="revised-later-not-yet",
    ),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 9, 1), "in_progress", datetime.date(2018, 10, 1), True,
        id="revised-later-passed",
    ),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 4, 1), "in_progress", datetime.date(2018, 5, 1), True,
        id="revised-earlier-passed",
    ),
    pytest.param(None, None, "in_progress", datetime.date(2030, 1, 1), False, id="no-due"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("due", "revised_due", "status", "today", "overdue"), OVERDUE_CASES)
def test_activity_overdue_queryset_and_method_agree(due, revised_due, status, today, overdue):
    activity = f.ActivityFactory(
        due=due,
        revised_due=revised_due,
        revision_reason="Moved" if revised_due else "",
        status=status,
        completed_on=datetime.date(2018, 5, 20) if status == "complete" else None,
    )

    in_queryset = Activity.objects.overdue(today).filter(pk=activity.pk).exists()

    assert activity.is_overdue(today) is overdue
    assert in_queryset is overdue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime.datetime(2018, 6, 30, 23, 30, tzinfo=LONDON), False),
        (datetime.datetime(2018, 7, 1, 0, 30, tzinfo=LONDON), True),
    ],
    ids=["last-evening-of-due-month", "first-morning-after"],
)
def test_activity_overdue_defaults_to_today(now, overdue):
    activity = f.ActivityFactory(due=datetime.date(2018, 6, 1), status=Activity.Status.IN_PROGRESS)

    with time_machine.travel(now, tick=False):
        in_queryset = Activity.objects.overdue().filter(pk=activity.pk).exists()
        by_method = activity.is_overdue()

    assert by_method is overdue
    assert in_queryset is overdue


# --------------------------------------------------------------------------- history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field", "new_value"),
    [
        (f.ProjectFactory, "status", Project.Status.AT_RISK),
        (f.ActivityFactory, "status", Activity.Status.DELAYED),
        (f.IndicatorFactory, "title", "Renamed indicator"),
        (f.IndicatorValueFactory, "value", Decimal("99")),
        (f.TargetFactory, "value", Decimal("55")),
    ],
    ids=["project", "activity", "indicator", "indicator-value", "target"],
)
def test_history_records_each_save(factory, field, new_value):
    obj = factory()
    created = obj.history.count()

    setattr(obj, field, new_value)
    obj.save()

    assert created == 1
    assert obj.history.count() == 2
    assert getattr(obj.history.first(), field) == new_value
    assert obj.history.first().history_type == "~"
