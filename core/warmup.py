"""Readying a web server's process before it serves: what every process would otherwise do on its first requests.

With DEBUG off, Django compiles a template the first time a process renders it and keeps it (the cached template
loader), and imports the views the first time a URL is resolved. Under gunicorn each worker would pay that on its
first reading of each page: 2 to 5 ms a page, and over 50 ms for the very first request (the URLs' names).
`sscb/gunicorn.py` loads the site once in gunicorn's master process and calls `warm_up()` there, before the
workers are forked, so every worker starts with the URLs ready and the templates compiled.

Nothing here reads the database: data is read per request, and what is kept of it (core.cache) is keyed by its data
versions. The master's database connections are closed at the end, so that no worker inherits an open one.
"""

import contextlib
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg"}


def template_names(folder):
    """The names of the templates under `folder`, as a loader would be asked for them ("plans/overview.html")."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES
    )


def own_template_folders():
    """The site's own template folders (TEMPLATES' DIRS), as against the libraries'."""
    return [Path(folder) for config in settings.TEMPLATES for folder in config.get("DIRS", [])]


def compile_templates(backend, folders, *, strict):
    """Compile every template under `folders` with a template `backend`, which keeps them when its loader is the
    cached one (DEBUG off).

    Returns how many compiled. A template of the site's own that does not compile is an error (`strict`); one of a
    library's (an admin page for an app not installed, say) is left for the request that asks for it."""
    compiled = 0
    for folder in folders:
        for name in template_names(folder):
            try:
                backend.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError, ImportError) as error:
                if strict:
                    raise TemplateSyntaxError(f"{name}: {error}") from error
                logger.debug("Not compiled in advance: %s", name)
            else:
                compiled += 1
    return compiled


def url_names(patterns, namespace=None):
    """Every named URL under `patterns`, as `reverse()` is given it ("plans:project")."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from url_names(
                pattern.url_patterns, f"{namespace}:{inner}" if namespace and inner else inner or namespace
            )
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def ready_urls():
    """Import every view, and build the tables `reverse()` and `{% url %}` read, for the site and each namespace, as
    a process's first requests would (about 60 ms: the navigation alone names 27 pages). Returns how many names."""
    names = list(url_names(get_resolver().url_patterns))
    for name in names:
        # A name that takes arguments does not reverse without them: its namespace's table is built all the same.
        with contextlib.suppress(NoReverseMatch):
            reverse(name)
    return len(names)


def warm_up():
    """Ready the URLs and compile the templates; returns how many URL names and templates there were."""
    with translation.override(settings.LANGUAGE_CODE):
        names = ready_urls()
    compiled = 0
    own = own_template_folders()
    for backend in engines.all():
        compiled += compile_templates(backend, own, strict=True)
        libraries = [Path(folder) for folder in backend.template_dirs if Path(folder) not in own]
        compiled += compile_templates(backend, libraries, strict=False)
    # The form widgets' templates are read by the forms' own renderer, a template engine of its own.
    renderer = get_default_renderer().engine
    compiled += compile_templates(renderer, renderer.template_dirs, strict=False)
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # never one the caller is in the middle of using
            connection.close()
    return names, compiled
