"""The scorecard pages: what a board member reads, what each role may do, and how many queries it costs."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from bench.datasets import build_dataset
from core import permissions as roles
from indicators.models import (
    Commentary,
    Indicator,
    IndicatorValue,
    PeriodLock,
    PeriodLocked,
    ProcessChange,
    SignOffEvent,
)
from indicators.periods import Period
from indicators.scorecard import Reasons, build_scorecard
from plans.models import Project

pytestmark = pytest.mark.django_db

MAX_QUERIES = 17  # with the plan switcher's list of plans, and the plans' data version (the kept filters)


@pytest.fixture
def plan_loaded(seed_plan):
    """The seed plan: loaddata once a session, then the same rows re-inserted (tests/conftest.py)."""


def signed_in(client, django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(username, password="a-long-test-password", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


def add_series(indicator, values, *, first=datetime.date(2018, 4, 1)):
    """Monthly values from `first`, one per month, overall figure."""
    period = Period.containing(first, "monthly")
    for value in values:
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
        )
        period = period.shifted(1)


def monthly_indicator(number):
    indicator = Indicator.objects.get(number=number)
    assert indicator.frequency == "monthly", f"indicator {number} is expected to be monthly in the seed"
    return indicator


# --------------------------------------------------------------------------- the rules on real rows


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_row_red_against_target_is_an_exception(plan_loaded):
    indicator = monthly_indicator("16")  # % of CIN assessments completed in timescale: higher is better
    add_series(indicator, [80, 82, 70])
    indicator.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=85, tolerance=5
    )

    [row] = build_scorecard(Indicator.objects.filter(pk=indicator.pk)).rows

    assert row.latest.value == Decimal(70)
    assert row.latest.period == Period.month(2018, 6)
    assert row.previous.value == Decimal(82)
    assert row.rag.value == "red"  # 70 is below 85 - 5
    assert row.direction_previous.label == "Worsening"
    assert Reasons.RED in row.reasons
    assert row.is_exception


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_row_missing_after_deadline_is_an_exception(plan_loaded):
    late = monthly_indicator("1")
    on_time = monthly_indicator("2")
    add_series(late, [10, 11])  # April, May 2018
    add_series(on_time, [10, 11, 12])  # April to June 2018

    card = build_scorecard(Indicator.objects.filter(pk__in=[late.pk, on_time.pk]))
    rows = {row.indicator.number: row for row in card.rows}

    assert card.as_at == Period.month(2018, 6)  # the latest month with any value
    assert rows["1"].is_missing and Reasons.MISSING in rows["1"].reasons
    assert not rows["2"].is_missing


@time_machine.travel(datetime.date(2018, 7, 10))
def test_scorecard_row_not_missing_before_the_deadline(plan_loaded):
    indicator = monthly_indicator("1")
    other = monthly_indicator("2")
    add_series(indicator, [10, 11])  # April, May 2018
    add_series(other, [10, 11, 12])  # June's value sets the reporting month

    [row] = build_scorecard(Indicator.objects.filter(pk=indicator.pk), as_at=Period.month(2018, 6)).rows

    # June ended on 30 June; the 30-day deadline runs to 30 July, and today is 10 July.
    assert not row.is_missing


@time_machine.travel(datetime.date(2020, 6, 1))
def test_scorecard_row_special_cause_concerning_is_an_exception(plan_loaded):
    indicator = monthly_indicator("14")  # No. of re-referrals
    indicator.polarity = Indicator.Polarity.LOWER_IS_BETTER
    indicator.save()
    add_series(indicator, [50, 52, 49, 51, 50, 48, 52, 50, 49, 51, 50, 52, 95])

    [row] = build_scorecard(Indicator.objects.filter(pk=indicator.pk)).rows

    assert row.variation.value == "special_cause_concerning"
    assert Reasons.CONCERNING in row.reasons
    assert [s.value for s in row.latest_signals] == ["beyond_limit"]


@time_machine.travel(datetime.date(2020, 6, 1))
def test_process_change_recomputes_limits_from_the_marked_period(plan_loaded, django_user_model):
    indicator = monthly_indicator("14")
    add_series(indicator, [10] * 6 + [11] * 6 + [30, 31, 30, 29, 30, 31, 30, 29, 30, 31, 30, 29])
    admin = django_user_model.objects.create_user("boss")

    [before] = build_scorecard(Indicator.objects.filter(pk=indicator.pk)).rows
    ProcessChange.objects.create(
        indicator=indicator, period_start=datetime.date(2019, 4, 1), reason="New recording system", created_by=admin
    )
    [after] = build_scorecard(Indicator.objects.filter(pk=indicator.pk)).rows

    assert before.spc.mean == pytest.approx(Decimal("20.25"))
    # From April 2019: 30, 31, 30, 29 three times: mean 30.
    assert after.spc.mean == Decimal(30)
    assert after.spc.points[0].mean == Decimal("10.5")


# --------------------------------------------------------------------------- pages


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_page_lists_outcomes_and_figures(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    add_series(monthly_indicator("16"), [80, 82, 70])

    response = client.get(reverse("indicators:scorecard"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Outcome 1: Supported as early as possible" in body
    assert "Outcome 3: Safe and protected from harm" in body
    assert "70.0%" in body and "82.0%" in body
    assert "Figures up to June 2018" in body
    assert "<svg" in body  # the sparkline
    assert "69 indicators" in body


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_filters_exceptions_only_and_rag(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    red = monthly_indicator("16")
    add_series(red, [80, 82, 70])
    red.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=85, tolerance=5
    )
    green = monthly_indicator("19")
    add_series(green, [95, 96, 97])
    green.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=90, tolerance=5
    )

    only_red = client.get(reverse("indicators:scorecard"), {"rag": "red"}).content.decode()
    only_green = client.get(reverse("indicators:scorecard"), {"rag": "green"}).content.decode()
    outcome_2 = client.get(
        reverse("indicators:scorecard"), {"outcome": red.outcome.plan.outcomes.get(number=2).pk}
    ).content.decode()

    assert "1 indicator match" in only_red and red.title[:40] in only_red
    assert "1 indicator match" in only_green and green.title[:40] in only_green
    assert "8 indicators match" in outcome_2  # indicators 24 to 31
    assert 'value="red" selected' in only_red  # the filter is kept in the form, as in the URL


def test_scorecard_bad_period_shows_error_beside_field(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)

    response = client.get(reverse("indicators:scorecard"), {"period": "2019-13"})

    assert response.status_code == 200
    assert "a month must be 01 to 12" in response.content.decode()
    assert 'id="id_period"' in response.content.decode()


@time_machine.travel(datetime.date(2019, 5, 20))
def test_exception_report_lists_only_exceptions_grouped(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "member", roles.PROGRAMME_BOARD_MEMBER)
    red = monthly_indicator("16")
    add_series(red, [80, 82, 70])
    red.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=85, tolerance=5
    )
    fine = monthly_indicator("19")
    add_series(fine, [95, 96, 97])
    fine.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=90, tolerance=5
    )
    Commentary.objects.create(
        indicator=red,
        period_start=datetime.date(2018, 6, 1),
        period_end=datetime.date(2018, 6, 30),
        author=django_user_model.objects.get(username="member"),
        story="Two social workers left in May.",
        actions="Agency staff started in July.",
    )

    body = client.get(reverse("indicators:exceptions"), {"period": "2018-06"}).content.decode()

    assert red.title in body
    assert fine.title not in body
    assert "Red against its target" in body
    assert "Two social workers left in May." in body
    assert "Led by " + red.lead_board.name in body


@time_machine.travel(datetime.date(2019, 5, 20))
def test_indicator_page_has_chart_table_comparators_and_csv(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    indicator = monthly_indicator("16")
    add_series(indicator, [80, 82, 70])
    indicator.comparators.create(
        period_start=datetime.date(2018, 6, 1), period_end=datetime.date(2018, 6, 30), area="england", value=83
    )

    page = client.get(reverse("indicators:indicator", args=["16"])).content.decode()
    csv_response = client.get(reverse("indicators:indicator_csv", args=["16"]))

    assert 'role="img"' in page and "<desc" in page  # the chart has a text alternative
    assert "June 2018" in page and "70.0%" in page  # and a table of the same figures
    assert "83.0%" in page  # England
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert csv_response.content.startswith("\ufeff".encode())
    assert lines[0].startswith("indicator,period,")
    assert lines[-1].startswith("16,2018-06,2018-06-01,2018-06-30,,70,")


def test_indicator_page_unknown_number_is_404(client, django_user_model, plan_loaded):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    assert client.get(reverse("indicators:indicator", args=["99"])).status_code == 404


# --------------------------------------------------------------------------- commentary and permissions


@pytest.fixture
def indicator_with_values(plan_loaded):
    indicator = monthly_indicator("16")
    add_series(indicator, [80, 82, 70])
    return indicator


def test_commentary_by_member_of_lead_board_is_saved(client, django_user_model, indicator_with_values):
    member = signed_in(client, django_user_model, "member", roles.PROGRAMME_BOARD_MEMBER)
    indicator_with_values.lead_board.members.add(member)

    response = client.post(
        reverse("indicators:add_commentary", args=["16"]),
        {"commentary-period": "2018-06", "commentary-story": "Staff shortages.", "commentary-actions": "Recruiting."},
    )

    assert response.status_code == 302
    commentary = Commentary.objects.get()
    assert (commentary.author, commentary.period_start, commentary.story) == (
        member,
        datetime.date(2018, 6, 1),
        "Staff shortages.",
    )
    assert "Staff shortages." in client.get(reverse("indicators:indicator", args=["16"])).content.decode()


def test_commentary_by_member_of_another_board_is_forbidden(client, django_user_model, indicator_with_values):
    signed_in(client, django_user_model, "member", roles.PROGRAMME_BOARD_MEMBER)

    response = client.post(
        reverse("indicators:add_commentary", args=["16"]),
        {"commentary-period": "2018-06", "commentary-story": "Not my board."},
    )

    assert response.status_code == 403
    assert not Commentary.objects.exists()


@pytest.mark.parametrize("role", [roles.VIEWER, roles.DATA_OFFICER, roles.LEAD_OFFICER])
def test_commentary_by_other_roles_is_forbidden(client, django_user_model, indicator_with_values, role):
    signed_in(client, django_user_model, "someone", role)

    response = client.post(
        reverse("indicators:add_commentary", args=["16"]),
        {"commentary-period": "2018-06", "commentary-story": "Hello."},
    )

    assert response.status_code == 403
    assert not Commentary.objects.exists()


def test_commentary_without_story_shows_error_and_keeps_input(client, django_user_model, indicator_with_values):
    member = signed_in(client, django_user_model, "member", roles.PROGRAMME_BOARD_MEMBER)
    indicator_with_values.lead_board.members.add(member)

    response = client.post(
        reverse("indicators:add_commentary", args=["16"]),
        {"commentary-period": "2018-06", "commentary-story": "  ", "commentary-actions": "Recruiting two staff."},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Write the story behind the figure." in body
    assert 'href="#id_commentary-story"' in body
    assert "Recruiting two staff." in body
    assert not Commentary.objects.exists()


# --------------------------------------------------------------------------- sign-off


def test_sign_off_locks_period_and_values_read_only(client, django_user_model, indicator_with_values):
    admin = signed_in(client, django_user_model, "admin1", roles.BOARD_ADMINISTRATOR)

    response = client.post(reverse("indicators:sign_off"), {"action": "lock", "lock-period": "2018-19 Q1"})

    assert response.status_code == 302
    lock = PeriodLock.objects.get()
    assert (lock.period_start, lock.period_end, lock.locked_by) == (
        datetime.date(2018, 4, 1),
        datetime.date(2018, 6, 30),
        admin,
    )
    value = IndicatorValue.objects.get(indicator=indicator_with_values, period_start=datetime.date(2018, 5, 1))
    value.value = Decimal(99)
    with pytest.raises(PeriodLocked):
        value.save()
    value.refresh_from_db()
    assert value.value == Decimal(82)
    assert SignOffEvent.objects.get().action == "locked"


def test_unlock_needs_a_reason_and_is_recorded(client, django_user_model, indicator_with_values):
    admin = signed_in(client, django_user_model, "admin1", roles.BOARD_ADMINISTRATOR)
    client.post(reverse("indicators:sign_off"), {"action": "lock", "lock-period": "2018-19 Q1"})

    refused = client.post(
        reverse("indicators:sign_off"), {"action": "unlock", "unlock-period": "2018-19 Q1", "unlock-reason": ""}
    )
    accepted = client.post(
        reverse("indicators:sign_off"),
        {
            "action": "unlock",
            "unlock-period": "2018-19 Q1",
            "unlock-reason": "May's figure was corrected by the provider.",
        },
    )

    assert refused.status_code == 200
    assert "Give a reason for unlocking the period." in refused.content.decode()
    assert accepted.status_code == 302
    assert not PeriodLock.objects.exists()
    unlock = SignOffEvent.objects.get(action="unlocked")
    assert (unlock.user, unlock.reason) == (admin, "May's figure was corrected by the provider.")


@pytest.mark.parametrize("role", [roles.VIEWER, roles.DATA_OFFICER, roles.LEAD_OFFICER, roles.PROGRAMME_BOARD_MEMBER])
def test_sign_off_is_for_board_administrators_only(client, django_user_model, plan_loaded, role):
    signed_in(client, django_user_model, "someone", role)

    assert client.get(reverse("indicators:sign_off")).status_code == 403
    response = client.post(reverse("indicators:sign_off"), {"action": "lock", "lock-period": "2018-19 Q1"})
    assert response.status_code == 403
    assert not PeriodLock.objects.exists()


def test_process_change_form_for_board_administrator(client, django_user_model, indicator_with_values):
    signed_in(client, django_user_model, "admin1", roles.BOARD_ADMINISTRATOR)

    bad = client.post(
        reverse("indicators:add_process_change", args=["16"]), {"process-period": "2018-19", "process-reason": "x"}
    )
    good = client.post(
        reverse("indicators:add_process_change", args=["16"]),
        {"process-period": "2018-05", "process-reason": "New case management system"},
    )

    assert "This indicator is reported monthly" in bad.content.decode()
    assert good.status_code == 302
    assert ProcessChange.objects.get().period_start == datetime.date(2018, 5, 1)


def test_process_change_forbidden_for_data_officer(client, django_user_model, indicator_with_values):
    signed_in(client, django_user_model, "data", roles.DATA_OFFICER)
    response = client.post(
        reverse("indicators:add_process_change", args=["16"]), {"process-period": "2018-05", "process-reason": "x"}
    )
    assert response.status_code == 403
    assert not ProcessChange.objects.exists()


# --------------------------------------------------------------------------- links to the business plan


@time_machine.travel(datetime.date(2019, 5, 20))
def test_project_and_indicator_show_each_other(client, django_user_model, indicator_with_values):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    project = Project.objects.get(number="4.1")
    indicator_with_values.projects.add(project)

    project_page = client.get(reverse("plans:project", args=["4.1"])).content.decode()
    indicator_page = client.get(reverse("indicators:indicator", args=["16"])).content.decode()

    assert indicator_with_values.title in project_page
    assert "provisional (3 points)" in project_page  # 3 points: trial limits, and the verdict says so
    assert "4.1 " + project.title[:30] in indicator_page


# --------------------------------------------------------------------------- query counts


@pytest.mark.slow
def test_scorecard_and_exception_report_queries_fixed_at_both_sizes(
    client, django_user_model, django_assert_max_num_queries
):
    signed_in(client, django_user_model, "viewer", roles.VIEWER)
    pages = [reverse("indicators:scorecard"), reverse("indicators:exceptions")]
    counts = {}
    for size in [(69, 12), (690, 120)]:
        plan = build_dataset(indicators=size[0], periods=size[1])
        assert Indicator.objects.filter(plan=plan).count() == size[0]
        client.get(pages[0])  # the first page after sign-in may refresh the session
        for url in pages:
            with django_assert_max_num_queries(MAX_QUERIES) as captured:
                response = client.get(url)
            assert response.status_code == 200
            assert f"Benchmark indicator {size[0]}" in response.content.decode() or url == pages[1]
            counts[size, url] = len(captured)

    for url in pages:
        assert counts[(69, 12), url] == counts[(690, 120), url], counts


def test_admin_cannot_change_or_delete_a_value_in_a_locked_period(admin_client, indicator_with_values, admin_user):
    value = IndicatorValue.objects.get(indicator=indicator_with_values, period_start=datetime.date(2018, 5, 1))
    PeriodLock.objects.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2018, 6, 30), locked_by=admin_user
    )
    change_url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])

    page = admin_client.get(change_url)
    post = admin_client.post(
        change_url,
        {
            "indicator": value.indicator_id,
            "period_start": "2018-05-01",
            "period_end": "2018-05-31",
            "value": "99",
            "note": "",
        },
    )
    delete = admin_client.post(reverse("admin:indicators_indicatorvalue_delete", args=[value.pk]), {"post": "yes"})

    assert page.status_code == 200
    assert 'name="value"' not in page.content.decode()  # shown read only
    assert post.status_code == 403
    assert delete.status_code == 403
    value.refresh_from_db()
    assert value.value == Decimal(82)


def test_target_must_cover_one_financial_year(plan_loaded):
    indicator = monthly_indicator("16")
    quarter = indicator.targets.model(
        indicator=indicator, period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2018, 6, 30), value=85
    )
    year = indicator.targets.model(
        indicator=indicator, period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=85
    )

    with pytest.raises(ValidationError) as error:
        quarter.full_clean()
    year.full_clean()

    assert error.value.message_dict["period_start"] == ["A target covers one financial year: 1 April to 31 March."]
