"""What the seed fixture holds of the strategic plan (values, responsibilities, priorities, themes) and of its
scorecard (Appendix A: indicators, their numbers, units, boards and breakdowns)."""

import datetime
from collections import defaultdict

import pytest

from core.numbering import sort_key
from indicators.models import Indicator
from plans.models import Plan, Responsibility, ServicePriority, Theme, ValueTheme


@pytest.fixture
def seeded(seed_plan):
    """The fixture's rows (seed_plan, tests/conftest.py)."""


# --------------------------------------------------------------------------- the plan and its lists


@pytest.mark.django_db
def test_plan_attributes_as_adopted(seeded):
    plan = Plan.objects.get(code="2018-19")

    assert plan.title == "Strategic Plan April 2018 – March 2019 & SSCB Business Plan 2017 - 2019"
    assert plan.version == 1
    assert plan.adopted_by == "Sunderland Safeguarding Children Board"
    assert plan.adopted_on == datetime.date(2018, 4, 23)
    assert (plan.starts_on, plan.ends_on) == (datetime.date(2018, 4, 1), datetime.date(2019, 3, 31))
    assert plan.mission == "High Support, High Challenge – Working together; making a difference; safeguarding children"
    assert plan.is_current is True


@pytest.mark.django_db
def test_values_in_order_per_theme(seeded):
    themes = {
        theme.name: list(theme.values.order_by("order").values_list("name", flat=True))
        for theme in ValueTheme.objects.order_by("number")
    }
    assert list(themes) == [
        "Listen and Learn",
        "Work in Partnerships",
        "Trust and Respect",
        "Never Give Up",
        "Continuous Improvement",
    ]
    assert themes["Work in Partnerships"] == [
        "Collaborative",
        "Learning Together",
        "Improving Together",
        "Critical Friends",
    ]
    assert themes["Continuous Improvement"] == ["Aiming High"]


@pytest.mark.django_db
def test_responsibility_quote_space_removed(seeded):
    first = Responsibility.objects.get(order=1)
    assert first.title == "Coordinate and Support"
    assert first.description == "safeguarding children and young people practice and “think family”"


@pytest.mark.django_db
def test_focus_areas_in_order_per_service_priority(seeded):
    areas = {
        sp.name: list(sp.focus_areas.order_by("order").values_list("name", flat=True))
        for sp in ServicePriority.objects.order_by("order")
    }
    assert areas == {
        "Vulnerable Adolescents": [
            "CSE",
            "Risk Taking Behaviours such as Substance Abuse",
            "CAMHS/Self-harm and suicide",
            "Missing",
        ],
        "Neglect": [
            "Early Help",
            "Parenting support and the best start in life",
            "Access to advice and support",
            "Identification",
        ],
        "Compromised Parenting": ["Domestic Abuse", "Substance Abuse", "Mental ill health"],
    }


@pytest.mark.django_db
def test_themes_titles_with_theme_6_vulnerable_adolescents(seeded):
    assert list(Theme.objects.order_by("number").values_list("number", "title")) == [
        (1, "People"),
        (2, "Practice and systems"),
        (3, "Performance, compliance and quality assurance"),
        (4, "Neglect and Poverty"),
        (5, "Compromised Parenting"),
        (6, "Vulnerable Adolescents"),
    ]


# --------------------------------------------------------------------------- the scorecard


@pytest.mark.django_db
def test_indicators_numbers_in_natural_order(seeded):
    expected = [str(n) for n in range(1, 56)] + ["56a", "56b"] + [str(n) for n in range(57, 69)]
    assert list(Indicator.objects.values_list("number", flat=True)) == expected


@pytest.mark.django_db
def test_indicators_outcome_membership(seeded):
    by_outcome = defaultdict(list)
    for number, outcome in Indicator.objects.values_list("number", "outcome__number"):
        by_outcome[outcome].append(number)

    assert by_outcome[1] == [str(n) for n in range(1, 24)]
    assert by_outcome[2] == [str(n) for n in range(24, 32)]
    assert by_outcome[3] == [str(n) for n in range(32, 56)] + ["56a", "56b"] + [str(n) for n in range(57, 69)]


