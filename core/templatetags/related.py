"""{% related_sections "project" project %}: the sections other apps add to a page (core.related)."""

from django import template
from django.utils.safestring import mark_safe

from core.related import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def related_sections(context, subject, obj):
    """Each section's template rendered within the page's own context (as {% include %} does), with `section`."""
    parts = []
    for template_name, section in sections_for(subject, obj, context.get("request")):
        with context.push(section=section):
            parts.append(context.template.engine.get_template(template_name).render(context))
    return mark_safe("".join(parts))  # each part is a rendered (escaped) template  # noqa: S308
