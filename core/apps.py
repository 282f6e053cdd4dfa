from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles(sender, using="default", **kwargs):
    """After every migrate (and test-database flush), make sure the role groups exist with their permissions."""
    from django.contrib.auth.management import create_permissions

    from .permissions import PERMISSION_APPS, ensure_roles

    if sender.label != "auth":  # sent once per app with models: act once, as every table exists by then
        return
    # The groups are given permissions of several apps, so those apps' permissions must exist first.
    for config in apps.get_app_configs():
        if config.label in PERMISSION_APPS:
            create_permissions(config, verbosity=0, using=using)
    ensure_roles()


def _create_cache_tables(sender, using="default", **kwargs):
    """After migrate, make the tables of the database caches (settings.CACHES) if they are missing."""
    from django.core.management import call_command

    if sender.label != "auth":  # post_migrate is sent once per app with models (core has none): act once
        return
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    """The shared kernel: permissions, dates, numbers, downloads, forms and navigation. It imports no other app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_new_session

        post_migrate.connect(_ensure_roles, dispatch_uid="core.ensure_roles")
        post_migrate.connect(_create_cache_tables, dispatch_uid="core.create_cache_tables")
        user_logged_in.connect(stamp_new_session, dispatch_uid="core.stamp_new_session")
