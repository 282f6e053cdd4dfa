"""Panels of the home page that other apps provide.

The home page belongs to plans, which may not import the apps above it. An app that has something
to show there registers a panel in its AppConfig.ready():

    register_panel("commentary_due", template="indicators/_home_commentary_due.html",
                   context=commentary_due_panel, order=10)

`context(request)` returns the panel's context (a dict), or None to leave the panel out for this
person (nothing to show, or not their role). The home page renders each panel that has a context,
in `order`, by including its template with the dict as `panel`, above the plan overview.

Each role's own work comes first, then the board's: 10 a lead officer's projects (plans), 20 figures
due and missing (indicators, data officers), 30 a board's exceptions and 35 commentary due (indicators,
programme board members), then for board administrators 40 periods ready to sign off (indicators),
50 board packs to make (papers) and 60 people without a role (plans). docs/roles.md says who sees what.
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
