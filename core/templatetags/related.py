"""{% related_sections "project" project %}: the sections other apps add to a page (core.related)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.related import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def related_sections(context, subject, obj):
    request = context.get("request")
    parts = [
        render_to_string(template_name, {"section": section, "request": request}, request=request)
        for template_name, section in sections_for(subject, obj, request)
    ]
    return mark_safe("".join(parts))  # each part is a rendered (escaped) template  # noqa: S308