@pytest.mark.django_db
def test_indicators_derived_fields_as_save_would_set_them(seeded):
    for indicator in Indicator.objects.select_related("outcome"):
        assert indicator.plan_id == indicator.outcome.plan_id
        assert indicator.sort_key == sort_key(indicator.number)


@pytest.mark.django_db
def test_indicators_titles_verbatim_sample(seeded):
    titles = dict(Indicator.objects.values_list("number", "title"))

    assert titles["1"] == "No. of open Cases to Children's Social Care"
    assert titles["13"] == "Number of step up's into Early Help"
    assert titles["26"] == "%. of children eligible for free school meals (secondary)"
    assert titles["56a"] == "% of re-offending for CYP (annual cohort)"
    assert titles["58"] == "No. of cases discussed on MSET Operational Group agenda (Gender Breakdown M:F)"
    assert titles["68"] == (
        "The number of offences against children: Violence , Sexual, Child Neglect, Child Sexual Abuse, CSE, FGM"
    )


@pytest.mark.django_db
def test_indicators_units_sample(seeded):
    units = dict(Indicator.objects.values_list("number", "unit"))

    assert units["1"] == Indicator.Unit.COUNT
    assert units["5"] == Indicator.Unit.RATE_PER_10K
    assert units["32"] == Indicator.Unit.RATE_PER_10K
    assert units["40"] == Indicator.Unit.RATE_PER_1K
    assert units["64"] == units["67"] == Indicator.Unit.DAYS
    assert units["4"] == units["7"] == units["29"] == Indicator.Unit.PERCENTAGE
    assert units["58"] == units["68"] == Indicator.Unit.COUNT


@pytest.mark.django_db
def test_indicators_lead_boards_by_group(seeded):
    leads = dict(Indicator.objects.values_list("number", "lead_board__short_name"))

    assert {leads[n] for n in ["35", "36", "37", "38", "39"]} == {"DASPG"}
    assert {leads[n] for n in ["40", "51", "54", "55", "56a", "56b", "57", "61", "67", "68"]} == {"VA SPG"}
    assert {leads[str(n)] for n in range(1, 35)} == {"P&QA PB"}


@pytest.mark.django_db
def test_indicators_focus_areas_within_their_service_priorities(seeded):
    for indicator in Indicator.objects.prefetch_related("focus_areas", "service_priorities"):
        priorities = set(indicator.service_priorities.all())
        assert {area.service_priority for area in indicator.focus_areas.all()} <= priorities


@pytest.mark.django_db
def test_breakdown_categories_of_4_7_58_68(seeded):
    def categories(number):
        indicator = Indicator.objects.get(plan__code="2018-19", number=number)
        return indicator.breakdown.name, list(
            indicator.breakdown.categories.order_by("order").values_list("name", flat=True)
        )

    assert categories("4") == (
        "Referral source",
        [
            "Individual (self, relative, carer / acquaintance)",
            "Education (schools/ early years and other providers)",
            "Health (G.P, Health visitors, School Nurses, Other primary Health care Services)",
            "LA Services",
            "Other Service",
            "Police",
            "Other",
        ],
    )
    assert categories("7") == (
        "Child protection plan category",
        ["Physical Abuse", "Emotional Abuse", "Sexual Abuse", "Neglect"],
    )
    assert categories("58") == ("Gender", ["Male", "Female"])
    assert categories("68") == (
        "Offence type",
        ["Violence", "Sexual", "Child Neglect", "Child Sexual Abuse", "CSE", "FGM"],
    )
    assert set(Indicator.objects.filter(breakdown__isnull=False).values_list("number", flat=True)) == {
        "4",
        "7",
        "58",
        "68",
    }
