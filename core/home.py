"""Panels of the home page that other apps provide.

The home page belongs to plans, which may not import the apps above it. An app that has something
to show there registers a panel in its AppConfig.ready():

    register_panel("commentary_due", template="indicators/_home_commentary_due.html",
                   context=commentary_due_panel, order=10)

`context(request)` returns the panel's context (a dict), or None to leave the panel out for this
person (nothing to show, or not their role). The home page renders each panel that has a context,
in `order`, by including its template with the dict as `panel`.
"""

from dataclasses import dataclass

_panels = {}


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: object  # callable(request) -> dict | None
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str
    context: dict


def register_panel(key, *, template, context, order=100):
    """Add (or replace, by key) a home panel."""
    _panels[key] = Panel(key=key, template=template, context=context, order=order)


def unregister_panel(key):
    _panels.pop(key, None)


def panels_for(request):
    """The panels to show on this request's home page, in order, each with its context."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(request)
        if context is not None:
            shown.append(ShownPanel(key=panel.key, template=panel.template, context=context))
    return shown
