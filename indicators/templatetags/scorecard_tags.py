"""The one place that maps a rating, direction or signal to its colour, its symbol and its words."""

from django import template

from indicators import rules

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


@register.inclusion_tag("indicators/_badge.html")
def rag_badge(rag):
    if rag is None:
        return {"label": "No rating", "css": "text-bg-light border", "symbol": ""}
    return {"label": rag.label, "css": RAG_STYLES[rag], "symbol": ""}


@register.inclusion_tag("indicators/_badge.html")
def variation_badge(variation):
    if variation is None:
        return {"label": "Too few points", "css": "text-bg-light border", "symbol": ""}
    css, symbol = VARIATION_STYLES[variation]
    return {"label": variation.label, "css": css, "symbol": symbol}


@register.inclusion_tag("indicators/_badge.html")
def assurance_badge(assurance):
    if assurance is None:
        return {"label": "No assurance", "css": "text-bg-light border", "symbol": ""}
    css, symbol = ASSURANCE_STYLES[assurance]
    return {"label": assurance.label, "css": css, "symbol": symbol}


@register.simple_tag
def direction_text(direction):
    if direction is None:
        return "—"
    return f"{DIRECTION_SYMBOLS[direction]} {direction.label}"
