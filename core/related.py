"""Sections that apps above add to another app's page: "what did we decide about this project?".

A page of a lower app (the project page of plans, the indicator page of indicators) may not import the apps
above it. It names its subject and object with the `{% related_sections "project" project %}` tag (core's
`related` tag library); an app with something to show registers a section in its AppConfig.ready():

    register_section("project", "decisions", template="assurance/_related_decisions.html",
                     context=decisions_about, order=10)

`context(obj, request)` returns the section's context (a dict), or None to leave it out. The tag renders each
section that has a context, in `order`, with the dict as `section`.
"""

from dataclasses import dataclass

_sections = {}


@dataclass(frozen=True)
class Section:
    subject: str
    key: str
    template: str
    context: object  # callable(obj, request) -> dict | None
    order: int = 100


def register_section(subject, key, *, template, context, order=100):
    """Add (or replace, by subject and key) a section of the pages about `subject`."""
    _sections[(subject, key)] = Section(subject=subject, key=key, template=template, context=context, order=order)


def unregister_section(subject, key):
    _sections.pop((subject, key), None)


def sections_for(subject, obj, request):
    """[(template, context)] of the sections to show on this page about `obj`, in order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.key)):
        if section.subject != subject:
            continue
        context = section.context(obj, request)
        if context is not None:
            shown.append((section.template, context))
    return shown
