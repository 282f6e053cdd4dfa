from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles(sender, using="default", **kwargs):
    """After every migrate (and test-database flush), make sure the role groups exist with their permissions."""
    from django.contrib.auth.management import create_permissions

    from .roles import ensure_roles

    # The groups are given permissions of both apps, so both apps' permissions must exist first.
    for label in ("plans", "indicators", "papers"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    ensure_roles()


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Strategic and business plan"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sscb.middleware import stamp_new_session

        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="plans.ensure_roles")
        user_logged_in.connect(stamp_new_session, dispatch_uid="sscb.stamp_new_session")
