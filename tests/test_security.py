"""Security: production settings, the Content Security Policy, sign-in throttling, passwords and sessions,
pages that fail closed, and uploads that are refused with a clear message."""

import io
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils.regex_helper import normalize
from PIL import Image

from indicators.models import ImportBatch
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
SIGN_IN = "/accounts/login/"


# =========================================================================== 1. production settings


def run_with_production_env(args, **env):
    """Run manage.py ARGS with DEBUG off, a long random secret key and a host name, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="sscb.example.org", **env)
    return subprocess.run(  # noqa: S603 - this repository's manage.py, run with this interpreter
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


PRODUCTION_DATABASES = {
    "sqlite": lambda tmp_path: f"sqlite:///{tmp_path / 'production.sqlite3'}",
    "postgresql": lambda tmp_path: "postgres://sscb:secret@127.0.0.1:5432/sscb_never_opened",
}


@pytest.mark.parametrize("database", sorted(PRODUCTION_DATABASES))
def test_deploy_check_passes_without_warnings_in_production(tmp_path, database):
    result = run_with_production_env(
        ["check", "--deploy", "--fail-level", "WARNING"], DATABASE_URL=PRODUCTION_DATABASES[database](tmp_path)
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_deploy_check_fails_when_https_redirect_is_turned_off(tmp_path):
    """The check above can fail: turning one protection off is reported."""
    result = run_with_production_env(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr  # SECURE_SSL_REDIRECT


def test_production_settings_turn_every_protection_on(tmp_path):
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    ]
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'sscb.settings'; from django.conf import settings; "
        f"import json; print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="sscb.example.org")
    result = subprocess.run(  # noqa: S603 - this interpreter, importing this repository's settings
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    }


# =========================================================================== walking the URL configuration


def url_chains(patterns=None, prefix=()):
    """Every URL pattern of the site, included modules too, as the chain of resolvers and the pattern at its end."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_chains(entry.url_patterns, (*prefix, entry))
        else:
            yield (*prefix, entry)


def qualified_name(chain):
    """The pattern's name with its namespaces ("indicators:indicator"), or None if it has no name."""
    if not chain[-1].name:
        return None
    namespaces = [resolver.namespace for resolver in chain[:-1] if resolver.namespace]
    return ":".join([*namespaces, chain[-1].name])


def is_admin(chain):
    return any(isinstance(entry, URLResolver) and entry.app_name == "admin" for entry in chain[:-1])


def candidate_values(name, extra):
    """Plausible values for a URL parameter, the likeliest first: a seed project and indicator, an app label..."""
    by_name = {
        "number": ["2.3", "1"],  # project 2.3 and indicator 1 are in the seed plan
        "uidb64": ["MQ"],
        "token": ["not-a-token"],
        "app_label": [config.label for config in apps.get_app_configs()],
        "url": ["no-such-page/"],
    }
    return [*extra.get(name, []), *by_name.get(name, []), "1", "x"]


def example_paths(chain, extra=None):
    """Paths that resolve to the chain's pattern, each parameter filled in with a plausible value.

    Each path is checked with resolve(): a value that would send it to another pattern is not used.
    """
    fmt, params = "/", []
    for entry in chain:
        part, names = normalize(entry.pattern.regex.pattern)[0]
        fmt += part
        params += names
    paths = []
    for values in itertools.product(*(candidate_values(name, extra or {}) for name in params)):
        path = fmt % dict(zip(params, values, strict=True))
        try:
            match = resolve(path)
        except Resolver404:  # a value the pattern does not accept
            continue
        if match.func == chain[-1].callback and path not in paths:
            paths.append(path)
    return paths


def test_url_walk_reaches_included_modules_and_the_admin():
    chains = list(url_chains())
    names = {qualified_name(chain) for chain in chains}

    assert {"home", "plans:project", "indicators:indicator", "password_reset_confirm", "admin:index"} <= names
    assert all(example_paths(chain) for chain in chains), [
        qualified_name(chain) or str(chain[-1].pattern) for chain in chains if not example_paths(chain)
    ]
    assert example_paths(next(c for c in chains if qualified_name(c) == "plans:project"))[0] == "/projects/2.3/"


# =========================================================================== 5. fail closed

# Pages anyone may open without signing in. Every other page must send an anonymous visitor to sign in:
# a new public page is added here deliberately. Static files (/static/, /favicon.ico) are served before
# any page is reached, to anyone.
PUBLIC_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Whole sections that are public by design: the published scorecard (404 while publishing is off) and
# the accessibility statement.
PUBLIC_PREFIXES = ("/published/", "/accessibility/")
ADMIN_PUBLIC_NAMES = {"admin:login"}


def every_path():
    return [(chain, path) for chain in url_chains() for path in example_paths(chain)[:1]]


