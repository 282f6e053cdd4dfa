from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Strategic and business plan"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the object rules)
