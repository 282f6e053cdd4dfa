"""The admin's side of the values service: values, targets and comparators saved and deleted through it.

* Each change form carries the version of the row it showed (a hidden field). If someone else changed
  the row since, the form is shown again (409) with the person's input kept and what changed now, and
  the hidden version is brought up to date: saving again then replaces the other change knowingly.
* A row frozen by a sign-off cannot be changed or deleted, nor can a row be moved into a frozen period.
* save_model, delete_model, delete_queryset and the target inline's save_formset call the service, so
  its checks, its history and its change reason hold here as everywhere.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from . import service


class VersionedForm(forms.ModelForm):
    """A model form that remembers the version of the row it showed."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # The row as stored now (not the instance shown: on a history page that is an old version).
        pk = self.instance.pk
        self._stored = type(self.instance)._default_manager.filter(pk=pk).first() if pk is not None else None
        self.fields["version"].initial = service.version(self._stored)

    @property
    def base(self):
        """The version the person's page showed, or None if the page sent none."""
        if self.add_prefix("version") not in self.data:
            return None
        return self.cleaned_data.get("version") or ""

    @property
    def edited(self):
        return any(name != "version" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        stored = self._stored
        if stored is not None and self.base is not None and self.edited and service.version(stored) != self.base:
            self.conflict = service.Conflict(str(stored), stored, None, *service.last_change(type(stored), stored.pk))
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = service.version(stored)
            raise ValidationError(
                f"{self.conflict.message} Nothing was saved. Your changes are kept below: save again to replace "
                "theirs with yours.",
                code="conflict",
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        stored = self._stored
        changes = self.edited if stored is None else service.version(self.instance) != service.version(stored)
        if changes:
            for problem in service.lock_problems(self.instance, self._stored):
                self.add_error(None, ValidationError(problem.message, code="locked"))


def frozen(obj):
    """Whether a sign-off freezes this row."""
    return obj is not None and obj.pk is not None and bool(service.lock_problems(obj, obj))


def _has_conflict(response):
    context = getattr(response, "context_data", None) or {}
    adminform = context.get("adminform")
    forms_shown = [adminform.form] if adminform is not None else []
    for inline in context.get("inline_admin_formsets", []):
        forms_shown += list(inline.formset.forms)
    return any(getattr(form, "conflict", None) for form in forms_shown)


class ConflictAnswersAdmin:
    """Mixin: a change page refused because a row changed since it was drawn answers 409; one refused by the
    service while saving (a change or a sign-off in between) says so, with nothing saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._answer(request, super().changeform_view, object_id, form_url, extra_context)

    def _answer(self, request, view, *args):
        """`view(request, *args)`, with a refusal by the service said as a message and a stale form as 409."""
        try:
            response = view(request, *args)
        except (service.ValuesConflict, service.ValuesInvalid) as error:
            self.message_user(request, f"Nothing was saved: {error}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if request.method == "POST" and _has_conflict(response):
            response.status_code = 409
        return response


class ValuesServiceAdmin(ConflictAnswersAdmin):
    """Mixin for the ModelAdmin of IndicatorValue, Target or Comparator: every write through the service."""

    form = VersionedForm

    def has_change_permission(self, request, obj=None):
        """A row frozen by a sign-off reads only, here as everywhere."""
        if frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if frozen(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        base = form.base if isinstance(form, VersionedForm) else None
        service.save([service.Edit(obj, base, str(obj))], user=request.user, reason=service.change_reason("admin"))

    def delete_model(self, request, obj):
        service.delete([obj], user=request.user, reason=service.change_reason("admin_delete"))

    def delete_queryset(self, request, queryset):
        try:
            service.delete(list(queryset), user=request.user, reason=service.change_reason("admin_delete"))
        except service.ValuesInvalid as invalid:
            self.message_user(request, f"Nothing was deleted: {invalid}", messages.ERROR)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to an earlier version: the same checks as a change, through the service."""
        return self._answer(request, super().history_form_view, object_id, version_id, extra_context)


def save_through_service(request, formset):
    """Save an inline formset of values, targets or comparators through the service: all rows or none."""
    instances = formset.save(commit=False)
    bases = {form.instance.pk: form.base for form in formset.forms if isinstance(form, VersionedForm)}
    edits = [service.Edit(obj, bases.get(obj.pk), str(obj)) for obj in instances]
    edits += [service.Edit(obj, bases.get(obj.pk), str(obj), delete=True) for obj in formset.deleted_objects]
    if edits:
        service.save(edits, user=request.user, reason=service.change_reason("admin"))
    formset.save_m2m()
