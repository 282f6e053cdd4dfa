"""The board pack carries the assurance summary: overdue actions, audit progress and the top risks."""

import datetime

import pytest
import time_machine

from assurance.queries import pack_summary
from indicators.periods import Period
from papers.pack import generate_board_pack
from tests.assurance.factories import ActionFactory, AuditFactory, AuditReturnFactory, RiskFactory
from tests.plans.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def test_pack_summary_lists_overdue_actions_audit_progress_and_top_risks():
    police, health = AgencyFactory(name="Northumbria Police"), AgencyFactory(name="City Hospitals")
    audit = AuditFactory(
        title="Section 11 2018", agencies=[police, health], return_deadline=datetime.date(2018, 11, 30)
    )
    AuditReturnFactory(audit=audit, agency=police)
    with time_machine.travel(datetime.datetime(2018, 9, 1, 12), tick=False):
        ActionFactory(title="Late one", owner=OfficerFactory(agency=police), due=datetime.date(2018, 10, 15))
        ActionFactory(title="Not yet due", due=datetime.date(2019, 2, 15))
    for n in range(6):
        RiskFactory(title=f"Risk {n}", likelihood=n % 5 + 1, impact=5)

    summary = pack_summary(datetime.date(2018, 12, 10))

    assert [action["title"] for action in summary["overdue_actions"]] == ["Late one"]
    assert [action["title"] for action in summary["open_actions"]] == ["Not yet due"]
    assert summary["overdue_actions"][0]["agency"] == "Northumbria Police"
    row = next(row for row in summary["audits"] if row["title"] == "Section 11 2018")
    assert (row["returned"], row["agencies"], row["overdue"]) == (1, 2, ["City Hospitals"])
    assert [risk["score"] for risk in summary["top_risks"]] == [25, 20, 15, 10, 5]


def test_board_pack_has_the_assurance_section(seed_plan, board_admin_user, monkeypatch):
    monkeypatch.setattr("papers.pdf.render_pdf", lambda html, **kwargs: b"%PDF-1.7 not rendered in this test")
    with time_machine.travel(datetime.datetime(2019, 1, 5, 12), tick=False):
        ActionFactory(title="Refresh the safer recruitment policy", due=datetime.date(2019, 1, 31))
    RiskFactory(title="Budget contributions fall", likelihood=4, impact=5)

    with time_machine.travel(datetime.datetime(2019, 4, 20, 12), tick=False):
        pack = generate_board_pack(
            plan=seed_plan,
            meeting_date=datetime.date(2019, 4, 25),
            as_at=Period.parse("2019-03"),
            user=board_admin_user,
        )

    assert "4. Assurance: actions, audit progress, top risks" in pack.html
    assert "Refresh the safer recruitment policy" in pack.html
    assert pack.figures["assurance"]["top_risks"][0]["title"] == "Budget contributions fall"
