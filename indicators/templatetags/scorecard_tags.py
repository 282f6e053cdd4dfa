"""The one place that maps a rating, direction or signal to its colour, its symbol and its words."""

from functools import cache

from django import template
from django.utils.html import format_html

from core.dates import today
from indicators import rules
from indicators.charts import decorate_rows
from indicators.scorecard import build_scorecard

register = template.Library()

RAG_STYLES = {rules.RAG.RED: "text-bg-danger", rules.RAG.AMBER: "text-bg-warning", rules.RAG.GREEN: "text-bg-success"}

VARIATION_STYLES = {
    rules.Variation.COMMON_CAUSE: ("text-bg-secondary", "~"),
    rules.Variation.IMPROVING: ("text-bg-primary", "▲"),
    rules.Variation.CONCERNING: ("text-bg-warning", "▼"),
    rules.Variation.HIGH: ("text-bg-info", "H"),
    rules.Variation.LOW: ("text-bg-info", "L"),
}

ASSURANCE_STYLES = {
    rules.Assurance.PASSES: ("text-bg-primary", "P"),
    rules.Assurance.HIT_AND_MISS: ("text-bg-secondary", "?"),
    rules.Assurance.FAILS: ("text-bg-warning", "F"),
}

DIRECTION_SYMBOLS = {
    rules.Direction.IMPROVING: "↑",
    rules.Direction.WORSENING: "↓",
    rules.Direction.NO_CHANGE: "→",
    rules.Direction.UP: "↑",
    rules.Direction.DOWN: "↓",
}


def rag_badge(rag):
    """The words, colour and symbol of a RAG rating (None: no rating)."""
    if rag is None:
        return {"label": "No rating", "css": "text-bg-light border", "symbol": ""}
    return {"label": rag.label, "css": RAG_STYLES[rag], "symbol": ""}


def variation_badge(variation, note=""):
    """The variation's words, colour and symbol; ``note`` is the SPC result's note (IndicatorRow.spc_note).

    A rare event is not judged, so it shows only its note; provisional limits add "provisional (N points)".
    """
    if note == rules.RARE_EVENT_LABEL:
        return {"label": note, "css": "text-bg-light border", "symbol": ""}
    if variation is None:
        return {"label": "No figures", "css": "text-bg-light border", "symbol": ""}
    css, symbol = VARIATION_STYLES[variation]
    return {"label": f"{variation.label}, {note}" if note else variation.label, "css": css, "symbol": symbol}


def assurance_badge(assurance):
    if assurance is None:
        return {"label": "No assurance", "css": "text-bg-light border", "symbol": ""}
    css, symbol = ASSURANCE_STYLES[assurance]
    return {"label": assurance.label, "css": css, "symbol": symbol}


@cache
def badge_html(kind, value, *extra):
    """A badge as HTML: its words, its colour, and a symbol hidden from screen readers (the words say it).

    Made once for each of the few ratings there are (and each provisional count), not rendered from a
    template for every row.
    """
    badge = kind(value, *extra)
    if badge["symbol"]:
        return format_html(
            '<span class="badge {}"><span aria-hidden="true">{} </span>{}</span>',
            badge["css"],
            badge["symbol"],
            badge["label"],
        )
    return format_html('<span class="badge {}">{}</span>', badge["css"], badge["label"])


@register.simple_tag(name="rag_badge")
def rag_badge_tag(rag):
    return badge_html(rag_badge, rag)


@register.simple_tag(name="variation_badge")
def variation_badge_tag(variation, note=""):
    return badge_html(variation_badge, variation, note)


@register.simple_tag(name="assurance_badge")
def assurance_badge_tag(assurance):
    return badge_html(assurance_badge, assurance)


@register.simple_tag
def direction_text(direction):
    if direction is None:
        return "—"
    return f"{DIRECTION_SYMBOLS[direction]} {direction.label}"


@register.inclusion_tag("indicators/_project_indicators.html")
def project_indicators(project):
    """The scorecard rows of the indicators a project aims to move, for the project's page."""
    return {"indicator_rows": decorate_rows(build_scorecard(project.indicators.all(), today=today()).rows)}
