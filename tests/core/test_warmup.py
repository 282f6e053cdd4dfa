"""The web server's processes start ready: gunicorn loads the site once, builds its URL tables and compiles its
templates before forking its workers (sscb/gunicorn.py, core/warmup.py), so no worker's first pages pay for them, and
a template that does not compile stops the start, naming the file, instead of failing a page."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.test import override_settings
from django.urls import URLResolver, clear_url_caches, reverse

from core.warmup import template_names, warm_up
from sscb.gunicorn import worker_count
from tests.processes import copy_sqlite, environment

ROOT = Path(settings.BASE_DIR)


def cached(templates_setting, dirs=None):
    """TEMPLATES as production has them (DEBUG off: the cached loader), with other DIRS if given."""
    config = dict(templates_setting[0])
    config["DIRS"] = dirs if dirs is not None else config["DIRS"]
    config["OPTIONS"] = {**config["OPTIONS"], "debug": False}
    return [config]


def test_every_template_of_the_site_is_compiled_and_kept_before_the_first_request():
    with override_settings(TEMPLATES=cached(settings.TEMPLATES)):
        kept = engines["django"].engine.template_loaders[0].get_template_cache
        assert not kept
        _names, compiled = warm_up()
        own = template_names(ROOT / "templates")
        assert len(own) > 100
        assert set(own) <= set(kept), sorted(set(own) - set(kept))[:5]
        # The libraries' templates too: the admin's, crispy forms' field templates.
        assert "admin/change_form.html" in kept
        assert "bootstrap5/field.html" in kept
        assert compiled >= len(own)


def test_a_template_of_the_site_that_does_not_compile_stops_the_start_and_names_the_file(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "fine.html").write_text("<p>{{ plan.title }}</p>")
    (tmp_path / "plans" / "broken.html").write_text("<p>{% if plan %}unclosed</p>")
    with (
        override_settings(TEMPLATES=cached(settings.TEMPLATES, dirs=[tmp_path])),
        pytest.raises(TemplateSyntaxError) as raised,
    ):
        warm_up()
    assert str(raised.value).startswith("plans/broken.html: "), raised.value
    assert "endif" in str(raised.value)


def tables_built_by(request):
    """How many of the URL tables that `reverse()` and `{% url %}` read were built while `request()` ran."""
    built = []
    original = URLResolver._populate

    def counting(resolver):
        built.append(resolver)
        original(resolver)

    with mock.patch.object(URLResolver, "_populate", counting):
        request()
    return len(built)


@pytest.mark.django_db
def test_a_new_process_first_page_builds_no_url_tables_once_readied(seed_plan, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("first-reader"))
    clear_url_caches()  # as in a new process
    assert tables_built_by(lambda: client.get("/")) > 0  # what the first page would otherwise pay for

    clear_url_caches()
    names, _compiled = warm_up()
    assert names > 150  # every page of the site, by name
    assert tables_built_by(lambda: client.get("/")) == 0
    assert tables_built_by(lambda: client.get(reverse("indicators:scorecard"))) == 0


@pytest.mark.parametrize(
    ("value", "workers"), [(None, max(2, 2 * os.cpu_count())), ("", max(2, 2 * os.cpu_count())), (" 3 ", 3)]
)
def test_gunicorn_workers_come_from_the_environment_or_the_cores(value, workers):
    assert worker_count(value) == workers


@pytest.mark.parametrize("value", ["0", "-1", "four", "2.5", "²"])
def test_an_unclear_number_of_workers_stops_gunicorn_naming_the_variable(value):
    with pytest.raises(SystemExit) as stopped:
        worker_count(value)
    assert str(stopped.value) == f"GUNICORN_WORKERS must be a whole number of at least 1, not {value!r}."


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(tmp_path):
    """The test database, empty, for a server in another process: on SQLite a copy of it in a file, on PostgreSQL
    the test database itself."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        path = tmp_path / "site.sqlite3"
        copy_sqlite(connection, path)
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # no transaction held open: SQLite's copy would wait for it
def test_gunicorn_readies_the_site_in_its_master_before_any_worker_starts(tmp_path):
    port = free_port()
    url = database_url(tmp_path)
    env = environment(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=url,
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        GUNICORN_WORKERS="1",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "-c", "python:sscb.gunicorn", "--bind", f"127.0.0.1:{port}", "--log-level", "info"]
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen([*command, "sscb.wsgi:application"], cwd=ROOT, env=env, stdout=out, stderr=out)  # noqa: S603
    try:
        answer = None
        for _ in range(150):
            try:
                # The scorecard, not signed in: sent to sign in first. (A page itself needs the static files'
                # manifest, which production makes with collectstatic and this test does not.)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/scorecard/", headers={"X-Forwarded-Proto": "https"})
                response = connection.getresponse()
                answer = (response.status, response.getheader("Location"))
                connection.close()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = log.read_text().splitlines()
    assert answer == (302, "/accounts/login/?next=/scorecard/"), "\n".join(lines[-20:])
    readied = next(i for i, line in enumerate(lines) if "Readied the site for the workers" in line)
    booted = next(i for i, line in enumerate(lines) if "Booting worker" in line)
    assert readied < booted, "\n".join(lines)
    assert "templates compiled" in lines[readied]
