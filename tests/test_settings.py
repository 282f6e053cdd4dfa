"""Settings come from the environment and refuse unsafe or unclear values at start-up."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment; return the process result."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
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
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}")
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
