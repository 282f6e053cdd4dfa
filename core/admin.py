"""Admin pieces shared by the apps, and the admin of people (sign-ins) for board administrators."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept by the application itself: readable in the admin, changed only through its own pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def permissions_held(user):
    """The model permissions `user` holds, through their roles or directly (a superuser holds them all)."""
    if user.is_superuser:
        return Permission.objects.all()
    return Permission.objects.filter(Q(group__user=user) | Q(user=user)).distinct()


User = get_user_model()


class SiteUserAdmin(UserAdmin):
    """People and their roles, managed by board administrators as well as superusers.

    Someone who is not a superuser cannot make anyone a superuser (themselves included), cannot
    give a permission directly, cannot give a role that grants more than they hold themselves, and
    cannot change or delete a superuser's account (nor so set its password).
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "user_permissions"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser or "groups" not in form.base_fields:
            return form
        held = set(permissions_held(request.user).values_list("pk", flat=True))

        class RolesWithinYourOwnForm(form):
            def clean_groups(self):
                groups = self.cleaned_data["groups"]
                before = set(self.instance.groups.all()) if self.instance.pk else set()
                beyond = [
                    group.name
                    for group in groups
                    if group not in before and not set(group.permissions.values_list("pk", flat=True)) <= held
                ]
                if beyond:
                    raise ValidationError(
                        "You cannot give a role that grants permissions you do not hold yourself: "
                        + ", ".join(sorted(beyond))
                        + "."
                    )
                return groups

        return RolesWithinYourOwnForm

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


# django.contrib.auth registers its own UserAdmin first (it comes before core in INSTALLED_APPS).
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, SiteUserAdmin)
