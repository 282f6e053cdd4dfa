"""The assurance records refuse bad input beside the field that caused it, and the seed cycles load."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from assurance.models import Action, Audit, AuditCycle, AuditReturn, Review, Risk
from tests.assurance.factories import (
    ActionFactory,
    AttendanceFactory,
    AuditFactory,
    AuditReturnFactory,
    MeetingFactory,
    RiskFactory,
)
from tests.plans.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def test_return_from_an_agency_not_in_the_audit_is_refused_beside_the_agency():
    police = AgencyFactory(name="Northumbria Police")
    audit = AuditFactory(agencies=[AgencyFactory(name="City Hospitals")])

    with pytest.raises(ValidationError) as refused:
        AuditReturn(audit=audit, agency=police).full_clean()

    assert refused.value.message_dict["agency"] == [
        "Northumbria Police is not taking part in this audit: add it to the audit's agencies first."
    ]


def test_return_from_an_agency_taking_part_is_accepted():
    police = AgencyFactory(name="Northumbria Police")
    audit = AuditFactory(agencies=[police])

    AuditReturn(audit=audit, agency=police, submitted_on=datetime.date(2018, 11, 1)).full_clean()


def test_one_return_per_agency_and_audit():
    existing = AuditReturnFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditReturn.objects.create(audit=existing.audit, agency=existing.agency)


def test_return_status_shows_overdue_agencies():
    police, health = AgencyFactory(name="Northumbria Police"), AgencyFactory(name="City Hospitals")
    audit = AuditFactory(agencies=[police, health], return_deadline=datetime.date(2018, 11, 30))
    AuditReturnFactory(audit=audit, agency=police, submitted_on=datetime.date(2018, 11, 20))

    with time_machine.travel(datetime.datetime(2018, 12, 3, 12), tick=False):
        status = {agency.name: overdue for agency, _item, overdue in audit.return_status()}

    assert status == {"Northumbria Police": False, "City Hospitals": True}


@time_machine.travel(datetime.datetime(2018, 7, 10, 12), tick=False)
def test_action_due_before_it_was_raised_is_refused_beside_the_due_date():
    action = ActionFactory.build(owner=OfficerFactory(), due=datetime.date(2018, 7, 9))

    with pytest.raises(ValidationError) as refused:
        action.full_clean()

    assert refused.value.message_dict["due"] == ["The due date cannot be before the action was raised (10 July 2018)."]


def test_action_from_an_audit_must_name_the_audit():
    action = ActionFactory.build(owner=OfficerFactory(), source=Action.Source.AUDIT)

    with pytest.raises(ValidationError) as refused:
        action.full_clean()

    assert "audit" in refused.value.message_dict


def test_action_belongs_to_its_owners_agency_and_is_overdue_after_its_due_month():
    police = AgencyFactory(name="Northumbria Police")
    with time_machine.travel(datetime.datetime(2018, 5, 2, 12), tick=False):
        action = ActionFactory(owner=OfficerFactory(agency=police), due=datetime.date(2018, 6, 15))

    with time_machine.travel(datetime.datetime(2018, 6, 30, 12), tick=False):
        assert not action.is_overdue
        assert not Action.objects.overdue().exists()
    with time_machine.travel(datetime.datetime(2018, 7, 1, 12), tick=False):
        assert action.is_overdue
        assert list(Action.objects.overdue()) == [action]
    assert action.agency == police


@pytest.mark.parametrize("field", ["likelihood", "impact", "residual_likelihood", "residual_impact"])
@pytest.mark.parametrize("value", [0, 6])
def test_risk_score_outside_one_to_five_is_refused_beside_the_field(field, value):
    risk = RiskFactory.build(owner=OfficerFactory(), **{field: value})

    with pytest.raises(ValidationError) as refused:
        risk.full_clean()

    assert refused.value.message_dict[field] == ["Score from 1 to 5."]


def test_risk_score_outside_one_to_five_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory(likelihood=6)


def test_risk_review_overdue():
    with time_machine.travel(datetime.datetime(2019, 3, 2, 12), tick=False):
        late = RiskFactory(review_on=datetime.date(2019, 3, 1))
        RiskFactory(review_on=datetime.date(2019, 3, 2))
        RiskFactory(review_on=datetime.date(2019, 1, 1), is_open=False)

        assert list(Risk.objects.review_overdue()) == [late]
        assert late.review_is_overdue


def test_meeting_is_quorate_with_enough_agencies_present():
    meeting = MeetingFactory(quorum=2)
    AttendanceFactory(meeting=meeting)
    absent = AttendanceFactory(meeting=meeting, present=False)

    assert not meeting.is_quorate
    absent.present = True
    absent.save()
    assert meeting.is_quorate


def test_seed_audit_cycles_load_as_the_source_gives_them_and_reload_without_change(seed_plan):
    call_command("loaddata", "assurance_audit_cycles", verbosity=0)
    call_command("loaddata", "assurance_audit_cycles", verbosity=0)

    assert list(AuditCycle.objects.values_list("name", flat=True)) == ["2018-19 audit cycle", "2017-18 audit cycle"]
    audits = {audit.project.number: audit for audit in Audit.objects.select_related("project")}
    assert set(audits) == {"3.2", "3.3", "4.4", "4.3", "6.2", "5.1"}
    assert audits["3.2"].kind == Audit.Kind.SECTION_11
    assert audits["5.1"].kind == Audit.Kind.JTAI
    assert "obtaining sample" in audits["4.3"].progress_note
    assert not any(audit.findings for audit in audits.values())  # the source reports no findings
    names = sorted(Review.objects.values_list("published_name", flat=True))
    assert names == ["Young Person Mark", "Young Person Rachel"]
