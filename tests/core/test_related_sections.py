"""core.related: sections other apps add to a page, in order, left out when their context is None."""

from core import related


def test_sections_for_a_subject_in_order_and_only_with_a_context(monkeypatch):
    monkeypatch.setattr(related, "_sections", {})
    related.register_section("project", "b", template="b.html", context=lambda obj, request: {"n": obj}, order=2)
    related.register_section("project", "a", template="a.html", context=lambda obj, request: {"n": obj}, order=1)
    related.register_section("project", "none", template="x.html", context=lambda obj, request: None)
    related.register_section("indicator", "c", template="c.html", context=lambda obj, request: {})

    shown = related.sections_for("project", 7, request=None)

    assert shown == [("a.html", {"n": 7}), ("b.html", {"n": 7})]
    related.unregister_section("project", "a")
    assert [template for template, _ in related.sections_for("project", 7, None)] == ["b.html"]
