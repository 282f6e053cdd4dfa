"""factory-boy factories for the papers app: stored board packs."""

import datetime
import hashlib

import factory
from factory.django import DjangoModelFactory

from papers.models import BoardPack, BoardPackRequest
from tests.core.factories import UserFactory
from tests.plans.factories import PlanFactory


class BoardPackFactory(DjangoModelFactory):
    """A stored board pack for a meeting in April 2019, reporting March 2019 (its PDF a stand-in)."""

    class Meta:
        model = BoardPack

    plan = factory.SubFactory(PlanFactory)
    meeting_date = datetime.date(2019, 4, 18)
    reporting_period_start = datetime.date(2019, 3, 1)
    reporting_period_end = datetime.date(2019, 3, 31)
    changes_since = factory.LazyFunction(lambda: datetime.datetime(2019, 1, 18, 9, 0, tzinfo=datetime.UTC))
    generated_at = factory.LazyFunction(lambda: datetime.datetime(2019, 4, 11, 9, 0, tzinfo=datetime.UTC))
    generated_by = factory.SubFactory(UserFactory)
    html = '<div class="paper board-pack"><h1>Board pack</h1></div>'
    figures = factory.LazyFunction(lambda: {"version": 1, "indicators": [], "projects": []})
    pdf = b"%PDF-1.7\n% a stand-in for a rendered pack\n%%EOF\n"
    pdf_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.pdf).hexdigest())


class BoardPackRequestFactory(DjangoModelFactory):
    """A request for the pack of the April 2019 meeting, reporting March 2019, still queued."""

    class Meta:
        model = BoardPackRequest

    plan = factory.SubFactory(PlanFactory)
    meeting_date = datetime.date(2019, 4, 18)
    reporting_period_start = datetime.date(2019, 3, 1)
    reporting_period_end = datetime.date(2019, 3, 31)
    requested_by = factory.SubFactory(UserFactory)
