"""Settings come from the environment and refuse unsafe or unclear values at start-up."""

import json
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from tests.processes import environment

ROOT = settings.BASE_DIR


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment; return the process result."""
    clean = environment(**env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sscb.settings'; "
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS, "
        "settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    return subprocess.run(  # noqa: S603 - this interpreter, importing this repository's settings
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def test_settings_without_secret_key_and_debug_off_name_the_variable():
    result = load_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_manage_py_without_secret_key_and_debug_off_says_so_for_every_command():
    """Django runs a command even when the settings fail to load; makemigrations --check then failed with "Models
    aren't loaded yet", which does not name the cause. manage.py names it, in one line."""
    clean = environment()
    for args in (["makemigrations", "--check", "--dry-run"], ["check"], ["migrate", "--plan"]):
        result = subprocess.run(  # noqa: S603 - this repository's manage.py, run with this interpreter
            [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
        )
        assert result.returncode == 1, args
        assert result.stderr.strip() == (
            "The settings cannot be loaded: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. Set "
            "DJANGO_SECRET_KEY to a long random string (see .env.example), or set DJANGO_DEBUG=true for local "
            "development."
        ), args


def test_settings_with_secret_key_and_debug_off_load():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="sscb.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert "['sscb.example.org']" in result.stdout


def test_settings_unclear_debug_value_is_refused():
    result = load_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_settings_default_database_is_sqlite_file_at_repository_root():
    result = load_settings(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout
    assert "Europe/London en-gb" in result.stdout


def test_settings_database_url_selects_postgresql():
    result = load_settings(DJANGO_DEBUG="true", DATABASE_URL="postgres://u:p@db.example:5432/sscb")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout


def test_settings_language_and_time_zone_are_british():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True


def test_sqlite_file_database_uses_wal_and_immediate_transactions(tmp_path):
    clean = environment(DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sscb.settings'; django.setup(); "
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, opening a throwaway SQLite file
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


# --------------------------------------------------------------------------- production settings


def run_with_production_env(args, **env):
    """Run manage.py ARGS with DEBUG off, a long random secret key and a host name, plus `env`."""
    clean = environment(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="sscb.example.org", **env)
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
    clean = environment(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="sscb.example.org")
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
