"""Reading pages as a person reads them: a small DOM of the HTML, what a form would send, the error summary.

Shared by the page tests of every app. Forms are filled from the HTML they render (hidden fields,
management form and all), and results are read from the tables, badges and messages a person sees.
"""

import re
from html.parser import HTMLParser

# --------------------------------------------------------------------------- reading pages


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """An element of a parsed page: enough of a DOM to find things as a person would."""

    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, *, cls=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.attrs.get("class", "").split())
            and all(node.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())
        ]

    def table(self, caption):
        """The table whose caption starts with `caption`."""
        tables = [table for table in self.find_all("table") if table.find("caption").text.startswith(caption)]
        assert tables, f"no table captioned {caption!r} on the page"
        return tables[0]

    def find(self, tag=None, **kwargs):
        found = self.find_all(tag, **kwargs)
        assert found, f"no <{tag or '*'}> {kwargs} on the page"
        return found[0]

    @property
    def raw_text(self):
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self):
        """The text as shown: whitespace collapsed."""
        return " ".join(self.raw_text.split())


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page(response):
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def form_fields(form):
    """What a browser would send for this form as it stands: every named field with its current value."""
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or "disabled" in node.attrs:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in node.attrs:
                continue
            data[name] = node.attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
        elif node.tag == "select":
            options = node.find_all("option")
            chosen = [option for option in options if "selected" in option.attrs] or options[:1]
            data[name] = chosen[0].attrs.get("value", chosen[0].text) if chosen else ""
        elif node.tag == "textarea":
            text = node.raw_text
            data[name] = text[1:] if text.startswith("\n") else text  # browsers drop the newline after <textarea>
    return data


def summary_links(root):
    """(href, text) of each link in the error summary at the top of the page."""
    summary = root.find(cls="error-summary")
    return [(link.attrs.get("href"), link.text) for link in summary.find_all("a")]


def assert_error_beside_field(root, field_id, message):
    """The message is in the summary (linking to the field) and under the field itself, which is marked invalid."""
    assert ("#" + field_id, message) in summary_links(root)
    assert message in root.find(id=f"div_{field_id}").text
    field = root.find(id=field_id)
    assert "is-invalid" in field.attrs.get("class", "").split()
    assert f"{field_id}_error" in field.attrs.get("aria-describedby", "")


def field_block(html, field):
    """The HTML of one form field's group as crispy forms renders it: label, input, errors and help."""
    match = re.search(rf'<div id="div_id_{field}".*?(?=<div id="div_id_|<button)', html, re.S)
    assert match, f"no {field} field on the page"
    return match.group(0)
