"""Helpers for driving the admin's change forms as a browser would."""

import datetime

from django.urls import reverse


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _value(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def admin_form_data(response, changes=None):
    """What the admin change (or add) page would send as it stands: the form, its inlines, then `changes`."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name].value())
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or value == "":
                continue
            key = form.add_prefix(name)
            if isinstance(value, datetime.datetime):  # the admin's split date and time widget
                data[f"{key}_0"], data[f"{key}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
            else:
                data[key] = "on" if value is True else _value(value)
    data.update(changes or {})
    data.setdefault("_save", "Save")
    return data
