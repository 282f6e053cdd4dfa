"""The plan's data version (core.datacache): what the plan pages show is rendered once per change of it.

Replaced by every write to any model of the plans app (the plan, its sections, themes, projects,
activities, status updates, boards, officers, agencies, decisions, and their history) and to the
user accounts whose names the pages show as authors. Writes through save() and delete() replace it by
signal (connect_signals, at start-up); bulk writes call bump() themselves (the plan workbook's
activities, the demo users' officers).
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from core.datacache import DataVersion

VERSION = DataVersion("plans:data-version")
data_version = VERSION.current
bump = VERSION.bump


def watched_models():
    """Every model a plan page's figures, lists or names are made from (user accounts apart: _user_saved)."""
    return list(apps.get_app_config("plans").get_models())


def _user_saved(sender, update_fields=None, **kwargs):
    # Signing in saves the account's last_login, and nothing a page shows: no new version for that.
    if update_fields is None or set(update_fields) - {"last_login"}:
        bump()


def connect_signals():
    """Replace the data version on every save or delete of a watched model (called once, at start-up)."""
    models = watched_models()
    through = {
        field.remote_field.through
        for model in models
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    VERSION.watch(models, sorted(through, key=lambda model: model._meta.label))
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="plans.datacache.user.save")
    post_delete.connect(VERSION.changed, sender=user, weak=False, dispatch_uid="plans.datacache.user.delete")
