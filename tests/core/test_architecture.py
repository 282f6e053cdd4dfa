"""The layout holds: imports run one way between the apps, and every page states its methods and permission.

The apps are layered core <- plans <- indicators <- assurance <- papers <- demo: a module may import its own app and
the apps below it, never one above (sscb, the project package, sits on top and may import any of them).
No module imports another app's views.
"""

import ast
import pathlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = pathlib.Path(settings.BASE_DIR)
LAYERS = ["core", "plans", "indicators", "assurance", "papers", "demo"]
PROJECT = "sscb"


def _modules():
    for app in [*LAYERS, PROJECT]:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def _imported(path, app):
    """The dotted names a module imports, relative imports resolved against its package."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # "from indicators import views" names a module too
                yield node.lineno, f"{module}.{alias.name}"


def _violations():
    found = []
    for app, path in _modules():
        for line, name in _imported(path, app):
            target = name.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {name}"
            if target == PROJECT and app != PROJECT and name not in {"sscb.settings"}:
                found.append(f"{where} (an app never imports the project package)")
            if target in LAYERS and app in LAYERS and LAYERS.index(target) > LAYERS.index(app) and app != "demo":
                found.append(f"{where} ({app} sits below {target})")
            parts = name.split(".")
            if target in LAYERS and len(parts) > 1 and parts[1] == "views" and target != app and app != PROJECT:
                found.append(f"{where} (another app's views)")
    return found


def test_imports_run_one_way_between_the_apps():
    assert _violations() == []


def test_the_import_check_sees_a_backward_import(tmp_path, monkeypatch):
    """The check above can fail: a plans module importing indicators is reported."""
    fake = tmp_path / "plans"
    fake.mkdir()
    (fake / "bad.py").write_text("from indicators.models import Indicator\nfrom papers.views import annual_report\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.LAYERS", ["plans", "indicators", "papers"])
    found = [v for v in _violations() if "bad.py" in v]
    assert any("plans sits below indicators" in v for v in found)
    assert any("another app's views" in v for v in found)


def _site_views(patterns=None, prefix=""):
    """(route, view) for every page of the project's own apps (not the admin's or Django's sign-in pages)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin" or str(entry.pattern) == "accounts/":
                continue
            yield from _site_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


SITE_VIEWS = sorted(_site_views(), key=lambda item: item[0])


@pytest.mark.parametrize(("route", "view"), SITE_VIEWS, ids=[route or "/" for route, _ in SITE_VIEWS])
def test_every_page_states_its_permission(route, view):
    public = getattr(view, "login_required", True) is False
    assert public or getattr(view, "required_permission", None), (
        f"{view.__module__}.{view.__name__} ({route}) states neither @require_permission nor @login_not_required"
    )
    assert view.__module__.split(".")[1] == "views", f"{route} is served from outside a views package"


def test_the_pages_found_cover_every_app():
    apps = {view.__module__.split(".")[0] for _route, view in SITE_VIEWS}
    assert {"core", "plans", "indicators", "papers"} <= apps


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), SITE_VIEWS, ids=[route or "/" for route, _ in SITE_VIEWS])
def test_every_page_states_its_methods(route, view, superuser, client):
    """An HTTP method no page takes (PATCH) is refused with 405 before anything else happens."""
    client.force_login(superuser)
    path = "/" + route.replace("<int:pk>", "1").replace("<str:number>", "1").replace("<str:fmt>", "csv")
    path = path.replace("<slug:code>", "x").replace("<int:version>", "1")
    assert client.patch(path).status_code == 405
