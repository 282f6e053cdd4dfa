"""Evidence that a review's learning is embedded: the audits and indicators that test it, and the training
given on it, shown on the review's page."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from assurance.models import Review
from indicators.models import Indicator
from tests.assurance.factories import AuditFactory, ReviewFactory
from tests.pages import page

pytestmark = pytest.mark.django_db
TRAINING = "Contextual safeguarding course, March 2019: 46 practitioners from police, health and schools."


def test_the_review_page_shows_linked_audits_indicators_and_training(seed_plan, viewer_client):
    review = ReviewFactory(published_name="Young Person Rachel", training=TRAINING)
    review.audits.add(AuditFactory(title="Multi-agency audit of missing children"))
    review.indicators.add(Indicator.objects.get(number="1"))

    root = page(viewer_client.get(reverse("assurance:review", args=[review.pk])))

    assert "Multi-agency audit of missing children" in root.text
    link = root.find("a", href=reverse("indicators:indicator", args=["1"]))
    assert link.text == "Indicator 1"
    assert TRAINING in root.text


def test_a_review_without_evidence_says_so(viewer_client):
    review = ReviewFactory()

    text = page(viewer_client.get(reverse("assurance:review", args=[review.pk]))).text

    assert "No audit linked." in text
    assert "No indicator linked." in text
    assert "Training on the learning None recorded yet." in " ".join(text.split())


def _admin_form(data, user, instance=None):
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[Review]
    form_class = model_admin.get_form(
        request, obj=instance, fields=["published_name", "kind", "status", "indicators", "training"]
    )
    return form_class(data, instance=instance)


def test_the_admin_links_indicators_and_records_training_with_history(seed_plan, admin_user):
    review = ReviewFactory(published_name="Young Person Mark")
    first = Indicator.objects.get(number="1")
    data = {"published_name": "Young Person Mark", "kind": "scr", "status": "completed"}

    form = _admin_form({**data, "indicators": [first.pk], "training": TRAINING}, admin_user, instance=review)
    assert form.is_valid(), form.errors
    form.save()

    review.refresh_from_db()
    assert list(review.indicators.all()) == [first]
    assert review.history.first().training == TRAINING
    assert list(first.reviews.all()) == [review]


def test_an_unknown_indicator_is_refused_and_nothing_is_changed(seed_plan, admin_user):
    review = ReviewFactory(published_name="Young Person Mark")
    data = {"published_name": "Young Person Mark", "kind": "scr", "status": "completed", "training": TRAINING}

    form = _admin_form({**data, "indicators": [999999]}, admin_user, instance=review)

    assert not form.is_valid()
    assert "indicators" in form.errors
    review.refresh_from_db()
    assert (review.training, review.indicators.count()) == ("", 0)
