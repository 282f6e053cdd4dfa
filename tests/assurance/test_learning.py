"""Case reviews by their anonymised names only, the learning and improvement matrix, and each agency's view."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from assurance.models import Recommendation, Review
from tests.assurance.factories import (
    ActionFactory,
    AuditFactory,
    AuditReturnFactory,
    RecommendationFactory,
    ReviewFactory,
    RiskFactory,
    StandardRatingFactory,
)
from tests.pages import page
from tests.plans.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db

IDENTIFYING = ("real name", "child's name", "child name", "date of birth", "address", "postcode", "nhs number")


def test_no_field_of_the_assurance_records_invites_a_childs_identity():
    for model in apps.get_app_config("assurance").get_models():
        for field in model._meta.get_fields():
            words = f"{field.name} {getattr(field, 'verbose_name', '')} {getattr(field, 'help_text', '')}".lower()
            if field.name == "published_name":
                assert "never a child's real name" in words  # the only name field says what it must not hold
                continue
            assert not any(word in words for word in IDENTIFYING), (model.__name__, field.name)


def test_published_review_needs_its_publication_date_beside_the_field():
    review = ReviewFactory.build(status=Review.Status.PUBLISHED, published_on=None)

    with pytest.raises(ValidationError) as refused:
        review.full_clean()

    assert "published_on" in refused.value.message_dict


def test_recommendation_from_an_audit_must_name_it():
    recommendation = RecommendationFactory.build(
        source=Recommendation.Source.AUDIT, review=None, owner=OfficerFactory()
    )

    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()

    assert refused.value.message_dict["audit"] == ["Name the audit this recommendation comes from."]


def test_learning_matrix_lists_every_source_with_owner_action_and_evidence(viewer_client):
    mark = ReviewFactory(published_name="Young Person Mark")
    from_review = RecommendationFactory(review=mark, text="Share risk outside the home", evidence_of_impact="Audit")
    ActionFactory(title="Run the briefing sessions", recommendation=from_review)
    RecommendationFactory(
        source=Recommendation.Source.INSPECTION, review=None, source_detail="JTAI, March 2018", text="Triage faster"
    )

    matrix = page(viewer_client.get("/assurance/learning/")).table("Every recommendation")

    text = matrix.text
    assert "Share risk outside the home" in text and "Young Person Mark" in text
    assert "Run the briefing sessions (open)" in text
    assert "JTAI, March 2018" in text and "Triage faster" in text


def test_review_page_shows_its_recommendations(viewer_client):
    review = ReviewFactory(published_name="Young Person Rachel")
    RecommendationFactory(review=review, text="Train on exploitation")

    text = page(viewer_client.get(f"/assurance/reviews/{review.pk}/")).text

    assert "Young Person Rachel" in text
    assert "Train on exploitation" in text


def test_agency_page_shows_its_returns_actions_and_ratings(viewer_client):
    police = AgencyFactory(name="Northumbria Police")
    late = AuditFactory(title="Section 11 2018", agencies=[police], return_deadline=datetime.date(2018, 1, 31))
    rating = StandardRatingFactory(
        audit_return=AuditReturnFactory(agency=police, audit=AuditFactory(title="Section 11 2017")),
        standard="Standard 6: safer recruitment",
    )
    ActionFactory(title="Refresh vetting", owner=OfficerFactory(agency=police))
    RiskFactory(title="Vetting backlog", owner=OfficerFactory(agency=police), review_on=datetime.date(2018, 6, 1))
    RiskFactory(title="Another agency's risk", owner=OfficerFactory(agency=AgencyFactory(name="Other")))

    text = page(viewer_client.get(f"/assurance/agencies/{police.pk}/")).text

    assert f"{late.title} ({late.cycle}): overdue" in text
    assert "Standard 6: safer recruitment partly met" in text
    assert rating.audit_return.audit.title in text
    assert "Refresh vetting" in text
    assert "Vetting backlog: score 12" in text and "review overdue (due 1 Jun 2018)" in text
    assert "Another agency's risk" not in text