def test_every_page_fails_closed_for_anonymous_visitors(db, client):
    public, closed = [], []
    for chain, path in every_path():
        name = qualified_name(chain)
        admin = is_admin(chain)
        if name in PUBLIC_NAMES or name in ADMIN_PUBLIC_NAMES or path.startswith(PUBLIC_PREFIXES):
            response = client.get(path)
            assert response.status_code in (200, 404), (path, response.status_code)  # 404: published is off
            public.append(path)
            continue
        # The admin's own pages send people to the admin's sign-in page; its model pages, like every other
        # page, to the site's (LoginRequiredMiddleware). Either brings them back to the page after signing in.
        sign_in_pages = [reverse(settings.LOGIN_URL), *([reverse("admin:login")] if admin else [])]
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (method.__name__, path, response.status_code)
            assert response["Location"] in [f"{page}?next={quote(path)}" for page in sign_in_pages], path
        closed.append(path)

    assert "/accounts/login/" in public
    assert "/accounts/reset/MQ/not-a-token/" in public
    assert {"/", "/scorecard/", "/scorecard/import/", "/admin/", "/accounts/password_change/"} <= set(closed)


def test_static_files_and_the_icon_are_served_to_anyone(db, client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # as locally; in production they come from collectstatic

    for path in ("/static/css/site.css", "/favicon.ico"):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content)
        response.close()


# =========================================================================== 2. Content Security Policy

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


# =========================================================================== 3. sign-in throttling

HOME = "192.0.2.10"  # documentation addresses (RFC 5737): only ever a label on a test request
ELSEWHERE = "198.51.100.20"


def sign_in(browser, username, password, address):
    return browser.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_signed_in(browser):
    return SESSION_KEY in browser.session


@pytest.fixture
def dana(data_officer_user):
    return data_officer_user


@pytest.fixture
def vera(viewer_user):
    return viewer_user


def fail_five_times(username, address):
    browser = Client()
    for attempt in range(1, 6):
        response = sign_in(browser, username, "not-the-password", address)
        if attempt < 5:
            assert response.status_code == 200, attempt
            assert "Please enter a correct username and password" in response.content.decode()
    return response


def test_five_wrong_passwords_lock_that_user_at_that_address_for_15_minutes(db, dana, vera):
    start = datetime(2019, 5, 20, 10, 0, tzinfo=LONDON)
    with time_machine.travel(start, tick=False) as traveller:
        fifth = fail_five_times("dana", HOME)
        assert fifth.status_code == 429

        locked = Client()
        response = sign_in(locked, "dana", PASSWORD, HOME)  # the right password, refused all the same
        html = response.content.decode()
        assert response.status_code == 429
        assert "Sign-in locked for 15 minutes" in html
        assert "contact the Safeguarding Children Board's business unit" in html
        assert f'href="{reverse("password_reset")}"' in html
        assert not is_signed_in(locked)
        assert locked.get("/").status_code == 302

        traveller.shift(timedelta(minutes=14))
        assert sign_in(Client(), "dana", PASSWORD, HOME).status_code == 429  # still locked

        # Another address for the same person, or another person at the same address, signs in.
        elsewhere = Client()
        assert sign_in(elsewhere, "dana", PASSWORD, ELSEWHERE)["Location"] == "/"
        assert is_signed_in(elsewhere)
        colleague = Client()
        assert sign_in(colleague, "vera", PASSWORD, HOME)["Location"] == "/"
        assert is_signed_in(colleague)

        # 16 minutes after the last refused attempt the lock is over.
        traveller.shift(timedelta(minutes=16))
        after = Client()
        response = sign_in(after, "dana", PASSWORD, HOME)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert is_signed_in(after)
        assert after.get("/").status_code == 200


def test_a_successful_sign_in_resets_the_count_of_failures(db, dana):
    browser = Client()
    for _ in range(4):
        assert sign_in(browser, "dana", "not-the-password", HOME).status_code == 200
    assert sign_in(browser, "dana", PASSWORD, HOME).status_code == 302
    browser.logout()
    for _ in range(4):
        assert sign_in(browser, "dana", "not-the-password", HOME).status_code == 200

    assert sign_in(browser, "dana", PASSWORD, HOME).status_code == 302


def test_the_admin_sign_in_is_throttled_too(db, superuser):
    browser = Client()
    for _ in range(5):
        response = browser.post(
            "/admin/login/", {"username": "superuser", "password": "wrong-password"}, REMOTE_ADDR=HOME
        )

    response = browser.post("/admin/login/", {"username": "superuser", "password": PASSWORD}, REMOTE_ADDR=HOME)
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert not is_signed_in(browser)


