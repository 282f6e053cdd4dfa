"""Form helpers every app uses."""


def error_summary(form, *formsets):
    """(anchor, message) for every error on the page, in page order, for the summary at the top.

    `templates/includes/_error_summary.html` shows it; each message links to the field it is about.
    """
    if not form.is_bound:
        return []
    items = []
    for bound_form in [form, *(f for formset in formsets for f in formset.forms)]:
        for name, errors in bound_form.errors.items():
            anchor = bound_form[name].id_for_label if name != "__all__" else ""
            for message in errors:
                items.append((anchor, message))
    for formset in formsets:
        items.extend(("", message) for message in formset.non_form_errors())
    return items
