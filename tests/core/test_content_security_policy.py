"""The Content Security Policy: sent with every page, admin pages too, and no inline script or style to break it."""

import re

import pytest
from django.conf import settings
from django.test import Client

from indicators.models import ImportBatch
from tests.core.url_walk import example_paths, is_admin, qualified_name, url_chains

ROOT = settings.BASE_DIR
SIGN_IN = "/accounts/login/"


# --------------------------------------------------------------------------- Content Security Policy

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def policy_of(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


# Who to try a page as, most access first: the first to get a 200 shows the page exists for some role.
ROLE_CLIENTS = [
    "board_admin_client",
    "data_officer_client",
    "lynne_client",
    "board_member_client",
    "viewer_client",
    "client",
]


@pytest.mark.slow
def test_every_page_sends_the_content_security_policy(request, seed_plan, data_officer_user):
    batch = ImportBatch.objects.create(kind="values", filename="june.csv", rows=[], uploaded_by=data_officer_user)
    browsers = [request.getfixturevalue(name) for name in ROLE_CLIENTS]
    answered_200 = set()
    for chain in url_chains():
        if is_admin(chain):
            continue
        name = qualified_name(chain)
        for path in example_paths(chain, {"pk": [str(batch.pk)]})[:2]:
            for browser in browsers:
                response = browser.get(path)
                assert policy_of(response) == EXPECTED_POLICY, path
                if response.status_code == 200:
                    answered_200.add(name)
                    break

    assert {
        "home",
        "plans:business_plan",
        "plans:project",
        "plans:project_update",
        "indicators:scorecard",
        "indicators:indicator",
        "indicators:indicator_csv",
        "indicators:import",
        "indicators:import_preview",
        "indicators:entry",
        "indicators:sign_off",
        "login",
        "password_change",
        "password_reset_confirm",
    } <= answered_200


def test_admin_pages_and_sign_in_send_the_content_security_policy(seed_plan, superuser):
    admin = Client()
    admin.force_login(superuser)
    project = seed_plan.projects.get(number="2.3")
    paths = [
        "/admin/",
        "/admin/plans/project/",
        f"/admin/plans/project/{project.pk}/change/",
        f"/admin/plans/project/{project.pk}/history/",
        "/admin/auth/user/add/",
        "/admin/login/",  # signed in: sent on to the admin's index
    ]

    for path in paths:
        response = admin.get(path)
        assert response.status_code == (302 if path == "/admin/login/" else 200), path
        assert policy_of(response) == EXPECTED_POLICY, path
    assert policy_of(Client().get(SIGN_IN)) == EXPECTED_POLICY


INLINE_CODE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: link"),
]


def test_templates_have_no_inline_script_or_style():
    """The policy forbids them; the browser would refuse them, so none may be written."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*")):
        if template.is_file() and template.suffix in {".html", ".svg", ".txt"}:
            text = template.read_text(encoding="utf-8")
            found += [f"{template.relative_to(ROOT)}: {what}" for pattern, what in INLINE_CODE if pattern.search(text)]

    assert not found
