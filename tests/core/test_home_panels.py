"""Home panels (core.home): apps above plans put sections on the home page without plans importing them."""

import pytest

from core import home
from tests.conftest import signed_in_client
from tests.pages import page
from tests.plans.factories import PlanFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def panels(monkeypatch, tmp_path, settings):
    """An empty registry, and a template for test panels."""
    monkeypatch.setattr(home, "_panels", {})
    (tmp_path / "_test_panel.html").write_text('<section id="panel-{{ panel.key }}">{{ panel.words }}</section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    PlanFactory(is_current=True)
    return home


def test_home_shows_registered_panels_in_order_and_leaves_out_those_with_nothing_to_say(panels, viewer_user):
    panels.register_panel(
        "second", template="_test_panel.html", context=lambda r: {"key": "b", "words": "Second"}, order=20
    )
    panels.register_panel(
        "first", template="_test_panel.html", context=lambda r: {"key": "a", "words": "First"}, order=5
    )
    panels.register_panel("silent", template="_test_panel.html", context=lambda r: None)

    root = page(signed_in_client(viewer_user).get("/"))

    shown = [node.text for node in root.find_all("section") if node.attrs.get("id", "").startswith("panel-")]
    assert shown == ["First", "Second"]


def test_a_panel_decides_for_each_person(panels, viewer_user, board_admin_user):
    panels.register_panel(
        "mine",
        template="_test_panel.html",
        context=lambda request: {"key": "m", "words": "Yours"} if request.user == viewer_user else None,
    )

    assert "Yours" in signed_in_client(viewer_user).get("/").content.decode()
    assert "Yours" not in signed_in_client(board_admin_user).get("/").content.decode()
