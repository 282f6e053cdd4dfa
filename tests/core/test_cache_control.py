"""Signed-in pages, exports and the admin are never stored by a browser or a proxy; public pages may be."""

import pytest

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/business-plan/",
        "/business-plan/export.csv",
        "/business-plan/export.xlsx",
        "/projects/2.3/",
        "/scorecard/",
        "/scorecard/export.csv",
        "/annual-report/",
        "/admin/",
        "/published/",
        "/accessibility/",
    ],
)
def test_every_response_to_a_signed_in_request_is_no_store_private(seed_plan, board_admin_client, path):
    """Before: no Cache-Control at all, so a shared computer's browser kept signed-in pages and downloads."""
    response = board_admin_client.get(path)

    assert {"no-store", "private"} <= cache_control(response), path


@pytest.mark.parametrize("path", ["/", "/business-plan/", "/accounts/login/", "/accounts/password_reset/"])
def test_non_public_pages_to_anonymous_visitors_are_no_store(db, client, path):
    response = client.get(path)

    assert {"no-store", "private"} <= cache_control(response), path


@pytest.mark.parametrize("path", ["/published/", "/accessibility/"])
def test_public_pages_to_anonymous_visitors_stay_cacheable(db, client, path):
    response = client.get(path)

    assert "no-store" not in cache_control(response)


def test_static_files_stay_cacheable(db, client, settings):
    settings.WHITENOISE_USE_FINDERS = True

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
    b"".join(response.streaming_content)
    response.close()


def test_the_sign_out_response_is_no_store(seed_plan, board_admin_client):
    response = board_admin_client.post("/accounts/logout/")

    assert {"no-store", "private"} <= cache_control(response)