def test_throttling_is_on_with_the_settings_described():
    assert settings.AXES_ENABLED is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_RESET_ON_SUCCESS is True


# =========================================================================== 4. passwords and sessions

PASSWORD_CHANGE = "/accounts/password_change/"


def field_block(html, field):
    """The HTML of one form field's group as crispy forms renders it: label, input, errors and help."""
    match = re.search(rf'<div id="div_id_{field}".*?(?=<div id="div_id_|<button)', html, re.S)
    assert match, f"no {field} field on the page"
    return match.group(0)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
    ],
)
def test_a_weak_new_password_is_refused_beside_the_field(viewer_user, viewer_client, new_password, message):
    response = viewer_client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in field_block(response.content.decode(), "new_password2")
    viewer_user.refresh_from_db()
    assert viewer_user.check_password(PASSWORD)
    assert not viewer_user.check_password(new_password)


def test_a_long_uncommon_new_password_is_accepted(viewer_user, viewer_client):
    new_password = "heron-quarterly-lantern-47"
    response = viewer_client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    viewer_user.refresh_from_db()
    assert viewer_user.check_password(new_password)


LIGHT_PAGE = PASSWORD_CHANGE  # a signed-in page that does not depend on the plan


@pytest.fixture
def session_start():
    with time_machine.travel(datetime(2019, 5, 20, 8, 0, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def test_a_session_idle_for_31_minutes_is_signed_out(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    assert browser.get(LIGHT_PAGE).status_code == 200
    stored = Session.objects.get(session_key=browser.session.session_key)
    assert stored.expire_date == datetime(2019, 5, 20, 8, 30, tzinfo=LONDON)

    session_start.shift(timedelta(minutes=31))
    response = browser.get(LIGHT_PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={quote(LIGHT_PAGE)}"


def test_activity_keeps_a_session_alive_past_30_minutes(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(3):  # a request every 29 minutes: 87 minutes signed in
        session_start.shift(timedelta(minutes=29))
        assert browser.get(LIGHT_PAGE).status_code == 200


def test_an_active_session_within_12_hours_is_kept(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(35):  # a request every 20 minutes, up to 11 h 40 after signing in
        session_start.shift(timedelta(minutes=20))
        assert browser.get(LIGHT_PAGE).status_code == 200


def test_an_active_session_past_12_hours_is_signed_out(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(36):  # a request every 20 minutes: the last at exactly 12 hours
        session_start.shift(timedelta(minutes=20))
        assert browser.get(LIGHT_PAGE).status_code == 200

    session_start.shift(timedelta(minutes=1))
    response = browser.get(LIGHT_PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={quote(LIGHT_PAGE)}"
    assert not is_signed_in(browser)


# =========================================================================== 6. uploads

IMPORT_PAGE = "/scorecard/import/"


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'
)
NOT_A_WORKBOOK = "The file is not a valid Excel workbook (.xlsx)"
BAD_UPLOADS = [
    ("a PNG named .xlsx", png_bytes(), "values.xlsx", NOT_A_WORKBOOK),
    ("a zip of other files named .xlsx", zip_bytes({"notes.txt": "hello"}), "values.xlsx", NOT_A_WORKBOOK),
    (
        "a zip with no workbook parts named .xlsx",
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "docProps/app.xml": "<Properties/>"}),
        "values.xlsx",
        NOT_A_WORKBOOK,
    ),
    ("a binary .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "values.csv", "holds binary data"),
    ("a PNG named .csv", png_bytes(), "values.csv", "holds binary data"),
]


@pytest.mark.parametrize(("label", "content", "name", "message"), BAD_UPLOADS, ids=[case[0] for case in BAD_UPLOADS])
def test_a_file_that_is_not_what_it_claims_is_refused_beside_the_file_field(
    seed_plan, data_officer_client, label, content, name, message
):
    response = data_officer_client.post(
        IMPORT_PAGE, {"kind": "values", "file": SimpleUploadedFile(name, content, "application/octet-stream")}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_block(html, "file")
    assert 'href="#id_file"' in html  # the error summary links to the field
    assert not ImportBatch.objects.exists()


def test_an_oversized_upload_is_refused_beside_the_file_field(seed_plan, data_officer_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    rows = "".join(f"1,2018-04,,{n},padding {'x' * 80}\r\n" for n in range(30_000))
    content = ("indicator,period,category,value,note\r\n" + rows).encode()
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # so the upload goes to a temporary file

    response = data_officer_client.post(IMPORT_PAGE, {"kind": "values", "file": SimpleUploadedFile("big.csv", content)})

    block = field_block(response.content.decode(), "file")
    assert response.status_code == 200
    assert re.search(r"The file is [\d.]+ MB; the largest accepted is 1 MB\.", block)
    assert not ImportBatch.objects.exists()
